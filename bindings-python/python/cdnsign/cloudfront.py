"""AWS CloudFront signed URLs and signed cookies (``cdnsign::cloudfront``).

>>> signer = Signer("K2JCJMDEHXQW5F", private_key_pem)            # doctest: +SKIP
>>> signer.sign_url("https://d111111abcdef8.cloudfront.net/a.mp4", expires=1767290400)  # doctest: +SKIP
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

from cdnsign._native import explain as _explain
from cdnsign._native import cloudfront as _native
from cdnsign.errors import InvalidInputError

_Time = Union[int, datetime]

Signer = _native.Signer
Verifier = _native.Verifier
Verified = _native.Verified
percent_encode_url = _native.percent_encode_url
wildcard_matches = _native.wildcard_matches
build_policy = _native.build_policy
MAX_URL_LEN: int = _native.MAX_URL_LEN
RSA_BITS: int = _native.RSA_BITS



class Cookies(Mapping[str, str]):
    """Signed cookies: a read-only mapping name -> value, in CloudFront's order
    (``CloudFront-Expires`` or ``CloudFront-Policy``, ``CloudFront-Signature``,
    ``CloudFront-Key-Pair-Id``, then ``CloudFront-Hash-Algorithm`` with SHA-256)."""

    __slots__ = ("_cookies", "_set_cookie", "_header")
    _cookies: Dict[str, str]
    _set_cookie: List[str]
    _header: str

    def __init__(self) -> None:
        raise TypeError("cdnsign.cloudfront.Cookies are made by Signer.sign_cookies")

    def set_cookie_headers(self) -> List[str]:
        """One value per cookie for ``Set-Cookie:`` response headers, with the attributes."""
        return list(self._set_cookie)

    def cookie_header(self) -> str:
        """The cookies as a browser sends them back (a ``Cookie:`` request header value)."""
        return self._header

    def __getitem__(self, name: str, /) -> str:
        return self._cookies[_name(name)]

    def __len__(self) -> int:
        return len(self._cookies)

    def __iter__(self) -> Iterator[str]:
        return iter(self._cookies)

    def __contains__(self, name: object, /) -> bool:
        return isinstance(name, str) and name in self._cookies

    def keys(self) -> List[str]:  # type: ignore[override]
        """The cookie names, in order."""
        return list(self._cookies)

    def values(self) -> List[str]:  # type: ignore[override]
        """The cookie values, in order."""
        return list(self._cookies.values())

    def items(self) -> List[Tuple[str, str]]:  # type: ignore[override]
        """``(name, value)`` pairs, in order."""
        return list(self._cookies.items())

    def get(self, name: str, default: Optional[str] = None) -> Optional[str]:  # type: ignore[override]
        """The value of cookie ``name``, or ``default``."""
        if default is not None:
            _text(default, "default")
        return self._cookies.get(_name(name), default)

    def __eq__(self, other: object, /) -> bool:
        if isinstance(other, Cookies):
            return list(self._cookies.items()) == list(other._cookies.items())
        return isinstance(other, dict) and self._cookies == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<cdnsign.cloudfront.Cookies {', '.join(self._cookies)}>"


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{field} must be str, not {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(f"{field} has no UTF-8 form (a lone surrogate)", field=field) from None
    return value


def _name(name: object) -> str:
    if not isinstance(name, str):
        raise TypeError(f"cookie names are str, not {type(name).__name__}")
    return name


def _cookies(record: Dict[str, Any]) -> Cookies:
    # Called by the native signer with the CloudFrontCookies record.
    c = object.__new__(Cookies)
    c._cookies = {n["name"]: n["value"] for n in record["cookies"]}
    c._set_cookie = record["set_cookie"]
    c._header = record["cookie_header"]
    return c


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
