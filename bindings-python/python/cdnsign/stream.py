"""Cloudflare Stream signed tokens (RS256 JWT) (``cdnsign::stream``)."""

from cdnsign._native import stream as _native

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
explain = _native.explain

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
