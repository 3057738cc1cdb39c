"""tests/vectors/stream.json (Worker/PyJWT tokens, verdicts, URLs, keys) through the Python API."""

import base64
import json
from datetime import datetime, timezone

import pytest

import cdnsign
from cdnsign import stream

from cdnsign_testutil import ids, load_vectors, raises_code, vector_file

V = load_vectors("stream.json")


def cases(prefix, exclude=None):
    return [c for c in V["cases"] if c["id"].startswith(prefix) and not (exclude and c["id"].startswith(exclude))]


def check_error(err, expected):
    assert err.code == expected["code"], f"{err.code}: {err}"
    if expected.get("field"):
        assert err.field == expected["field"], f"{err.field}: {err}"
    if expected.get("rule") is not None:
        assert f"accessRules[{expected['rule']}]" in str(err)


def signing_key(desc):
    text = vector_file(desc["file"])
    if desc["format"] == "stream_keys_response":
        return stream.SigningKey.from_api_response(json.loads(text))
    if desc["format"] == "pem":
        return stream.SigningKey(desc["id"], text)
    if desc["format"] == "jwk":
        return stream.SigningKey.from_jwk(json.loads(text))
    raise AssertionError(desc["format"])


def verifier(i):
    keys = []
    for desc in i["keys"]:
        text = vector_file(desc["file"])
        if desc["format"] == "pem":
            keys.append(("pem", desc["id"], text))
        elif desc["format"] == "stream_keys_response":
            keys.append(("doc", None, json.loads(text)))
        else:
            keys.append(("doc", None, text))
    if all(k[0] == "pem" for k in keys):
        arg = {kid: text for _, kid, text in keys}
    else:
        assert all(k[0] == "doc" for k in keys)
        arg = [doc for _, _, doc in keys]
    # A vector without "leeway" checks the verifier's default.
    kw = {"leeway": i["leeway"]} if "leeway" in i else {}
    return stream.Verifier(arg, require_exp=i.get("require_exp", True), **kw)


def sign_kwargs(i):
    c = i["claims"]
    kw = {"expires": c["exp"], "now": i["now"]}
    if "nbf" in c:
        kw["not_before"] = c["nbf"]
    if "downloadable" in c:
        kw["downloadable"] = c["downloadable"]
    if "accessRules" in c:
        kw["access_rules"] = c["accessRules"]
    return kw


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)).decode()


def test_every_kind_present():
    for kind in ("sign_", "sign_error_", "verify_", "decode_", "url_", "key_"):
        assert cases(kind), kind


def test_vectors_cover_default_leeway_and_mapped_viewers():
    # PyJWT tokens 10 s before nbf / 1 s past exp, judged by the default verifier
    # (no "leeway" in the input); IPv4-mapped viewers against IPv4 and mapped rules.
    default = [c["expected"].get("code") for c in cases("verify_") if "leeway" not in c["input"]]
    assert "not_yet_valid" in default and "expired" in default
    mapped = [c for c in cases("verify_") if c["input"].get("viewer_ip", "").startswith("::ffff:")]
    assert len(mapped) >= 3


@pytest.mark.parametrize("c", cases("sign_", "sign_error_"), ids=ids(cases("sign_", "sign_error_")))
def test_sign(c):
    key = signing_key(c["input"]["key"])
    token = key.sign(c["input"]["claims"]["sub"], **sign_kwargs(c["input"]))
    assert token == c["expected"]["token"]
    h, p, _ = token.split(".")
    assert b64url_decode(h) == c["expected"]["header"]
    assert b64url_decode(p) == c["expected"]["payload"]
    # aware datetimes are the same instants; access rules may be JSON text
    kw = sign_kwargs(c["input"])
    kw["expires"] = datetime.fromtimestamp(kw["expires"], timezone.utc)
    kw["now"] = datetime.fromtimestamp(kw["now"], timezone.utc)
    if "access_rules" in kw:
        kw["access_rules"] = json.dumps(kw["access_rules"])
    assert key.sign(c["input"]["claims"]["sub"], **kw) == c["expected"]["token"]


@pytest.mark.parametrize("c", cases("sign_error_"), ids=ids(cases("sign_error_")))
def test_sign_error(c):
    key = signing_key(c["input"]["key"])
    kw = sign_kwargs(c["input"])
    if not isinstance(kw.get("downloadable", False), bool):
        # A wrong JSON type is a Python TypeError before it reaches the core.
        with pytest.raises(TypeError, match="downloadable"):
            key.sign(c["input"]["claims"]["sub"], **kw)
        return
    with pytest.raises(cdnsign.InvalidInputError) as info:
        key.sign(c["input"]["claims"]["sub"], **kw)
    check_error(info.value, c["expected"])


@pytest.mark.parametrize("c", cases("verify_"), ids=ids(cases("verify_")))
def test_verify(c):
    i, e = c["input"], c["expected"]
    kw = {"now": i["now"]}
    if i.get("expected_sub"):
        kw["video_uid"] = i["expected_sub"]
    if i.get("viewer_ip"):
        kw["ip"] = i["viewer_ip"]
    if i.get("viewer_country"):
        kw["country"] = i["viewer_country"]
    v = verifier(i)
    if not e["ok"]:
        with pytest.raises(cdnsign.CdnSignError) as info:
            v.verify(i["token"], **kw)
        check_error(info.value, e)
        assert type(info.value) is cdnsign.errors.error_class(e["code"], e["code"] not in ("invalid_input", "invalid_key"))
        return
    claims = v.verify(i["token"], **kw)
    assert claims.get("sub") == e["sub"]
    assert claims.get("kid") == e["kid"]
    assert claims.get("exp") == e["exp"]
    assert claims.get("nbf") == e["nbf"]
    assert claims["downloadable"] == e["downloadable"]
    assert len(claims["accessRules"]) == e["access_rules"]
    r = v.verify_token(i["token"], **kw)
    assert r.kid == e["kid"] and r.claims == claims
    assert e["decision"]["action"] == "allow"
    if e["decision"]["rule"] is None:
        assert (r.access, r.access_rule) == ("no_match", None)
    else:
        assert (r.access, r.access_rule) == ("allowed_by_rule", e["decision"]["rule"])


@pytest.mark.parametrize("c", cases("decode_"), ids=ids(cases("decode_")))
def test_decode(c):
    d = stream.decode(c["input"]["token"])
    assert d["alg"] == c["expected"]["alg"]
    assert d["kid"] == c["expected"]["kid"]
    assert d["claims"].get("sub") == c["expected"]["sub"]
    assert d["claims"]["exp"] == c["expected"]["exp"]
    assert d["claims"]["nbf"] == c["expected"]["nbf"]
    assert d["claims"]["exp_was_string"] == c["expected"]["exp_is_string"]


@pytest.mark.parametrize("c", cases("url_"), ids=ids(cases("url_")))
def test_url(c):
    i = c["input"]
    if "url" in c["expected"]:
        urls = stream.Urls(i["customer_code"])
        assert urls.url(i["id"], i["kind"]) == c["expected"]["url"]
        named = {"iframe": urls.iframe, "hls": urls.hls, "dash": urls.dash,
                 "thumbnail": urls.thumbnail, "mp4": urls.mp4_download}[i["kind"]]
        assert named(i["id"]) == c["expected"]["url"]
        assert stream.id_from_url(c["expected"]["url"]) == i["id"]
    else:
        with pytest.raises(cdnsign.CdnSignError) as info:
            stream.Urls(i["customer_code"]).url(i["id"], i["kind"])
        check_error(info.value, c["expected"])


@pytest.mark.parametrize("c", cases("key_"), ids=ids(cases("key_")))
def test_key_refusals(c):
    t = c["input"]["text"]
    run = {
        "stream_keys_response": lambda: stream.SigningKey.from_api_response(t),
        "jwk": lambda: stream.SigningKey.from_jwk(t),
        "pem": lambda: stream.SigningKey(c["input"]["id"], t),
    }[c["input"]["format"]]
    with pytest.raises(cdnsign.CdnSignError) as info:
        run()
    check_error(info.value, c["expected"])


def test_keys_load_from_every_shape_and_verifiers_accept_every_form():
    response = json.loads(vector_file("keys/stream-key.json"))
    kid = response["result"]["id"]
    a = stream.SigningKey.from_api_response(response)
    b = stream.SigningKey.from_api_response(json.dumps(response["result"]))
    c = stream.SigningKey(kid, vector_file("keys/stream-key.pkcs8.pem").encode())
    d = stream.SigningKey.from_jwk(vector_file("keys/stream-key.jwk.json"))
    e = stream.SigningKey.from_text(response["result"]["pem"], kid)
    kw = {"expires": 1767294000, "now": 1767290400}
    want = a.sign("abc", **kw)
    for k in (b, c, d, e):
        assert k.sign("abc", **kw) == want
    assert a.kid == kid and "BEGIN PUBLIC KEY" in a.public_pem()
    assert a.public_jwk()["kid"] == kid and a.public_jwk()["kty"] == "RSA"
    for v in (
        stream.Verifier({kid: vector_file("keys/stream-key.pub.pem")}),
        stream.Verifier([a]),
        stream.Verifier(a),
        stream.Verifier({kid: a}),
        stream.Verifier(response),
        stream.Verifier([a.public_jwk()]),
        stream.Verifier({"keys": [a.public_jwk()]}),
        a.verifier(),
    ):
        assert v.kids == [kid]
        assert v.verify(want, now=1767290400, video_uid="abc")["sub"] == "abc"
        raises_code(lambda: v.verify(want, now=1767290400, video_uid="other"), "subject_mismatch", cdnsign.SubjectMismatchError)
    # Cloudflare documents no leeway on exp/nbf, so none by default.
    assert stream.Verifier([]).leeway == stream.DEFAULT_LEEWAY == 0
    assert a.verifier().leeway == 0 and a.verifier(leeway=30).leeway == 30
    raises_code(lambda: stream.Verifier([]).verify(want, now=1767290400), "unknown_key", cdnsign.UnknownKeyError)
    raises_code(lambda: stream.SigningKey(kid, "not a key"), "invalid_key", cdnsign.InvalidKeyError)
    raises_code(lambda: stream.Verifier({"other-kid": c}), "invalid_input")
    with pytest.raises(TypeError):
        stream.Verifier({kid: 42})


def test_times_and_generated_keys():
    key = stream.SigningKey.from_api_response(json.loads(vector_file("keys/stream-key.json")))
    now = int(datetime.now(timezone.utc).timestamp())
    t = key.sign("abc", expires=datetime.fromtimestamp(now + 60, timezone.utc))
    v = key.verifier()
    assert v.verify(t)["exp"] == now + 60
    err = raises_code(lambda: key.sign("abc", expires=(now + 60) * 1000), "invalid_input")
    assert "milliseconds" in str(err) and err.field == "exp"
    raises_code(lambda: key.sign("abc", expires=now + 25 * 3600), "invalid_input")
    raises_code(lambda: v.verify(t, now=now + 3600), "expired", cdnsign.ExpiredError)
    err = raises_code(lambda: v.verify(t, ip="not-an-ip"), "invalid_input")
    assert err.field == "viewer_ip"  # the core's name, on every surface
    with pytest.raises(TypeError, match="float"):
        key.sign("abc", expires=now + 60.0)
    generated = stream.SigningKey.from_api_response(stream.SigningKey.generate_response())
    assert len(generated.kid) == 32
    tok = generated.sign("vid", expires=now + 60, downloadable=True,
                         access_rules=[{"type": "ip.geoip.country", "action": "allow", "country": ["KR"]}, {"type": "any", "action": "block"}])
    gv = generated.verifier()
    assert gv.verify(tok, country="KR")["downloadable"] is True
    raises_code(lambda: gv.verify(tok, country="US"), "access_denied", cdnsign.AccessDeniedError)
    assert gv.verify_token(tok, skip_access_rules=True).access == "not_evaluated"
    raises_code(lambda: key.verifier().verify(tok), "unknown_key")
