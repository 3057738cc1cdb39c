"""tests/vectors/mediacdn.json and cloudcdn.json (Google's documented formulas, reproducing
Google's published sample outputs) through the Python API, plus independent recomputation
of every signature with `cryptography` (Ed25519) and `hmac` (HMAC-SHA1/SHA-256)."""

import base64
import hashlib
import hmac

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.exceptions import InvalidSignature

import cdnsign
from cdnsign import cloudcdn, cloudfront, mediacdn

from cdnsign_testutil import ids, load_vectors, raises_code, vector_file

MC = load_vectors("mediacdn.json")
CC = load_vectors("cloudcdn.json")
COUNTS = {"ed25519": 0, "hmac": 0}


def key_text(i):
    f = i.get("key_file") or i.get("file")
    return vector_file(f"keys/{f}") if f else i["key_text"]


def outcome(fn, expected):
    if not expected.get("error"):
        return fn()
    with pytest.raises(cdnsign.CdnSignError) as info:
        fn()
    err = info.value
    assert err.code == expected["error"]["code"], f"{err.code}: {err}"
    if expected["error"].get("field"):
        assert err.field == expected["error"]["field"], f"{err.field}: {err}"
    assert err.message
    return None


def b64url(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def check_ed25519(public_keyset_value, signed_value, signature_b64url):
    """Verifies our Ed25519 signature with OpenSSL (cryptography)."""
    pub = Ed25519PublicKey.from_public_bytes(b64url(public_keyset_value))
    pub.verify(b64url(signature_b64url), signed_value.encode())
    with pytest.raises(InvalidSignature):
        pub.verify(b64url(signature_b64url), signed_value.encode() + b"x")
    COUNTS["ed25519"] += 1


def token_kwargs(i):
    kw = {}
    for k in ("expires", "path_globs", "glob_separator", "url_prefix", "full_path", "starts",
              "session_id", "data", "headers", "ip_ranges"):
        if k in i:
            kw[k] = i[k]
    return kw


def keyset_kwargs(spec):
    pub = {k["id"]: (vector_file(f"keys/{k['file']}") if "file" in k else k["value"]) for k in spec["public_keys"]}
    shared = {k["id"]: (vector_file(f"keys/{k['file']}") if "file" in k else k["secret_b64"]) for k in spec["shared_keys"]}
    kw = {"public_keys": pub, "shared_keys": shared}
    if spec.get("name"):
        kw["keyset_name"] = spec["name"]
    return kw


def test_vectors_present():
    assert len(MC["cases"]) >= 150 and len(CC["cases"]) >= 50


@pytest.mark.parametrize("c", MC["cases"], ids=ids(MC["cases"]))
def test_mediacdn(c):
    i, e = c["input"], c["expected"]
    op = i["op"]
    if op == "private_key":
        r = outcome(lambda: mediacdn.Signer("k", key_text(i)), e)
        if r:
            assert r.public_key == e["keyset_value"] == mediacdn.public_key_of(key_text(i))
            assert mediacdn.SigningKey(key_text(i)).public_key.keyset_value == e["keyset_value"]
    elif op == "public_key":
        r = outcome(lambda: mediacdn.Verifier(public_keys={"k": key_text(i)}), e)
        if r:
            assert mediacdn.PublicKey(key_text(i)).keyset_value == e["keyset_value"]
    elif op == "hmac_secret":
        r = outcome(lambda: mediacdn.TokenSigner(algorithm="hmac-sha256", secret=key_text(i)), e)
        if r:
            assert len(mediacdn.HmacSecret(key_text(i))) == e["len"]
    elif op in ("sign_url", "sign_prefix", "sign_path", "sign_cookie"):
        key_err = e if e.get("error") and e["error"].get("field") == "key_name" else {}
        signer = outcome(lambda: mediacdn.Signer(i["key_name"], key_text(i), padded=i.get("padded", False)), key_err)
        if not signer:
            return
        run = {
            "sign_url": lambda: signer.sign_url(i["url"], expires=i["expires"]),
            "sign_prefix": lambda: signer.sign_prefix(i["url"], i["prefix"], expires=i["expires"]),
            "sign_path": lambda: signer.sign_path(i["prefix"], i["rest"], expires=i["expires"]),
            "sign_cookie": lambda: signer.sign_cookie(i["prefix"], expires=i["expires"]),
        }[op]
        r = outcome(run, e)
        if not r:
            return
        assert r.signed_value == e["signed_value"]
        out = r.value if op == "sign_cookie" else r.url
        assert out == e["output"]
        if "cookie" in e:
            assert r.cookie_pair == e["cookie"]
            assert r.set_cookie.startswith(e["cookie"] + "; Path=/; Secure; HttpOnly")
        if op == "sign_prefix":
            q = signer.prefix_query(i["prefix"], expires=i["expires"])
            assert q.signed_value == e["signed_value"] and e["output"].endswith(q.query)
            assert q.apply_to(i["url"]) == e["output"]
        # the signature, recomputed: Ed25519 over the signed value verifies with OpenSSL
        if op == "sign_path":
            sig = out.split("Signature=")[1].split("/")[0]
        elif op == "sign_cookie":
            sig = out.split(":Signature=")[1]
        else:
            sig = out.split("Signature=")[1]
        check_ed25519(signer.public_key, r.signed_value, sig)
    elif op in ("token", "short_lived_token"):
        kw = {"padded": i.get("padded", False)}
        if "param" in i:
            kw["param"] = i["param"]
        if i["algorithm"] == "ed25519":
            kw["private_key"] = key_text(i)
        else:
            kw["secret"] = key_text(i)
            kw["algorithm"] = i["algorithm"]
        key_err = e if e.get("error") and e["error"].get("field") in ("param", "secret") else {}
        signer = outcome(lambda: mediacdn.TokenSigner(**kw), key_err)
        if not signer:
            return
        if op == "short_lived_token":
            tk = token_kwargs(i)
            tk.pop("expires", None)
            r = outcome(lambda: signer.sign_short_lived(now=i["now"], lifetime=i.get("lifetime"), **tk), e)
        else:
            r = outcome(lambda: signer.sign(**token_kwargs(i)), e)
        if not r:
            return
        if "query_prefix" in e:
            assert r.query.startswith(e["query_prefix"])
            return
        assert (r.signed_value, r.token, r.query, r.cookie.cookie_pair) == (e["signed_value"], e["token"], e["query"], e["cookie"])
        assert r.algorithm == i["algorithm"]
        last = r.token.rsplit("~", 1)[1]
        if i["algorithm"] == "ed25519":
            check_ed25519(mediacdn.public_key_of(key_text(i)), r.signed_value, last.split("=", 1)[1])
        else:
            secret = base64.urlsafe_b64decode(key_text(i).strip() + "=" * (-len(key_text(i).strip()) % 4))
            digest = hashlib.sha1 if i["algorithm"] == "hmac-sha1" else hashlib.sha256
            assert last == "hmac=" + hmac.new(secret, r.signed_value.encode(), digest).hexdigest()
            COUNTS["hmac"] += 1
    elif op == "verify":
        kw = keyset_kwargs(i["keyset"])
        kw["param"] = i.get("param", MC["default_param"])
        if "allowed_algorithms" in i:
            kw["allowed_algorithms"] = i["allowed_algorithms"]
        if "max_expiration_ttl" in i:
            kw["max_expiration_ttl"] = i["max_expiration_ttl"]
        v = mediacdn.Verifier(**kw)
        r = i["request"]
        ok = outcome(lambda: v.verify(r["url"], now=r.get("now", MC["now"]), headers=r.get("headers"),
                                      cookie=r.get("cookie"), client_ip=r.get("client_ip")), e)
        if ok:
            assert (e["ok"], ok.form, ok.key_id, ok.expires) == (True, e["form"], e["key_id"], e["expires"])
        else:
            with pytest.raises(cdnsign.CdnSignError) as info:
                v.verify(r["url"], now=r.get("now", MC["now"]), headers=r.get("headers"),
                         cookie=r.get("cookie"), client_ip=r.get("client_ip"))
            assert type(info.value) is cdnsign.errors.error_class(info.value.code, info.value.code not in ("invalid_input", "invalid_key"))
    else:
        raise AssertionError(f"unknown op {op}")


@pytest.mark.parametrize("c", CC["cases"], ids=ids(CC["cases"]))
def test_cloudcdn(c):
    i, e = c["input"], c["expected"]
    op = i["op"]
    if op == "key":
        r = outcome(lambda: cloudcdn.Signer("k", key_text(i)), e)
        if r:
            assert e["len"] == 16
    elif op in ("sign_url", "sign_prefix", "sign_cookie"):
        key_err = e if e.get("error") and e["error"].get("field") == "key_name" else {}
        signer = outcome(lambda: cloudcdn.Signer(i["key_name"], key_text(i), padded=i.get("padded", True)), key_err)
        if not signer:
            return
        r = outcome({
            "sign_url": lambda: signer.sign_url(i["url"], expires=i["expires"]),
            "sign_prefix": lambda: signer.sign_prefix(i["url"], i["prefix"], expires=i["expires"]),
            "sign_cookie": lambda: signer.sign_cookie(i["prefix"], expires=i["expires"]),
        }[op], e)
        if not r:
            return
        out = r.value if op == "sign_cookie" else r.url
        if "output_prefix" in e:
            assert out.startswith(e["output_prefix"])
            return
        assert (r.signed_value, out) == (e["signed_value"], e["output"])
        if "cookie" in e:
            assert r.cookie_pair == e["cookie"]
        # HMAC-SHA1 recomputed with the stdlib
        raw_key = b64url(key_text(i).strip().rstrip("="))
        mac = base64.urlsafe_b64encode(hmac.new(raw_key, r.signed_value.encode(), hashlib.sha1).digest()).decode()
        sig = out.rsplit("Signature=", 1)[1]
        assert sig in (mac, mac.rstrip("="))
        COUNTS["hmac"] += 1
    elif op == "verify":
        v = cloudcdn.Verifier({k["name"]: key_text(k) for k in i["keys"]})
        ok = outcome(lambda: v.verify(i["request"]["url"], now=i["request"].get("now", CC["now"]), cookie=i["request"].get("cookie")), e)
        if ok:
            assert (ok.form, ok.key_name, ok.expires) == (e["form"], e["key_name"], e["expires"])
    else:
        raise AssertionError(f"unknown op {op}")


def test_recomputations_happened():
    assert COUNTS["ed25519"] >= 20, COUNTS
    assert COUNTS["hmac"] >= 15, COUNTS


def test_mediacdn_every_form_round_trips_and_is_refused_when_tampered():
    gen = mediacdn.generate_key()
    assert "BEGIN PRIVATE KEY" in gen["private_pem"]
    signer = mediacdn.Signer("k1", gen["seed"])
    assert signer.public_key == gen["keyset_value"] == mediacdn.Signer("k1", gen["private_pem"].encode()).public_key
    secret = bytes(range(32))
    # A route allows Ed25519 alone unless it lists HMAC (RULES.md T17).
    v = mediacdn.Verifier(public_keys={"k1": gen["keyset_value"]}, shared_keys={"s1": secret},
                          allowed_algorithms=["ed25519", "hmac-sha256"])
    ed_only = mediacdn.Verifier(public_keys={"k1": gen["keyset_value"]}, shared_keys={"s1": secret})
    now = 1767290400
    base = "https://media.example.com/v/main.m3u8"
    assert v.verify(signer.sign_url(base, expires=now + 60).url, now=now).form == "signed_url"
    assert v.verify(signer.sign_prefix(base, "https://media.example.com/v/", expires=now + 60).url, now=now).form == "signed_prefix"
    path = signer.sign_path("https://media.example.com/v/", "main.m3u8", expires=now + 60).url
    assert v.verify(path, now=now).form == "path_component"
    cookie = signer.sign_cookie("https://media.example.com/v/", expires=now + 60, domain=".example.com", same_site="Lax")
    # SameSite is read by the core's parser for every provider: one field, one message
    cf = cloudfront.Signer("K", vector_file("keys/cloudfront-rsa2048.pem"))
    bad = []
    for sign in (lambda: signer.sign_cookie("https://media.example.com/v/", expires=now + 60, same_site="Sometimes"),
                 lambda: cf.sign_cookies("https://media.example.com/v/a.ts", expires=now + 60, same_site="Sometimes")):
        with pytest.raises(cdnsign.InvalidInputError) as e:
            sign()
        bad.append((e.value.field, e.value.message))
    assert bad[0] == bad[1] and bad[0][0] == "same_site", bad
    # an attribute the core refuses when writing Set-Cookie names its field
    with pytest.raises(cdnsign.InvalidInputError) as e:
        signer.sign_cookie("https://media.example.com/v/", expires=now + 60, domain="not a host")
    assert e.value.field == "domain"
    assert cookie.set_cookie.endswith("; Domain=.example.com; Path=/; Secure; HttpOnly; SameSite=Lax") or "SameSite=Lax" in cookie.set_cookie
    assert v.verify(base, now=now, cookie="a=b; " + cookie.cookie_pair).form == "cookie"
    assert v.verify(base, now=now, headers={"Cookie": cookie.cookie_pair}).form == "cookie"
    ed = mediacdn.TokenSigner(private_key=mediacdn.SigningKey(gen["seed"]))
    t = ed.sign_url(base, expires=now + 60, path_globs=["/v/*"], headers=[("X-Client", "abc")], session_id="s", data="d")
    ok = v.verify(t.url, now=now, headers={"x-client": "abc"})
    assert (ok.form, ok.key_id, ok.algorithm, ok.session_id, ok.data) == ("token", "k1", "ed25519", "s", "d")
    raises_code(lambda: v.verify(t.url, now=now, headers={"x-client": "abd"}), "bad_signature")
    raises_code(lambda: v.verify(t.url, now=now + 61, headers=[["X-Client", "abc"]]), "expired", cdnsign.ExpiredError)
    raises_code(lambda: v.verify(t.url, now=now), "header_mismatch", cdnsign.HeaderMismatchError)
    # A bound header sent twice, or a value that could stand in for a token
    # field, is refused before any key is tried (T22).
    raises_code(lambda: v.verify(t.url, now=now, headers=[("X-Client", "abc"), ("x-client", "abc")]), "malformed")
    raises_code(lambda: v.verify(t.url, now=now, headers={"x-client": "abc~IPRanges=MC4wLjAuMC8w"}), "malformed")
    raises_code(lambda: v.verify(t.url, now=now, headers={"x-client": "abc,X-Other=1"}), "malformed")
    h = mediacdn.TokenSigner(secret=secret, algorithm="HMAC_SHA_256")
    assert h.algorithm == "hmac-sha256" and h.param == "edge-cache-token"
    st = h.sign_short_lived(now=now, full_path="/v/main.m3u8", ip_ranges="192.0.2.0/24")
    assert st.token.startswith("FullPath~Expires=1767290460~IPRanges=")
    assert v.verify_token(st.token, base, now=now, client_ip="192.0.2.9").key_id == "s1"
    raises_code(lambda: ed_only.verify_token(st.token, base, now=now, client_ip="192.0.2.9"), "algorithm_not_allowed")
    raises_code(lambda: v.verify_token(st.token, base, now=now, client_ip="198.51.100.1"), "ip_not_allowed", cdnsign.IpNotAllowedError)
    raises_code(lambda: v.verify_token(st.token, "https://media.example.com/v/other.m3u8", now=now, client_ip="192.0.2.9"), "bad_signature")
    raises_code(lambda: mediacdn.Verifier(public_keys={"k1": gen["keyset_value"]}, allowed_algorithms=["ed25519"]).verify_token(st.token, base, now=now), "algorithm_not_allowed")
    raises_code(lambda: v.verify(base, now=now), "missing_credential", cdnsign.MissingCredentialError)
    raises_code(lambda: mediacdn.TokenSigner(private_key=gen["seed"], secret=secret), "invalid_input")
    raises_code(lambda: mediacdn.TokenSigner(secret=secret), "invalid_input")  # no algorithm
    raises_code(lambda: mediacdn.TokenSigner(secret="c2hvcnQ", algorithm="hmac-sha1"), "invalid_key")
    raises_code(lambda: ed.sign(expires=now + 60), "invalid_input")  # no path field
    raises_code(lambda: ed.sign(expires=now + 60, path_globs="/a/*", glob_separator=";;"), "invalid_input")
    assert mediacdn.glob_matches("/v/*", "/v/a/b.ts") and not mediacdn.glob_matches("/v/?.ts", "/v/10.ts")
    pk = mediacdn.PublicKey(gen["keyset_value"])
    assert bytes(pk) == b64url(gen["keyset_value"]) and pk == mediacdn.SigningKey(gen["seed"]).public_key
    assert "BEGIN PUBLIC KEY" in pk.to_pem() and mediacdn.PublicKey(pk.to_pem()) == pk
    assert str(t) == t.token and t.apply_to_url(base) == t.url


def test_cloudcdn_round_trip_and_generated_key():
    text = cloudcdn.generate_key()
    assert len(b64url(text.rstrip("="))) == 16
    s = cloudcdn.Signer("k", text)
    v = cloudcdn.Verifier({"k": cloudcdn.SigningKey(b64url(text.rstrip("=")))})
    assert v.key_names == ["k"]
    now = 1767290400
    u = s.sign_url("https://cdn.example.com/a.mp4", expires=now + 60)
    assert v.verify(u.url, now=now).form == "signed_url"
    assert v.verify(s.sign_prefix("https://cdn.example.com/v/a.ts", "https://cdn.example.com/v/", expires=now + 60).url, now=now).form == "signed_prefix"
    ck = s.sign_cookie("https://cdn.example.com/v/", expires=now + 60)
    assert ck.name == cloudcdn.COOKIE_NAME == "Cloud-CDN-Cookie"
    assert v.verify("https://cdn.example.com/v/x.ts", now=now, cookie=ck.cookie_pair).form == "cookie"
    raises_code(lambda: v.verify(u.url, now=now + 61), "expired")
    raises_code(lambda: v.verify(u.url.replace("a.mp4", "b.mp4"), now=now), "bad_signature")
    raises_code(lambda: cloudcdn.Signer("k", b"short"), "invalid_key")
    with pytest.raises(TypeError):
        cloudcdn.Signer("k", 42)  # type: ignore[arg-type]
