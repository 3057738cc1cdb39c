#!/usr/bin/env python3
"""Reference vectors for cdnsign::stream (Cloudflare Stream signed tokens).

Every expected token is made twice, by independent references, and the two must
agree byte for byte before a vector is written:
  * `stream_worker.mjs`: Cloudflare's documented Worker algorithm on Node WebCrypto;
  * PyJWT (`headers={"kid": id, "typ": None}`), with the same key and claims.
Tokens "from other libraries" come from PyJWT, Node `jsonwebtoken` and
`cryptography` (attack tokens). Time, subject and algorithm verdicts are
cross-checked against PyJWT with a frozen clock; access-rule verdicts come from
`reference_access()` below, a direct transcription of the documented rule
semantics (first match wins, no match = allowed). Never from cdnsign itself.

Usage: python3 stream_vectors.py [--check]
Keys are generated once (tests/vectors/keys/stream-*) and reused.
See NOTES-stream.md for the sources of every rule.
"""
import base64
import hashlib
import hmac
import ipaddress
import json
import os
import secrets
import subprocess
import sys
from datetime import datetime, timezone

import jwt
import jwt.api_jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.dirname(HERE)
KEYS = os.path.join(VECTORS, "keys")
OUT = os.path.join(VECTORS, "stream.json")

NOW = 1767290400  # 2026-01-01T18:00:00Z
UID = "6b9e68b07dfee8cc2d116e4c51d6a957"  # a uid from Cloudflare's docs
UID2 = "ea95132c15732412d22c1476fa83f27a"
CODE = "f33zs165nr7gyfy4"  # a customer code from Cloudflare's docs


# --------------------------------------------------------------------------
# keys

def kpath(name):
    return os.path.join(KEYS, name)


def rel(name):
    return "keys/" + name


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def int_b64u(n: int) -> str:
    return b64u(n.to_bytes((n.bit_length() + 7) // 8, "big"))


def write(path, data: bytes):
    with open(path, "wb") as f:
        f.write(data)


def read(path) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def jwk_private(key, kid):
    """A private JWK with Cloudflare's member order (see NOTES-stream.md §1.1)."""
    pn = key.private_numbers()
    pub = pn.public_numbers
    return {
        "use": "sig", "kty": "RSA", "kid": kid, "alg": "RS256",
        "n": int_b64u(pub.n), "e": int_b64u(pub.e), "d": int_b64u(pn.d),
        "p": int_b64u(pn.p), "q": int_b64u(pn.q), "dp": int_b64u(pn.dmp1),
        "dq": int_b64u(pn.dmq1), "qi": int_b64u(pn.iqmp),
    }


def jwk_public(key, kid):
    pub = key.public_key().public_numbers()
    return {"use": "sig", "kty": "RSA", "kid": kid, "alg": "RS256",
            "n": int_b64u(pub.n), "e": int_b64u(pub.e)}


def write_stream_key(stem, created):
    """A key in every form we accept, the primary one being the exact shape of
    the POST /stream/keys response."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    kid = secrets.token_hex(16)
    enc, fmt, none = serialization.Encoding, serialization.PrivateFormat, serialization.NoEncryption()
    pkcs1 = key.private_bytes(enc.PEM, fmt.TraditionalOpenSSL, none)
    jwk = jwk_private(key, kid)
    response = {
        "result": {
            "id": kid,
            "pem": base64.b64encode(pkcs1).decode(),
            "jwk": base64.b64encode(json.dumps(jwk, separators=(",", ":")).encode()).decode(),
            "created": created,
        },
        "success": True,
        "errors": [],
        "messages": [],
    }
    write(kpath(stem + ".json"), (json.dumps(response, indent=2) + "\n").encode())
    write(kpath(stem + ".pkcs1.pem"), pkcs1)
    write(kpath(stem + ".pkcs8.pem"), key.private_bytes(enc.PEM, fmt.PKCS8, none))
    write(kpath(stem + ".jwk.json"), (json.dumps(jwk, indent=2) + "\n").encode())
    write(kpath(stem + ".pub.jwk.json"), (json.dumps(jwk_public(key, kid), indent=2) + "\n").encode())
    pub = key.public_key()
    write(kpath(stem + ".pub.pem"), pub.public_bytes(enc.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    write(kpath(stem + ".pub-pkcs1.pem"), pub.public_bytes(enc.PEM, serialization.PublicFormat.PKCS1))


def ensure_keys():
    os.makedirs(KEYS, exist_ok=True)
    if not os.path.exists(kpath("stream-key.json")):
        write_stream_key("stream-key", "2026-01-01T12:00:00.123456789Z")
    if not os.path.exists(kpath("stream-key-2.json")):
        write_stream_key("stream-key-2", "2026-01-01T12:30:00.987654321Z")
    if not os.path.exists(kpath("stream-attacker.pkcs8.pem")):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        write(kpath("stream-attacker.pkcs8.pem"), key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


class StreamKey:
    def __init__(self, stem):
        self.stem = stem
        self.response = json.loads(read(kpath(stem + ".json")))
        r = self.response["result"]
        self.kid = r["id"]
        self.jwk_b64 = r["jwk"]
        self.pkcs1_pem = base64.b64decode(r["pem"])
        assert self.pkcs1_pem == read(kpath(stem + ".pkcs1.pem"))
        self.key = serialization.load_pem_private_key(self.pkcs1_pem, None)
        self.pub_pem = read(kpath(stem + ".pub.pem"))
        self.pub = self.key.public_key()

    def sign_raw(self, signing_input: bytes, hash_alg=None) -> bytes:
        return self.key.sign(signing_input, padding.PKCS1v15(), hash_alg or hashes.SHA256())

    # key descriptions as the vectors state them
    def as_response(self):
        return {"format": "stream_keys_response", "file": rel(self.stem + ".json")}

    def as_pem(self, which="pkcs1"):
        return {"format": "pem", "file": rel(f"{self.stem}.{which}.pem"), "id": self.kid}

    def as_jwk(self, public=False):
        return {"format": "jwk", "file": rel(self.stem + (".pub.jwk.json" if public else ".jwk.json"))}


# --------------------------------------------------------------------------
# helpers

def compact(obj) -> str:
    return json.dumps(obj, separators=(",", ":"))


def part(obj_or_bytes) -> str:
    if isinstance(obj_or_bytes, (bytes, bytearray)):
        return b64u(bytes(obj_or_bytes))
    if isinstance(obj_or_bytes, str):
        return b64u(obj_or_bytes.encode())
    return b64u(compact(obj_or_bytes).encode())


def forge(key: StreamKey, header, payload, hash_alg=None) -> str:
    """A token over exactly these header/payload bytes, RSA-signed by `key`."""
    signing_input = f"{part(header)}.{part(payload)}"
    return signing_input + "." + b64u(key.sign_raw(signing_input.encode(), hash_alg))


def pyjwt_token(key: StreamKey, claims) -> str:
    return jwt.encode(claims, key.pkcs1_pem, algorithm="RS256", headers={"kid": key.kid, "typ": None})


def run_node(request):
    proc = subprocess.run(
        ["node", os.path.join(HERE, "stream_worker.mjs")],
        input=json.dumps(request).encode(), capture_output=True, check=False)
    if proc.returncode != 0:
        sys.exit("stream_worker.mjs failed (run `npm install` in tests/vectors/generate?):\n"
                 + proc.stderr.decode())
    return json.loads(proc.stdout)


class FrozenClock:
    """Freezes PyJWT's clock at `now` (it reads datetime.now inside _validate_claims)."""

    def __init__(self, now):
        self.now = now

    def __enter__(self):
        now = self.now

        class Frozen(datetime):
            @classmethod
            def now(cls, tz=None):
                return datetime.fromtimestamp(now, tz or timezone.utc)

        self.saved = jwt.api_jwt.datetime
        jwt.api_jwt.datetime = Frozen

    def __exit__(self, *exc):
        jwt.api_jwt.datetime = self.saved


PYJWT_CODES = [
    (jwt.InvalidAlgorithmError, "algorithm_not_allowed"),
    (jwt.ExpiredSignatureError, "expired"),
    (jwt.ImmatureSignatureError, "not_yet_valid"),
    (jwt.exceptions.InvalidSubjectError, "subject_mismatch"),
    (jwt.InvalidSignatureError, "bad_signature"),
    (jwt.DecodeError, "malformed"),
]


def pyjwt_verdict(token, pub_pem, now, leeway=0, subject=None):
    """PyJWT's verdict as one of our codes ("ok" when it accepts)."""
    with FrozenClock(now):
        try:
            jwt.decode(token, pub_pem, algorithms=["RS256"], leeway=leeway, subject=subject,
                       options={"verify_aud": False, "verify_iat": False})
            return "ok"
        except jwt.PyJWTError as e:
            for cls, code in PYJWT_CODES:
                if isinstance(e, cls):
                    return code
            return "other:" + type(e).__name__


def reference_access(rules, ip, country):
    """Documented accessRules semantics: evaluated first to last, the first
    matching rule's action applies, no match = allowed. An ip.src rule only
    applies to viewers of its address family (documented). Where Cloudflare is
    silent, cdnsign's one IP rule (core/src/ip.rs): an IPv4-mapped IPv6 viewer
    is the IPv4 address, and a range inside ::ffff:0:0/96 is the IPv4 range it
    denotes. Returns (rule index or None, action, code-if-blocked)."""
    for i, r in enumerate(rules):
        t = r["type"]
        if t == "any":
            matched = True
        elif t == "ip.src":
            if ip is None:
                return ("needs", "viewer_ip")
            addr = ipaddress.ip_address(ip)
            if addr.version == 6 and addr.ipv4_mapped is not None:
                addr = addr.ipv4_mapped
            matched = any(addr in as_ipv4_if_mapped(ipaddress.ip_network(x, strict=False))
                          for x in r["ip"])
        elif t == "ip.geoip.country":
            if country is None:
                return ("needs", "viewer_country")
            matched = country.upper() in r["country"]
        else:
            raise ValueError(t)
        if matched:
            code = None
            if r["action"] == "block":
                code = {"any": "access_denied", "ip.src": "ip_not_allowed",
                        "ip.geoip.country": "country_not_allowed"}[t]
            return (i, r["action"], code)
    return (None, "allow", None)


MAPPED_SPACE = ipaddress.ip_network("::ffff:0:0/96")


def as_ipv4_if_mapped(net):
    """An IPv6 network inside ::ffff:0:0/96 as the IPv4 network it denotes
    (`::ffff:1.2.3.0/120` -> `1.2.3.0/24`); anything else unchanged. Python's
    `in` never matches across families, which is rules 3 and 4 of core/src/ip.rs."""
    if net.version == 6 and net.prefixlen >= 96 and net.subnet_of(MAPPED_SPACE):
        return ipaddress.ip_network((net.network_address.ipv4_mapped, net.prefixlen - 96))
    return net


def claims_of(sub, kid, exp, nbf=None, downloadable=None, rules=None):
    """The payload in the documented order: sub, kid, exp, nbf, downloadable, accessRules."""
    c = {"sub": sub, "kid": kid, "exp": exp}
    if nbf is not None:
        c["nbf"] = nbf
    if downloadable is not None:
        c["downloadable"] = downloadable
    if rules:
        c["accessRules"] = rules
    return c


def rule(type_, action, **kw):
    r = {"type": type_, "action": action}
    r.update(kw)
    return r


DOC_RULES = [rule("ip.geoip.country", "allow", country=["GB"]), rule("any", "block")]
FULL_RULES = [
    rule("ip.geoip.country", "allow", country=["US", "MX"]),
    rule("ip.src", "allow", ip=["93.184.216.0/24", "2400:cb00::/32"]),
    rule("any", "block"),
]


# --------------------------------------------------------------------------
# cases

def sign_cases(A, B):
    """(id, key description, now, claims-input, signing StreamKey)."""
    base = {"sub": UID, "exp": NOW + 3600}
    cases = [
        ("exp_only", A.as_response(), base),
        ("exp_only_from_pkcs1_pem", A.as_pem("pkcs1"), base),
        ("exp_only_from_pkcs8_pem", A.as_pem("pkcs8"), base),
        ("exp_only_from_jwk", A.as_jwk(), base),
        ("exp_exactly_24h", A.as_response(), {"sub": UID, "exp": NOW + 86400}),
        ("exp_one_second", A.as_response(), {"sub": UID, "exp": NOW + 1}),
        ("nbf", A.as_response(), {"sub": UID, "exp": NOW + 3600, "nbf": NOW - 60}),
        ("nbf_future", A.as_response(), {"sub": UID, "exp": NOW + 7200, "nbf": NOW + 3600}),
        ("downloadable_true", A.as_response(), {"sub": UID, "exp": NOW + 3600, "downloadable": True}),
        ("downloadable_false", A.as_response(), {"sub": UID, "exp": NOW + 3600, "downloadable": False}),
        ("doc_worker_rules", A.as_response(), {"sub": UID, "exp": NOW + 3600, "accessRules": DOC_RULES}),
        ("country_block", A.as_response(), {"sub": UID, "exp": NOW + 3600,
                                            "accessRules": [rule("ip.geoip.country", "block", country=["US", "DE", "MX"])]}),
        ("full", A.as_response(), {"sub": UID, "exp": NOW + 43200, "nbf": NOW, "downloadable": True,
                                   "accessRules": FULL_RULES}),
        ("ip_v4_single_block", A.as_response(), {"sub": UID, "exp": NOW + 600,
                                                 "accessRules": [rule("ip.src", "block", ip=["203.0.113.7"])]}),
        ("ip_v4_cidr_allow_then_block", A.as_response(), {"sub": UID, "exp": NOW + 600, "accessRules": [
            rule("ip.src", "allow", ip=["198.51.100.0/24", "10.0.0.0/8"]), rule("any", "block")]}),
        ("ip_v6", A.as_response(), {"sub": UID, "exp": NOW + 600, "accessRules": [
            rule("ip.src", "allow", ip=["2001:db8::1", "2001:db8:abcd::/48"]), rule("any", "block")]}),
        ("ip_host_bits_set", A.as_response(), {"sub": UID, "exp": NOW + 600, "accessRules": [
            rule("ip.src", "block", ip=["10.0.0.5/24"])]}),
        ("any_allow", A.as_response(), {"sub": UID, "exp": NOW + 600, "accessRules": [rule("any", "allow")]}),
        ("ip_mapped_range_block", A.as_response(), {"sub": UID, "exp": NOW + 600, "accessRules": [
            rule("ip.src", "block", ip=["::ffff:1.2.3.0/120"])]}),
        ("ip_v4_allow_mapped_viewer", A.as_response(), {"sub": UID, "exp": NOW + 600, "accessRules": [
            rule("ip.src", "allow", ip=["1.2.3.0/24"]), rule("any", "block")]}),
        ("five_rules", A.as_response(), {"sub": UID2, "exp": NOW + 3600, "nbf": NOW - 5, "accessRules": [
            rule("ip.src", "block", ip=["192.0.2.0/24"]),
            rule("ip.geoip.country", "block", country=["KP"]),
            rule("ip.src", "allow", ip=["2400:cb00::/32"]),
            rule("ip.geoip.country", "allow", country=["KR", "JP", "GB"]),
            rule("any", "block")]}),
        ("second_key", B.as_response(), {"sub": UID, "exp": NOW + 3600}),
    ]
    out = []
    for cid, keydesc, claims in cases:
        signer = B if keydesc["file"].startswith("keys/stream-key-2") else A
        out.append((cid, keydesc, NOW, claims, signer))
    return out


def sign_error_cases():
    """Claims our signer must refuse (documented limits, NOTES-stream.md §1.4)."""
    ok = {"sub": UID, "exp": NOW + 3600}

    def with_(**kw):
        c = dict(ok)
        c.update(kw)
        return c

    def rules(*rs):
        return with_(accessRules=list(rs))

    six = [rule("any", "allow")] * 6
    return [
        ("exp_over_24h", with_(exp=NOW + 86401), "exp"),
        ("exp_far_future", with_(exp=NOW + 30 * 86400), "exp"),
        ("exp_in_past", with_(exp=NOW - 1), "exp"),
        ("exp_equals_now", with_(exp=NOW), "exp"),
        ("exp_milliseconds", with_(exp=(NOW + 3600) * 1000), "exp"),
        ("exp_not_after_nbf", with_(exp=NOW + 100, nbf=NOW + 100), "exp"),
        ("exp_before_nbf", with_(exp=NOW + 100, nbf=NOW + 200), "exp"),
        ("nbf_negative", with_(nbf=-5), "nbf"),
        ("sub_empty", with_(sub=""), "sub"),
        ("sub_path_chars", with_(sub="../6b9e68b0"), "sub"),
        ("sub_too_long", with_(sub="a" * 65), "sub"),
        ("six_rules", rules(*six), "accessRules"),
        ("rule_type_unknown", rules(rule("ip.dst", "block", ip=["192.0.2.1"])), "accessRules"),
        ("rule_type_case", rules(rule("IP.SRC", "block", ip=["192.0.2.1"])), "accessRules"),
        ("rule_action_unknown", rules(rule("any", "deny")), "accessRules"),
        ("rule_action_missing", rules({"type": "any"}), "accessRules"),
        ("rule_type_missing", rules({"action": "block"}), "accessRules"),
        ("country_uk", rules(rule("ip.geoip.country", "allow", country=["UK"])), "accessRules"),
        ("country_lower_case", rules(rule("ip.geoip.country", "allow", country=["gb"])), "accessRules"),
        ("country_alpha3", rules(rule("ip.geoip.country", "block", country=["USA"])), "accessRules"),
        ("country_unassigned", rules(rule("ip.geoip.country", "block", country=["ZZ"])), "accessRules"),
        ("country_list_empty", rules(rule("ip.geoip.country", "block", country=[])), "accessRules"),
        ("country_missing", rules(rule("ip.geoip.country", "block")), "accessRules"),
        ("country_not_string", rules(rule("ip.geoip.country", "block", country=[1])), "accessRules"),
        ("ip_octet_out_of_range", rules(rule("ip.src", "block", ip=["300.1.1.1"])), "accessRules"),
        ("ip_v4_prefix_33", rules(rule("ip.src", "block", ip=["10.0.0.0/33"])), "accessRules"),
        ("ip_v6_prefix_129", rules(rule("ip.src", "block", ip=["2001:db8::/129"])), "accessRules"),
        ("ip_hostname", rules(rule("ip.src", "block", ip=["localhost"])), "accessRules"),
        ("ip_with_space", rules(rule("ip.src", "block", ip=[" 192.0.2.1"])), "accessRules"),
        ("ip_prefix_not_number", rules(rule("ip.src", "block", ip=["192.0.2.0/x"])), "accessRules"),
        ("ip_list_empty", rules(rule("ip.src", "block", ip=[])), "accessRules"),
        ("ip_missing", rules(rule("ip.src", "block")), "accessRules"),
        ("ip_on_country_rule", rules(rule("ip.geoip.country", "block", country=["US"], ip=["192.0.2.1"])), "accessRules"),
        ("country_on_ip_rule", rules(rule("ip.src", "block", ip=["192.0.2.1"], country=["US"])), "accessRules"),
        ("ip_on_any_rule", rules(rule("any", "block", ip=["192.0.2.1"])), "accessRules"),
        ("rule_unknown_member", rules(rule("any", "block", note="x")), "accessRules"),
        ("rules_not_array", with_(accessRules={"type": "any", "action": "block"}), "accessRules"),
        ("downloadable_not_bool", with_(downloadable="true"), "downloadable"),
    ]


def verify_cases(A, B, attacker, signed):
    """Tokens from the references, and what our verifier must answer."""
    cases = []
    pubA = A.pub_pem
    keysA = [A.as_response()]

    def add(cid, token, keys=None, now=NOW, leeway=0, sub=None, ip=None, country=None,
            expected=None, pyjwt=True, pyjwt_key=None, require_exp=True):
        """leeway=None leaves "leeway" out of the input: the case checks the
        verifier's default, which must be Cloudflare's (no leeway documented),
        so PyJWT judges it with leeway 0."""
        inp = {"token": token, "keys": keys or keysA, "now": now}
        if leeway is not None:
            inp["leeway"] = leeway
        leeway = leeway or 0
        if sub is not None:
            inp["expected_sub"] = sub
        if ip is not None:
            inp["viewer_ip"] = ip
        if country is not None:
            inp["viewer_country"] = country
        if not require_exp:
            inp["require_exp"] = False
        if pyjwt:
            verdict = pyjwt_verdict(token, pyjwt_key or pubA, now, leeway, sub)
            want = "ok" if expected.get("ok") else expected["code"]
            if verdict != want:
                raise AssertionError(f"{cid}: PyJWT says {verdict}, vector says {want}")
        cases.append({"id": "verify_" + cid, "input": inp, "expected": expected})

    def ok(payload, ip=None, country=None):
        p = payload
        exp = p.get("exp")
        nbf = p.get("nbf")
        rules = p.get("accessRules", [])
        decision = reference_access(rules, ip, country)
        e = {"ok": True, "sub": p.get("sub"), "kid": p.get("kid"),
             "exp": int(exp) if exp is not None else None,
             "nbf": int(nbf) if nbf is not None else None,
             "downloadable": bool(p.get("downloadable", False)),
             "access_rules": len(rules)}
        assert decision[0] != "needs"
        idx, action, code = decision
        assert code is None
        e["decision"] = {"rule": idx, "action": action}
        return e

    def blocked(payload, ip=None, country=None):
        idx, action, code = reference_access(payload.get("accessRules", []), ip, country)
        assert code is not None
        return {"ok": False, "code": code, "rule": idx}

    def fail(code, field=None):
        e = {"ok": False, "code": code}
        if field:
            e["field"] = field
        return e

    # --- every signed vector verifies with every key form we accept
    tok = signed["exp_only"]
    p = claims_of(UID, A.kid, NOW + 3600)
    add("pyjwt_key_response", tok, expected=ok(p), sub=UID)
    add("pyjwt_key_private_jwk", tok, keys=[A.as_jwk()], expected=ok(p))
    add("pyjwt_key_public_jwk", tok, keys=[A.as_jwk(public=True)], expected=ok(p))
    add("pyjwt_key_spki_pem", tok, keys=[{"format": "pem", "file": rel("stream-key.pub.pem"), "id": A.kid}], expected=ok(p))
    add("pyjwt_key_pkcs1_public_pem", tok, keys=[{"format": "pem", "file": rel("stream-key.pub-pkcs1.pem"), "id": A.kid}], expected=ok(p))
    add("pyjwt_key_private_pem", tok, keys=[A.as_pem("pkcs8")], expected=ok(p))
    add("rotation_two_keys", signed["second_key"], keys=[A.as_response(), B.as_response()],
        expected=ok(claims_of(UID, B.kid, NOW + 3600)), pyjwt_key=B.pub_pem)

    # --- time
    add("exp_last_second", tok, now=NOW + 3599, expected=ok(p))
    add("exp_reached", tok, now=NOW + 3600, expected=fail("expired", "exp"))
    add("exp_leeway_inside", tok, now=NOW + 3629, leeway=30, expected=ok(p))
    add("exp_leeway_edge", tok, now=NOW + 3630, leeway=30, expected=fail("expired", "exp"))
    tn = signed["nbf_future"]
    pn = claims_of(UID, A.kid, NOW + 7200, nbf=NOW + 3600)
    add("nbf_future", tn, now=NOW, expected=fail("not_yet_valid", "nbf"))
    add("nbf_one_second_early", tn, now=NOW + 3599, expected=fail("not_yet_valid", "nbf"))
    add("nbf_reached", tn, now=NOW + 3600, expected=ok(pn))
    add("nbf_leeway", tn, now=NOW + 3590, leeway=10, expected=ok(pn))
    # The default verifier allows no leeway (Cloudflare documents none): nbf
    # 10 s ahead and exp 1 s past are refused; an explicit 30 s accepts both.
    add("nbf_in_10s_default_leeway", tn, now=NOW + 3590, leeway=None, expected=fail("not_yet_valid", "nbf"))
    add("nbf_in_10s_leeway_30", tn, now=NOW + 3590, leeway=30, expected=ok(pn))
    add("exp_1s_ago_default_leeway", tok, now=NOW + 3601, leeway=None, expected=fail("expired", "exp"))
    add("exp_1s_ago_leeway_30", tok, now=NOW + 3601, leeway=30, expected=ok(p))

    # --- subject
    add("sub_mismatch", tok, sub=UID2, expected=fail("subject_mismatch", "sub"))

    # --- numeric strings, as Cloudflare's /token endpoint writes them
    ps = {"sub": UID, "kid": A.kid, "exp": str(NOW + 3600), "nbf": str(NOW - 3600)}
    ts = pyjwt_token(A, ps)
    add("string_exp_nbf", ts, expected=ok(ps), sub=UID)
    add("string_exp_expired", ts, now=NOW + 3600, expected=fail("expired", "exp"))
    add("string_nbf_future", ts, now=NOW - 3601, expected=fail("not_yet_valid", "nbf"))
    pt = {"kid": A.kid, "exp": str(NOW + 3600), "nbf": str(NOW - 3600)}  # /token doc sample shape: no sub
    tt = pyjwt_token(A, pt)
    add("token_endpoint_shape_no_sub", tt, expected=ok(pt))
    add("token_endpoint_shape_sub_expected", tt, sub=UID, expected=fail("subject_mismatch", "sub"), pyjwt=False)

    # --- tokens from Node jsonwebtoken (typ:"JWT", iat) and the Worker
    for cid, payload in node_payloads(A).items():
        t = signed["jsonwebtoken:" + cid]
        add("jsonwebtoken_" + cid, t, expected=ok(payload, country="KR"), sub=UID, country="KR")
    add("worker_doc_rules_gb", signed["doc_worker_rules"], country="GB", ip="81.2.69.160",
        expected=ok(claims_of(UID, A.kid, NOW + 3600, rules=DOC_RULES), country="GB", ip="81.2.69.160"))

    # --- access rules (reference_access is the oracle; PyJWT has no notion of them)
    pd = claims_of(UID, A.kid, NOW + 3600, rules=DOC_RULES)
    td = signed["doc_worker_rules"]
    add("rules_doc_gb_allowed", td, country="GB", expected=ok(pd, country="GB"), pyjwt=False)
    add("rules_doc_lower_case_country", td, country="gb", expected=ok(pd, country="gb"), pyjwt=False)
    add("rules_doc_us_blocked_by_any", td, country="US", expected=blocked(pd, country="US"), pyjwt=False)
    add("rules_need_country", td, ip="192.0.2.1", expected=fail("invalid_input", "viewer_country"), pyjwt=False)
    pc = claims_of(UID, A.kid, NOW + 3600, rules=[rule("ip.geoip.country", "block", country=["US", "DE", "MX"])])
    tc = signed["country_block"]
    add("rules_country_block_match", tc, country="DE", expected=blocked(pc, country="DE"), pyjwt=False)
    add("rules_country_no_match_allows", tc, country="FR", expected=ok(pc, country="FR"), pyjwt=False)
    pf = claims_of(UID, A.kid, NOW + 43200, nbf=NOW, downloadable=True, rules=FULL_RULES)
    tf = signed["full"]
    for cid, ip, country in [
        ("full_country_allow", "198.51.100.1", "US"),
        ("full_ip_v4_allow", "93.184.216.34", "DE"),
        ("full_ip_v6_allow", "2400:cb00:2048:1::6814:2", "DE"),
        ("full_ip_mapped_v4_allow", "::ffff:93.184.216.34", "DE"),
    ]:
        add(cid, tf, ip=ip, country=country, expected=ok(pf, ip=ip, country=country), pyjwt=False)
    add("full_blocked_by_any", tf, ip="198.51.100.1", country="DE", expected=blocked(pf, ip="198.51.100.1", country="DE"), pyjwt=False)
    pi = claims_of(UID, A.kid, NOW + 600, rules=[rule("ip.src", "block", ip=["203.0.113.7"])])
    ti = signed["ip_v4_single_block"]
    add("ip_block_exact", ti, ip="203.0.113.7", expected=blocked(pi, ip="203.0.113.7"), pyjwt=False)
    add("ip_block_neighbour_allowed", ti, ip="203.0.113.8", expected=ok(pi, ip="203.0.113.8"), pyjwt=False)
    add("ip_block_v6_viewer_not_applicable", ti, ip="2001:db8::7", expected=ok(pi, ip="2001:db8::7"), pyjwt=False)
    add("ip_block_mapped_viewer", ti, ip="::ffff:203.0.113.7", expected=blocked(pi, ip="::ffff:203.0.113.7"), pyjwt=False)
    add("ip_rule_needs_ip", ti, country="US", expected=fail("invalid_input", "viewer_ip"), pyjwt=False)
    p6 = claims_of(UID, A.kid, NOW + 600, rules=[rule("ip.src", "allow", ip=["2001:db8::1", "2001:db8:abcd::/48"]), rule("any", "block")])
    t6 = signed["ip_v6"]
    add("ip_v6_cidr_allow", t6, ip="2001:db8:abcd:12::1", expected=ok(p6, ip="2001:db8:abcd:12::1"), pyjwt=False)
    add("ip_v6_exact_allow", t6, ip="2001:db8::1", expected=ok(p6, ip="2001:db8::1"), pyjwt=False)
    add("ip_v6_v4_viewer_falls_to_any", t6, ip="192.0.2.1", expected=blocked(p6, ip="192.0.2.1"), pyjwt=False)
    # IPv4-mapped ranges and viewers are IPv4 (core/src/ip.rs): a block rule
    # written ::ffff:1.2.3.0/120 blocks 1.2.3.4 in either spelling.
    pm = claims_of(UID, A.kid, NOW + 600, rules=[rule("ip.src", "block", ip=["::ffff:1.2.3.0/120"])])
    tm = signed["ip_mapped_range_block"]
    for cid, ip in [
        ("ip_mapped_range_blocks_v4_viewer", "1.2.3.4"),
        ("ip_mapped_range_blocks_mapped_viewer", "::ffff:1.2.3.4"),
        ("ip_mapped_range_neighbour_allowed", "1.2.4.4"),
        ("ip_mapped_range_v6_viewer_not_applicable", "2001:db8::1"),
    ]:
        d = reference_access(pm["accessRules"], ip, None)
        add(cid, tm, ip=ip, expected=ok(pm, ip=ip) if d[2] is None else blocked(pm, ip=ip), pyjwt=False)
    assert [c["expected"]["ok"] for c in cases[-4:]] == [False, False, True, True]
    pa = claims_of(UID, A.kid, NOW + 600, rules=[rule("ip.src", "allow", ip=["1.2.3.0/24"]), rule("any", "block")])
    ta = signed["ip_v4_allow_mapped_viewer"]
    add("ip_v4_allow_admits_mapped_viewer", ta, ip="::ffff:1.2.3.9", expected=ok(pa, ip="::ffff:1.2.3.9"), pyjwt=False)
    add("ip_v4_allow_mapped_viewer_outside", ta, ip="::ffff:1.2.4.9", expected=blocked(pa, ip="::ffff:1.2.4.9"), pyjwt=False)
    assert cases[-2]["expected"]["decision"]["rule"] == 0 and cases[-1]["expected"]["rule"] == 1
    ph = claims_of(UID, A.kid, NOW + 600, rules=[rule("ip.src", "block", ip=["10.0.0.5/24"])])
    add("ip_host_bits_network_match", signed["ip_host_bits_set"], ip="10.0.0.200", expected=blocked(ph, ip="10.0.0.200"), pyjwt=False)
    p5 = claims_of(UID2, A.kid, NOW + 3600, nbf=NOW - 5, rules=sign_case_claims(A)["five_rules"]["accessRules"])
    t5 = signed["five_rules"]
    for cid, ip, country in [
        ("five_first_rule_blocks", "192.0.2.10", "KR"),
        ("five_country_block", "198.51.100.1", "KP"),
        ("five_ip_allow", "2400:cb00::1", "KP"),
        ("five_country_allow", "198.51.100.1", "JP"),
        ("five_default_block", "198.51.100.1", "FR"),
    ]:
        exp = reference_access(p5["accessRules"], ip, country)
        e = ok(p5, ip=ip, country=country) if exp[2] is None else blocked(p5, ip=ip, country=country)
        add(cid, t5, ip=ip, country=country, expected=e, pyjwt=False)

    # --- attacks and malformed tokens
    hA = {"alg": "RS256", "kid": A.kid}
    pA = claims_of(UID, A.kid, NOW + 3600)
    body = f"{part(hA)}.{part(pA)}"
    spki_pem = A.pub_pem
    pkcs1_pub = read(kpath("stream-key.pub-pkcs1.pem"))

    def hs(header, key_bytes, digest=hashlib.sha256):
        si = f"{part(header)}.{part(pA)}"
        return si + "." + b64u(hmac.new(key_bytes, si.encode(), digest).digest())

    add("attack_alg_none", f"{part({'alg': 'none', 'kid': A.kid})}.{part(pA)}.",
        expected=fail("algorithm_not_allowed", "alg"))
    add("attack_alg_none_with_signature", f"{part({'alg': 'none', 'kid': A.kid})}.{part(pA)}.{b64u(b'x' * 32)}",
        expected=fail("algorithm_not_allowed", "alg"))
    add("attack_alg_None_capitalised", f"{part({'alg': 'None', 'kid': A.kid})}.{part(pA)}.",
        expected=fail("algorithm_not_allowed", "alg"))
    add("attack_hs256_spki_pem", hs({"alg": "HS256", "kid": A.kid}, spki_pem),
        expected=fail("algorithm_not_allowed", "alg"))
    add("attack_hs256_pkcs1_pem", hs({"alg": "HS256", "kid": A.kid}, pkcs1_pub),
        expected=fail("algorithm_not_allowed", "alg"))
    add("attack_hs512_spki_pem", hs({"alg": "HS512", "kid": A.kid}, spki_pem, hashlib.sha512),
        expected=fail("algorithm_not_allowed", "alg"))
    add("attack_rs512_real_key", forge(A, {"alg": "RS512", "kid": A.kid}, pA, hashes.SHA512()),
        expected=fail("algorithm_not_allowed", "alg"))
    # PSS signatures are randomised; a fixed one (made once, kept in the key directory)
    # keeps the vector reproducible.
    si = f"{part({'alg': 'PS256', 'kid': A.kid})}.{part(pA)}"
    ps_file = kpath("stream-key.ps256-sample.txt")
    if not os.path.exists(ps_file) or not read(ps_file).decode().startswith(si + "."):
        write(ps_file, (si + "." + b64u(A.key.sign(si.encode(), padding.PSS(padding.MGF1(hashes.SHA256()), 32),
                                                    hashes.SHA256()))).encode())
    ps256 = read(ps_file).decode()
    A.pub.verify(base64.urlsafe_b64decode(ps256.split(".")[2] + "=="), si.encode(),
                 padding.PSS(padding.MGF1(hashes.SHA256()), 32), hashes.SHA256())
    add("attack_ps256_real_key", ps256, expected=fail("algorithm_not_allowed", "alg"))
    add("attack_es256", f"{part({'alg': 'ES256', 'kid': A.kid})}.{part(pA)}.{b64u(bytes(range(64)))}",
        expected=fail("algorithm_not_allowed", "alg"))
    add("attack_alg_lower_case", forge(A, {"alg": "rs256", "kid": A.kid}, pA),
        expected=fail("algorithm_not_allowed", "alg"))
    add("attack_unknown_kid", forge(B, {"alg": "RS256", "kid": B.kid}, claims_of(UID, B.kid, NOW + 3600)),
        expected=fail("unknown_key", "kid"), pyjwt=False)
    add("attack_kid_of_a_signed_by_b", forge(B, hA, pA), expected=fail("bad_signature"))
    add("attack_embedded_jwk", forge(attacker, {"alg": "RS256", "kid": A.kid, "jwk": jwk_public(attacker.key, A.kid)}, pA),
        expected=fail("bad_signature"))
    tampered = f"{part(hA)}.{part(claims_of(UID, A.kid, NOW + 86400 * 365))}.{tok.split('.')[2]}"
    add("attack_tampered_payload", tampered, expected=fail("bad_signature"))
    swapped = f"{part(hA)}.{part(claims_of(UID2, A.kid, NOW + 3600))}.{tok.split('.')[2]}"
    add("attack_other_video_same_signature", swapped, expected=fail("bad_signature"))
    sig = tok.split(".")[2]
    flipped = sig[:100] + ("A" if sig[100] != "A" else "B") + sig[101:]
    add("attack_signature_bit_flip", ".".join(tok.split(".")[:2] + [flipped]), expected=fail("bad_signature"))
    short = b64u(base64.urlsafe_b64decode(sig + "==")[:-1])
    add("attack_signature_truncated", ".".join(tok.split(".")[:2] + [short]), expected=fail("bad_signature"))
    add("attack_signature_empty", body + ".", expected=fail("bad_signature"))

    # malformed structure (refused before any key is used)
    add("malformed_two_parts", body, expected=fail("malformed"))
    add("malformed_four_parts", tok + ".AAAA", expected=fail("malformed"), pyjwt=False)
    add("malformed_empty", "", expected=fail("malformed"))
    add("malformed_padding", part(hA) + "=." + tok.split(".", 1)[1], expected=fail("malformed"), pyjwt=False)
    add("malformed_std_base64_chars", tok.replace("-", "+", 1) if "-" in tok else tok.replace("_", "/", 1),
        expected=fail("malformed"), pyjwt=False)
    add("malformed_header_not_json", f"{part(b'not json')}.{part(pA)}.{sig}", expected=fail("malformed"))
    add("malformed_header_array", f"{part([])}.{part(pA)}.{sig}", expected=fail("malformed"))
    add("malformed_alg_missing", forge(A, {"kid": A.kid}, pA), expected=fail("malformed", "alg"), pyjwt=False)
    add("malformed_alg_not_string", forge(A, {"alg": 256, "kid": A.kid}, pA), expected=fail("malformed", "alg"), pyjwt=False)
    add("malformed_kid_missing", pyjwt_plain(A, pA), expected=fail("malformed", "kid"), pyjwt=False)
    add("malformed_kid_not_string", forge(A, {"alg": "RS256", "kid": 7}, pA), expected=fail("malformed", "kid"), pyjwt=False)
    add("malformed_crit_header", forge(A, {"alg": "RS256", "kid": A.kid, "crit": ["exp"]}, pA),
        expected=fail("malformed", "crit"), pyjwt=False)
    dup = f'{{"alg":"none","alg":"RS256","kid":"{A.kid}"}}'.encode()
    si = f"{part(dup)}.{part(pA)}"
    add("malformed_duplicate_alg", si + "." + b64u(A.sign_raw(si.encode())), expected=fail("malformed"), pyjwt=False)
    deep = ('{"alg":"RS256","kid":"%s","x":' % A.kid) + "[" * 3000 + "]" * 3000 + "}"
    add("malformed_deep_nesting", f"{part(deep)}.{part(pA)}.{sig}", expected=fail("malformed"), pyjwt=False)
    huge = forge(A, hA, dict(pA, pad="x" * 20000))
    add("malformed_oversized", huge, expected=fail("malformed"), pyjwt=False)

    # validly signed, malformed claims
    def claims_case(cid, payload, field=None, code="malformed", pyjwt=False):
        add(cid, forge(A, hA, payload), expected=fail(code, field), pyjwt=pyjwt)

    claims_case("claims_not_object", [UID], pyjwt=True)
    bad_utf8 = b'{"sub":"' + bytes([0xFF]) + b'","kid":"' + A.kid.encode() + b'","exp":1}'
    si = part(hA) + "." + part(bad_utf8)
    add("claims_invalid_utf8", si + "." + b64u(A.sign_raw(si.encode())), expected=fail("malformed"), pyjwt=False)
    claims_case("claims_kid_differs_from_header", claims_of(UID, B.kid, NOW + 3600), "kid")
    claims_case("claims_exp_missing", {"sub": UID, "kid": A.kid}, "exp")
    claims_case("claims_exp_float", dict(pA, exp=NOW + 3600.5), "exp")
    claims_case("claims_exp_bool", dict(pA, exp=True), "exp")
    claims_case("claims_exp_string_with_space", dict(pA, exp=" %d" % (NOW + 3600)), "exp")
    claims_case("claims_exp_string_with_plus", dict(pA, exp="+%d" % (NOW + 3600)), "exp")
    claims_case("claims_exp_string_underscore", dict(pA, exp="1_767_294_000"), "exp")
    claims_case("claims_exp_string_empty", dict(pA, exp=""), "exp", pyjwt=True)
    claims_case("claims_exp_string_huge", dict(pA, exp="9" * 40), "exp")
    claims_case("claims_nbf_object", dict(pA, nbf={"t": 1}), "nbf")
    claims_case("claims_sub_number", dict(pA, sub=12), "sub")
    claims_case("claims_downloadable_string", dict(pA, downloadable="true"), "downloadable")
    claims_case("claims_rules_not_array", dict(pA, accessRules={"type": "any", "action": "block"}), "accessRules")
    claims_case("claims_rule_unknown_type", dict(pA, accessRules=[rule("ip.dst", "block", ip=["192.0.2.1"])]), "accessRules")
    claims_case("claims_rule_bad_ip", dict(pA, accessRules=[rule("ip.src", "block", ip=["192.0.2.300"])]), "accessRules")

    # exp is required unless the verifier opts out
    noexp = {"sub": UID, "kid": A.kid}
    add("no_exp_allowed_when_not_required", forge(A, hA, noexp), require_exp=False,
        expected={"ok": True, "sub": UID, "kid": A.kid, "exp": None, "nbf": None, "downloadable": False,
                  "access_rules": 0, "decision": {"rule": None, "action": "allow"}})

    # Cloudflare's own sample token (docs): decodes, but its key is not ours
    add("cloudflare_doc_sample_unknown_key", DOC_SAMPLE_TOKEN, expected=fail("unknown_key", "kid"), pyjwt=False)
    return cases


DOC_SAMPLE_TOKEN = (
    "eyJhbGciOiJSUzI1NiIsImtpZCI6ImNkYzkzNTk4MmY4MDc1ZjJlZjk2MTA2ZDg1ZmNkODM4In0."
    "eyJraWQiOiJjZGM5MzU5ODJmODA3NWYyZWY5NjEwNmQ4NWZjZDgzOCIsImV4cCI6IjE2MjE4ODk2NTciLCJuYmYiOiIxNjIxODgyNDU3In0."
    "iHGMvwOh2-SuqUG7kp2GeLXyKvMavP-I2rYCni9odNwms7imW429bM2tKs3G9INms8gSc7fzm8hNEYWOhGHWRBaaCs3U9H4DRWaFOvn0sJWLBitGuF_"
    "YaZM5O6fqJPTAwhgFKdikyk9zVzHrIJ0PfBL0NsTgwDxLkJjEAEULQJpiQU1DNm0w5ctasdbw77YtDwdZ01g924Dm6jIsWolW0Ic0AevCLyVdg501Ki9"
    "hSF7kYST0egcll47jmoMMni7ujQCJI1XEAOas32DdjnMvU8vXrYbaHk1m1oXlm319rDYghOHed9kr293KM7ivtZNlhYceSzOpyAmqNFS7mearyQ"
)


def pyjwt_plain(key, payload):
    """PyJWT with its defaults (typ:"JWT", no kid): what a user gets when they forget headers=."""
    return jwt.encode(payload, key.pkcs1_pem, algorithm="RS256")


def node_payloads(A):
    return {
        "exp_only": {"sub": UID, "kid": A.kid, "exp": NOW + 3600, "iat": NOW},
        "nbf_downloadable": {"sub": UID, "kid": A.kid, "exp": NOW + 3600, "nbf": NOW - 30,
                             "downloadable": True, "iat": NOW - 30},
        "rules": {"sub": UID, "kid": A.kid, "exp": NOW + 3600, "iat": NOW,
                  "accessRules": [rule("ip.geoip.country", "allow", country=["KR"]), rule("any", "block")]},
    }


def sign_case_claims(A):
    return {cid: claims for cid, _, _, claims, _ in sign_cases(A, A)}


def decode_cases(A):
    """explain()/decode without a key: what a token says."""
    out = []
    p = {"sub": UID, "kid": A.kid, "exp": str(NOW + 3600), "nbf": str(NOW - 3600)}
    for cid, token, header, payload in [
        ("cloudflare_doc_sample", DOC_SAMPLE_TOKEN,
         {"alg": "RS256", "kid": "cdc935982f8075f2ef96106d85fcd838"},
         {"kid": "cdc935982f8075f2ef96106d85fcd838", "exp": "1621889657", "nbf": "1621882457"}),
        ("string_times", pyjwt_token(A, p), {"alg": "RS256", "kid": A.kid}, p),
    ]:
        h, pl, _ = token.split(".")
        assert json.loads(base64.urlsafe_b64decode(h + "==")) == header
        assert json.loads(base64.urlsafe_b64decode(pl + "==")) == payload
        out.append({"id": "decode_" + cid, "input": {"token": token},
                    "expected": {"alg": header["alg"], "kid": header["kid"], "sub": payload.get("sub"),
                                 "exp": int(payload["exp"]), "nbf": int(payload["nbf"]),
                                 "exp_is_string": isinstance(payload["exp"], str)}})
    return out


def url_cases():
    base = f"https://customer-{CODE}.cloudflarestream.com"
    kinds = {"iframe": "iframe", "hls": "manifest/video.m3u8", "dash": "manifest/video.mpd",
             "thumbnail": "thumbnails/thumbnail.jpg", "mp4": "downloads/default.mp4"}
    token = DOC_SAMPLE_TOKEN
    out = []
    for kind, path in kinds.items():
        for what, ident in (("uid", UID), ("token", token)):
            out.append({"id": f"url_{kind}_{what}", "input": {"customer_code": CODE, "id": ident, "kind": kind},
                        "expected": {"url": f"{base}/{ident}/{path}"}})
    out.append({"id": "url_code_with_prefix", "input": {"customer_code": "customer-" + CODE, "id": UID, "kind": "hls"},
                "expected": {"url": f"{base}/{UID}/manifest/video.m3u8"}})
    for cid, code, ident, field in [
        ("url_bad_code_upper", "F33ZS165NR7GYFY4", UID, "customer_code"),
        ("url_bad_code_dot", "f33zs165.evil.com", UID, "customer_code"),
        ("url_empty_code", "", UID, "customer_code"),
        ("url_bad_id_slash", CODE, "../" + UID, "id"),
        ("url_empty_id", CODE, "", "id"),
        ("url_bad_id_query", CODE, UID + "?x=1", "id"),
    ]:
        out.append({"id": cid, "input": {"customer_code": code, "id": ident, "kind": "hls"},
                    "expected": {"code": "invalid_input", "field": field}})
    # the kind is a path Stream serves: only the five names, as written
    for cid, kind in [("url_unknown_kind", "flv"), ("url_kind_upper", "HLS")]:
        out.append({"id": cid, "input": {"customer_code": CODE, "id": UID, "kind": kind},
                    "expected": {"code": "invalid_input", "field": "kind"}})
    return out


def key_error_cases(A):
    r = A.response["result"]
    jwk = json.loads(base64.b64decode(r["jwk"]))

    def resp(**kw):
        d = dict(r)
        for k, v in kw.items():
            if v is None:
                d.pop(k, None)
            else:
                d[k] = v
        return json.dumps({"result": d, "success": True, "errors": [], "messages": []})

    def b64json(o):
        return base64.b64encode(json.dumps(o).encode()).decode()

    rsa1024 = read(os.path.join(KEYS, "test-rsa1024.pkcs8.pem")).decode()
    ec = read(os.path.join(KEYS, "test-ec-p256.pkcs8.pem")).decode()
    cases = [
        ("response_no_key_material", "stream_keys_response", resp(pem=None, jwk=None)),
        ("response_no_id", "stream_keys_response", resp(id=None)),
        ("response_pem_not_base64", "stream_keys_response", resp(pem="%%%not base64%%%", jwk=None)),
        ("response_pem_garbage", "stream_keys_response", resp(pem=base64.b64encode(b"-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n").decode(), jwk=None)),
        ("response_jwk_kid_differs", "stream_keys_response", resp(pem=None, jwk=b64json(dict(jwk, kid="0" * 32)))),
        ("response_not_json", "stream_keys_response", "{\"result\": "),
        ("response_pem_and_jwk_disagree", "stream_keys_response",
         resp(jwk=json.loads(read(kpath("stream-key-2.json")))["result"]["jwk"])),
        ("jwk_public_only", "jwk", json.dumps(jwk_public(A.key, A.kid))),
        ("jwk_ec", "jwk", json.dumps({"kty": "EC", "crv": "P-256", "kid": A.kid, "x": "AA", "y": "AA", "d": "AA"})),
        ("jwk_alg_hs256", "jwk", json.dumps(dict(jwk, alg="HS256"))),
        ("jwk_missing_qi", "jwk", json.dumps({k: v for k, v in jwk.items() if k != "qi"})),
        ("jwk_n_not_base64url", "jwk", json.dumps(dict(jwk, n="***"))),
        ("pem_rsa_1024", "pem", rsa1024),
        ("pem_ec_key", "pem", ec),
        ("pem_public_key", "pem", A.pub_pem.decode()),
    ]
    out = []
    for cid, fmt, text in cases:
        inp = {"format": fmt, "text": text}
        if fmt == "pem":
            inp["id"] = A.kid
        out.append({"id": "key_" + cid, "input": inp, "expected": {"code": "invalid_key"}})
    return out


# --------------------------------------------------------------------------

def build():
    A, B = StreamKey("stream-key"), StreamKey("stream-key-2")
    attacker = StreamKey.__new__(StreamKey)
    attacker.key = serialization.load_pem_private_key(read(kpath("stream-attacker.pkcs8.pem")), None)

    scases = sign_cases(A, B)
    node_req = {"jwk_b64": A.jwk_b64, "kid": A.kid, "worker": [], "jsonwebtoken": []}
    for cid, _, _, claims, signer in scases:
        if signer is A:
            node_req["worker"].append({"id": cid, "claims": claims_of(
                claims["sub"], A.kid, claims["exp"], claims.get("nbf"), claims.get("downloadable"),
                claims.get("accessRules"))})
    for cid, payload in node_payloads(A).items():
        node_req["jsonwebtoken"].append({"id": cid, "claims": payload, "pem": A.pkcs1_pem.decode(), "kid": A.kid})
    node_b = run_node({"jwk_b64": B.jwk_b64, "kid": B.kid,
                       "worker": [{"id": "second_key", "claims": claims_of(UID, B.kid, NOW + 3600)}]})
    node = run_node(node_req)
    node["worker"].update(node_b["worker"])

    cases = []
    signed = {}
    for cid, keydesc, now, claims, signer in scases:
        payload = claims_of(claims["sub"], signer.kid, claims["exp"], claims.get("nbf"),
                            claims.get("downloadable"), claims.get("accessRules"))
        by_pyjwt = pyjwt_token(signer, payload)
        by_worker = node["worker"][cid]
        if by_pyjwt != by_worker:
            raise AssertionError(f"{cid}: PyJWT and the Worker disagree:\n{by_pyjwt}\n{by_worker}")
        h, p, _ = by_pyjwt.split(".")
        header_json = base64.urlsafe_b64decode(h + "==").decode()
        payload_json = base64.urlsafe_b64decode(p + "==").decode()
        assert header_json == compact({"alg": "RS256", "kid": signer.kid})
        assert payload_json == compact(payload)
        signed[cid] = by_pyjwt
        cases.append({"id": "sign_" + cid,
                      "input": {"key": keydesc, "now": now, "claims": claims},
                      "expected": {"header": header_json, "payload": payload_json, "token": by_pyjwt}})
    for cid, payload in node_payloads(A).items():
        signed["jsonwebtoken:" + cid] = node["jsonwebtoken"][cid]

    for cid, claims, field in sign_error_cases():
        cases.append({"id": "sign_error_" + cid,
                      "input": {"key": A.as_response(), "now": NOW, "claims": claims},
                      "expected": {"code": "invalid_input", "field": field}})
    cases += verify_cases(A, B, attacker, signed)
    cases += decode_cases(A)
    cases += url_cases()
    cases += key_error_cases(A)

    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    return {
        "description": (
            "Cloudflare Stream signed tokens (RS256 JWT). sign_*: tokens from Cloudflare's documented "
            "Worker algorithm (Node WebCrypto) and PyJWT, which agree byte for byte; sign_error_*: claims "
            "the signer refuses (documented limits); verify_*: tokens from PyJWT, jsonwebtoken, the Worker "
            "and crafted attacks, with the verdict (time/subject/algorithm verdicts cross-checked with "
            "PyJWT; access rules by the documented first-match semantics, IPv4-mapped ranges and "
            "viewers as IPv4); a verify_* input without \"leeway\" checks the verifier's default, "
            "which is none (Cloudflare documents no leeway); decode_*, url_*, key_*. "
            "Key files are relative to tests/vectors/. Generated by tests/vectors/generate/stream_vectors.py; "
            "sources in NOTES-stream.md."),
        "now": NOW,
        "cases": cases,
    }


def main():
    ensure_keys()
    text = json.dumps(build(), indent=2) + "\n"
    if "--check" in sys.argv:
        try:
            with open(OUT) as f:
                committed = f.read()
        except FileNotFoundError:
            committed = None
        if committed != text:
            sys.exit("stream.json is stale: rerun tests/vectors/generate/stream_vectors.py")
        print(f"stream.json is up to date ({text.count(chr(10))} lines)")
        return
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
