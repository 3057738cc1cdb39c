"""The Flask backend our users run (examples/FLOWS.md), on the cdnsign wheel.

    POST /api/generate-signed-resource   CloudFront signed URL or cookies (FLOWS §1)
    POST /webhook/stream                 verified Stream webhook -> video state (FLOWS §2)
    GET  /api/video-token/<uid>          Stream playback token + HLS/iframe URLs (FLOWS §2)
    GET  /api/media-cdn-token            Media CDN short-lived token (FLOWS §3)

Signers are built once in create_app() from the config: keys are parsed once
and reused for every request (per-request PEM parsing is what makes the usual
code slow). Run it with keys from the environment, or with throwaway keys:

    python examples/flask/app.py --demo

Environment (each provider section is optional; its routes answer 503 without it):
    API_KEYS                      comma-separated keys for the x-api-key header (required)
    DB_FILE                       SQLite file (default videos.sqlite3)
    CLOUDFRONT_KEY_PAIR_ID, CLOUDFRONT_PRIVATE_KEY (PEM text) or CLOUDFRONT_PRIVATE_KEY_FILE,
    COOKIE_DOMAIN, COOKIE_SAMESITE
    STREAM_SIGNING_KEY (the POST /stream/keys response JSON) or STREAM_SIGNING_KEY_FILE,
    STREAM_CUSTOMER_CODE, STREAM_WEBHOOK_SECRETS (comma-separated, new one first)
    MEDIA_CDN_KEY_NAME, MEDIA_CDN_PRIVATE_KEY or MEDIA_CDN_PRIVATE_KEY_FILE, MEDIA_CDN_URL_PREFIX
"""

import argparse
import base64
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import sys
import time
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import urlsplit

from flask import Flask, Response, jsonify, request

import cdnsign
from cdnsign import cloudfront, mediacdn, stream
from cdnsign.flask import stream_webhook

try:  # run as a script (python examples/flask/app.py) or imported by the tests
    from store import VideoStore
except ImportError:  # pragma: no cover
    from .store import VideoStore  # type: ignore[no-redef]

log = logging.getLogger("cdnsign-flask-example")
Config = Dict[str, Any]


def _api_key_check(api_keys: List[str]) -> Callable[[Optional[str]], bool]:
    digests = [hashlib.sha256(k.encode()).digest() for k in api_keys]

    def ok(presented: Optional[str]) -> bool:
        if not presented:
            return False
        d = hashlib.sha256(presented.encode()).digest()
        found = False
        for k in digests:  # constant time per key, and no early exit
            found = hmac.compare_digest(d, k) or found
        return found

    return ok


def _error(status: int, error: str, message: Optional[str] = None, **extra: Any) -> Tuple[Response, int]:
    body: Dict[str, Any] = {"error": error}
    if message:
        body["message"] = message
    body.update(extra)
    return jsonify(body), status


def _signing_error(err: cdnsign.CdnSignError) -> Tuple[Response, int]:
    """A refused input -> 400 with the core's message (an unusable resource_url is
    "Missing Parameter" like a missing one); anything else -> 500 without details."""
    if isinstance(err, cdnsign.InvalidInputError):
        about_url = err.field in ("url", "resource")
        return _error(400, "Missing Parameter" if about_url else "Invalid Parameter",
                      err.message, code=err.code, field=err.field)
    # Keys are validated at startup, so this is a server fault. The core's
    # messages never hold key material, but the client gets nothing anyway.
    log.error("signing failed: %s %s", err.code, err.message)
    return _error(500, "Internal Server Error")


def create_app(config: Config, now: Callable[[], int] = lambda: int(time.time())) -> Flask:
    store: VideoStore = config["store"]
    api_key_ok = _api_key_check(config.get("api_keys", []))

    cf = config.get("cloudfront")
    cf_signer = cf and cloudfront.Signer(cf["key_pair_id"], cf["private_key"], passphrase=cf.get("passphrase"))
    cf_default_expiry = (cf or {}).get("default_expiry", 300)

    st = config.get("stream")
    stream_key = st and stream.SigningKey.from_api_response(st["signing_key"])
    stream_urls = st and stream.Urls(st["customer_code"])
    stream_ttl = (st or {}).get("token_ttl", 3600)

    mc = config.get("mediacdn")
    # The app server's half of Media CDN's dual-token flow: a short-lived token
    # (about a minute) for the manifest; Media CDN mints the long-lived one.
    media_signer = mc and mediacdn.TokenSigner(private_key=mc["private_key"])
    media_ttl = (mc or {}).get("ttl", 60)

    app = Flask(__name__)

    def unconfigured(name: str) -> Tuple[Response, int]:
        return _error(503, "Service Unavailable", f"{name} is not configured")

    def unauthorized() -> Optional[Tuple[Response, int]]:
        if not api_key_ok(request.headers.get("x-api-key")):
            return _error(401, "Unauthorized")
        return None

    # ---- FLOWS §1: CloudFront signing API ---------------------------------
    @app.post("/api/generate-signed-resource")
    def generate_signed_resource() -> Any:
        if not cf_signer:
            return unconfigured("CloudFront")
        denied = unauthorized()  # before the body is even parsed
        if denied:
            return denied
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            body = {}
        mode = body.get("request_type")
        resource_url = body.get("resource_url")
        client_ip = body.get("client_ip")
        if mode not in ("url", "cookie"):
            return _error(400, "Missing Parameter", "request_type is required and must be 'url' or 'cookie'")
        if not isinstance(resource_url, str) or not resource_url:
            return _error(400, "Missing Parameter", "resource_url is required")
        expiry = body.get("expiry_seconds", cf_default_expiry)
        if isinstance(expiry, bool) or not isinstance(expiry, int) or expiry <= 0:
            return _error(400, "Invalid Parameter", "expiry_seconds must be a positive integer")
        if client_ip is not None and not isinstance(client_ip, str):
            return _error(400, "Invalid Parameter", "client_ip must be a string")
        expires = now() + expiry
        try:
            if mode == "url":
                signed_url = cf_signer.sign_url(resource_url, expires=expires, ip_range=client_ip)
                return jsonify(status="success", mode="url", data={"signed_url": signed_url})
            cookies = cf_signer.sign_cookies(
                resource_url, expires=expires, ip_range=client_ip,
                domain="." + cf["cookie_domain"].lstrip("."), path="/", secure=True, http_only=True,
                same_site=cf.get("same_site"),
            )
        except cdnsign.CdnSignError as e:
            return _signing_error(e)
        resp = jsonify(status="success", mode="cookie", message="Cookies set successfully")
        for header in cookies.set_cookie_headers():
            resp.headers.add("Set-Cookie", header)
        return resp

    # ---- FLOWS §2: Stream webhook -> state ----------------------------------
    def on_stream_event(event: cdnsign.webhook.Event) -> Any:
        result = store.apply_webhook(
            uid=event.uid, lifecycle=event.lifecycle, stream_state=event.state,
            error_code=event.error_reason_code, error_text=event.error_reason_text,
            modified=event.modified, signed_time=event.time or 0,
            raw_body=request.get_data(cache=True), now=now(),
        )
        # Answer 200 quickly so Stream does not retry; a replay changes nothing.
        return jsonify(status="success", uid=event.uid, state=result["video"]["state"],
                       applied=result["applied"], duplicate=result["duplicate"])

    if st:
        app.add_url_rule("/webhook/stream", "stream_webhook", methods=["POST"],
                         view_func=stream_webhook(st["webhook_secrets"], st.get("webhook_tolerance", 300))(on_stream_event))
    else:
        app.add_url_rule("/webhook/stream", "stream_webhook", methods=["POST"],
                         view_func=lambda: unconfigured("Stream"))

    # ---- FLOWS §2: playback token for a private video -----------------------
    @app.get("/api/video-token/<uid>")
    def video_token(uid: str) -> Any:
        if not stream_key:
            return unconfigured("Stream")
        denied = unauthorized()
        if denied:
            return denied
        video = store.get(uid)
        if video is None:
            return _error(404, "Not Found", "unknown video")
        if video["state"] != "ACTIVE":  # FAILED or still PROCESSING: no token
            return _error(409, "Not Playable", f"video is {video['state']}", state=video["state"])
        expires = now() + stream_ttl
        kwargs: Dict[str, Any] = {"expires": expires, "now": now()}
        if "country" in request.args:
            # e.g. ?country=KR: allow KR, block everyone else (FLOWS §2 example)
            kwargs["access_rules"] = [
                {"type": "ip.geoip.country", "action": "allow", "country": request.args["country"].split(",")},
                {"type": "any", "action": "block"},
            ]
        if request.args.get("downloadable") == "true":
            kwargs["downloadable"] = True
        try:
            token = stream_key.sign(video["uid"], **kwargs)
        except cdnsign.CdnSignError as e:
            return _signing_error(e)
        return jsonify(status="success", token=token, expires=expires,
                       hls=stream_urls.hls(token), iframe=stream_urls.iframe(token))

    # ---- FLOWS §3: Media CDN short-lived token ------------------------------
    @app.get("/api/media-cdn-token")
    def media_cdn_token() -> Any:
        if not media_signer:
            return unconfigured("Media CDN")
        denied = unauthorized()
        if denied:
            return denied
        prefix = mc["url_prefix"]
        if "path" in request.args:  # ?path=/videos/show1/ narrows the configured prefix
            path = request.args["path"]
            base = urlsplit(prefix)
            if not path.startswith(base.path) or ".." in path:
                return _error(403, "Forbidden", f"path must be under {base.path}")
            prefix = f"{base.scheme}://{base.netloc}{path}"
        manifest = request.args.get("manifest", "manifest.m3u8")
        if not re.fullmatch(r"[A-Za-z0-9._-]+", manifest):
            return _error(400, "Invalid Parameter", "manifest is a file name")
        issued = now()
        try:
            t = media_signer.sign_short_lived(url_prefix=prefix, now=issued, lifetime=media_ttl)
        except cdnsign.CdnSignError as e:
            return _signing_error(e)
        url = f"{prefix}{'' if prefix.endswith('/') else '/'}{manifest}?{t.query}"
        return jsonify(status="success", token=t.token, param=t.param, expires=issued + media_ttl, url=url)

    @app.errorhandler(404)
    def not_found(_e: Any) -> Any:
        return _error(404, "Not Found")

    @app.errorhandler(405)
    def not_allowed(_e: Any) -> Any:
        return _error(405, "Method Not Allowed")

    @app.errorhandler(Exception)
    def internal(e: Exception) -> Any:
        # log the type, never a key or a stack trace to the client
        log.error("request failed: %s", type(e).__name__)
        return _error(500, "Internal Server Error")

    return app


def _env_text(name: str) -> Optional[str]:
    if os.environ.get(name):
        return os.environ[name]
    path = os.environ.get(name + "_FILE")
    if path:
        with open(path, encoding="utf-8") as f:
            return f.read()
    return None


def _list(value: Optional[str]) -> List[str]:
    return [s.strip() for s in (value or "").split(",") if s.strip()]


def config_from_env() -> Config:
    env = os.environ
    config: Config = {"store": VideoStore(env.get("DB_FILE", "videos.sqlite3")), "api_keys": _list(env.get("API_KEYS"))}
    if env.get("CLOUDFRONT_KEY_PAIR_ID"):
        config["cloudfront"] = {"key_pair_id": env["CLOUDFRONT_KEY_PAIR_ID"],
                                "private_key": _env_text("CLOUDFRONT_PRIVATE_KEY"),
                                "cookie_domain": env.get("COOKIE_DOMAIN", ""),
                                "same_site": env.get("COOKIE_SAMESITE") or None}
    signing_key = _env_text("STREAM_SIGNING_KEY")
    if signing_key:
        config["stream"] = {"signing_key": signing_key, "customer_code": env.get("STREAM_CUSTOMER_CODE", ""),
                            "webhook_secrets": _list(env.get("STREAM_WEBHOOK_SECRETS"))}
    if env.get("MEDIA_CDN_KEY_NAME"):
        config["mediacdn"] = {"key_name": env["MEDIA_CDN_KEY_NAME"],
                              "private_key": _env_text("MEDIA_CDN_PRIVATE_KEY"),
                              "url_prefix": env.get("MEDIA_CDN_URL_PREFIX", "")}
    return config


def demo_config() -> Config:
    """Throwaway keys, made by cdnsign, for trying the endpoints locally."""
    response = json.loads(stream.SigningKey.generate_response())
    # The generated Stream key is an RSA-2048 key (PKCS#1 PEM, base64 in the
    # response): CloudFront takes the same kind, so the demo reuses a second one.
    cf_response = json.loads(stream.SigningKey.generate_response())
    cf_pem = base64.b64decode(cf_response["result"]["pem"]).decode()
    media = mediacdn.generate_key()
    store = VideoStore(":memory:")
    store.create("6b9e68b07dfee8cc2d116e4c51d6a957")
    return {
        "store": store,
        "api_keys": ["demo-" + secrets.token_urlsafe(12)],
        "cloudfront": {"key_pair_id": "KDEMO" + secrets.token_hex(4).upper(), "private_key": cf_pem,
                       "cookie_domain": "example.com"},
        "stream": {"signing_key": response, "customer_code": "f33zs165nr7gyfy4",
                   "webhook_secrets": [secrets.token_hex(16)]},
        "mediacdn": {"key_name": "demo-key", "private_key": media["seed"],
                     "url_prefix": "https://media.example.com/videos/"},
    }


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--demo", action="store_true", help="generate throwaway keys instead of reading the environment")
    p.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    args = p.parse_args(argv)
    config = demo_config() if args.demo else config_from_env()
    if not config["api_keys"]:
        print("API_KEYS is empty: every API route would answer 401", file=sys.stderr)
        return 1
    if args.demo:
        key = config["api_keys"][0]
        print(f"demo API key: {key}\nwebhook secret: {config['stream']['webhook_secrets'][0]}\n"
              f"try: curl -s -XPOST -H 'x-api-key: {key}' -H 'content-type: application/json' "
              f"-d '{{\"request_type\":\"url\",\"resource_url\":\"https://d111111abcdef8.cloudfront.net/a.mp4\"}}' "
              f"http://{args.host}:{args.port}/api/generate-signed-resource")
    create_app(config).run(host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
