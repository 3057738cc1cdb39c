"""Cloudflare Stream signed tokens (RS256 JWT) (``cdnsign::stream``)."""

from datetime import datetime
from typing import Any, Dict, Optional, Union

from cdnsign._native import explain as _explain
from cdnsign._native import stream as _native

_Time = Union[int, datetime]

SigningKey = _native.SigningKey
Verifier = _native.Verifier
VerifiedToken = _native.VerifiedToken
Urls = _native.Urls
decode = _native.decode
id_from_url = _native.id_from_url
ALGORITHM: str = _native.ALGORITHM
DEFAULT_LEEWAY: int = _native.DEFAULT_LEEWAY
MAX_ACCESS_RULES: int = _native.MAX_ACCESS_RULES
MAX_LIFETIME: int = _native.MAX_LIFETIME


def explain(input: str, *, now: Optional[_Time] = None) -> Optional[Dict[str, Any]]:
    """Decodes a credential without a key and says what the CDN would check
    and why it might refuse it: the core's explanation as a dict (the JSON of
    ``cdnsign stream explain --json``) plus ``"text"``, its report for a
    terminal; ``None`` when ``input`` is not a Stream token."""
    return _explain("stream", input, now)


__all__ = [
    "explain",
    "SigningKey",
    "Verifier",
    "VerifiedToken",
    "Urls",
    "decode",
    "id_from_url",
    "ALGORITHM",
    "DEFAULT_LEEWAY",
    "MAX_ACCESS_RULES",
    "MAX_LIFETIME",
]
