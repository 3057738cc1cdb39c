"""Google Media CDN signed requests and tokens (``cdnsign::mediacdn``)."""

from cdnsign._native import mediacdn as _native

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
explain = _native.explain

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
