"""Google Cloud CDN signed URLs, URL prefixes and cookies (HMAC-SHA1) (``cdnsign::cloudcdn``).

Outputs are :mod:`cdnsign.mediacdn`'s ``SignedUrl``, ``SignedQuery`` and ``SignedCookie``."""

from cdnsign._native import cloudcdn as _native
from cdnsign.mediacdn import SignedCookie, SignedQuery, SignedUrl

SigningKey = _native.SigningKey
Signer = _native.Signer
Verifier = _native.Verifier
Verified = _native.Verified
generate_key = _native.generate_key
COOKIE_NAME: str = _native.COOKIE_NAME
KEY_LEN: int = _native.KEY_LEN
explain = _native.explain

__all__ = [
    "explain",
    "SigningKey",
    "Signer",
    "Verifier",
    "Verified",
    "SignedUrl",
    "SignedQuery",
    "SignedCookie",
    "generate_key",
    "COOKIE_NAME",
    "KEY_LEN",
]
