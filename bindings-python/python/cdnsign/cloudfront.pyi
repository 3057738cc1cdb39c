"""AWS CloudFront signed URLs and signed cookies (``cdnsign::cloudfront``)."""

from datetime import datetime
from typing import Any, AnyStr, Dict, Iterable, Iterator, Mapping, Optional, Tuple, Union, final

from cdnsign.manifest import ManifestCheck, SignedManifest

_Time = Union[int, datetime]
_Bytes = Union[str, bytes, bytearray]

MAX_URL_LEN: int
RSA_BITS: int

@final
class Signer:
    """Mints CloudFront signed URLs and cookies; immutable and thread-safe."""

    def __new__(
        cls,
        key_pair_id: str,
        private_key: _Bytes,
        *,
        passphrase: Optional[_Bytes] = None,
        hash_algorithm: str = "SHA1",
        allow_weak_rsa_for_tests: bool = False,
    ) -> Signer: ...
    @property
    def key_pair_id(self) -> str: ...
    @property
    def hash_algorithm(self) -> str: ...
    @property
    def key_kind(self) -> str: ...
    def public_key_pem(self) -> str: ...
    def sign_policy(self, policy: _Bytes) -> str: ...
    def sign_manifest(
        self,
        manifest: AnyStr,
        *,
        url: str,
        expires: _Time,
        prefix: Optional[str] = None,
        absolute: bool = False,
    ) -> SignedManifest[AnyStr]: ...
    def sign_url(
        self,
        url: str,
        *,
        expires: _Time,
        starts: Optional[_Time] = None,
        ip_range: Optional[str] = None,
        resource: Optional[str] = None,
        policy_kind: str = "auto",
    ) -> str: ...
    def sign_url_with_policy(self, url: str, policy: str) -> str: ...
    def sign_cookies(
        self,
        resource: str,
        *,
        expires: _Time,
        starts: Optional[_Time] = None,
        ip_range: Optional[str] = None,
        domain: Optional[str] = None,
        path: Optional[str] = "/",
        secure: bool = True,
        http_only: bool = True,
        same_site: Optional[str] = None,
        policy_kind: str = "auto",
        cookie_expires: Optional[_Time] = None,
        max_age: Optional[int] = None,
    ) -> Cookies: ...
    def sign_cookies_with_policy(
        self,
        policy: str,
        *,
        domain: Optional[str] = None,
        path: Optional[str] = "/",
        secure: bool = True,
        http_only: bool = True,
        same_site: Optional[str] = None,
        cookie_expires: Optional[_Time] = None,
        max_age: Optional[int] = None,
    ) -> Cookies: ...

@final
class Cookies(Mapping[str, str]):
    """Signed cookies: a read-only mapping name -> value, in CloudFront's order."""

    def set_cookie_headers(self) -> list[str]: ...
    def cookie_header(self) -> str: ...
    def __getitem__(self, name: str, /) -> str: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[str]: ...
    def __contains__(self, name: object, /) -> bool: ...
    def keys(self) -> list[str]: ...  # type: ignore[override]
    def values(self) -> list[str]: ...  # type: ignore[override]
    def items(self) -> list[Tuple[str, str]]: ...  # type: ignore[override]
    def get(self, name: str, default: Optional[str] = None) -> Optional[str]: ...  # type: ignore[override]
    def __eq__(self, other: object, /) -> bool: ...

@final
class Verified:
    """What a verified CloudFront credential grants."""

    @property
    def form(self) -> str: ...
    @property
    def key_pair_id(self) -> str: ...
    @property
    def hash_algorithm(self) -> str: ...
    @property
    def canned(self) -> bool: ...
    @property
    def resource(self) -> Optional[str]: ...
    @property
    def expires(self) -> int: ...
    @property
    def starts(self) -> Optional[int]: ...
    @property
    def ip_range(self) -> Optional[str]: ...
    @property
    def request_url(self) -> str: ...
    @property
    def policy_json(self) -> str: ...

@final
class Verifier:
    """Verifies signed URLs and cookies the way CloudFront does."""

    def __new__(
        cls,
        keys: Mapping[str, Union[_Bytes, Signer]],
        *,
        allow_weak_rsa_for_tests: bool = False,
    ) -> Verifier: ...
    @property
    def key_pair_ids(self) -> list[str]: ...
    def check_manifest(
        self, manifest: Union[str, bytes], *, url: str, now: Optional[_Time] = None
    ) -> ManifestCheck: ...
    def verify_url(
        self, url: str, *, now: Optional[_Time] = None, client_ip: Optional[str] = None
    ) -> Verified: ...
    def verify_cookies(
        self,
        url: str,
        cookies: Union[str, bytes, Mapping[str, str], Iterable[Tuple[str, str]]],
        *,
        now: Optional[_Time] = None,
        client_ip: Optional[str] = None,
    ) -> Verified: ...

def percent_encode_url(url: str) -> str: ...
def wildcard_matches(pattern: str, url: str) -> bool: ...
def build_policy(
    resource: str,
    *,
    expires: _Time,
    starts: Optional[_Time] = None,
    ip_range: Optional[str] = None,
) -> str: ...

def explain(input: str, *, now: Optional[_Time] = None) -> Optional[Dict[str, Any]]: ...

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
