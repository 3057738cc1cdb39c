"""botocore's ``CloudFrontSigner``, on cdnsign.

A drop-in for ``botocore.signers.CloudFrontSigner`` with one difference in
the constructor: it takes the private key (PEM or DER, ``str`` or ``bytes``)
instead of an ``rsa_signer`` callable, and parses it once::

    # before
    signer = CloudFrontSigner(key_id, functools.partial(rsa_sign_with, key))
    # after
    from cdnsign.compat.botocore import CloudFrontSigner
    signer = CloudFrontSigner(key_id, private_key_pem)
    url = signer.generate_presigned_url(url, date_less_than=expires)

Canned-policy URLs are byte-for-byte botocore's. Differences, each on purpose:

- a naive ``datetime`` raises :class:`cdnsign.InvalidInputError` (botocore
  silently reads it as UTC, so ``datetime.now()`` shifts by the local offset);
- URLs CloudFront would not match (spaces, non-ASCII, a fragment, existing
  signing parameters) are refused instead of signed;
- ``build_policy`` writes conditions in the JS SDK's order
  (``DateLessThan``, ``DateGreaterThan``, ``IpAddress``) where botocore puts
  ``IpAddress`` before ``DateGreaterThan``; CloudFront accepts both, and the
  policy is signed byte for byte as given either way.
"""

from datetime import datetime
from typing import Optional, Union

from cdnsign import cloudfront
from cdnsign.errors import InvalidInputError

__all__ = ["CloudFrontSigner"]

_Time = Union[int, datetime]


class CloudFrontSigner:
    """``botocore.signers.CloudFrontSigner`` taking a PEM instead of a callable."""

    def __init__(
        self,
        key_id: str,
        private_key_pem: Union[str, bytes],
        *,
        passphrase: Optional[Union[str, bytes]] = None,
    ) -> None:
        self.key_id = key_id
        self._signer = cloudfront.Signer(key_id, private_key_pem, passphrase=passphrase)

    def generate_presigned_url(
        self,
        url: str,
        date_less_than: Optional[_Time] = None,
        policy: Optional[Union[str, bytes]] = None,
    ) -> str:
        """A signed URL: canned with ``date_less_than``, or under ``policy``
        (e.g. from :meth:`build_policy`). Exactly one of the two."""
        if (date_less_than is None) == (policy is None):
            # botocore's own message and exception type (ValueError)
            raise InvalidInputError(
                "Need to provide either date_less_than or policy, but not both",
                field="date_less_than",
            )
        if date_less_than is not None:
            return self._signer.sign_url(url, expires=date_less_than, policy_kind="canned")
        assert policy is not None
        if isinstance(policy, bytes):
            policy = policy.decode("utf-8")
        return self._signer.sign_url_with_policy(url, policy)

    def build_policy(
        self,
        resource: str,
        date_less_than: _Time,
        date_greater_than: Optional[_Time] = None,
        ip_address: Optional[str] = None,
    ) -> str:
        """A custom policy JSON for ``resource`` (which may use ``*`` and ``?``)."""
        return cloudfront.build_policy(
            resource, expires=date_less_than, starts=date_greater_than, ip_range=ip_address
        )
