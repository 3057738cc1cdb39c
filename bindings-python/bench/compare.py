"""One-process ops/s: cdnsign against the Python libraries users switch from.

    python bindings-python/bench/compare.py [--seconds 1.0]

Run it against a release wheel (`maturin build --release` in bindings-python/;
the dev-profile wheel `make test-python` installs is slower). Each row is the
median of 5 timed runs after a warm-up; keys are loaded once unless the row
says "PEM string" (PyJWT's documented use passes the PEM text every call).
"""

import argparse
import hashlib
import hmac
import json
import os
import statistics
import sys
import time
from datetime import datetime, timezone

import jwt
from botocore.signers import CloudFrontSigner as BotoSigner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import cdnsign
from cdnsign import cloudfront, mediacdn, stream, webhook
from cdnsign.compat.botocore import CloudFrontSigner as ShimSigner

KEYS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "vectors", "keys")


def read(name: str) -> str:
    with open(os.path.join(KEYS, name), encoding="utf-8") as f:
        return f.read()


def ops_per_second(fn, seconds: float) -> float:
    n = 1
    while True:  # calibrate a batch of about seconds/5
        start = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - start > seconds / 5:
            break
        n *= 2
    rates = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        rates.append(n / (time.perf_counter() - start))
    return statistics.median(rates)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=1.0)
    args = p.parse_args()

    url = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4"
    expires = 1893456000
    when = datetime.fromtimestamp(expires, timezone.utc)
    cf_pem = read("cloudfront-rsa2048.pem")
    cf_key = serialization.load_pem_private_key(cf_pem.encode(), password=None)
    boto = BotoSigner("K2JCJMDEHXQW5F", lambda m: cf_key.sign(m, padding.PKCS1v15(), hashes.SHA1()))
    ours = cloudfront.Signer("K2JCJMDEHXQW5F", cf_pem)
    shim = ShimSigner("K2JCJMDEHXQW5F", cf_pem)
    assert ours.sign_url(url, expires=expires) == boto.generate_presigned_url(url, date_less_than=when)

    resp = json.loads(read("stream-key.json"))
    sk = stream.SigningKey.from_api_response(resp)
    st_pem = read("stream-key.pkcs8.pem")
    st_key = serialization.load_pem_private_key(st_pem.encode(), password=None)
    now = int(time.time())
    payload = {"sub": "6b9e68b07dfee8cc2d116e4c51d6a957", "kid": sk.kid, "exp": now + 3600}
    headers = {"kid": sk.kid, "typ": None}
    assert jwt.encode(payload, st_key, algorithm="RS256", headers=headers) == sk.sign(payload["sub"], expires=payload["exp"], now=now)

    seed = read("mediacdn-ed25519.seed.b64url-nopad").strip()
    ed = mediacdn.TokenSigner(private_key=seed)
    import base64
    ed_ref = Ed25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(seed + "=" * (-len(seed) % 4)))
    msg = b"x" * 200

    secret = "85011ed3a913c6ad5f9cf6c5573cc0a7"
    body = json.dumps({"uid": "a" * 32, "meta": {"pad": "p" * 900}}).encode()[:1024]
    ts = int(time.time())
    header = webhook.sign(secret, body, time=ts)
    wv = webhook.Verifier(secret)

    def py_webhook() -> None:
        parts = dict(p.split("=", 1) for p in header.split(","))
        mac = hmac.new(secret.encode(), parts["time"].encode() + b"." + body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(mac, parts["sig1"])
        assert abs(int(time.time()) - int(parts["time"])) <= 300

    rows = [
        ("CloudFront canned URL (RSA-2048 SHA-1)", [
            ("cdnsign cloudfront.Signer.sign_url", lambda: ours.sign_url(url, expires=expires)),
            ("cdnsign.compat.botocore shim", lambda: shim.generate_presigned_url(url, date_less_than=expires)),
            ("botocore CloudFrontSigner, key loaded once", lambda: boto.generate_presigned_url(url, date_less_than=when)),
        ]),
        ("Stream token (RS256 JWT)", [
            ("cdnsign stream.SigningKey.sign", lambda: sk.sign(payload["sub"], expires=payload["exp"])),
            ("PyJWT, loaded key", lambda: jwt.encode(payload, st_key, algorithm="RS256", headers=headers)),
            ("PyJWT, PEM string", lambda: jwt.encode(payload, st_pem, algorithm="RS256", headers=headers)),
        ]),
        ("Media CDN Ed25519 token / 200 B Ed25519 signature", [
            ("cdnsign mediacdn.TokenSigner.sign", lambda: ed.sign(expires=expires, path_globs="/videos/*")),
            ("cryptography Ed25519 sign (200 B)", lambda: ed_ref.sign(msg)),
        ]),
        ("Stream webhook verify (1 KiB body)", [
            ("cdnsign webhook.Verifier.verify_signature", lambda: wv.verify_signature(header, body)),
            ("Python hmac + compare_digest", py_webhook),
        ]),
    ]
    print(f"cdnsign {cdnsign.__version__}, Python {sys.version.split()[0]}, one process, one thread")
    for title, entries in rows:
        print(f"\n{title}")
        base = None
        for name, fn in entries:
            r = ops_per_second(fn, args.seconds)
            base = base or r
            print(f"  {name:48s} {r:12,.0f} ops/s  {1e6 / r:9.1f} us/op  cdnsign/this = {base / r:5.2f}x")


if __name__ == "__main__":
    main()
