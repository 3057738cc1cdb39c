"""botocore's ``CloudFrontSigner``, on cdnsign."""

from datetime import datetime
from typing import Optional, Union

__all__ = ["CloudFrontSigner"]

_Time = Union[int, datetime]

class CloudFrontSigner:
    key_id: str
    def __init__(
        self,
        key_id: str,
        private_key_pem: Union[str, bytes],
        *,
        passphrase: Optional[Union[str, bytes]] = None,
    ) -> None: ...
    def generate_presigned_url(
        self,
        url: str,
        date_less_than: Optional[_Time] = None,
        policy: Optional[Union[str, bytes]] = None,
    ) -> str: ...
    def build_policy(
        self,
        resource: str,
        date_less_than: _Time,
        date_greater_than: Optional[_Time] = None,
        ip_address: Optional[str] = None,
    ) -> str: ...
