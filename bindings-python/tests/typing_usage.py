"""Type-checked with `mypy --strict` by `make test-python`: the stubs must let
ordinary, correct use of the package type-check (stubtest checks they match
the runtime; this checks they are usable). Also run by pytest as a smoke test."""

from datetime import datetime, timedelta, timezone
from typing import Dict, List, Optional

import cdnsign
from cdnsign import cloudfront


def cloudfront_usage(pem: str, pub: bytes) -> List[str]:
    signer = cloudfront.Signer("K2JCJMDEHXQW5F", pem, hash_algorithm="SHA256")
    expires = datetime.now(timezone.utc) + timedelta(hours=1)
    url: str = signer.sign_url("https://d111111abcdef8.cloudfront.net/a.mp4", expires=expires)
    cookies: cloudfront.Cookies = signer.sign_cookies(
        "https://d111111abcdef8.cloudfront.net/v/*", expires=1767290400, domain=".example.com"
    )
    as_dict: Dict[str, str] = dict(cookies)
    verifier = cloudfront.Verifier({"K2JCJMDEHXQW5F": pub, "OTHER": signer})
    try:
        v: cloudfront.Verified = verifier.verify_url(url, client_ip="192.0.2.1")
        start: Optional[int] = v.starts
        print(v.expires + (start or 0), v.policy_json)
        verifier.verify_cookies("https://d111111abcdef8.cloudfront.net/v/a.ts", as_dict)
    except cdnsign.ExpiredError as e:
        code: str = e.code
        field: Optional[str] = e.field
        print(code, field, e.message)
    except cdnsign.VerificationError:
        pass
    return cookies.set_cookie_headers() + [cookies.cookie_header(), cdnsign.__version__]


def stream_usage(response_json: str, now: int) -> Dict[str, object]:
    from cdnsign import stream

    key = stream.SigningKey.from_api_response(response_json)
    token = key.sign(
        "6b9e68b07dfee8cc2d116e4c51d6a957",
        expires=now + 3600,
        access_rules=[{"type": "ip.geoip.country", "action": "allow", "country": ["KR"]}],
    )
    hls: str = stream.Urls("f33zs165nr7gyfy4").hls(token)
    claims = stream.Verifier([key], leeway=10).verify(token, now=now, country="KR")
    detail: stream.VerifiedToken = key.verifier().verify_token(token, country="KR")
    rule: Optional[int] = detail.access_rule
    return {"hls": hls, "claims": claims, "rule": rule}


def webhook_usage(secret: str, body: bytes) -> str:
    from cdnsign import webhook

    header = webhook.sign(secret, body, time=datetime.now(timezone.utc))
    event: webhook.Event = webhook.Verifier([secret], tolerance=60).verify_event(header, body)
    code: Optional[str] = event.error_reason_code
    return f"{event.uid} {event.lifecycle} {code}"


def google_usage(seed: str, secret: bytes, now: int) -> List[str]:
    from cdnsign import cloudcdn, mediacdn

    signer = mediacdn.Signer("key-1", seed)
    url: mediacdn.SignedUrl = signer.sign_url("https://media.example.com/a.m3u8", expires=now + 60)
    token = mediacdn.TokenSigner(secret=secret, algorithm="hmac-sha256").sign_short_lived(
        url_prefix="https://media.example.com/v/", headers={"X-Client": "abc"}
    )
    v = mediacdn.Verifier(public_keys={"key-1": signer.public_key}, shared_keys={"s": secret})
    ok: mediacdn.Verified = v.verify(url.url, headers=[("X-Client", "abc")])
    cc = cloudcdn.Signer("k", cloudcdn.generate_key())
    cookie: cloudcdn.SignedCookie = cc.sign_cookie("https://cdn.example.com/v/", expires=now + 60)
    return [ok.key_id, token.query, cookie.set_cookie]


def compat_and_flask_usage(pem: str) -> object:
    from cdnsign.compat.botocore import CloudFrontSigner
    from cdnsign.flask import stream_webhook

    signer = CloudFrontSigner("K2JCJMDEHXQW5F", pem)
    policy = signer.build_policy("https://d111111abcdef8.cloudfront.net/v/*", datetime.now(timezone.utc))
    signer.generate_presigned_url("https://d111111abcdef8.cloudfront.net/v/a.ts", policy=policy)

    @stream_webhook(["secret"], tolerance=60)
    def view(event: object) -> str:
        return "ok"

    return view


def _manifests() -> None:
    from cdnsign import cloudcdn

    signer = cloudcdn.Signer("k", "nZtRohdNF9m3cKM24IcK4w==")
    text: str = signer.sign_manifest("#EXTM3U\n", url="https://h/v/a.m3u8", expires=1).manifest
    raw: bytes = signer.sign_manifest(b"#EXTM3U\n", url="https://h/v/a.m3u8", expires=1).manifest
    report = cloudcdn.Verifier({"k": "nZtRohdNF9m3cKM24IcK4w=="}).check_manifest(text, url="https://h/v/a.m3u8")
    ok: bool = report.ok
    print(raw, ok, report.to_text(), report.lines[0]["line"])
