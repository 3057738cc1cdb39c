"""AWS CloudFront signed URLs and signed cookies (``cdnsign::cloudfront``).

>>> signer = Signer("K2JCJMDEHXQW5F", private_key_pem)            # doctest: +SKIP
>>> signer.sign_url("https://d111111abcdef8.cloudfront.net/a.mp4", expires=1767290400)  # doctest: +SKIP
"""

from collections.abc import Mapping

from cdnsign._native import cloudfront as _native

Signer = _native.Signer
Verifier = _native.Verifier
Cookies = _native.Cookies
Verified = _native.Verified
percent_encode_url = _native.percent_encode_url
wildcard_matches = _native.wildcard_matches
build_policy = _native.build_policy
MAX_URL_LEN: int = _native.MAX_URL_LEN
RSA_BITS: int = _native.RSA_BITS

# Cookies is a read-only mapping name -> value.
Mapping.register(Cookies)
explain = _native.explain

__all__ = [
    "explain",
    "Signer",
    "Verifier",
    "Cookies",
    "Verified",
    "percent_encode_url",
    "wildcard_matches",
    "build_policy",
    "MAX_URL_LEN",
    "RSA_BITS",
]
