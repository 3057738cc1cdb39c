"""Google Media CDN signed requests and tokens (``cdnsign::mediacdn``)."""

from datetime import datetime
from typing import Any, AnyStr, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union, final

from cdnsign.manifest import ManifestCheck, SignedManifest

_Time = Union[int, datetime]
_Bytes = Union[str, bytes, bytearray]
_Pairs = Union[Mapping[str, str], Iterable[Tuple[str, str]]]
_Strs = Union[str, Sequence[str]]

DEFAULT_TOKEN_PARAM: str
DEFAULT_SHORT_LIFETIME: int
MAX_SHORT_LIFETIME: int
MAX_GLOBS: int
EDGE_CACHE_COOKIE: str

@final
class SignedUrl:
    """A signed URL and the exact bytes its signature covers."""

    @property
    def url(self) -> str: ...
    @property
    def signed_value(self) -> str: ...

@final
class SignedQuery:
    """Signed query parameters, ready to append to any URL under the prefix."""

    @property
    def query(self) -> str: ...
    @property
    def signed_value(self) -> str: ...
    def apply_to(self, url: str) -> str: ...

@final
class SignedCookie:
    """A signed cookie (``Edge-Cache-Cookie`` or ``Cloud-CDN-Cookie``)."""

    @property
    def name(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def signed_value(self) -> str: ...
    @property
    def cookie_pair(self) -> str: ...
    @property
    def set_cookie(self) -> str: ...

@final
class SignedToken:
    """A signed token and how it travels."""

    @property
    def token(self) -> str: ...
    @property
    def signed_value(self) -> str: ...
    @property
    def param(self) -> str: ...
    @property
    def algorithm(self) -> str: ...
    @property
    def query(self) -> str: ...
    @property
    def url(self) -> Optional[str]: ...
    @property
    def cookie(self) -> SignedCookie: ...
    def apply_to_url(self, url: str) -> str: ...

@final
class PublicKey:
    """An Ed25519 public key (keyset value, SPKI PEM/DER, or 32 raw bytes)."""

    def __new__(cls, key: Union[_Bytes, PublicKey, SigningKey]) -> PublicKey: ...
    @property
    def keyset_value(self) -> str: ...
    def to_pem(self) -> str: ...
    def __bytes__(self) -> bytes: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class SigningKey:
    """An Ed25519 private key in any accepted shape."""

    def __new__(cls, key: Union[_Bytes, SigningKey]) -> SigningKey: ...
    @property
    def public_key(self) -> PublicKey: ...

@final
class HmacSecret:
    """An HMAC shared key: ``str`` = base64/base64url text, ``bytes`` = raw."""

    def __new__(cls, secret: Union[_Bytes, HmacSecret]) -> HmacSecret: ...
    def __len__(self) -> int: ...

@final
class Signer:
    """Signs exact URLs, URL prefixes, path components and cookies (Ed25519)."""

    def __new__(
        cls,
        key_name: str,
        private_key: Union[_Bytes, SigningKey],
        *,
        padded: bool = False,
        param: str = "edge-cache-token",
    ) -> Signer: ...
    @property
    def key_name(self) -> str: ...
    @property
    def public_key(self) -> str: ...
    def sign_url(self, url: str, *, expires: _Time) -> SignedUrl: ...
    def sign_prefix(self, url: str, prefix: str, *, expires: _Time) -> SignedUrl: ...
    def prefix_query(self, prefix: str, *, expires: _Time) -> SignedQuery: ...
    def sign_path(self, prefix: str, rest: str, *, expires: _Time) -> SignedUrl: ...
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
class TokenSigner:
    """Signs ``edge-cache-token`` tokens: Ed25519 (``private_key=``) or HMAC (``secret=``)."""

    def __new__(
        cls,
        *,
        private_key: Optional[Union[_Bytes, SigningKey]] = None,
        secret: Optional[Union[_Bytes, HmacSecret]] = None,
        algorithm: Optional[str] = None,
        padded: bool = False,
        param: str = "edge-cache-token",
    ) -> TokenSigner: ...
    @property
    def algorithm(self) -> str: ...
    @property
    def param(self) -> str: ...
    def sign_manifest(
        self,
        manifest: AnyStr,
        *,
        url: str,
        expires: _Time,
        prefix: Optional[str] = None,
        absolute: bool = False,
        path_globs: bool = False,
    ) -> SignedManifest[AnyStr]: ...
    def sign(
        self,
        *,
        expires: _Time,
        path_globs: Optional[_Strs] = None,
        url_prefix: Optional[str] = None,
        full_path: Optional[str] = None,
        starts: Optional[_Time] = None,
        session_id: Optional[str] = None,
        data: Optional[str] = None,
        headers: Optional[_Pairs] = None,
        ip_ranges: Optional[_Strs] = None,
        glob_separator: str = ",",
    ) -> SignedToken: ...
    def sign_url(
        self,
        url: str,
        *,
        expires: _Time,
        path_globs: Optional[_Strs] = None,
        url_prefix: Optional[str] = None,
        full_path: Optional[str] = None,
        starts: Optional[_Time] = None,
        session_id: Optional[str] = None,
        data: Optional[str] = None,
        headers: Optional[_Pairs] = None,
        ip_ranges: Optional[_Strs] = None,
        glob_separator: str = ",",
    ) -> SignedToken: ...
    def sign_short_lived(
        self,
        *,
        now: Optional[_Time] = None,
        lifetime: Optional[int] = None,
        path_globs: Optional[_Strs] = None,
        url_prefix: Optional[str] = None,
        full_path: Optional[str] = None,
        starts: Optional[_Time] = None,
        session_id: Optional[str] = None,
        data: Optional[str] = None,
        headers: Optional[_Pairs] = None,
        ip_ranges: Optional[_Strs] = None,
        glob_separator: str = ",",
    ) -> SignedToken: ...

@final
class Verified:
    """What a successful Media CDN verification established."""

    @property
    def form(self) -> str: ...
    @property
    def key_id(self) -> str: ...
    @property
    def algorithm(self) -> str: ...
    @property
    def expires(self) -> int: ...
    @property
    def starts(self) -> Optional[int]: ...
    @property
    def session_id(self) -> Optional[str]: ...
    @property
    def data(self) -> Optional[str]: ...
    @property
    def signed_value(self) -> str: ...

@final
class Verifier:
    """Verifies signed requests and tokens against a keyset at the origin.

    ``allowed_algorithms`` defaults to Ed25519 alone, as on a Media CDN route
    that lists none: HMAC tokens verify only when ``hmac-sha1`` or
    ``hmac-sha256`` is listed. A bound header sent twice, or whose value holds
    ``~`` or a ``,`` starting ``Name=``, is refused as ``malformed``.
    """

    def __new__(
        cls,
        *,
        public_keys: Optional[Mapping[str, Union[_Bytes, PublicKey, SigningKey]]] = None,
        shared_keys: Optional[Mapping[str, Union[_Bytes, HmacSecret]]] = None,
        keyset_name: Optional[str] = None,
        param: str = "edge-cache-token",
        allowed_algorithms: Optional[List[str]] = None,
        max_expiration_ttl: Optional[int] = None,
        leeway: int = 0,
    ) -> Verifier: ...
    def check_manifest(
        self, manifest: Union[str, bytes], *, url: str, now: Optional[_Time] = None
    ) -> ManifestCheck: ...
    def verify(
        self,
        url: str,
        *,
        now: Optional[_Time] = None,
        headers: Optional[_Pairs] = None,
        cookie: Optional[str] = None,
        client_ip: Optional[str] = None,
    ) -> Verified: ...
    def verify_token(
        self,
        token: str,
        url: str,
        *,
        now: Optional[_Time] = None,
        headers: Optional[_Pairs] = None,
        client_ip: Optional[str] = None,
    ) -> Verified: ...

def glob_matches(glob: str, path: str) -> bool: ...
def public_key_of(private_key: Union[_Bytes, SigningKey]) -> str: ...
def generate_key() -> Dict[str, str]: ...

def explain(input: str, *, now: Optional[_Time] = None) -> Optional[Dict[str, Any]]: ...

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
