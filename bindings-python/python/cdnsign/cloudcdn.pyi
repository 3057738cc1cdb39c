"""Google Cloud CDN signed URLs, URL prefixes and cookies (HMAC-SHA1) (``cdnsign::cloudcdn``)."""

from datetime import datetime
from typing import Any, AnyStr, Dict, Iterable, List, Mapping, Optional, Tuple, Union, final

from cdnsign.manifest import ManifestCheck, SignedManifest
from cdnsign.mediacdn import SignedCookie as SignedCookie
from cdnsign.mediacdn import SignedQuery as SignedQuery
from cdnsign.mediacdn import SignedUrl as SignedUrl

_Time = Union[int, datetime]
_Key = Union[str, bytes, bytearray, "SigningKey"]

COOKIE_NAME: str
KEY_LEN: int

@final
class SigningKey:
    """A 16-byte key: key-file text (``str``) or raw bytes (``bytes``)."""

    def __new__(cls, key: _Key) -> SigningKey: ...

@final
class Signer:
    """Signs Cloud CDN URLs, URL prefixes and cookies."""

    def __new__(cls, key_name: str, key: _Key, *, padded: bool = True) -> Signer: ...
    @property
    def key_name(self) -> str: ...
    def sign_url(self, url: str, *, expires: _Time) -> SignedUrl: ...
    def sign_prefix(self, url: str, prefix: str, *, expires: _Time) -> SignedUrl: ...
    def prefix_query(self, prefix: str, *, expires: _Time) -> SignedQuery: ...
    def sign_manifest(
        self,
        manifest: AnyStr,
        *,
        url: str,
        expires: _Time,
        prefix: Optional[str] = None,
        absolute: bool = False,
    ) -> SignedManifest[AnyStr]: ...
    def sign_cookie(
        self,
        prefix: str,
        *,
        expires: _Time,
        domain: Optional[str] = None,
        path: str = "/",
        secure: bool = True,
        http_only: bool = True,
        same_site: Optional[str] = None,
        max_age: Optional[int] = None,
    ) -> SignedCookie: ...

@final
class Verified:
    """What a successful Cloud CDN verification established."""

    @property
    def form(self) -> str: ...
    @property
    def key_name(self) -> str: ...
    @property
    def expires(self) -> int: ...
    @property
    def signed_value(self) -> str: ...

@final
class Verifier:
    """Verifies Cloud CDN signed URLs, prefixes and cookies at the origin."""

    def __new__(cls, keys: Mapping[str, _Key]) -> Verifier: ...
    @property
    def key_names(self) -> List[str]: ...
    def check_manifest(
        self, manifest: Union[str, bytes], *, url: str, now: Optional[_Time] = None
    ) -> ManifestCheck: ...
    def verify(
        self,
        url: str,
        *,
        now: Optional[_Time] = None,
        headers: Optional[Union[Mapping[str, str], Iterable[Tuple[str, str]]]] = None,
        cookie: Optional[str] = None,
    ) -> Verified: ...

def generate_key() -> str: ...

def explain(input: str, *, now: Optional[_Time] = None) -> Optional[Dict[str, Any]]: ...

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
