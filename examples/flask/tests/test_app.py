"""The Flask example, end to end through Flask's test client: every response is
checked with the cdnsign verifiers (what CloudFront, Stream and Media CDN check)."""

import json
import time

import pytest

import cdnsign
from cdnsign import cloudfront, mediacdn, stream, webhook

from flask_example_support import API_KEY, NOW, WEBHOOK_SECRET, key

import app as example

H = {"x-api-key": API_KEY}
CF_VERIFIER = cloudfront.Verifier({"K2JCJMDEHXQW5F": key("cloudfront-rsa2048.pub.pem")})
UID = "6b9e68b07dfee8cc2d116e4c51d6a957"


def post_json(client, body, headers=H):
    return client.post("/api/generate-signed-resource", data=json.dumps(body),
                       headers={**headers, "content-type": "application/json"})


# ---- FLOWS §1 -------------------------------------------------------------------

def test_url_mode_returns_a_signed_url_cloudfront_accepts(client):
    r = post_json(client, {"request_type": "url", "resource_url": "https://d111111abcdef8.cloudfront.net/a.mp4"})
    assert r.status_code == 200
    body = r.get_json()
    assert body["status"] == "success" and body["mode"] == "url"
    url = body["data"]["signed_url"]
    assert "Expires=1767290700&" in url  # canned: default expiry 300 s
    v = CF_VERIFIER.verify_url(url, now=NOW + 299)
    assert v.canned and v.request_url == "https://d111111abcdef8.cloudfront.net/a.mp4"
    with pytest.raises(cdnsign.ExpiredError):
        CF_VERIFIER.verify_url(url, now=NOW + 300)


def test_url_mode_with_client_ip_and_expiry_is_a_custom_policy(client):
    r = post_json(client, {"request_type": "url", "resource_url": "https://d111111abcdef8.cloudfront.net/a.mp4",
                           "expiry_seconds": 60, "client_ip": "203.0.113.9"})
    url = r.get_json()["data"]["signed_url"]
    assert "Policy=" in url and "Signature=" in url and "Key-Pair-Id=K2JCJMDEHXQW5F" in url
    v = CF_VERIFIER.verify_url(url, now=NOW + 59, client_ip="203.0.113.9")
    assert (v.expires, v.ip_range) == (NOW + 60, "203.0.113.9/32")
    with pytest.raises(cdnsign.IpNotAllowedError):
        CF_VERIFIER.verify_url(url, now=NOW, client_ip="203.0.113.10")


def test_cookie_mode_sets_three_cookies_with_the_attributes(client):
    r = post_json(client, {"request_type": "cookie", "resource_url": "https://cdn.example.com/premium/*"})
    assert r.status_code == 200
    assert r.get_json() == {"status": "success", "mode": "cookie", "message": "Cookies set successfully"}
    headers = r.headers.getlist("Set-Cookie")
    assert [h.split("=", 1)[0] for h in headers] == ["CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id"]
    for h in headers:
        assert h.endswith("; Domain=.example.com; Path=/; Secure; HttpOnly")
    cookies = dict(h.split(";", 1)[0].split("=", 1) for h in headers)
    v = CF_VERIFIER.verify_cookies("https://cdn.example.com/premium/show/seg1.ts", cookies, now=NOW + 10)
    assert v.form == "cookies" and v.resource == "https://cdn.example.com/premium/*"
    with pytest.raises(cdnsign.UrlMismatchError):
        CF_VERIFIER.verify_cookies("https://cdn.example.com/free/a.ts", cookies, now=NOW + 10)


@pytest.mark.parametrize("headers", [{}, {"x-api-key": "wrong"}, {"x-api-key": ""}])
def test_missing_or_wrong_api_key_is_401(client, headers):
    r = post_json(client, {"request_type": "url", "resource_url": "https://x.example.com/a"}, headers=headers)
    assert r.status_code == 401 and r.get_json() == {"error": "Unauthorized"}


@pytest.mark.parametrize("body", [
    {"request_type": "url"},
    {"request_type": "cookie", "resource_url": ""},
    {"resource_url": "https://x.example.com/a"},
    {"request_type": "both", "resource_url": "https://x.example.com/a"},
    "not json",
    {"request_type": "url", "resource_url": "https://x.example.com/a b.mp4"},
    {"request_type": "url", "resource_url": "https://x.example.com/a.mp4#frag"},
])
def test_missing_or_invalid_resource_is_400_missing_parameter(client, body):
    if isinstance(body, str):
        r = client.post("/api/generate-signed-resource", data=body, headers={**H, "content-type": "application/json"})
    else:
        r = post_json(client, body)
    assert r.status_code == 400 and r.get_json()["error"] == "Missing Parameter", r.get_json()


@pytest.mark.parametrize("body,field", [
    ({"expiry_seconds": -5}, None), ({"expiry_seconds": "300"}, None), ({"expiry_seconds": True}, None),
    ({"client_ip": "2001:db8::1"}, "ip_range"), ({"client_ip": 42}, None),
])
def test_invalid_options_are_400(client, body, field):
    r = post_json(client, {"request_type": "url", "resource_url": "https://x.example.com/a", **body})
    assert r.status_code == 400 and r.get_json()["error"] == "Invalid Parameter"
    if field:
        assert r.get_json()["field"] == field


def test_errors_never_leak_keys(client, config):
    r = client.get("/nope")
    assert r.status_code == 404 and r.get_json() == {"error": "Not Found"}
    pem_line = config["cloudfront"]["private_key"].splitlines()[1]
    for resp in (r, post_json(client, {"request_type": "url", "resource_url": "x"})):
        assert pem_line not in resp.get_data(as_text=True)


# ---- FLOWS §2 -------------------------------------------------------------------

def deliver(client, body: bytes, *, secret=WEBHOOK_SECRET, at=None, header=None):
    h = header if header is not None else webhook.sign(secret, body, time=at or int(time.time()))
    return client.post("/webhook/stream", data=body, headers={"Webhook-Signature": h, "content-type": "application/json"})


def event(state, **extra):
    body = {"uid": UID, "readyToStream": state == "ready", "status": {"state": state, **extra},
            "modified": extra.pop("modified", "2026-01-01T18:00:00.000000Z")}
    return json.dumps(body).encode()


def test_webhook_moves_a_video_to_active_and_replays_change_nothing(client, store):
    store.create(UID, now=NOW)
    r = client.get(f"/api/video-token/{UID}", headers=H)
    assert r.status_code == 409 and r.get_json()["state"] == "PROCESSING"
    processing = event("inprogress", pctComplete="50.0")
    assert deliver(client, processing).get_json()["state"] == "PROCESSING"
    ready = event("ready", modified="2026-01-01T18:05:00.000000Z")
    at = int(time.time())
    first = deliver(client, ready, at=at).get_json()
    assert (first["state"], first["applied"], first["duplicate"]) == ("ACTIVE", True, False)
    again = deliver(client, ready, at=at).get_json()
    assert (again["state"], again["applied"], again["duplicate"]) == ("ACTIVE", False, True)
    # a late "inprogress" does not step back from ACTIVE
    assert deliver(client, processing).get_json()["state"] == "ACTIVE"
    assert store.get(UID)["state"] == "ACTIVE"


def test_webhook_error_marks_failed_with_the_reason_and_no_token_is_issued(client, store):
    body = event("error", errorReasonCode="ERR_NON_VIDEO", errorReasonText="The file was not recognized as a valid video file.")
    assert deliver(client, body).get_json()["state"] == "FAILED"
    row = store.get(UID)
    assert (row["error_code"], row["error_text"]) == ("ERR_NON_VIDEO", "The file was not recognized as a valid video file.")
    r = client.get(f"/api/video-token/{UID}", headers=H)
    assert r.status_code == 409 and r.get_json()["state"] == "FAILED"


def test_webhook_rejections(client, store):
    body = event("ready")
    assert deliver(client, body, secret="not-the-secret-0000").status_code == 401
    assert deliver(client, body, at=int(time.time()) - 3600).status_code == 401
    assert client.post("/webhook/stream", data=body).status_code == 401  # no header
    r = deliver(client, body, header="time=x,sig1=zz")
    assert r.status_code == 400 and r.get_json()["error"] == "malformed"
    # the signature covers the raw bytes: the same JSON re-serialised fails
    h = webhook.sign(WEBHOOK_SECRET, body, time=int(time.time()))
    r = client.post("/webhook/stream", data=json.dumps(json.loads(body), indent=1), headers={"Webhook-Signature": h})
    assert r.status_code == 401 and r.get_json()["error"] == "bad_signature"
    assert store.get(UID) is None
    # rotation: the first (new) secret works too
    assert deliver(client, body, secret="new-secret-0000000000").status_code == 200


def test_video_token_for_an_active_video_verifies_and_respects_access_rules(client, store):
    store.create(UID, now=NOW)
    deliver(client, event("ready"))
    r = client.get(f"/api/video-token/{UID}?country=KR&downloadable=true", headers=H)
    assert r.status_code == 200
    body = r.get_json()
    token = body["token"]
    assert body["hls"] == f"https://customer-f33zs165nr7gyfy4.cloudflarestream.com/{token}/manifest/video.m3u8"
    assert body["iframe"].endswith(f"/{token}/iframe")
    v = stream.Verifier(json.loads(key("stream-key.json")))
    claims = v.verify(token, now=NOW, video_uid=UID, country="KR")
    assert claims["exp"] == NOW + 3600 and claims["downloadable"] is True
    with pytest.raises(cdnsign.AccessDeniedError):
        v.verify(token, now=NOW, country="US")
    assert client.get("/api/video-token/unknown", headers=H).status_code == 404
    assert client.get(f"/api/video-token/{UID}").status_code == 401


# ---- FLOWS §3 -------------------------------------------------------------------

def test_media_cdn_token_is_short_lived_and_verifies(client):
    r = client.get("/api/media-cdn-token?path=/videos/show1/", headers=H)
    assert r.status_code == 200
    body = r.get_json()
    assert body["expires"] == NOW + 60 and body["param"] == "edge-cache-token"
    assert body["url"].startswith("https://media.example.com/videos/show1/manifest.m3u8?edge-cache-token=URLPrefix=")
    v = mediacdn.Verifier(public_keys={"key-1": key("mediacdn-ed25519.pub.b64url")})
    ok = v.verify(body["url"], now=NOW + 30)
    assert (ok.form, ok.key_id, ok.expires) == ("token", "key-1", NOW + 60)
    with pytest.raises(cdnsign.ExpiredError):
        v.verify(body["url"], now=NOW + 61)
    with pytest.raises(cdnsign.UrlMismatchError):
        v.verify(body["url"].replace("/show1/", "/show2/"), now=NOW)
    assert client.get("/api/media-cdn-token?path=/private/", headers=H).status_code == 403
    assert client.get("/api/media-cdn-token?manifest=../x", headers=H).status_code == 400
    assert client.get("/api/media-cdn-token").status_code == 401


def test_unconfigured_sections_answer_503(store):
    app = example.create_app({"store": store, "api_keys": [API_KEY]})
    c = app.test_client()
    assert c.post("/api/generate-signed-resource", headers=H).status_code == 503
    assert c.post("/webhook/stream").status_code == 503
    assert c.get(f"/api/video-token/{UID}", headers=H).status_code == 503
    assert c.get("/api/media-cdn-token", headers=H).status_code == 503


def test_demo_mode_generates_working_keys():
    config = example.demo_config()
    c = example.create_app(config).test_client()
    h = {"x-api-key": config["api_keys"][0]}
    r = post_json(c, {"request_type": "url", "resource_url": "https://d111111abcdef8.cloudfront.net/a.mp4"}, headers=h)
    assert r.status_code == 200
    r = c.get("/api/media-cdn-token", headers=h)
    assert r.status_code == 200 and "edge-cache-token=" in r.get_json()["url"]
    secret = config["stream"]["webhook_secrets"][0]
    assert deliver(c, event("ready"), secret=secret).get_json()["state"] == "ACTIVE"
    assert c.get(f"/api/video-token/{UID}", headers=h).status_code == 200


def test_config_from_env(monkeypatch, tmp_path):
    monkeypatch.setenv("API_KEYS", "a, b")
    monkeypatch.setenv("DB_FILE", str(tmp_path / "v.sqlite3"))
    monkeypatch.setenv("CLOUDFRONT_KEY_PAIR_ID", "K2JCJMDEHXQW5F")
    pem = tmp_path / "cf.pem"
    pem.write_text(key("cloudfront-rsa2048.pem"))
    monkeypatch.setenv("CLOUDFRONT_PRIVATE_KEY_FILE", str(pem))
    monkeypatch.setenv("COOKIE_DOMAIN", "example.com")
    monkeypatch.setenv("STREAM_SIGNING_KEY", key("stream-key.json"))
    monkeypatch.setenv("STREAM_CUSTOMER_CODE", "f33zs165nr7gyfy4")
    monkeypatch.setenv("STREAM_WEBHOOK_SECRETS", WEBHOOK_SECRET)
    monkeypatch.setenv("MEDIA_CDN_KEY_NAME", "key-1")
    monkeypatch.setenv("MEDIA_CDN_PRIVATE_KEY", key("mediacdn-ed25519.seed.b64url-nopad"))
    monkeypatch.setenv("MEDIA_CDN_URL_PREFIX", "https://media.example.com/videos/")
    config = example.config_from_env()
    assert config["api_keys"] == ["a", "b"]
    c = example.create_app(config).test_client()
    r = post_json(c, {"request_type": "url", "resource_url": "https://d111111abcdef8.cloudfront.net/a.mp4"}, headers={"x-api-key": "b"})
    assert r.status_code == 200
    assert c.get("/api/media-cdn-token", headers={"x-api-key": "a"}).status_code == 200
