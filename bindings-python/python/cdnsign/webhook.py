"""Cloudflare Stream webhook signatures (``Webhook-Signature``) (``cdnsign::webhook``)."""

from datetime import datetime
from typing import Any, Dict, Optional, Union

from cdnsign._native import explain as _explain
from cdnsign._native import webhook as _native

_Time = Union[int, datetime]

Verifier = _native.Verifier
Verified = _native.Verified
Event = _native.Event
sign = _native.sign
parse_event = _native.parse_event
HEADER_NAME: str = _native.HEADER_NAME
DEFAULT_TOLERANCE: int = _native.DEFAULT_TOLERANCE


def explain(
    input: str, *, now: Optional[_Time] = None, body_len: Optional[int] = None
) -> Optional[Dict[str, Any]]:
    """Decodes a credential without a key and says what the CDN would check
    and why it might refuse it: the core's explanation as a dict (the JSON of
    ``cdnsign webhook explain --json``) plus ``"text"``, its report for a
    terminal; ``None`` when ``input`` is not a ``Webhook-Signature`` header.
    ``body_len``: the length of the body received, if known, for the checks."""
    return _explain("webhook", input, now, body_len)


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
