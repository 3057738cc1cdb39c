"""Shared pieces of the Google Media CDN / Cloud CDN vector generators.

An independent implementation of Google's documented formulas (see
core/src/mediacdn/RULES.md for every rule and its source), written with
Python's `cryptography` (Ed25519) and the standard `hmac`/`hashlib`. Nothing
here is copied from Google's samples; their published expected outputs are
only *compared against* (google_mediacdn.py / google_cloudcdn.py assert that
this code reproduces them).

Fixed test keys are derived deterministically from labels, written to
tests/vectors/keys/ in several encodings, and checked by --check.
"""
import base64
import hashlib
import hmac
import json
import os
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.dirname(HERE)
KEYS = os.path.join(VECTORS, "keys")

# 2026-01-01T18:00:00Z, the `now` the other providers' vectors use too.
NOW = 1767290400


def derive(label: str, n: int) -> bytes:
    """n deterministic bytes for a test key (never a real secret)."""
    return hashlib.sha256(("cdnsign test vectors: " + label).encode()).digest()[:n]


# ---- base64 dialects ------------------------------------------------------

def b64url(data: bytes, padded: bool = False) -> str:
    s = base64.urlsafe_b64encode(data).decode("ascii")
    return s if padded else s.rstrip("=")


def b64std(data: bytes, padded: bool = True) -> str:
    s = base64.b64encode(data).decode("ascii")
    return s if padded else s.rstrip("=")


def b64_any_decode(text: str) -> bytes:
    """Either alphabet, padding optional (how keys are pasted)."""
    t = text.strip().replace("-", "+").replace("_", "/")
    t += "=" * (-len(t) % 4)
    return base64.b64decode(t, validate=True)


# ---- keys -----------------------------------------------------------------

ED_MAIN_SEED = derive("mediacdn ed25519 key 1", 32)
ED_SECOND_SEED = derive("mediacdn ed25519 key 2", 32)
ED_OTHER_SEED = derive("mediacdn ed25519 key not in any keyset", 32)
HMAC_SHA1_SECRET = derive("mediacdn hmac-sha1 shared key", 20)
HMAC_SHA256_SECRET = derive("mediacdn hmac-sha256 shared key", 32)
CLOUDCDN_KEY = derive("cloudcdn signed url key 1", 16)
CLOUDCDN_KEY_2 = derive("cloudcdn signed url key 2", 16)


def ed_private(seed: bytes) -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.from_private_bytes(seed)


def ed_public_raw(seed: bytes) -> bytes:
    return ed_private(seed).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def ed_sign(seed: bytes, msg: bytes) -> bytes:
    return ed_private(seed).sign(msg)


def keyset_value(seed: bytes) -> str:
    """The public key as the EdgeCacheKeyset wants it (44-char padded form)."""
    return b64url(ed_public_raw(seed), padded=True)


def key_files() -> dict:
    """file name -> text content, every encoding the core must accept."""
    main_pub = ed_public_raw(ED_MAIN_SEED)
    pkcs8 = ed_private(ED_MAIN_SEED).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()
    spki = ed_private(ED_MAIN_SEED).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return {
        # Ed25519 private key, 32-byte seed and 64-byte seed||public, both alphabets.
        "mediacdn-ed25519.seed.b64": b64std(ED_MAIN_SEED) + "\n",
        "mediacdn-ed25519.seed.b64url-nopad": b64url(ED_MAIN_SEED) + "\n",
        "mediacdn-ed25519.seedpub.b64url": b64url(ED_MAIN_SEED + main_pub, padded=True) + "\n",
        "mediacdn-ed25519.seedpub.b64-nopad": b64std(ED_MAIN_SEED + main_pub, padded=False) + "\n",
        "mediacdn-ed25519.pkcs8.pem": pkcs8,
        # Public key: keyset form padded (44) and unpadded (43), SPKI PEM.
        "mediacdn-ed25519.pub.b64url": b64url(main_pub, padded=True) + "\n",
        "mediacdn-ed25519.pub.b64url-nopad": b64url(main_pub) + "\n",
        "mediacdn-ed25519.pub.pem": spki,
        # A second key (rotation) and one no keyset holds.
        "mediacdn-ed25519-2.seed.b64url-nopad": b64url(ED_SECOND_SEED) + "\n",
        "mediacdn-ed25519-2.pub.b64url-nopad": b64url(ed_public_raw(ED_SECOND_SEED)) + "\n",
        "mediacdn-ed25519-other.seed.b64url-nopad": b64url(ED_OTHER_SEED) + "\n",
        # HMAC shared keys (the raw secret bytes, base64url-encoded for the file).
        "mediacdn-hmac-sha1.secret.b64url": b64url(HMAC_SHA1_SECRET, padded=True) + "\n",
        "mediacdn-hmac-sha256.secret.b64url": b64url(HMAC_SHA256_SECRET, padded=True) + "\n",
        # Cloud CDN key files: 16 random bytes as base64url, as `gcloud` takes them.
        "cloudcdn-key.b64url": b64url(CLOUDCDN_KEY, padded=True) + "\n",
        "cloudcdn-key-2.b64url": b64url(CLOUDCDN_KEY_2, padded=True) + "\n",
    }


def check_or_write_keys(check: bool) -> list:
    """Writes the key files, or (check) returns the names that differ."""
    stale = []
    for name, text in key_files().items():
        path = os.path.join(KEYS, name)
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() != text:
                        stale.append(name)
            except FileNotFoundError:
                stale.append(name)
        else:
            os.makedirs(KEYS, exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    return stale


def read_key_file(name: str) -> str:
    return key_files()[name]


# ---- HMAC ------------------------------------------------------------------

def hmac_hex(secret: bytes, msg: bytes, algorithm: str) -> str:
    digest = {"sha1": hashlib.sha1, "sha256": hashlib.sha256}[algorithm]
    return hmac.new(secret, msg, digest).hexdigest()


def hmac_raw(secret: bytes, msg: bytes, algorithm: str) -> bytes:
    digest = {"sha1": hashlib.sha1, "sha256": hashlib.sha256}[algorithm]
    return hmac.new(secret, msg, digest).digest()


# ---- output ----------------------------------------------------------------

def error(field, code):
    return {"error": {"field": field, "code": code}}


def emit(doc: dict, out_path: str, script: str):
    """Writes `doc` (or, with --check, compares it and the key files)."""
    ids = [c["id"] for c in doc["cases"]]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes, f"duplicate ids: {sorted(dupes)}"
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    name = os.path.basename(out_path)
    if "--check" in sys.argv:
        stale = check_or_write_keys(check=True)
        try:
            with open(out_path, encoding="utf-8") as f:
                committed = f.read()
        except FileNotFoundError:
            committed = None
        if committed != text:
            stale.append(name)
        if stale:
            sys.exit(f"stale: {', '.join(stale)}: rerun tests/vectors/generate/{script}")
        print(f"{name} ({len(ids)} cases) and its keys are up to date")
        return
    check_or_write_keys(check=False)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {out_path} ({len(ids)} cases)")
