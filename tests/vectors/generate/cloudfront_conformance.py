#!/usr/bin/env python3
"""Imports the cross-SDK CloudFront conformance vectors into tests/vectors/.

Source: the shared conformance set also used by aws-sdk-net and aws-sdk-ruby
(`shared/vectors/cloudfront-sdk-conformance/`: test-cases.json, a 1024-bit RSA
test key `K1TESTKEY` and a P-256 key `K2ECDSATEST`). This script only reshapes
it to our vector layout `{"description", "cases": [{"id", "input", "expected"}]}`
keeping every field of every case, copies the two keys to tests/vectors/keys/
and points `input.privateKeyFile` at them. Nothing is computed by cdnsign.

Before writing, it re-derives every RSA signature with botocore's
CloudFrontSigner (the reference that reproduces all of them) and verifies the
ECDSA signature with `cryptography`, so a corrupted copy cannot be imported.

Usage: python3 cloudfront_conformance.py [--source DIR] [--check]
"""
import argparse
import base64
import json
import os
import sys

from botocore.signers import CloudFrontSigner
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.dirname(HERE)
KEYS = os.path.join(VECTORS, "keys")
OUT = os.path.join(VECTORS, "cloudfront-sdk-conformance.json")
DEFAULT_SOURCE = os.path.normpath(
    os.path.join(VECTORS, "..", "..", "..", "shared", "vectors", "cloudfront-sdk-conformance"))

KEY_RENAMES = {
    "test-rsa-key.pem": "cloudfront-conformance-rsa1024.pem",
    "test-ecdsa-key.pem": "cloudfront-conformance-ecdsa.pem",
}


def cf_b64decode(text: str) -> bytes:
    return base64.b64decode(text.replace("-", "+").replace("_", "=").replace("~", "/"))


def cross_check(case, key_bytes):
    """Raise if the case's expected signature is not what the references give."""
    expected = case["expected"]
    if expected.get("error"):
        return
    key = serialization.load_pem_private_key(key_bytes, password=None)
    policy = expected["policyJson"].encode()
    cookies = expected.get("cookies", {})
    signature = expected.get("signature") or cookies["CloudFront-Signature"]
    if "CloudFront-Policy" in cookies and cf_b64decode(cookies["CloudFront-Policy"]) != policy:
        raise SystemExit(f"{case['id']}: CloudFront-Policy is not the policyJson")
    if isinstance(key, ec.EllipticCurvePrivateKey):
        try:
            key.public_key().verify(cf_b64decode(signature), policy, ec.ECDSA(hashes.SHA1()))
        except InvalidSignature:
            raise SystemExit(f"{case['id']}: ECDSA signature does not verify")
        return
    signer = CloudFrontSigner(
        case["input"]["keyPairId"],
        lambda msg: key.sign(msg, padding.PKCS1v15(), hashes.SHA1()))
    url = signer.generate_presigned_url("https://example.invalid/x", policy=policy)
    got = url.split("Signature=")[1].split("&")[0]
    if got != signature:
        raise SystemExit(f"{case['id']}: botocore gives {got}, the vector says {signature}")


def build(source):
    with open(os.path.join(source, "test-cases.json"), "rb") as f:
        original = json.load(f)
    keys = {}
    cases = []
    for case in original:
        case = json.loads(json.dumps(case))  # deep copy, order kept
        old_key = case["input"]["privateKeyFile"]
        new_key = KEY_RENAMES[old_key]
        with open(os.path.join(source, old_key), "rb") as f:
            keys[new_key] = f.read()
        cross_check(case, keys[new_key])
        case["input"]["privateKeyFile"] = "keys/" + new_key
        # id, input, expected first; every other original field kept after them.
        reshaped = {"id": case.pop("id"), "input": case.pop("input"), "expected": case.pop("expected")}
        reshaped.update(case)
        cases.append(reshaped)
    doc = {
        "description": (
            "Cross-SDK CloudFront conformance vectors (shared with aws-sdk-net and aws-sdk-ruby), "
            "reshaped from shared/vectors/cloudfront-sdk-conformance/ by "
            "tests/vectors/generate/cloudfront_conformance.py; every field of every case kept. "
            "RSA cases use a 1024-bit test key (signers must opt in to weak keys to use it) and are "
            "reproduced byte for byte by botocore's CloudFrontSigner; the ECDSA case is randomised "
            "and can only be verified. 'signature' is the CloudFront-base64 signature of the exact "
            "'policyJson' bytes; 'queryParams' lists the plain parameters of the signed URL. "
            "Key files are relative to tests/vectors/."),
        "cases": cases,
    }
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    return text, keys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", default=DEFAULT_SOURCE)
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if the committed files differ from a fresh import")
    args = ap.parse_args()
    text, keys = build(args.source)
    if args.check:
        stale = []
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                stale.append(OUT)
        for name, data in keys.items():
            with open(os.path.join(KEYS, name), "rb") as f:
                if f.read() != data:
                    stale.append(name)
        if stale:
            print("stale: " + ", ".join(stale), file=sys.stderr)
            sys.exit(1)
        print("cloudfront-sdk-conformance.json is up to date")
        return
    os.makedirs(KEYS, exist_ok=True)
    for name, data in keys.items():
        with open(os.path.join(KEYS, name), "wb") as f:
            f.write(data)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {OUT} ({len(json.loads(text)['cases'])} cases)")


if __name__ == "__main__":
    main()
