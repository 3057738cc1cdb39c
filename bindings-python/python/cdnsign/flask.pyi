"""Flask helper: verify Cloudflare Stream webhooks on the raw body."""

from typing import Any, Callable, Iterable, Union

__all__ = ["stream_webhook"]

_Secret = Union[str, bytes]
_Secrets = Union[_Secret, Iterable[_Secret]]

def stream_webhook(
    secrets: Union[_Secrets, Callable[[], _Secrets]],
    tolerance: int = 300,
    *,
    ignore_timestamp: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]: ...
