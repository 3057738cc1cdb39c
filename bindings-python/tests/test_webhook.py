"""tests/vectors/webhook.json (headers from Python hmac, verdicts, typed events), the
documented formula recomputed with hmac, and the Python surface."""

import base64
import hashlib
import hmac
import json

import pytest

import cdnsign
from cdnsign import webhook

from cdnsign_testutil import ids, load_vectors, raises_code

V = load_vectors("webhook.json")


def cases(prefix):
    return [c for c in V["cases"] if c["id"].startswith(prefix)]


def body_of(i, default=None):
    if "body_b64" in i:
        return base64.b64decode(i["body_b64"])
    return i.get("body", default)


def check_error(err, expected):
    assert err.code == expected["code"], f"{err.code}: {err}"
    if expected.get("field"):
        assert err.field == expected["field"], f"{err.field}: {err}"


def test_vectors_present():
    assert len(V["cases"]) >= 100
    assert webhook.DEFAULT_TOLERANCE == V["default_tolerance"] == 300
    assert webhook.HEADER_NAME == "Webhook-Signature"


@pytest.mark.parametrize("c", cases("sign_"), ids=ids(cases("sign_")))
def test_sign(c):
    secret, time = c["input"]["secret"], c["input"]["time"]
    body = body_of(c["input"], "{}")
    if "code" in c["expected"]:
        with pytest.raises(cdnsign.CdnSignError) as info:
            webhook.sign(secret, body, time=time)
        check_error(info.value, c["expected"])
        return
    assert webhook.sign(secret, body, time=time) == c["expected"]["header"]
    raw = body if isinstance(body, bytes) else body.encode()
    assert webhook.sign(secret.encode(), bytearray(raw), time=time) == c["expected"]["header"]
    # the documented formula: hex HMAC-SHA256(secret utf-8, "<time>." + body)
    mac = hmac.new(secret.encode(), f"{time}.".encode() + raw, hashlib.sha256).hexdigest()
    assert c["expected"]["sig1"] == mac
    assert c["expected"]["header"] == f"time={time},sig1={mac}"


@pytest.mark.parametrize("c", cases("verify_"), ids=ids(cases("verify_")))
def test_verify(c):
    i = c["input"]
    kw = {}
    if "tolerance" in i:
        kw["tolerance"] = i["tolerance"]
    if i.get("ignore_time"):
        kw["ignore_timestamp"] = True
    body = body_of(i, "")
    if not c["expected"]["ok"]:
        with pytest.raises(cdnsign.CdnSignError) as info:
            webhook.Verifier(i["secrets"], **kw).verify(i["header"], body, now=i["now"])
        check_error(info.value, c["expected"])
        code = c["expected"]["code"]
        assert type(info.value) is cdnsign.errors.error_class(code, code not in ("invalid_input", "invalid_key"))
        return
    v = webhook.Verifier(i["secrets"], **kw)
    r = v.verify(i["header"], body, now=i["now"])
    assert (r.time, r.secret_index, r.age) == (c["expected"]["time"], c["expected"]["secret_index"], i["now"] - c["expected"]["time"])


@pytest.mark.parametrize("c", cases("event_"), ids=ids(cases("event_")))
def test_event(c):
    body = body_of(c["input"])
    if not c["expected"]["ok"]:
        with pytest.raises(cdnsign.CdnSignError) as info:
            webhook.parse_event(body)
        check_error(info.value, c["expected"])
        return
    e = webhook.parse_event(body)
    for k, want in c["expected"].items():
        if k == "ok":
            continue
        assert getattr(e, k) == want, k
    assert e.raw == json.loads(body)
    assert (e.time, e.age, e.secret_index) == (None, None, None)


SECRET = "85011ed3a913c6ad5f9cf6c5573cc0a7"
BODY = b'{"uid":"6b9e68b07dfee8cc2d116e4c51d6a957","readyToStream":false,"status":{"state":"error","errorReasonCode":"ERR_NON_VIDEO","errorReasonText":"The file was not recognized as a valid video file."},"meta":{"name":"a.mp4"}}'
NOW = 1767290400


def test_verify_returns_the_typed_event_and_refuses_what_it_must():
    header = webhook.sign(SECRET, BODY, time=NOW)
    v = webhook.Verifier(SECRET)
    e = v.verify_event(header, BODY, now=NOW + 5)
    assert (e.uid, e.state, e.lifecycle, e.error_reason_code) == (
        "6b9e68b07dfee8cc2d116e4c51d6a957", "error", "failed", "ERR_NON_VIDEO")
    assert (e.time, e.age, e.secret_index) == (NOW, 5, 0)
    assert e.meta == {"name": "a.mp4"}
    # rotation: the second secret matches
    assert webhook.Verifier(["old-secret-000000", SECRET]).verify_event(header, BODY, now=NOW).secret_index == 1
    # re-serialised JSON is a different body
    reserialised = json.dumps(json.loads(BODY)).encode()
    raises_code(lambda: v.verify_event(header, reserialised, now=NOW), "bad_signature", cdnsign.SignatureMismatchError)
    raises_code(lambda: v.verify_event(None, BODY, now=NOW), "missing_credential", cdnsign.MissingCredentialError)
    raises_code(lambda: v.verify_event("time=abc,sig1=00", BODY, now=NOW), "malformed", cdnsign.MalformedError)
    raises_code(lambda: v.verify_event(header, BODY, now=NOW + 301), "timestamp_too_old", cdnsign.TimestampTooOldError)
    raises_code(lambda: v.verify_event(header, BODY, now=NOW - 301), "timestamp_in_future", cdnsign.TimestampInFutureError)
    assert webhook.Verifier(SECRET, tolerance=600).verify_event(header, BODY, now=NOW + 599).age == 599
    lax = webhook.Verifier(SECRET, ignore_timestamp=True)
    assert lax.tolerance is None and lax.verify_event(header, BODY, now=NOW + 10**6).uid
    raises_code(lambda: webhook.Verifier([]), "invalid_key")
    raises_code(lambda: webhook.Verifier(""), "invalid_key")
    raises_code(lambda: webhook.sign("", BODY, time=NOW), "invalid_key")
    with pytest.raises(TypeError):
        webhook.Verifier(42)  # type: ignore[arg-type]
    # a signature over valid JSON that is not a video event: verify_event raises, verify passes
    other = webhook.sign(SECRET, b"[1,2]", time=NOW)
    assert v.verify(other, b"[1,2]", now=NOW).age == 0
    raises_code(lambda: v.verify_event(other, b"[1,2]", now=NOW), "malformed")
