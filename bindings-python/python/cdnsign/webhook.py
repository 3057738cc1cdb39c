"""Cloudflare Stream webhook signatures (``Webhook-Signature``) (``cdnsign::webhook``)."""

from cdnsign._native import webhook as _native

Verifier = _native.Verifier
Verified = _native.Verified
Event = _native.Event
sign = _native.sign
parse_event = _native.parse_event
HEADER_NAME: str = _native.HEADER_NAME
DEFAULT_TOLERANCE: int = _native.DEFAULT_TOLERANCE
explain = _native.explain

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
