"""Interop in both directions with the libraries users switch from:
botocore's CloudFrontSigner (and the cdnsign.compat.botocore shim), PyJWT for
Stream tokens (including algorithm-confusion attacks)."""

import base64
import hashlib
import hmac
import json
import time
from datetime import datetime, timedelta, timezone

import jwt
import pytest
from botocore.signers import CloudFrontSigner as BotoSigner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

import cdnsign
from cdnsign import cloudfront, stream
from cdnsign.compat.botocore import CloudFrontSigner

from cdnsign_testutil import raises_code, vector_file

PEM = vector_file("keys/cloudfront-rsa2048.pem")
PUB = vector_file("keys/cloudfront-rsa2048.pub.pem")
KID = "K2JCJMDEHXQW5F"
KEY = serialization.load_pem_private_key(PEM.encode(), password=None)


def boto() -> BotoSigner:
    return BotoSigner(KID, lambda msg: KEY.sign(msg, padding.PKCS1v15(), hashes.SHA1()))


URLS = [
    "https://d111111abcdef8.cloudfront.net/image.jpg",
    "https://d111111abcdef8.cloudfront.net/videos/a%20b/seg_001.ts?quality=hd&x=1",
    "https://cdn.example.com/",
    "http://cdn.example.com:8080/a/b/c.m3u8",
]
WHEN = [1767290400, 2147483647, datetime(2030, 5, 17, 12, 30, tzinfo=timezone.utc),
        datetime(2030, 5, 17, 14, 30, tzinfo=timezone(timedelta(hours=2)))]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("when", WHEN)
def test_canned_urls_are_botocores_bytes(url, when):
    boto_when = when if isinstance(when, datetime) else datetime.fromtimestamp(when, timezone.utc)
    theirs = boto().generate_presigned_url(url, date_less_than=boto_when)
    assert CloudFrontSigner(KID, PEM).generate_presigned_url(url, date_less_than=when) == theirs
    assert cloudfront.Signer(KID, PEM).sign_url(url, expires=when) == theirs
    verifier = cloudfront.Verifier({KID: PUB})
    expires = int(boto_when.timestamp())
    assert verifier.verify_url(theirs, now=expires - 1).canned
    raises_code(lambda: verifier.verify_url(theirs, now=expires), "expired", cdnsign.ExpiredError)


def test_botocore_custom_policies_verify_with_ours_and_ours_with_cryptography():
    b = boto()
    ours = CloudFrontSigner(KID, PEM)
    verifier = cloudfront.Verifier({KID: PUB})
    lt = datetime(2030, 1, 1, tzinfo=timezone.utc)
    gt = datetime(2029, 1, 1, tzinfo=timezone.utc)
    resource = "https://d111111abcdef8.cloudfront.net/videos/*"
    for kw in ({}, {"date_greater_than": gt}, {"ip_address": "192.0.2.0/24"},
               {"date_greater_than": gt, "ip_address": "198.51.100.7"}):
        their_policy = b.build_policy(resource, lt, **kw)
        theirs = b.generate_presigned_url("https://d111111abcdef8.cloudfront.net/videos/1.ts", policy=their_policy)
        v = verifier.verify_url(theirs, now=int(lt.timestamp()) - 10, client_ip="192.0.2.1" if kw.get("ip_address") != "198.51.100.7" else "198.51.100.7")
        assert v.policy_json == their_policy and not v.canned
        # our build_policy: same conditions (JS SDK order), and botocore signs it into a URL we accept
        our_policy = ours.build_policy(resource, lt, **kw)
        assert json.loads(our_policy) == json.loads(their_policy)  # same statement; key order may differ
        mine = ours.generate_presigned_url("https://d111111abcdef8.cloudfront.net/videos/2.ts", policy=our_policy)
        # the signature is plain RSA-SHA1 PKCS#1 v1.5 over the policy bytes: OpenSSL agrees
        sig = mine.split("Signature=")[1].split("&")[0]
        raw = base64.b64decode(sig.replace("-", "+").replace("_", "=").replace("~", "/"))
        KEY.public_key().verify(raw, our_policy.encode(), padding.PKCS1v15(), hashes.SHA1())
        # a policy signed by our shim verifies byte-for-byte against botocore's own signing
        assert mine.split("Policy=")[0] == "https://d111111abcdef8.cloudfront.net/videos/2.ts?"
        assert b.generate_presigned_url("https://d111111abcdef8.cloudfront.net/videos/2.ts", policy=our_policy) == mine
    with pytest.raises(ValueError, match="either date_less_than or policy"):
        ours.generate_presigned_url(URLS[0])
    with pytest.raises(ValueError, match="either date_less_than or policy"):
        ours.generate_presigned_url(URLS[0], date_less_than=lt, policy="{}")
    with pytest.raises(cdnsign.InvalidInputError, match="timezone"):
        ours.generate_presigned_url(URLS[0], date_less_than=datetime(2030, 1, 1))
    assert ours.key_id == KID
    raises_code(lambda: ours.generate_presigned_url(resource, date_less_than=lt), "invalid_input")


# ---- Stream tokens and PyJWT ----------------------------------------------------

RESPONSE = json.loads(vector_file("keys/stream-key.json"))
SK = stream.SigningKey.from_api_response(RESPONSE)
STREAM_PUB = vector_file("keys/stream-key.pub.pem")
STREAM_PRIV = vector_file("keys/stream-key.pkcs8.pem")


def test_pyjwt_verifies_our_tokens_and_produces_the_same_bytes():
    now = int(time.time())
    rules = [{"type": "ip.geoip.country", "action": "allow", "country": ["KR"]}, {"type": "any", "action": "block"}]
    ours = SK.sign("6b9e68b07dfee8cc2d116e4c51d6a957", expires=now + 3600, not_before=now - 5,
                   downloadable=True, access_rules=rules)
    claims = jwt.decode(ours, STREAM_PUB, algorithms=["RS256"])
    assert claims == {"sub": "6b9e68b07dfee8cc2d116e4c51d6a957", "kid": SK.kid, "exp": now + 3600,
                      "nbf": now - 5, "downloadable": True, "accessRules": rules}
    assert jwt.get_unverified_header(ours) == {"alg": "RS256", "kid": SK.kid}
    # PyJWT with the documented payload order and headers={"kid"} and no typ makes the same token
    theirs = jwt.encode(claims, STREAM_PRIV, algorithm="RS256", headers={"kid": SK.kid, "typ": None})
    assert theirs == ours


def test_no_leeway_by_default_as_cloudflare_documents_none():
    # PyJWT tokens 10 s before nbf and 1 s past exp: PyJWT without leeway and our
    # default verifier refuse both; an explicit leeway of 30 s accepts both.
    now = int(time.time())
    early = jwt.encode({"sub": "vid", "kid": SK.kid, "nbf": now + 10, "exp": now + 600}, STREAM_PRIV,
                       algorithm="RS256", headers={"kid": SK.kid})
    late = jwt.encode({"sub": "vid", "kid": SK.kid, "exp": now - 1}, STREAM_PRIV,
                      algorithm="RS256", headers={"kid": SK.kid})
    with pytest.raises(jwt.ImmatureSignatureError):
        jwt.decode(early, STREAM_PUB, algorithms=["RS256"])
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(late, STREAM_PUB, algorithms=["RS256"])
    strict = stream.Verifier({SK.kid: STREAM_PUB})
    raises_code(lambda: strict.verify(early, now=now), "not_yet_valid", cdnsign.NotYetValidError)
    raises_code(lambda: strict.verify(late, now=now), "expired", cdnsign.ExpiredError)
    lenient = stream.Verifier({SK.kid: STREAM_PUB}, leeway=30)
    assert lenient.verify(early, now=now)["nbf"] == now + 10
    assert lenient.verify(late, now=now)["exp"] == now - 1


def test_our_verifier_accepts_pyjwt_tokens_and_refuses_confusion_attacks():
    now = int(time.time())
    v = stream.Verifier({SK.kid: STREAM_PUB})
    payload = {"sub": "vid", "kid": SK.kid, "exp": now + 60}
    good = jwt.encode(payload, STREAM_PRIV, algorithm="RS256", headers={"kid": SK.kid})
    assert v.verify(good, video_uid="vid")["exp"] == now + 60
    # typ: JWT in the header, claims in another order: still a valid RS256 token
    assert v.verify(jwt.encode({"exp": now + 60, "sub": "vid"}, STREAM_PRIV, algorithm="RS256", headers={"kid": SK.kid}))["sub"] == "vid"
    # alg=none
    none_token = jwt.encode(payload, None, algorithm="none", headers={"kid": SK.kid})
    raises_code(lambda: v.verify(none_token), "algorithm_not_allowed", cdnsign.AlgorithmNotAllowedError)
    # HS256 keyed with the public key PEM (the classic RS/HS confusion), built by hand
    # because PyJWT itself refuses to use a PEM as an HMAC secret.
    def b64(d):
        return base64.urlsafe_b64encode(d).rstrip(b"=")
    signing_input = b64(json.dumps({"alg": "HS256", "kid": SK.kid}).encode()) + b"." + b64(json.dumps(payload).encode())
    forged = signing_input + b"." + b64(hmac.new(STREAM_PUB.encode(), signing_input, hashlib.sha256).digest())
    raises_code(lambda: v.verify(forged.decode()), "algorithm_not_allowed")
    # PS256 / RS512 with the right key are not RS256 either
    for alg in ("PS256", "RS512"):
        raises_code(lambda: v.verify(jwt.encode(payload, STREAM_PRIV, algorithm=alg, headers={"kid": SK.kid})), "algorithm_not_allowed")
    # signed by another RSA key under our kid
    attacker = vector_file("keys/stream-attacker.pkcs8.pem")
    raises_code(lambda: v.verify(jwt.encode(payload, attacker, algorithm="RS256", headers={"kid": SK.kid})), "bad_signature", cdnsign.SignatureMismatchError)
    # expired per PyJWT is expired per us
    old = jwt.encode({**payload, "exp": now - 100}, STREAM_PRIV, algorithm="RS256", headers={"kid": SK.kid})
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(old, STREAM_PUB, algorithms=["RS256"])
    raises_code(lambda: v.verify(old), "expired", cdnsign.ExpiredError)
    # Cloudflare's /token endpoint writes exp/nbf as numeric strings: accepted
    strings = jwt.encode({"kid": SK.kid, "exp": str(now + 60), "nbf": str(now - 60)}, STREAM_PRIV, algorithm="RS256", headers={"kid": SK.kid})
    assert v.verify(strings)["exp"] == now + 60
