"""Cloudflare Stream signed tokens (RS256 JWT) (``cdnsign::stream``)."""

from datetime import datetime
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union, final

_Time = Union[int, datetime]
_Bytes = Union[str, bytes, bytearray]
_KeyDoc = Union[_Bytes, Mapping[str, Any]]

ALGORITHM: str
# 0: Cloudflare documents exp/nbf with no clock leeway, and a verifier must
# not accept a token Stream would refuse. (It was 30 before.)
DEFAULT_LEEWAY: int
MAX_ACCESS_RULES: int
MAX_LIFETIME: int

@final
class SigningKey:
    """A Stream signing key (key id + parsed RSA private key); thread-safe."""

    def __new__(cls, key_id: str, pem: _Bytes) -> SigningKey: ...
    @staticmethod
    def from_api_response(response: _KeyDoc) -> SigningKey: ...
    @staticmethod
    def from_jwk(jwk: _KeyDoc, kid: Optional[str] = None) -> SigningKey: ...
    @staticmethod
    def from_text(text: _Bytes, kid: Optional[str] = None) -> SigningKey: ...
    @staticmethod
    def generate_response(*, now: Optional[_Time] = None) -> str: ...
    @property
    def kid(self) -> str: ...
    def public_jwk(self) -> Dict[str, str]: ...
    def public_pem(self) -> str: ...
    def sign(
        self,
        video_uid: str,
        *,
        expires: _Time,
        not_before: Optional[_Time] = None,
        downloadable: Optional[bool] = None,
        access_rules: Optional[Union[List[Dict[str, Any]], str]] = None,
        now: Optional[_Time] = None,
    ) -> str: ...
    def verifier(self, *, leeway: int = 0, require_exp: bool = True) -> Verifier:
        """A ``Verifier`` holding this key's public half; ``leeway`` as for ``Verifier``."""

@final
class VerifiedToken:
    """A token that passed every check."""

    @property
    def kid(self) -> str: ...
    @property
    def claims(self) -> Dict[str, Any]: ...
    @property
    def access(self) -> str: ...
    @property
    def access_rule(self) -> Optional[int]: ...

@final
class Verifier:
    """Verifies Stream tokens (RS256 pinned) against keys by kid."""

    def __new__(
        cls,
        keys: Union[
            SigningKey,
            _KeyDoc,
            Mapping[str, Union[SigningKey, _KeyDoc]],
            Iterable[Union[SigningKey, _KeyDoc]],
        ],
        *,
        leeway: int = 0,
        require_exp: bool = True,
    ) -> Verifier:
        """``leeway``: seconds of clock skew allowed on ``exp`` and ``nbf``, default 0
        (``DEFAULT_LEEWAY``). Cloudflare documents none, so a verifier allowing more
        accepts tokens Stream itself refuses: with the default, a token 10 s before its
        ``nbf`` raises ``NotYetValidError`` and one 1 s past its ``exp``
        ``ExpiredError``. Raise it only when this host's clock lags the signer's.
        ``require_exp``: refuse tokens without ``exp`` (Cloudflare's signers set one)."""
    @property
    def kids(self) -> List[str]: ...
    @property
    def leeway(self) -> int:
        """The clock leeway, seconds (0 unless given: Cloudflare allows none)."""
    def verify(
        self,
        token: str,
        *,
        now: Optional[_Time] = None,
        video_uid: Optional[str] = None,
        ip: Optional[str] = None,
        country: Optional[str] = None,
        skip_access_rules: bool = False,
    ) -> Dict[str, Any]: ...
    def verify_token(
        self,
        token: str,
        *,
        now: Optional[_Time] = None,
        video_uid: Optional[str] = None,
        ip: Optional[str] = None,
        country: Optional[str] = None,
        skip_access_rules: bool = False,
    ) -> VerifiedToken: ...

@final
class Urls:
    """Playback URLs on ``https://customer-<CODE>.cloudflarestream.com/<TOKEN|UID>/...``."""

    def __new__(cls, customer_code: str) -> Urls: ...
    @property
    def base(self) -> str: ...
    def url(self, token_or_uid: str, kind: str) -> str: ...
    def iframe(self, token_or_uid: str) -> str: ...
    def hls(self, token_or_uid: str) -> str: ...
    def dash(self, token_or_uid: str) -> str: ...
    def thumbnail(self, token_or_uid: str) -> str: ...
    def mp4_download(self, token_or_uid: str) -> str: ...

def decode(token: str) -> Dict[str, Any]: ...
def id_from_url(url: str) -> Optional[str]: ...

def explain(input: str, *, now: Optional[_Time] = None) -> Optional[Dict[str, Any]]: ...

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
