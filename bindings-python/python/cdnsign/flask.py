"""Flask helper: verify Cloudflare Stream webhooks on the raw body.

::

    from cdnsign.flask import stream_webhook

    @app.post("/webhook/stream")
    @stream_webhook(os.environ["STREAM_WEBHOOK_SECRET"])
    def on_stream_event(event):          # a cdnsign.webhook.Event
        ...
        return "", 204

The decorator reads ``request.get_data()`` — the exact bytes Cloudflare
signed, whatever JSON parsing happens elsewhere — and the
``Webhook-Signature`` header, verifies them with
:class:`cdnsign.webhook.Verifier`, and calls the view with the typed event as
its first argument (also in ``flask.g.stream_event``). On failure it answers
with a JSON error ``{"error": <code>, "message": <why>}`` and never calls the
view: 401 for a missing header, a bad signature or a timestamp outside the
tolerance; 400 for a malformed header or a body that is not a Stream event.

``secrets`` is one secret, a list (during a rotation), or a callable
returning either, called per request (e.g. to read ``current_app.config``).
Needs Flask (``pip install cdnsign[flask]``).
"""

import functools
from typing import Any, Callable, Iterable, Union

from flask import g, jsonify, request

from cdnsign import webhook
from cdnsign.errors import CdnSignError, VerificationError

__all__ = ["stream_webhook"]

_Secret = Union[str, bytes]
_Secrets = Union[_Secret, Iterable[_Secret]]

# Rejections that mean "not from Cloudflare (or not now)": 401. Anything else
# (a malformed header, a body that is not an event) is a bad request: 400.
_UNAUTHORIZED = {
    "missing_credential",
    "bad_signature",
    "timestamp_too_old",
    "timestamp_in_future",
}


def stream_webhook(
    secrets: Union[_Secrets, Callable[[], _Secrets]],
    tolerance: int = 300,
    *,
    ignore_timestamp: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator for a Flask view receiving Cloudflare Stream webhooks."""

    fixed = None if callable(secrets) else _verifier(secrets, tolerance, ignore_timestamp)

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            verifier = fixed
            if verifier is None:
                assert callable(secrets)
                verifier = _verifier(secrets(), tolerance, ignore_timestamp)
            body = request.get_data(cache=True)
            header = request.headers.get(webhook.HEADER_NAME)
            try:
                event = verifier.verify_event(header, body)
            except VerificationError as e:
                status = 401 if e.code in _UNAUTHORIZED else 400
                return jsonify(error=e.code, message=e.message), status
            except CdnSignError as e:
                return jsonify(error=e.code, message=e.message), 400
            g.stream_event = event
            return view(event, *args, **kwargs)

        return wrapper

    return decorator


def _verifier(secrets: _Secrets, tolerance: int, ignore_timestamp: bool) -> webhook.Verifier:
    return webhook.Verifier(secrets, tolerance=tolerance, ignore_timestamp=ignore_timestamp)
