"""Cloudflare Stream webhook signatures (``Webhook-Signature``) (``cdnsign::webhook``)."""

from datetime import datetime
from typing import Any, Dict, Iterable, Optional, Union, final

_Time = Union[int, datetime]
_Bytes = Union[str, bytes, bytearray]

HEADER_NAME: str
DEFAULT_TOLERANCE: int

@final
class Event:
    """The typed view of a webhook body."""

    @property
    def uid(self) -> str: ...
    @property
    def ready_to_stream(self) -> Optional[bool]: ...
    @property
    def state(self) -> Optional[str]: ...
    @property
    def state_known(self) -> bool: ...
    @property
    def lifecycle(self) -> str: ...
    @property
    def pct_complete(self) -> Optional[float]: ...
    @property
    def pct_complete_raw(self) -> Optional[str]: ...
    @property
    def error_reason_code(self) -> Optional[str]: ...
    @property
    def error_reason_text(self) -> Optional[str]: ...
    @property
    def meta(self) -> Optional[Dict[str, Any]]: ...
    @property
    def created(self) -> Optional[str]: ...
    @property
    def modified(self) -> Optional[str]: ...
    @property
    def duration(self) -> Optional[float]: ...
    @property
    def raw(self) -> Any: ...
    @property
    def time(self) -> Optional[int]: ...
    @property
    def age(self) -> Optional[int]: ...
    @property
    def secret_index(self) -> Optional[int]: ...

@final
class Verified:
    """A delivery whose signature verified."""

    @property
    def time(self) -> int: ...
    @property
    def age(self) -> int: ...
    @property
    def secret_index(self) -> int: ...

@final
class Verifier:
    """Verifies ``Webhook-Signature`` headers on the raw body, with secret rotation."""

    def __new__(
        cls,
        secrets: Union[_Bytes, Iterable[_Bytes]],
        *,
        tolerance: int = 300,
        ignore_timestamp: bool = False,
    ) -> Verifier: ...
    @property
    def tolerance(self) -> Optional[int]: ...
    def verify(
        self, header: Optional[_Bytes], body: _Bytes, *, now: Optional[_Time] = None
    ) -> Verified: ...
    def verify_event(
        self, header: Optional[_Bytes], body: _Bytes, *, now: Optional[_Time] = None
    ) -> Event: ...

def sign(secret: _Bytes, body: _Bytes, *, time: Optional[_Time] = None) -> str: ...
def parse_event(body: _Bytes) -> Event: ...

def explain(input: str, *, now: Optional[_Time] = None, body_len: Optional[int] = None) -> Optional[Dict[str, Any]]: ...

__all__ = [
    "explain",
    "Verifier",
    "Verified",
    "Event",
    "sign",
    "parse_event",
    "HEADER_NAME",
    "DEFAULT_TOLERANCE",
]
