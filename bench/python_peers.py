"""cdnsign against the Python libraries users switch from, in one process.

    python bench/python_peers.py [--seconds 0.25] [--rounds 7] [--json OUT]

`make bench` runs it against a release wheel; the dev-profile wheel that
`make test-python` installs is slower and would understate cdnsign. Every
pair is checked to produce the same bytes (or to verify) before timing, so a
row never compares different work. Rounds alternate between the contenders
(the order rotates each round), so a noisy neighbour slows both sides of a
ratio alike; each rate is the median over rounds.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import platform
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Callable, Dict, List, Optional, Tuple

import jwt
from botocore.signers import CloudFrontSigner as BotoSigner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import cdnsign
from cdnsign import cloudfront, mediacdn, stream, webhook
from cdnsign.compat.botocore import CloudFrontSigner as ShimSigner

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYS = os.path.join(ROOT, "tests", "vectors", "keys")

Fn = Callable[[], object]


def read(name: str) -> str:
    with open(os.path.join(KEYS, name), encoding="utf-8") as f:
        return f.read()


def batch_size(fn: Fn, seconds: float) -> int:
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - start >= seconds:
            return n
        n *= 2


def alternate(contenders: List[Tuple[str, Fn]], seconds: float, rounds: int) -> Dict[str, float]:
    """ops/s per contender: median over `rounds` rounds of about `seconds` each."""
    sizes = {name: batch_size(fn, seconds / 4) * 4 for name, fn in contenders}
    rates: Dict[str, List[float]] = {name: [] for name, _ in contenders}
    for r in range(rounds):
        k = r % len(contenders)
        for name, fn in contenders[k:] + contenders[:k]:
            n = sizes[name]
            start = time.perf_counter()
            for _ in range(n):
                fn()
            rates[name].append(n / (time.perf_counter() - start))
    return {name: statistics.median(v) for name, v in rates.items()}


def threaded_rate(fn: Fn, threads: int, seconds: float) -> float:
    """Total calls/s of `threads` workers calling `fn` in a loop."""
    start_line = threading.Barrier(threads + 1)
    stop = threading.Event()

    def worker() -> int:
        start_line.wait()
        n = 0
        while not stop.is_set():
            for _ in range(8):
                fn()
            n += 8
        return n

    with ThreadPoolExecutor(threads) as pool:
        futures = [pool.submit(worker) for _ in range(threads)]
        start_line.wait()
        t0 = time.perf_counter()
        time.sleep(seconds)
        stop.set()
        total = sum(f.result() for f in futures)
        elapsed = time.perf_counter() - t0
    return total / elapsed


def scaling(fn: Fn, seconds: float, rounds: int) -> Tuple[float, float]:
    """(1-thread rate, 2-thread rate), alternating, medians."""
    one, two = [], []
    for _ in range(rounds):
        one.append(threaded_rate(fn, 1, seconds))
        two.append(threaded_rate(fn, 2, seconds))
    return statistics.median(one), statistics.median(two)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=0.25, help="length of one timed batch")
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--json", help="write the results here as JSON")
    args = p.parse_args()

    # ---- CloudFront canned URL, RSA-2048 SHA-1 --------------------------------
    url = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4"
    expires = 1893456000
    when = datetime.fromtimestamp(expires, timezone.utc)
    cf_pem = read("cloudfront-rsa2048.pem")
    cf_key = serialization.load_pem_private_key(cf_pem.encode(), password=None)

    def rsa_signer(message: bytes) -> bytes:  # botocore's documented signer callback
        return cf_key.sign(message, padding.PKCS1v15(), hashes.SHA1())  # type: ignore[union-attr,call-arg]

    boto = BotoSigner("K2JCJMDEHXQW5F", rsa_signer)
    ours = cloudfront.Signer("K2JCJMDEHXQW5F", cf_pem)
    shim = ShimSigner("K2JCJMDEHXQW5F", cf_pem)
    expected = boto.generate_presigned_url(url, date_less_than=when)
    assert ours.sign_url(url, expires=expires) == expected
    assert shim.generate_presigned_url(url, date_less_than=when) == expected

    # ---- Stream token, RS256 -------------------------------------------------
    resp = json.loads(read("stream-key.json"))
    sk = stream.SigningKey.from_api_response(resp)
    st_pem = base64.b64decode(resp["result"]["pem"]).decode()
    st_key = serialization.load_pem_private_key(st_pem.encode(), password=None)
    now = int(time.time())
    uid = "6b9e68b07dfee8cc2d116e4c51d6a957"
    payload = {"sub": uid, "kid": sk.kid, "exp": now + 3600}
    headers = {"kid": sk.kid, "typ": None}  # Stream's header has no typ
    assert jwt.encode(payload, st_key, algorithm="RS256", headers=headers) == sk.sign(
        uid, expires=payload["exp"], now=now
    )
    assert jwt.encode(payload, st_pem, algorithm="RS256", headers=headers) == sk.sign(
        uid, expires=payload["exp"], now=now
    )

    # ---- Media CDN Ed25519 token ---------------------------------------------
    seed = read("mediacdn-ed25519.seed.b64url-nopad").strip()
    seed_bytes = base64.urlsafe_b64decode(seed + "=" * (-len(seed) % 4))
    ed = mediacdn.TokenSigner(private_key=seed)
    ed_ref = Ed25519PrivateKey.from_private_bytes(seed_bytes)
    prefix = "https://media.example.com/videos/"

    def documented_token(key: Ed25519PrivateKey) -> str:
        # Google's formula: URLPrefix as base64url, fields joined by "~", the
        # Ed25519 signature over them appended as base64url (no padding).
        fields = [
            "URLPrefix=" + base64.urlsafe_b64encode(prefix.encode()).decode().rstrip("="),
            f"Expires={expires}",
        ]
        signed = "~".join(fields)
        sig = base64.urlsafe_b64encode(key.sign(signed.encode())).decode().rstrip("=")
        return signed + "~Signature=" + sig

    def documented_token_key_per_call() -> str:
        # The sample's shape: the base64 key is decoded and loaded inside the call.
        return documented_token(Ed25519PrivateKey.from_private_bytes(
            base64.urlsafe_b64decode(seed + "=" * (-len(seed) % 4))))

    assert ed.sign(expires=expires, url_prefix=prefix).token == documented_token(ed_ref)

    # ---- Stream webhook verify, 1 KiB body --------------------------------
    secret = "85011ed3a913c6ad5f9cf6c5573cc0a7"
    body = json.dumps({"uid": uid, "meta": {"pad": "p" * 1100}}).encode()[:1024]
    ts = int(time.time())
    header = webhook.sign(secret, body, time=ts)
    wv = webhook.Verifier(secret)
    key_bytes = secret.encode()

    def py_webhook() -> bool:
        # Cloudflare's documented check: split the header, HMAC "time." + body,
        # compare in constant time, bound the age.
        parts = dict(p.split("=", 1) for p in header.split(","))
        mac = hmac.new(key_bytes, parts["time"].encode() + b"." + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(mac, parts["sig1"]):
            raise ValueError("bad signature")
        if abs(int(time.time()) - int(parts["time"])) > 300:
            raise ValueError("stale")
        return True

    assert py_webhook() and wv.verify(header, body).secret_index == 0

    def ours_webhook() -> object:
        return wv.verify(header, body)

    rows = []

    def row(operation: str, peer: str, contenders: List[Tuple[str, Fn]], target: Optional[float]) -> None:
        rates = alternate(contenders, args.seconds, args.rounds)
        names = [n for n, _ in contenders]
        ours_name, peer_name = names[0], names[1]
        ratio = rates[ours_name] / rates[peer_name]
        rows.append({
            "operation": operation,
            "peer": peer,
            "peer_ops": rates[peer_name],
            "ours_ops": rates[ours_name],
            "ratio": ratio,
            "target": target,
            "met": None if target is None else ratio >= target,
            "all": rates,
        })
        goal = "no target" if target is None else f"target {target}x"
        print(f"{operation}: {ours_name} {rates[ours_name]:,.0f}/s vs {peer_name} "
              f"{rates[peer_name]:,.0f}/s = {ratio:.2f}x ({goal})", flush=True)

    row("CloudFront canned URL (RSA-2048 SHA-1)", "botocore CloudFrontSigner, key loaded once", [
        ("cdnsign cloudfront.Signer.sign_url", lambda: ours.sign_url(url, expires=expires)),
        ("botocore", lambda: boto.generate_presigned_url(url, date_less_than=when)),
    ], 1.05)
    row("CloudFront canned URL (RSA-2048 SHA-1)", "botocore CloudFrontSigner, via cdnsign.compat.botocore", [
        ("cdnsign.compat.botocore", lambda: shim.generate_presigned_url(url, date_less_than=when)),
        ("botocore", lambda: boto.generate_presigned_url(url, date_less_than=when)),
    ], 1.05)
    # Context, not a peer: the bare OpenSSL signature botocore's callback makes,
    # without the policy, base64 and URL work. It shows how much of a gap to
    # botocore is the RSA primitive itself (AWS-LC against OpenSSL).
    policy = json.dumps({"Statement": [{"Resource": url, "Condition": {
        "DateLessThan": {"AWS:EpochTime": expires}}}]}, separators=(",", ":")).encode()
    row("CloudFront canned URL (RSA-2048 SHA-1)", "bare RSA-2048 SHA-1 signature in cryptography (OpenSSL), no URL work", [
        ("cdnsign cloudfront.Signer.sign_url", lambda: ours.sign_url(url, expires=expires)),
        ("cryptography bare sign", lambda: rsa_signer(policy)),
    ], None)
    row("Stream token (RS256 JWT)", "PyJWT, key loaded once", [
        ("cdnsign stream.SigningKey.sign", lambda: sk.sign(uid, expires=payload["exp"])),
        ("PyJWT loaded key", lambda: jwt.encode(payload, st_key, algorithm="RS256", headers=headers)),
    ], 1.05)
    row("Stream token (RS256 JWT)", "PyJWT, PEM string (Cloudflare's example)", [
        ("cdnsign stream.SigningKey.sign", lambda: sk.sign(uid, expires=payload["exp"])),
        ("PyJWT PEM string", lambda: jwt.encode(payload, st_pem, algorithm="RS256", headers=headers)),
    ], 40.0)
    row("Media CDN Ed25519 token (URLPrefix)", "cryptography Ed25519, documented formula, key loaded once", [
        ("cdnsign mediacdn.TokenSigner.sign", lambda: ed.sign(expires=expires, url_prefix=prefix)),
        ("cryptography formula", lambda: documented_token(ed_ref)),
    ], 2.5)
    row("Media CDN Ed25519 token (URLPrefix)", "cryptography Ed25519, documented formula, key decoded per call", [
        ("cdnsign mediacdn.TokenSigner.sign", lambda: ed.sign(expires=expires, url_prefix=prefix)),
        ("cryptography formula, key per call", documented_token_key_per_call),
    ], 2.5)
    row("Stream webhook verify (1 KiB body)", "hmac + compare_digest", [
        ("cdnsign webhook.Verifier.verify", ours_webhook),
        ("hmac + compare_digest", py_webhook),
    ], 2.5)

    scale = []
    for name, fn in [
        ("cdnsign cloudfront.Signer.sign_url", lambda: ours.sign_url(url, expires=expires)),
        ("botocore CloudFrontSigner, key loaded once", lambda: boto.generate_presigned_url(url, date_less_than=when)),
    ]:
        one, two = scaling(fn, max(args.seconds * 2, 0.5), max(3, args.rounds // 2))
        scale.append({"who": name, "one": one, "two": two, "ratio": two / one,
                      "target": 1.8, "met": two / one >= 1.8})
        print(f"ThreadPoolExecutor(2) CloudFront URLs, {name}: {one:,.0f}/s -> {two:,.0f}/s "
              f"= {two / one:.2f}x", flush=True)

    out = {
        "language": "Python",
        "runtime": f"CPython {platform.python_version()}",
        "cdnsign": cdnsign.__version__,
        "command": "python bench/python_peers.py " + " ".join(sys.argv[1:]),
        "rounds": args.rounds,
        "seconds": args.seconds,
        "rows": rows,
        "threads": scale,
    }
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
