"""cdnsign: mint and verify CDN credentials.

Submodules: :mod:`cdnsign.cloudfront` (AWS CloudFront signed URLs and
cookies), :mod:`cdnsign.stream` (Cloudflare Stream signed tokens),
:mod:`cdnsign.webhook` (Cloudflare Stream webhook signatures),
:mod:`cdnsign.mediacdn` (Google Media CDN), :mod:`cdnsign.cloudcdn` (Google
Cloud CDN), :mod:`cdnsign.manifest` (what ``signer.sign_manifest`` and
``verifier.check_manifest`` return for signed HLS and DASH),
:mod:`cdnsign.compat.botocore` (a drop-in for botocore's
``CloudFrontSigner``), :mod:`cdnsign.flask` (a Flask decorator for Stream
webhooks; needs Flask) and :mod:`cdnsign.edge` (runs ``cdnsign edge`` for
tests; import it explicitly).

Times are ``int`` Unix seconds or aware ``datetime`` objects; keys and bodies
are ``str`` or ``bytes``. Errors are :class:`CdnSignError` subclasses.
"""

from cdnsign.errors import (
    AccessDeniedError,
    AlgorithmNotAllowedError,
    CdnSignError,
    CountryNotAllowedError,
    ExpiredError,
    HeaderMismatchError,
    InternalError,
    InvalidInputError,
    InvalidKeyError,
    IpNotAllowedError,
    MalformedError,
    MissingCredentialError,
    NotYetValidError,
    SignatureMismatchError,
    SubjectMismatchError,
    TimestampInFutureError,
    TimestampTooOldError,
    UnknownKeyError,
    UrlMismatchError,
    VerificationError,
)
from cdnsign import cloudcdn, cloudfront, manifest, mediacdn, stream, webhook

__version__: str

__all__ = [
    "__version__",
    "cloudfront",
    "stream",
    "webhook",
    "mediacdn",
    "cloudcdn",
    "manifest",
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
]
