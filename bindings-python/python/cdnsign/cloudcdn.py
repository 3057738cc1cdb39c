"""Google Cloud CDN signed URLs, URL prefixes and cookies (HMAC-SHA1) (``cdnsign::cloudcdn``).

Outputs are :mod:`cdnsign.mediacdn`'s ``SignedUrl``, ``SignedQuery`` and ``SignedCookie``."""

from datetime import datetime
from typing import Any, Dict, Optional, Union

from cdnsign._native import explain as _explain
from cdnsign._native import cloudcdn as _native
from cdnsign.mediacdn import SignedCookie, SignedQuery, SignedUrl

_Time = Union[int, datetime]

SigningKey = _native.SigningKey
Signer = _native.Signer
Verifier = _native.Verifier
Verified = _native.Verified
generate_key = _native.generate_key
COOKIE_NAME: str = _native.COOKIE_NAME
KEY_LEN: int = _native.KEY_LEN


def explain(input: str, *, now: Optional[_Time] = None) -> Optional[Dict[str, Any]]:
    """Decodes a credential without a key and says what the CDN would check
    and why it might refuse it: the core's explanation as a dict (the JSON of
    ``cdnsign cloudcdn explain --json``) plus ``"text"``, its report for a
    terminal; ``None`` when ``input`` is not a Cloud CDN credential."""
    return _explain("cloudcdn", input, now)


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
