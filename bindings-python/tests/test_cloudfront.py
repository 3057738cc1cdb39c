"""tests/vectors/cloudfront-sdk-conformance.json and cloudfront.json through the Python API."""

from collections import Counter
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Dict, Optional

import pytest

import cdnsign
from cdnsign import cloudfront

from cdnsign_testutil import ids, load_vectors, raises_code, vector_file

CONF = load_vectors("cloudfront-sdk-conformance.json")
REF = load_vectors("cloudfront.json")
SIGNING = ("Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm")


def raw_params(url: str) -> Dict[str, str]:
    q = url.split("?", 1)[1] if "?" in url else ""
    out = {}
    for p in filter(None, q.split("&")):
        k, _, v = p.partition("=")
        out[k] = v
    return out


def apply_to(url: str, concrete: str) -> str:
    q = url.split("?", 1)[1]
    ps = [p for p in q.split("&") if p.split("=")[0] in SIGNING]
    return concrete + ("&" if "?" in concrete else "?") + "&".join(ps)


def str_map(d: Mapping) -> Dict[str, str]:
    return {k: str(v) for k, v in d.items()}


def test_vector_sets_present():
    assert len(CONF["cases"]) == 12
    assert len(REF["cases"]) >= 60


@pytest.mark.parametrize("c", CONF["cases"], ids=ids(CONF["cases"]))
def test_conformance(c):
    i, e = c["input"], c["expected"]
    signer = cloudfront.Signer(
        i["keyPairId"], vector_file(i["privateKeyFile"]), allow_weak_rsa_for_tests=True
    )
    verifier = cloudfront.Verifier({i["keyPairId"]: signer}, allow_weak_rsa_for_tests=True)
    opts: Dict[str, Any] = {"expires": i.get("expirationDate")}
    if "activeDate" in i:
        opts["starts"] = i["activeDate"]
    if "ipRange" in i:
        opts["ip_range"] = i["ipRange"]
    valid_at = (i.get("expirationDate") or 0) - 1

    if e.get("error"):
        err = raises_code(lambda: signer.sign_url(i["resource"], **opts), "invalid_input")
        assert err.field == "expires"
        for word in e["errorContains"]:
            assert word in err.message
        return
    if c["id"].startswith("json-injection"):
        assert signer.sign_policy(e["policyJson"]) == e["signature"]
        err = raises_code(lambda: signer.sign_url(i["resource"], **opts), "invalid_input")
        assert err.field == ("ip_range" if "ipRange" in i else "url")
        return
    if e["signatureAlgorithm"] == "ECDSA-SHA1":
        url = f"{i['resource']}?Expires={i['expirationDate']}&Signature={e['signature']}&Key-Pair-Id={i['keyPairId']}"
        assert verifier.verify_url(url, now=valid_at).policy_json == e["policyJson"]
        ours = signer.sign_url(i["resource"], **opts)
        assert ours != url  # ECDSA is randomised
        verifier.verify_url(ours, now=valid_at)
        raises_code(
            lambda: verifier.verify_url(url.replace("Expires=17", "Expires=18"), now=valid_at),
            "bad_signature",
            cdnsign.SignatureMismatchError,
        )
        return
    if "cookies" in e:
        signed = signer.sign_cookies(i["resource"], **opts)
        assert str_map(signed) == str_map(e["cookies"])
        request_url = i["resource"].replace("*", "videos/intro.mp4")
        v = verifier.verify_cookies(
            request_url, signed.cookie_header(), now=valid_at, client_ip="10.1.2.3"
        )
        assert v.policy_json == e["policyJson"]
        assert v.form == "cookies"
        return
    url = e.get("applyTo") or i["resource"]
    if "applyTo" in e:
        opts["resource"] = i["resource"]
    signed_url = signer.sign_url(url, **opts)
    p = raw_params(signed_url)
    assert p["Signature"] == e["signature"]
    for k, val in e["queryParams"].items():
        assert p[k] == val, k
    v = verifier.verify_url(
        signed_url, now=valid_at, client_ip="192.168.0.9" if "ipRange" in i else None
    )
    assert v.policy_json == e["policyJson"]
    assert v.canned == ("Policy" not in p)


def ref_verifier() -> cloudfront.Verifier:
    return cloudfront.Verifier(
        {k["keyPairId"]: vector_file(k["publicKeyFile"]) for k in REF["keys"].values()}
    )


def present(verifier, cred, now, client_ip) -> str:
    try:
        if "url" in cred:
            verifier.verify_url(cred["url"], now=now, client_ip=client_ip)
        else:
            verifier.verify_cookies(cred["requestUrl"], cred["cookies"], now=now, client_ip=client_ip)
        return "ok"
    except cdnsign.VerificationError as err:
        return err.code


COUNTS: Counter = Counter()
REFERENCE_CASES = [c for c in REF["cases"] if c["source"] == "references"]
DESIGN_CASES = [c for c in REF["cases"] if c["source"] == "design"]


@pytest.mark.parametrize("c", REFERENCE_CASES, ids=ids(REFERENCE_CASES))
def test_reference(c):
    i, e = c["input"], c["expected"]
    verifier = ref_verifier()
    signer = cloudfront.Signer(
        i["keyPairId"], vector_file(i["privateKeyFile"]), hash_algorithm=i["hashAlgorithm"]
    )
    opts: Dict[str, Any] = {"expires": i["expires"]}
    for k, py in (("starts", "starts"), ("ipRange", "ip_range"), ("resource", "resource"), ("policyKind", "policy_kind")):
        if k in i:
            opts[py] = i[k]
    ok_now = i["expires"] - 1
    ok_ip = e["verify"]["checks"][0]["clientIp"]
    rsa = signer.key_kind == "RSA"

    if c["id"] != "jssdk_canned_wildcard_quirk":
        ours = signer.sign_url(i["url"], **opts)
        ours_cred = apply_to(ours, i["requestUrl"]) if "requestUrl" in i else ours
        v = verifier.verify_url(ours_cred, now=ok_now, client_ip=ok_ip)
        assert v.canned == (e["policyKind"] == "canned")
        cookie_opts = {k: val for k, val in opts.items() if k != "resource"}
        if "resource" in i:
            cookie_opts["policy_kind"] = "custom"
        cookies = signer.sign_cookies(i.get("resource") or i["url"], **cookie_opts)
        vc = verifier.verify_cookies(
            i.get("requestUrl") or i["url"], cookies, now=ok_now, client_ip=ok_ip
        )
        if "botocore" in e:
            if e["botocore"]["policy"] == v.policy_json:
                if rsa:
                    assert ours == e["botocore"]["url"], "URL byte-equal to botocore"
                    COUNTS["url == botocore"] += 1
            else:
                COUNTS["botocore condition order differs"] += 1
        if "jssdk" in e:
            if e["jssdk"]["policy"] == v.policy_json:
                assert raw_params(ours)["Signature"] == raw_params(e["jssdk"]["url"])["Signature"]
                COUNTS["signature == JS SDK"] += 1
            js_cookie_policy = e["jssdk"].get("cookiesPolicy") or e["jssdk"]["policy"]
            if js_cookie_policy == vc.policy_json:
                assert str_map(cookies) == str_map(e["jssdk"]["cookies"])
                COUNTS["cookies == JS SDK"] += 1

    # the references' own credentials against the design verdicts
    for t in e["verify"]["targets"]:
        ref, kind = t["target"].split(".")
        out = e[ref]
        if kind == "url":
            cred = {"url": apply_to(out["url"], t["applyTo"]) if t.get("applyTo") else out["url"]}
        else:
            cred = {"cookies": str_map(out["cookies"]), "requestUrl": t["requestUrl"]}
        for check in t.get("checks") or e["verify"]["checks"]:
            got = present(verifier, cred, check["now"], check["clientIp"])
            assert got == check["result"], f"{t['target']} at {check['now']} from {check['clientIp']}"
            COUNTS["verdicts"] += 1
    # one changed signature character is refused
    for ref in ("botocore", "jssdk"):
        out = e.get(ref)
        if not out or "url" not in out:
            continue
        url = apply_to(out["url"], i["requestUrl"]) if "requestUrl" in i else out["url"]
        sig = raw_params(url)["Signature"]
        flipped = url.replace(f"Signature={sig}", f"Signature={'B' if sig[0] == 'A' else 'A'}{sig[1:]}")
        assert present(verifier, {"url": flipped}, ok_now, ok_ip) == "bad_signature"


def test_reference_comparisons_happened():
    # runs after the parametrized reference cases (pytest keeps file order)
    assert COUNTS["url == botocore"] >= 8, COUNTS
    assert COUNTS["signature == JS SDK"] >= 10, COUNTS
    assert COUNTS["botocore condition order differs"] >= 2, COUNTS
    assert COUNTS["verdicts"] >= 100, COUNTS


@pytest.mark.parametrize("c", DESIGN_CASES, ids=ids(DESIGN_CASES))
def test_refusal(c):
    i = c["input"]
    want = c["expected"]["error"]

    def run() -> None:
        signer = cloudfront.Signer(
            i["keyPairId"], vector_file(i["privateKeyFile"]), hash_algorithm=i.get("hashAlgorithm", "SHA1")
        )
        opts: Dict[str, Any] = {"expires": i.get("expires")}
        for k, py in (("starts", "starts"), ("ipRange", "ip_range"), ("resource", "resource"), ("policyKind", "policy_kind")):
            if k in i:
                opts[py] = i[k]
        signer.sign_url(i["url"], **opts)

    err = raises_code(run, want["code"])
    if want.get("field"):
        assert err.field == want["field"], err


VERIFIER_CASES = [c for c in REF["cases"] if c["source"] == "verifier"]


def test_every_case_has_a_known_source():
    assert {c["source"] for c in REF["cases"]} == {"references", "design", "verifier"}
    assert len(VERIFIER_CASES) >= 6


@pytest.mark.parametrize("c", VERIFIER_CASES, ids=ids(VERIFIER_CASES))
def test_verifier_presentation(c):
    """Issue 13: credentials from botocore / `cryptography` (AWS's recipe), with
    the verdict, the error's field, or the form that decided."""
    verifier = ref_verifier()
    refused = 0
    for p in c["expected"]["presentations"]:
        opts: Dict[str, Any] = {"now": p["now"], "client_ip": p["clientIp"]}
        if p["present"] == "url":
            calls = [lambda: verifier.verify_url(p["url"], **opts)]
        else:
            header = "; ".join(f"{k}={v}" for k, v in p["cookies"].items())
            calls = [lambda: verifier.verify_cookies(p["requestUrl"], str_map(p["cookies"]), **opts),
                     lambda: verifier.verify_cookies(p["requestUrl"], header, **opts)]
        for call in calls:
            if p["result"] == "ok":
                assert call().form == p["form"], p
            else:
                err = raises_code(call, p["result"], cdnsign.VerificationError)
                assert err.field == p.get("field"), (p, str(err))
                refused += 1
    assert refused > 0, "every verifier case refuses something"


RSA = vector_file("keys/cloudfront-rsa2048.pem")
RSA_PUB = vector_file("keys/cloudfront-rsa2048.pub.pem")


def test_cookies_mapping_headers_and_verification_inputs():
    signer = cloudfront.Signer("K2JCJMDEHXQW5F", RSA.encode())
    verifier = cloudfront.Verifier({"K2JCJMDEHXQW5F": RSA_PUB})
    r = signer.sign_cookies(
        "https://cdn.example.com/premium/*",
        expires=datetime.fromtimestamp(1767290400, timezone.utc),
        ip_range="192.0.2.7",
        domain=".example.com",
        same_site="Lax",
    )
    assert isinstance(r, Mapping)
    assert list(r) == ["CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id"]
    assert len(r) == 3 and "CloudFront-Policy" in r and "CloudFront-Expires" not in r
    assert r["CloudFront-Key-Pair-Id"] == "K2JCJMDEHXQW5F" == r.get("CloudFront-Key-Pair-Id")
    assert dict(r.items()) == dict(r) and r == dict(r)
    with pytest.raises(KeyError):
        r["nope"]
    headers = r.set_cookie_headers()
    assert len(headers) == 3
    for h, name in zip(headers, r):
        assert h.startswith(name + "=" + r[name] + "; ")
        assert h.endswith("; Domain=.example.com; Path=/; Secure; HttpOnly; SameSite=Lax")
    url = "https://cdn.example.com/premium/a/b.m3u8?x=1"
    v = verifier.verify_cookies(url, r.cookie_header(), now=1767290000, client_ip="192.0.2.7")
    assert (v.form, v.canned, v.resource, v.ip_range, v.expires) == (
        "cookies", False, "https://cdn.example.com/premium/*", "192.0.2.7/32", 1767290400,
    )
    verifier.verify_cookies(url, {**dict(r), "session": "x=y;z"}, now=1767290000, client_ip="192.0.2.7")
    verifier.verify_cookies(url, list(r.items()), now=1767290000, client_ip="192.0.2.7")
    raises_code(lambda: verifier.verify_cookies(url, r, now=1767290000, client_ip="192.0.2.8"), "ip_not_allowed", cdnsign.IpNotAllowedError)
    raises_code(lambda: verifier.verify_cookies("https://cdn.example.com/free/a.mp4", r, now=1767290000, client_ip="192.0.2.7"), "url_mismatch", cdnsign.UrlMismatchError)
    raises_code(lambda: verifier.verify_cookies(url, {}, now=1767290000), "missing_credential", cdnsign.MissingCredentialError)
    raises_code(lambda: verifier.verify_cookies(url, r, now=1767290401, client_ip="192.0.2.7"), "expired", cdnsign.ExpiredError)
    plain = signer.sign_cookies("https://cdn.example.com/a.mp4", expires=1767290400, secure=False, http_only=False, path=None)
    assert list(plain) == ["CloudFront-Expires", "CloudFront-Signature", "CloudFront-Key-Pair-Id"]
    assert all("Secure" not in h and "HttpOnly" not in h and "Path" not in h for h in plain.set_cookie_headers())
    raises_code(lambda: signer.sign_cookies("https://cdn.example.com/a.mp4", expires=1767290400, same_site="sometimes"), "invalid_input")


def test_signer_keys_passphrase_sha256_own_policy_and_helpers():
    enc = vector_file("keys/test-rsa2048.pkcs8-encrypted.pem")
    passphrase = load_vectors("crypto.json")["passphrase"]
    s = cloudfront.Signer("KENC", enc, passphrase=passphrase, hash_algorithm="SHA256")
    assert (s.hash_algorithm, s.key_pair_id, s.key_kind) == ("SHA256", "KENC", "RSA")
    verifier = cloudfront.Verifier({"KENC": s.public_key_pem()})
    url = s.sign_url("https://d111111abcdef8.cloudfront.net/a.mp4", expires=datetime(2030, 1, 1, tzinfo=timezone.utc))
    assert url.endswith("&Key-Pair-Id=KENC&Hash-Algorithm=SHA256")
    assert raw_params(url)["Expires"] == "1893456000"
    assert verifier.verify_url(url, now=1767290400).hash_algorithm == "SHA256"
    raises_code(lambda: cloudfront.Signer("K", enc, passphrase=b"wrong"), "invalid_key", cdnsign.InvalidKeyError)
    raises_code(lambda: cloudfront.Signer("K", enc), "invalid_key")
    raises_code(lambda: cloudfront.Signer("K", "not a key"), "invalid_key")
    raises_code(lambda: cloudfront.Signer("K", RSA, hash_algorithm="MD5"), "invalid_input")
    err = raises_code(lambda: s.sign_url("https://d111111abcdef8.cloudfront.net/a.mp4", expires=1767290400000), "invalid_input")
    assert err.field == "expires" and "milliseconds" in str(err)
    policy = '{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/v/*","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}'
    own = s.sign_url_with_policy("https://d111111abcdef8.cloudfront.net/v/1.ts", policy)
    assert verifier.verify_url(own, now=1767290000).policy_json == policy
    raises_code(lambda: s.sign_url_with_policy("https://d111111abcdef8.cloudfront.net/w/1.ts", policy), "invalid_input")
    from_policy = s.sign_cookies_with_policy(policy)
    assert verifier.verify_cookies("https://d111111abcdef8.cloudfront.net/v/2.ts", from_policy, now=1767290000).policy_json == policy
    raw = "https://d111111abcdef8.cloudfront.net/My Movie/caf\u00e9.mp4"
    err = raises_code(lambda: s.sign_url(raw, expires=1767290400), "invalid_input")
    assert "percent_encode_url" in str(err)
    assert cloudfront.percent_encode_url(raw) == "https://d111111abcdef8.cloudfront.net/My%20Movie/caf%C3%A9.mp4"
    s.sign_url(cloudfront.percent_encode_url(raw), expires=1767290400)
    assert cloudfront.wildcard_matches("https://x/videos/*", "https://x/videos/a/b.mp4")
    assert not cloudfront.wildcard_matches("https://x/seg_?.ts", "https://x/seg_10.ts")
    assert verifier.key_pair_ids == ["KENC"]
    raises_code(lambda: verifier.verify_url("https://d111111abcdef8.cloudfront.net/a.mp4"), "missing_credential")
    err = raises_code(lambda: verifier.verify_url(url, now=1767290400, client_ip="nope"), "invalid_input")
    assert err.field == "client_ip"
    assert cloudfront.RSA_BITS == 2048 and cloudfront.MAX_URL_LEN == 8192


def test_build_policy_matches_what_the_signer_signs():
    p = cloudfront.build_policy("https://d111111abcdef8.cloudfront.net/v/*", expires=1767290400, starts=1767280000, ip_range="192.0.2.0/24")
    assert p == (
        '{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/v/*","Condition":'
        '{"DateLessThan":{"AWS:EpochTime":1767290400},"DateGreaterThan":{"AWS:EpochTime":1767280000},'
        '"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"}}}]}'
    )
    s = cloudfront.Signer("K2JCJMDEHXQW5F", RSA)
    url = s.sign_url("https://d111111abcdef8.cloudfront.net/v/a.ts", expires=1767290400, starts=1767280000,
                     ip_range="192.0.2.0/24", resource="https://d111111abcdef8.cloudfront.net/v/*")
    v = cloudfront.Verifier({"K2JCJMDEHXQW5F": RSA_PUB}).verify_url(url, now=1767285000, client_ip="192.0.2.1")
    assert v.policy_json == p
    raises_code(lambda: cloudfront.build_policy("https://x/a", expires=1767290400, ip_range="::1"), "invalid_input")


def test_ecdsa_key_signs_and_verifies():
    ec = vector_file("keys/cloudfront-ec-p256.pem")
    s = cloudfront.Signer("K3P256EXAMPLE7", ec)
    assert s.key_kind == "EC P-256"
    url = s.sign_url("https://d111111abcdef8.cloudfront.net/video.mp4", expires=1767290400)
    v = cloudfront.Verifier({"K3P256EXAMPLE7": vector_file("keys/cloudfront-ec-p256.pub.pem")})
    assert v.verify_url(url, now=1767290399).key_pair_id == "K3P256EXAMPLE7"
    raises_code(lambda: v.verify_url(url.replace("video.mp4", "other.mp4"), now=1767290399), "bad_signature")
