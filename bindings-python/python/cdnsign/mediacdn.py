"""Google Media CDN signed requests and tokens (``cdnsign::mediacdn``)."""

from datetime import datetime
from typing import Any, Dict, Optional, Union

from cdnsign._native import explain as _explain
from cdnsign._native import mediacdn as _native

_Time = Union[int, datetime]

SigningKey = _native.SigningKey
PublicKey = _native.PublicKey
HmacSecret = _native.HmacSecret
Signer = _native.Signer
TokenSigner = _native.TokenSigner
Verifier = _native.Verifier
Verified = _native.Verified
SignedUrl = _native.SignedUrl
SignedQuery = _native.SignedQuery
SignedCookie = _native.SignedCookie
SignedToken = _native.SignedToken
glob_matches = _native.glob_matches
public_key_of = _native.public_key_of
generate_key = _native.generate_key
DEFAULT_TOKEN_PARAM: str = _native.DEFAULT_TOKEN_PARAM
DEFAULT_SHORT_LIFETIME: int = _native.DEFAULT_SHORT_LIFETIME
MAX_SHORT_LIFETIME: int = _native.MAX_SHORT_LIFETIME
MAX_GLOBS: int = _native.MAX_GLOBS
EDGE_CACHE_COOKIE: str = _native.EDGE_CACHE_COOKIE


def explain(input: str, *, now: Optional[_Time] = None) -> Optional[Dict[str, Any]]:
    """Decodes a credential without a key and says what the CDN would check
    and why it might refuse it: the core's explanation as a dict (the JSON of
    ``cdnsign mediacdn explain --json``) plus ``"text"``, its report for a
    terminal; ``None`` when ``input`` is not a Media CDN credential."""
    return _explain("mediacdn", input, now)


__all__ = [
    "explain",
    "SigningKey",
    "PublicKey",
    "HmacSecret",
    "Signer",
    "TokenSigner",
    "Verifier",
    "Verified",
    "SignedUrl",
    "SignedQuery",
    "SignedCookie",
    "SignedToken",
    "glob_matches",
    "public_key_of",
    "generate_key",
    "DEFAULT_TOKEN_PARAM",
    "DEFAULT_SHORT_LIFETIME",
    "MAX_SHORT_LIFETIME",
    "MAX_GLOBS",
    "EDGE_CACHE_COOKIE",
]
