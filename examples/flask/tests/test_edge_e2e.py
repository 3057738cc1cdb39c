"""End to end through `cdnsign edge`: the Flask backend issues the credential,
the edge enforces the CDN's rules in front of a media folder, and the test
client plays by the rules a browser and player follow (cookies by Domain, Path
and Secure; the manifest first, then its segments). Needs the `cdnsign` CLI
(CDNSIGN_CLI, default target/debug/cdnsign)."""

import json
import os
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Dict, List, Optional, Tuple
from urllib.parse import urlsplit

import pytest

from cdnsign import edge, webhook

from flask_example_support import API_KEY, KEYS, WEBHOOK_SECRET, create_app, key, VideoStore

REPO = KEYS.parents[2]
CLI = os.environ.get("CDNSIGN_CLI") or str(Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target") / "debug" / "cdnsign")
H = {"x-api-key": API_KEY}
UID = "6b9e68b07dfee8cc2d116e4c51d6a957"
CDN = "https://cdn.example.com"          # CloudFront distribution the backend signs for
MEDIA = "https://media.example.com"      # Media CDN host


@pytest.fixture
def media(tmp_path: Path) -> Path:
    playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n" + "".join(f"#EXTINF:2.0,\nseg{i}.ts\n" for i in range(3)) + "#EXT-X-ENDLIST\n"
    for folder in ("premium/show1", "videos/show1", UID + "/manifest"):
        d = tmp_path / folder
        d.mkdir(parents=True)
        (d / "video.m3u8").write_text(playlist)
        for i in range(3):
            (d / f"seg{i}.ts").write_bytes(bytes([0x47]) * 188 * (i + 1))
    return tmp_path


@pytest.fixture
def cdn(media: Path, tmp_path: Path):
    config = tmp_path / "edge.toml"
    config.write_text(f"""
root = "{media}"

[[route]]
prefix = "/premium/"
provider = "cloudfront"
root = "{media}/premium"
public_url = "{CDN}"
keys = [{{ id = "K2JCJMDEHXQW5F", public_key_file = "{KEYS}/cloudfront-rsa2048.pub.pem" }}]

[[route]]
prefix = "/videos/"
provider = "mediacdn"
root = "{media}/videos"
public_url = "{MEDIA}"
keys = [{{ id = "key-1", public_key_file = "{KEYS}/mediacdn-ed25519.pub.b64url" }}]
add_signatures = {{ actions = ["GENERATE_COOKIE"], token_ttl = 3600 }}

[[route]]
prefix = "/"
provider = "stream"
keys = [{{ public_key_file = "{KEYS}/stream-key.json" }}]
""")
    with edge.start(config=config, cli=CLI) as e:
        yield e


@pytest.fixture
def backend(tmp_path: Path):
    store = VideoStore(":memory:")
    app = create_app({
        "store": store,
        "api_keys": [API_KEY],
        "cloudfront": {"key_pair_id": "K2JCJMDEHXQW5F", "private_key": key("cloudfront-rsa2048.pem"),
                       "cookie_domain": "example.com"},
        "stream": {"signing_key": json.loads(key("stream-key.json")), "customer_code": "f33zs165nr7gyfy4",
                   "webhook_secrets": [WEBHOOK_SECRET]},
        "mediacdn": {"key_name": "key-1", "private_key": key("mediacdn-ed25519.seed.b64url-nopad"),
                     "url_prefix": MEDIA + "/videos/"},
    })
    app.testing = True
    return app.test_client()


class Viewer:
    """A browser's cookie rules and a player's order of requests, against the
    edge standing in for the CDN host named in the URL."""

    def __init__(self, edge_url: str) -> None:
        self.edge = edge_url
        self.jar: List[Dict[str, str]] = []

    def keep(self, set_cookie_headers: List[str], from_host: str) -> None:
        for header in set_cookie_headers:
            c = SimpleCookie()
            c.load(header)
            for name, m in c.items():
                domain = (m["domain"] or from_host).lstrip(".")
                self.jar.append({"name": name, "value": m.value, "domain": domain, "host_only": str(not m["domain"]),
                                 "path": m["path"] or "/", "secure": str(bool(m["secure"]))})

    def cookies_for(self, url: str) -> str:
        u = urlsplit(url)
        sent = []
        for c in self.jar:
            host_ok = u.hostname == c["domain"] or (c["host_only"] == "False" and (u.hostname or "").endswith("." + c["domain"]))
            if host_ok and u.path.startswith(c["path"]) and (c["secure"] == "False" or u.scheme == "https"):
                sent.append(f"{c['name']}={c['value']}")
        return "; ".join(sent)

    def get(self, url: str, headers: Optional[Dict[str, str]] = None) -> Tuple[int, Dict[str, str], bytes]:
        u = urlsplit(url)
        h = dict(headers or {})
        cookie = self.cookies_for(url)
        if cookie:
            h["Cookie"] = cookie
        target = u.path + ("?" + u.query if u.query else "")
        req = urllib.request.Request(self.edge + target, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                status, hdrs, body = r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            status, hdrs, body = e.code, e.headers, e.read()
        self.keep(hdrs.get_all("Set-Cookie") or [], u.hostname or "")
        return status, {k.lower(): v for k, v in hdrs.items()}, body

    def play(self, manifest_url: str, headers: Optional[Dict[str, str]] = None) -> Tuple[int, Dict[str, str], int]:
        """Fetches the manifest, then every segment it names; (status, headers, segments played)."""
        status, hdrs, body = self.get(manifest_url, headers)
        if status != 200:
            return status, hdrs, 0
        assert hdrs["content-type"] == "application/vnd.apple.mpegurl"
        base = manifest_url.split("?")[0].rsplit("/", 1)[0]
        played = 0
        for line in body.decode().splitlines():
            if line and not line.startswith("#"):
                status, hdrs, seg = self.get(f"{base}/{line}", headers)
                if status != 200:
                    return status, hdrs, played
                assert hdrs["content-type"] == "video/mp2t"
                played += 1
        return 200, hdrs, played


def test_cloudfront_signed_cookies_from_the_signing_api(backend, cdn) -> None:
    r = backend.post("/api/generate-signed-resource", headers={**H, "content-type": "application/json"},
                     data=json.dumps({"request_type": "cookie", "resource_url": f"{CDN}/premium/show1/*"}))
    assert r.status_code == 200
    viewer = Viewer(cdn.url)
    viewer.keep(r.headers.getlist("Set-Cookie"), "api.example.com")
    status, _, played = viewer.play(f"{CDN}/premium/show1/video.m3u8")
    assert (status, played) == (200, 3)
    # Over http the Secure cookies stay home: CloudFront then sees no key.
    status, hdrs, _ = viewer.play(f"http://cdn.example.com/premium/show1/video.m3u8")
    assert (status, hdrs["x-cdnsign-code"]) == (403, "missing_credential")
    last = cdn.wait_for_entries(5)[-1]
    assert (last["provider"], last["decision"], last["code"]) == ("cloudfront", "deny", "missing_credential")


def test_cloudfront_signed_url_for_one_file(backend, cdn) -> None:
    r = backend.post("/api/generate-signed-resource", headers={**H, "content-type": "application/json"},
                     data=json.dumps({"request_type": "url", "resource_url": f"{CDN}/premium/show1/seg0.ts"}))
    url = r.get_json()["data"]["signed_url"]
    viewer = Viewer(cdn.url)
    assert viewer.get(url)[0] == 200
    # The same signature on another file is another URL.
    status, hdrs, body = viewer.get(url.replace("seg0.ts", "seg1.ts"))
    assert (status, hdrs["x-cdnsign-code"]) == (403, "bad_signature")
    assert b"<Code>AccessDenied</Code>" in body


def test_stream_token_url_with_country_rules(backend, cdn) -> None:
    body = json.dumps({"uid": UID, "readyToStream": True, "status": {"state": "ready"}}).encode()
    r = backend.post("/webhook/stream", data=body, headers={
        "Webhook-Signature": webhook.sign(WEBHOOK_SECRET, body, time=int(time.time())), "content-type": "application/json"})
    assert r.status_code == 200
    hls = backend.get(f"/api/video-token/{UID}?country=KR", headers=H).get_json()["hls"]
    assert hls.startswith("https://customer-f33zs165nr7gyfy4.cloudflarestream.com/")
    viewer = Viewer(cdn.url)
    status, _, played = viewer.play(hls, {"CF-IPCountry": "KR"})
    assert (status, played) == (200, 3)
    status, hdrs, _ = viewer.play(hls, {"CF-IPCountry": "US"})
    assert (status, hdrs["x-cdnsign-code"]) == (403, "access_denied")


def test_mediacdn_dual_token(backend, cdn) -> None:
    t = backend.get("/api/media-cdn-token?path=/videos/show1/&manifest=video.m3u8", headers=H).get_json()
    viewer = Viewer(cdn.url)
    status, _, played = viewer.play(t["url"])
    assert (status, played) == (200, 3)
    assert any(c["name"] == "Edge-Cache-Cookie" for c in viewer.jar)
    forms = [e["form"] for e in cdn.wait_for_entries(4) if e["provider"] == "mediacdn"]
    assert forms[0] == "short-duration token" and forms[1:] == ["long-duration token_cookie"] * 3
    # Without the long-duration cookie the segments are refused.
    status, hdrs, _ = Viewer(cdn.url).get(f"{MEDIA}/videos/show1/seg0.ts")
    assert (status, hdrs["x-cdnsign-code"]) == (403, "missing_credential")
