"""cdnsign.flask.stream_webhook on a minimal Flask app."""

import json
import time

from flask import Flask, g, request

from cdnsign import webhook
from cdnsign.flask import stream_webhook

SECRET = "85011ed3a913c6ad5f9cf6c5573cc0a7"
BODY = b'{"uid":"6b9e68b07dfee8cc2d116e4c51d6a957","readyToStream":true,"status":{"state":"ready"}}'


def make_app(secrets, **kw):
    app = Flask(__name__)
    seen = []

    @app.post("/hook/<tenant>")
    @stream_webhook(secrets, **kw)
    def hook(event, tenant):
        # the typed event, the URL parameter, g, and the raw body still readable
        seen.append((event.uid, event.lifecycle, tenant, g.stream_event is event, request.get_data() == BODY))
        return {"ok": True}

    return app.test_client(), seen


def post(client, body=BODY, header=None, at=None, secret=SECRET):
    headers = {}
    if header is not False:
        headers["Webhook-Signature"] = header or webhook.sign(secret, body, time=at or int(time.time()))
    return client.post("/hook/t1", data=body, headers=headers)


def test_a_verified_delivery_reaches_the_view_with_the_typed_event():
    client, seen = make_app(SECRET)
    r = post(client)
    assert r.status_code == 200 and r.get_json() == {"ok": True}
    assert seen == [("6b9e68b07dfee8cc2d116e4c51d6a957", "ready", "t1", True, True)]


def test_failures_answer_json_401_or_400_and_never_call_the_view():
    client, seen = make_app([b"old-secret-00000000", SECRET], tolerance=60)
    cases = [
        (post(client, header=False), 401, "missing_credential"),
        (post(client, secret="wrong-secret-0000000"), 401, "bad_signature"),
        (post(client, at=int(time.time()) - 120), 401, "timestamp_too_old"),
        (post(client, at=int(time.time()) + 120), 401, "timestamp_in_future"),
        (post(client, header="sig1=abc"), 400, "malformed"),
        (post(client, body=b"[]"), 400, "malformed"),
        (post(client, body=json.dumps(json.loads(BODY)).encode(), header=webhook.sign(SECRET, BODY, time=int(time.time()))), 401, "bad_signature"),
    ]
    for r, status, code in cases:
        assert r.status_code == status, (code, r.get_json())
        assert r.get_json()["error"] == code and r.get_json()["message"]
    assert seen == []
    assert post(client, secret="old-secret-00000000").status_code == 200  # rotation


def test_secrets_may_come_from_a_callable_read_per_request():
    current = {"secret": "first-secret-000000"}
    client, seen = make_app(lambda: current["secret"])
    assert post(client, secret="first-secret-000000").status_code == 200
    current["secret"] = SECRET
    assert post(client, secret="first-secret-000000").status_code == 401
    assert post(client).status_code == 200
    assert len(seen) == 2
