#!/usr/bin/env python3
"""Reference vectors for cdnsign's crypto layer, produced by OpenSSL through
`cryptography` (never by cdnsign): key files in every format the loaders
accept, and deterministic signatures (RSA PKCS#1 v1.5, Ed25519, HMAC) plus
ECDSA signatures to verify.

Usage: python3 crypto_primitives.py [--check]
Keys are created once and reused, so reruns reproduce crypto.json exactly.
"""
import hashlib
import hmac
import json
import os
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.dirname(HERE)
KEYS = os.path.join(VECTORS, "keys")
OUT = os.path.join(VECTORS, "crypto.json")
PASSPHRASE = b"correct horse battery staple"
MESSAGE = b'{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/a.mp4","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}'


def path(name):
    return os.path.join(KEYS, name)


def ensure_keys():
    os.makedirs(KEYS, exist_ok=True)
    if not os.path.exists(path("test-rsa2048.pkcs1.pem")):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        write_rsa(key)
    if not os.path.exists(path("test-ec-p256.sec1.pem")):
        key = ec.generate_private_key(ec.SECP256R1())
        write_ec(key)
    if not os.path.exists(path("test-ed25519.pkcs8.pem")):
        key = ed25519.Ed25519PrivateKey.generate()
        write(path("test-ed25519.pkcs8.pem"), key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    if not os.path.exists(path("test-rsa1024.pkcs8.pem")):
        key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
        write(path("test-rsa1024.pkcs8.pem"), key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def write(p, data):
    with open(p, "wb") as f:
        f.write(data)


def write_rsa(key):
    enc = serialization.Encoding
    fmt = serialization.PrivateFormat
    none = serialization.NoEncryption()
    write(path("test-rsa2048.pkcs1.pem"), key.private_bytes(enc.PEM, fmt.TraditionalOpenSSL, none))
    write(path("test-rsa2048.pkcs8.pem"), key.private_bytes(enc.PEM, fmt.PKCS8, none))
    write(path("test-rsa2048.pkcs8.der"), key.private_bytes(enc.DER, fmt.PKCS8, none))
    write(path("test-rsa2048.pkcs1.der"), key.private_bytes(enc.DER, fmt.TraditionalOpenSSL, none))
    write(path("test-rsa2048.pkcs8-encrypted.pem"), key.private_bytes(
        enc.PEM, fmt.PKCS8, serialization.BestAvailableEncryption(PASSPHRASE)))
    pub = key.public_key()
    write(path("test-rsa2048.pub.pem"), pub.public_bytes(enc.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    write(path("test-rsa2048.pub-pkcs1.pem"), pub.public_bytes(enc.PEM, serialization.PublicFormat.PKCS1))


def write_ec(key):
    enc = serialization.Encoding
    fmt = serialization.PrivateFormat
    none = serialization.NoEncryption()
    write(path("test-ec-p256.sec1.pem"), key.private_bytes(enc.PEM, fmt.TraditionalOpenSSL, none))
    write(path("test-ec-p256.pkcs8.pem"), key.private_bytes(enc.PEM, fmt.PKCS8, none))
    write(path("test-ec-p256.pub.pem"), key.public_key().public_bytes(
        enc.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))


def load(name):
    with open(path(name), "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def build():
    rsa_key = load("test-rsa2048.pkcs8.pem")
    ec_key = load("test-ec-p256.pkcs8.pem")
    ed_key = load("test-ed25519.pkcs8.pem")
    cases = []
    for digest, h in (("SHA1", hashes.SHA1()), ("SHA256", hashes.SHA256())):
        cases.append({
            "id": f"rsa2048-pkcs1v15-{digest.lower()}",
            "input": {"privateKeyFile": "keys/test-rsa2048.pkcs8.pem", "publicKeyFile": "keys/test-rsa2048.pub.pem",
                      "digest": digest, "messageUtf8": MESSAGE.decode()},
            "expected": {"signatureHex": rsa_key.sign(MESSAGE, padding.PKCS1v15(), h).hex(), "source": "OpenSSL via cryptography"},
        })
        # ECDSA is randomised: the vector holds one OpenSSL signature to verify.
        cases.append({
            "id": f"ec-p256-ecdsa-{digest.lower()}",
            "input": {"privateKeyFile": "keys/test-ec-p256.sec1.pem", "publicKeyFile": "keys/test-ec-p256.pub.pem",
                      "digest": digest, "messageUtf8": MESSAGE.decode()},
            "expected": {"verifySignatureHex": ec_key.sign(MESSAGE, ec.ECDSA(h)).hex(), "source": "OpenSSL via cryptography"},
        })
    seed = ed_key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    public = ed_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    cases.append({
        "id": "ed25519",
        "input": {"privateKeyFile": "keys/test-ed25519.pkcs8.pem", "seedHex": seed.hex(), "messageUtf8": MESSAGE.decode()},
        "expected": {"publicKeyHex": public.hex(), "signatureHex": ed_key.sign(MESSAGE).hex(), "source": "OpenSSL via cryptography"},
    })
    for alg, fn in (("SHA1", hashlib.sha1), ("SHA256", hashlib.sha256)):
        secret = b"0123456789abcdef-not-a-real-secret"
        cases.append({
            "id": f"hmac-{alg.lower()}",
            "input": {"secretUtf8": secret.decode(), "algorithm": alg, "messageUtf8": MESSAGE.decode()},
            "expected": {"tagHex": hmac.new(secret, MESSAGE, fn).hexdigest(), "source": "Python hmac"},
        })
    return {
        "description": "Crypto-layer reference vectors from OpenSSL (cryptography) and Python hmac. "
                       "Generated by tests/vectors/generate/crypto_primitives.py; never edit by hand.",
        "passphrase": PASSPHRASE.decode(),
        "cases": cases,
    }


def main():
    ensure_keys()
    text = json.dumps(build(), indent=2) + "\n"
    if "--check" in sys.argv:
        with open(OUT) as f:
            current = f.read()
        # ECDSA signatures are randomised; compare everything else.
        strip = lambda d: [c for c in json.loads(d)["cases"] if not c["id"].startswith("ec-")]
        if strip(current) != strip(text):
            sys.exit("crypto.json is stale: rerun tests/vectors/generate/crypto_primitives.py")
        print("crypto.json is fresh")
        return
    write(OUT, text.encode())
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
