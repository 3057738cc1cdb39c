"""AWS CloudFront signed URLs and signed cookies (``cdnsign::cloudfront``).

>>> signer = Signer("K2JCJMDEHXQW5F", private_key_pem)            # doctest: +SKIP
>>> signer.sign_url("https://d111111abcdef8.cloudfront.net/a.mp4", expires=1767290400)  # doctest: +SKIP
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Dict, Optional, Union

from cdnsign._native import explain as _explain
from cdnsign._native import cloudfront as _native

_Time = Union[int, datetime]

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


def explain(input: str, *, now: Optional[_Time] = None) -> Optional[Dict[str, Any]]:
    """Decodes a credential without a key and says what the CDN would check
    and why it might refuse it: the core's explanation as a dict (the JSON of
    ``cdnsign cloudfront explain --json``) plus ``"text"``, its report for a
    terminal; ``None`` when ``input`` is not a CloudFront signed URL or cookies."""
    return _explain("cloudfront", input, now)


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
