"""Exceptions raised by cdnsign (see the module docstring at runtime)."""

from typing import Dict, Optional, Type

__all__ = [
    "CdnSignError",
    "InvalidInputError",
    "InvalidKeyError",
    "VerificationError",
    "ExpiredError",
    "NotYetValidError",
    "SignatureMismatchError",
    "UnknownKeyError",
    "UrlMismatchError",
    "IpNotAllowedError",
    "CountryNotAllowedError",
    "MalformedError",
    "TimestampTooOldError",
    "TimestampInFutureError",
    "MissingCredentialError",
    "AlgorithmNotAllowedError",
    "SubjectMismatchError",
    "HeaderMismatchError",
    "AccessDeniedError",
    "InternalError",
    "error_class",
]

class CdnSignError(Exception):
    """Base class of every cdnsign error."""
    default_code: str
    code: str
    field: Optional[str]
    message: str
    def __init__(self, message: str = "", *, code: Optional[str] = None, field: Optional[str] = None) -> None: ...

class InvalidInputError(CdnSignError, ValueError):
    """An argument is not acceptable (bad URL, out-of-range time, naive datetime, ...)."""
    default_code: str

class InvalidKeyError(CdnSignError):
    """A key could not be parsed, is of the wrong type, or is too weak."""
    default_code: str

class VerificationError(CdnSignError):
    """A credential was rejected; ``code`` says why."""
    default_code: str

class ExpiredError(VerificationError):
    """The credential's expiry is in the past (``expired``)."""
    default_code: str

class NotYetValidError(VerificationError):
    """The credential's start time is in the future (``not_yet_valid``)."""
    default_code: str

class SignatureMismatchError(VerificationError):
    """The signature does not match under the selected key (``bad_signature``)."""
    default_code: str

class UnknownKeyError(VerificationError):
    """The credential names a key the verifier does not hold (``unknown_key``)."""
    default_code: str

class UrlMismatchError(VerificationError):
    """The credential does not cover the requested URL or path (``url_mismatch``)."""
    default_code: str

class IpNotAllowedError(VerificationError):
    """The client IP is outside the allowed ranges (``ip_not_allowed``)."""
    default_code: str

class CountryNotAllowedError(VerificationError):
    """The viewer's country is blocked by an access rule (``country_not_allowed``)."""
    default_code: str

class MalformedError(VerificationError):
    """The credential cannot be parsed (``malformed``)."""
    default_code: str

class TimestampTooOldError(VerificationError):
    """A webhook timestamp is older than the tolerance (``timestamp_too_old``)."""
    default_code: str

class TimestampInFutureError(VerificationError):
    """A webhook timestamp is further ahead than the tolerance (``timestamp_in_future``)."""
    default_code: str

class MissingCredentialError(VerificationError):
    """The request carries no credential at all (``missing_credential``)."""
    default_code: str

class AlgorithmNotAllowedError(VerificationError):
    """The token uses another algorithm than the pinned one (``algorithm_not_allowed``)."""
    default_code: str

class SubjectMismatchError(VerificationError):
    """The token was issued for another video (``subject_mismatch``)."""
    default_code: str

class HeaderMismatchError(VerificationError):
    """A header bound into the credential is missing or differs (``header_mismatch``)."""
    default_code: str

class AccessDeniedError(VerificationError):
    """An access rule other than a country rule blocked the viewer (``access_denied``)."""
    default_code: str

class InternalError(CdnSignError):
    """A bug in cdnsign (an invariant broke, or Rust code panicked)."""
    default_code: str

def error_class(code: str, is_rejection: bool = False) -> Type[CdnSignError]: ...
def _from_core(code: str, is_rejection: bool, message: str, field: Optional[str]) -> CdnSignError: ...
