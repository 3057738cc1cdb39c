"""Exceptions raised by cdnsign.

Every exception is a :class:`CdnSignError` carrying the core's stable
``code`` (``"expired"``, ``"bad_signature"``, ...), the ``field`` it concerns
when there is one, and a human ``message`` with the numbers involved.

- :class:`InvalidInputError` (also a :class:`ValueError`): a caller mistake.
- :class:`InvalidKeyError`: a key that cannot be parsed or used.
- :class:`VerificationError`: a credential was rejected; one subclass per
  rejection code (:class:`ExpiredError`, :class:`SignatureMismatchError`, ...).
- :class:`InternalError`: a bug in cdnsign (a Rust panic is reported this way).

Wrong argument *types* (a float for a time, a list for a key) raise the
built-in :class:`TypeError`, as Python functions do.
"""

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

    default_code = "internal"

    code: str
    """The core's stable machine code (``cdnsign::ErrorCode::as_str``)."""
    field: Optional[str]
    """The argument, option, token field or parameter concerned, if any."""
    message: str
    """The human explanation."""

    def __init__(
        self, message: str = "", *, code: Optional[str] = None, field: Optional[str] = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code if code is not None else type(self).default_code
        self.field = field


class InvalidInputError(CdnSignError, ValueError):
    """An argument is not acceptable (bad URL, out-of-range time, naive datetime, ...)."""

    default_code = "invalid_input"


class InvalidKeyError(CdnSignError):
    """A key could not be parsed, is of the wrong type, or is too weak."""

    default_code = "invalid_key"


class VerificationError(CdnSignError):
    """A credential was rejected; ``code`` says why."""

    default_code = "bad_signature"


class ExpiredError(VerificationError):
    """The credential's expiry is in the past (``expired``)."""

    default_code = "expired"


class NotYetValidError(VerificationError):
    """The credential's start time is in the future (``not_yet_valid``)."""

    default_code = "not_yet_valid"


class SignatureMismatchError(VerificationError):
    """The signature does not match under the selected key (``bad_signature``)."""

    default_code = "bad_signature"


class UnknownKeyError(VerificationError):
    """The credential names a key the verifier does not hold (``unknown_key``)."""

    default_code = "unknown_key"


class UrlMismatchError(VerificationError):
    """The credential does not cover the requested URL or path (``url_mismatch``)."""

    default_code = "url_mismatch"


class IpNotAllowedError(VerificationError):
    """The client IP is outside the allowed ranges (``ip_not_allowed``)."""

    default_code = "ip_not_allowed"


class CountryNotAllowedError(VerificationError):
    """The viewer's country is blocked by an access rule (``country_not_allowed``)."""

    default_code = "country_not_allowed"


class MalformedError(VerificationError):
    """The credential cannot be parsed (``malformed``)."""

    default_code = "malformed"


class TimestampTooOldError(VerificationError):
    """A webhook timestamp is older than the tolerance (``timestamp_too_old``)."""

    default_code = "timestamp_too_old"


class TimestampInFutureError(VerificationError):
    """A webhook timestamp is further ahead than the tolerance (``timestamp_in_future``)."""

    default_code = "timestamp_in_future"


class MissingCredentialError(VerificationError):
    """The request carries no credential at all (``missing_credential``)."""

    default_code = "missing_credential"


class AlgorithmNotAllowedError(VerificationError):
    """The token uses another algorithm than the pinned one (``algorithm_not_allowed``)."""

    default_code = "algorithm_not_allowed"


class SubjectMismatchError(VerificationError):
    """The token was issued for another video (``subject_mismatch``)."""

    default_code = "subject_mismatch"


class HeaderMismatchError(VerificationError):
    """A header bound into the credential is missing or differs (``header_mismatch``)."""

    default_code = "header_mismatch"


class AccessDeniedError(VerificationError):
    """An access rule other than a country rule blocked the viewer (``access_denied``)."""

    default_code = "access_denied"


class InternalError(CdnSignError):
    """A bug in cdnsign (an invariant broke, or Rust code panicked)."""

    default_code = "internal"


_BY_CODE: Dict[str, Type[CdnSignError]] = {
    cls.default_code: cls
    for cls in (
        InvalidInputError,
        InvalidKeyError,
        ExpiredError,
        NotYetValidError,
        SignatureMismatchError,
        UnknownKeyError,
        UrlMismatchError,
        IpNotAllowedError,
        CountryNotAllowedError,
        MalformedError,
        TimestampTooOldError,
        TimestampInFutureError,
        MissingCredentialError,
        AlgorithmNotAllowedError,
        SubjectMismatchError,
        HeaderMismatchError,
        AccessDeniedError,
        InternalError,
    )
}


def error_class(code: str, is_rejection: bool = False) -> Type[CdnSignError]:
    """The exception class raised for a core error code.

    A code added to the core after this release maps to
    :class:`VerificationError` when it is a rejection, else :class:`CdnSignError`.
    """
    cls = _BY_CODE.get(code)
    if cls is not None:
        return cls
    return VerificationError if is_rejection else CdnSignError


def _from_core(
    code: str, is_rejection: bool, message: str, field: Optional[str]
) -> CdnSignError:
    # Called by the Rust extension to build the exception it raises.
    return error_class(code, is_rejection)(message, code=code, field=field)
