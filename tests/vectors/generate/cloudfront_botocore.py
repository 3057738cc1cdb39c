#!/usr/bin/env python3
"""botocore's CloudFrontSigner as a reference for cloudfront.json.

Imported by cloudfront_vectors.py. botocore only signs URLs; it has no cookie
helper and no hash-algorithm option (its `rsa_signer` callable is documented as
"The hash algorithm needed by CloudFront is SHA-1"). What we record:

* `policy`: the exact bytes botocore handed to the signer callable (for canned
  URLs it builds the policy internally; the callable sees it);
* `url`: `generate_presigned_url(...)` verbatim;
* `cookies`: botocore's own Expires/Policy, Signature and Key-Pair-Id values
  taken from that URL and named like CloudFront's cookies (what every botocore
  user does to make signed cookies, since botocore has no cookie function).

Custom policies come from `build_policy(resource, date_less_than,
date_greater_than, ip_address)`; `generate_presigned_url(url, policy=...)` then
signs them for the concrete URL. EC P-256 keys go through the same callable
using deterministic ECDSA (RFC 6979, `cryptography` >= 44) so reruns reproduce
the file byte for byte.
"""
from datetime import datetime, timezone

import botocore
from botocore.signers import CloudFrontSigner
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

VERSION = botocore.__version__


class RecordingSigner:
    """The `rsa_signer` callable botocore wants; records what it is asked to sign."""

    def __init__(self, key):
        self.key = key
        self.messages = []

    def __call__(self, message: bytes) -> bytes:
        self.messages.append(message)
        if isinstance(self.key, rsa.RSAPrivateKey):
            return self.key.sign(message, padding.PKCS1v15(), hashes.SHA1())
        if isinstance(self.key, ec.EllipticCurvePrivateKey):
            return self.key.sign(message, ec.ECDSA(hashes.SHA1(), deterministic_signing=True))
        raise TypeError(f"unsupported key {type(self.key)}")


def utc(seconds):
    return None if seconds is None else datetime.fromtimestamp(seconds, tz=timezone.utc)


def cookies_from_url(signed_url: str, base_url: str) -> dict:
    """botocore's three parameters, as the cookies CloudFront reads."""
    tail = signed_url[len(base_url) + 1:]
    params = dict(p.split("=", 1) for p in tail.split("&"))
    cookies = {}
    if "Expires" in params:
        cookies["CloudFront-Expires"] = params["Expires"]
    if "Policy" in params:
        cookies["CloudFront-Policy"] = params["Policy"]
    cookies["CloudFront-Signature"] = params["Signature"]
    cookies["CloudFront-Key-Pair-Id"] = params["Key-Pair-Id"]
    return cookies


def sign(key, key_pair_id, url, expires, resource=None, starts=None, ip_range=None,
         custom=False):
    """botocore's outputs for one input, or None where botocore cannot express it."""
    recorder = RecordingSigner(key)
    signer = CloudFrontSigner(key_pair_id, recorder)
    if resource is None and starts is None and ip_range is None and not custom:
        signed_url = signer.generate_presigned_url(url, date_less_than=utc(expires))
    else:
        policy = signer.build_policy(resource if resource is not None else url, utc(expires),
                                     date_greater_than=utc(starts), ip_address=ip_range)
        signed_url = signer.generate_presigned_url(url, policy=policy)
    assert len(recorder.messages) == 1
    return {
        "policy": recorder.messages[0].decode("utf-8"),
        "url": signed_url,
        "cookies": cookies_from_url(signed_url, url),
    }
