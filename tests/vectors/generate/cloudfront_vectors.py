#!/usr/bin/env python3
"""Reference vectors for cdnsign::cloudfront: tests/vectors/cloudfront.json.

Every expected credential comes from a reference implementation, never from
cdnsign:
  * botocore's CloudFrontSigner (cloudfront_botocore.py): URL, the policy bytes
    it signed, and its parameters as cookie values;
  * @aws-sdk/cloudfront-signer (cloudfront_jssdk.mjs, run with node): getSignedUrl
    and getSignedCookies outputs and the policy bytes it signed.
Both run on the same fixed keys (generated once into tests/vectors/keys/ and
reused). RSA PKCS#1 v1.5 and RFC 6979 ECDSA are deterministic, so a rerun
reproduces the file byte for byte; `--check` regenerates in memory and exits 1
if the committed file differs.

Each "sign" case records, for each reference that can express it:
  expected.<ref>.policy   the exact bytes the reference signed
  expected.<ref>.url      its signed URL, verbatim
  expected.<ref>.cookies  its cookie name -> value map
plus expected.verify: checks a verifier must pass on those reference outputs
(time boundaries, client IP, wildcard request URLs). The verdicts follow
CloudFront's documented semantics (DateLessThan: now < N; DateGreaterThan:
now > S; IpAddress: client in CIDR; Resource: `*` any run, `?` one character);
they are our contract and marked "source": "design".

"error_*" cases are inputs a cdnsign signer must refuse (DESIGN §2 cloudfront):
expected.error = {"code", "field"}; they are our contract ("source": "design"),
not reference behaviour (the references accept most of them; see `notes`).

"verify_*" cases ("source": "verifier", issue 13) are credentials made by an
independent signer (botocore, or `cryptography` following AWS's documented
recipe where botocore cannot express the input), each presented to a verifier
with the verdict it must give: times after 2147483647, a Resource that begins
with neither http://, https:// nor *, dot segments under a wildcard, and a
request that carries both a signed URL and signed cookies.

Usage: python3 cloudfront_vectors.py [--check]
"""
import base64
import fnmatch
import ipaddress
import json
import os
import re
import subprocess
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

import cloudfront_botocore

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.dirname(HERE)
KEYS = os.path.join(VECTORS, "keys")
OUT = os.path.join(VECTORS, "cloudfront.json")

D = "https://d111111abcdef8.cloudfront.net"
EXPIRES = 1767290400  # 2026-01-01T18:00:00Z
STARTS = 1767200000   # 2025-12-31T16:53:20Z
NOW_OK = EXPIRES - 3600
IP_OUTSIDE = "198.51.100.7"
IP_ANY = "203.0.113.9"

KEYSPECS = {
    # name: (key pair id, private file, public file, kind)
    "rsa2048": ("K2JCJMDEHXQW5F", "cloudfront-rsa2048.pem", "cloudfront-rsa2048.pub.pem", "rsa"),
    "rsa2048b": ("K1ROTATEDKEY22", "cloudfront-rsa2048-b.pem", "cloudfront-rsa2048-b.pub.pem", "rsa"),
    "ecp256": ("K3P256EXAMPLE7", "cloudfront-ec-p256.pem", "cloudfront-ec-p256.pub.pem", "ec"),
}


# --------------------------------------------------------------------------
# keys (generated once, then reused forever)

def ensure_keys():
    os.makedirs(KEYS, exist_ok=True)
    loaded = {}
    for name, (_, priv_file, pub_file, kind) in KEYSPECS.items():
        priv_path = os.path.join(KEYS, priv_file)
        if not os.path.exists(priv_path):
            if kind == "rsa":
                key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
                # PKCS#1 "RSA PRIVATE KEY", what CloudFront's docs show for `openssl genrsa`.
                fmt = serialization.PrivateFormat.TraditionalOpenSSL
            else:
                key = ec.generate_private_key(ec.SECP256R1())
                # SEC1 "EC PRIVATE KEY", what `openssl ecparam -genkey` writes.
                fmt = serialization.PrivateFormat.TraditionalOpenSSL
            with open(priv_path, "wb") as f:
                f.write(key.private_bytes(serialization.Encoding.PEM, fmt,
                                          serialization.NoEncryption()))
        with open(priv_path, "rb") as f:
            key = serialization.load_pem_private_key(f.read(), password=None)
        pub = key.public_key().public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
        pub_path = os.path.join(KEYS, pub_file)
        if not os.path.exists(pub_path):
            with open(pub_path, "wb") as f:
                f.write(pub)
        with open(pub_path, "rb") as f:
            if f.read() != pub:
                sys.exit(f"{pub_file} is not the public half of {priv_file}")
        loaded[name] = key
    return loaded


# --------------------------------------------------------------------------
# the inputs

def sign_case(cid, description, url, *, key="rsa2048", resource=None, starts=None, ip=None,
              hash_alg="SHA1", custom=False, request_url=None, notes=None, client_ip=None):
    return {
        "id": cid, "description": description, "key": key, "url": url, "resource": resource,
        "starts": starts, "ip": ip, "hash": hash_alg, "custom": custom,
        "request_url": request_url, "notes": notes, "client_ip": client_ip,
    }


SIGN_CASES = [
    sign_case("canned_basic", "Canned policy, plain URL.", f"{D}/image.jpg"),
    sign_case("canned_query", "Canned policy on a URL that has its own query string; the "
              "signing parameters are appended with '&'.",
              f"{D}/images/image.jpg?size=large&color=red"),
    sign_case("canned_http_port", "Canned policy, http scheme and an explicit port.",
              "http://example.com:8080/videos/intro.mp4"),
    sign_case("canned_no_path", "Canned policy on a URL without a path.", D),
    sign_case("canned_trailing_question_mark", "Canned policy on a URL ending in '?'.",
              f"{D}/a/b.txt?",
              notes="botocore keeps the '?' and appends '&Expires=...' (resource ends in '?'); "
                    "the JS SDK drops the empty query and signs 'https://.../a/b.txt'."),
    sign_case("canned_percent_encoded_path", "Canned policy on a percent-encoded path.",
              f"{D}/videos/My%20Movie%20%28final%29.mp4",
              notes="The JS SDK decodes and re-encodes each path segment with "
                    "encodeURIComponent, so its URL and resource contain '(final)' instead of "
                    "'%28final%29'; botocore signs the URL as given."),
    sign_case("canned_percent_lowercase_tilde", "Canned policy on lowercase %-escapes and %7E.",
              f"{D}/%7euser/caf%c3%a9.mp4",
              notes="The JS SDK rewrites this to '/~user/caf%C3%A9.mp4' before signing."),
    sign_case("canned_path_subdelims", "Canned policy on a path with sub-delimiters.",
              f"{D}/v/a:b@c+d,e;f=g$h!i'j(k)l.mp4",
              notes="The JS SDK percent-encodes ':@+,;=$' in path segments "
                    "(encodeURIComponent) and signs that form."),
    sign_case("canned_query_encoded", "Canned policy on a query with escapes, '+' and a "
              "parameter without '='.",
              f"{D}/dl/file.bin?response-content-disposition=attachment%3b%20filename%3D%22a.bin%22&q=a+b&flag",
              notes="The JS SDK upper-cases the escapes and rewrites 'flag' as 'flag='."),
    sign_case("canned_long_query", "Canned policy on a long URL (~1.5 KB).",
              f"{D}/hls/master.m3u8?" + "&".join(f"p{i}=v{i:04d}" for i in range(120))),
    sign_case("canned_sha256", "Canned policy signed with SHA-256 (Hash-Algorithm=SHA256).",
              f"{D}/image.jpg", hash_alg="SHA256",
              notes="botocore has no hash-algorithm option (SHA-1 only)."),
    sign_case("custom_expires_only", "Custom policy with only DateLessThan "
              "(Policy= instead of Expires=).", f"{D}/image.jpg", custom=True),
    sign_case("custom_starts", "Custom policy with DateGreaterThan.",
              f"{D}/video.mp4", starts=STARTS),
    sign_case("custom_ip_cidr", "Custom policy with an IPv4 CIDR.",
              f"{D}/document.pdf", ip="192.0.2.0/24", client_ip="192.0.2.77"),
    sign_case("custom_ip_bare", "Custom policy with a bare IPv4 address (both SDKs add /32).",
              f"{D}/document.pdf", ip="192.0.2.10", client_ip="192.0.2.10"),
    sign_case("custom_ip_any", "Custom policy with 0.0.0.0/0.",
              f"{D}/document.pdf", ip="0.0.0.0/0", client_ip=IP_ANY),
    sign_case("custom_starts_ip", "Custom policy with DateGreaterThan and IpAddress: botocore "
              "and the JS SDK order the conditions differently.",
              f"{D}/video.mp4?quality=hd", starts=STARTS, ip="10.0.0.0/8", client_ip="10.1.2.3",
              notes="botocore: DateLessThan, IpAddress, DateGreaterThan; JS SDK (and cdnsign): "
                    "DateLessThan, DateGreaterThan, IpAddress."),
    sign_case("custom_wildcard_star", "Wildcard resource '*' signed for a concrete URL.",
              f"{D}/videos/intro.mp4", resource=f"{D}/videos/*"),
    sign_case("custom_wildcard_question", "Wildcard resource with '?' (one character).",
              f"{D}/videos/clip-7.mp4", resource=f"{D}/videos/clip-?.mp4"),
    sign_case("custom_wildcard_query", "Wildcard resource covering any path and query.",
              f"{D}/a/b/master.m3u8?session=42", resource=f"{D}/*"),
    sign_case("custom_wildcard_starts_ip", "Wildcard resource with start time and IP range.",
              f"{D}/live/seg_00042.ts", resource=f"{D}/live/seg_?????.ts", starts=STARTS,
              ip="192.0.2.0/24", client_ip="192.0.2.200"),
    sign_case("custom_wildcard_url_template", "The URL itself is the wildcard (the SDKs' way "
              "to make a wildcard signature); its parameters are applied to concrete URLs.",
              f"{D}/images/*", ip="192.0.2.0/24", client_ip="192.0.2.1",
              request_url=f"{D}/images/photo1.jpg"),
    sign_case("custom_sha256", "Custom policy (start time) signed with SHA-256.",
              f"{D}/video.mp4", starts=STARTS, hash_alg="SHA256"),
    sign_case("custom_sha256_wildcard_ip", "Wildcard custom policy with IP, SHA-256.",
              f"{D}/videos/intro.mp4", resource=f"{D}/videos/*", ip="192.0.2.0/24",
              client_ip="192.0.2.5", hash_alg="SHA256"),
    sign_case("rotation_second_key", "Signed with a second key pair (rotation).",
              f"{D}/image.jpg", key="rsa2048b"),
    sign_case("ecdsa_canned", "ECDSA P-256 key, canned policy (deterministic ECDSA via "
              "botocore's signer callable).", f"{D}/video.mp4", key="ecp256",
              notes="The JS SDK's ECDSA signatures are randomised; not recorded."),
    sign_case("ecdsa_custom_wildcard", "ECDSA P-256 key, wildcard custom policy with start.",
              f"{D}/videos/intro.mp4", key="ecp256", resource=f"{D}/videos/*", starts=STARTS),
]

# The JS SDK quirk we refuse: a wildcard URL with only an expiry yields a *canned*
# credential, which CloudFront checks against a policy rebuilt from the request
# URL, so it only opens the literal URL ".../images/*".
JS_QUIRK_CASES = [
    {
        "id": "jssdk_canned_wildcard_quirk",
        "description": "getSignedCookies with a wildcard url and no start/IP makes a canned "
                       "credential (CloudFront-Expires). It is valid only for the literal URL "
                       "'.../images/*', never for the files under it; cdnsign refuses to sign "
                       "this (see error_wildcard_canned) and its verifier rejects it for real files.",
        "url": f"{D}/images/*",
        "request_url": f"{D}/images/photo1.jpg",
    },
]


def error_case(cid, description, inp, field, code="invalid_input", notes=None,
               applies_to=("sign_url", "sign_cookies")):
    case = {"id": cid, "source": "design", "description": description,
            "input": inp, "appliesTo": list(applies_to),
            "expected": {"error": {"code": code, "field": field}}}
    if notes:
        case["notes"] = notes
    return case


def base_input(**kw):
    inp = {"keyPairId": KEYSPECS["rsa2048"][0], "privateKeyFile": "keys/" + KEYSPECS["rsa2048"][1],
           "url": f"{D}/image.jpg", "expires": EXPIRES}
    inp.update(kw)
    return {k: v for k, v in inp.items() if v is not None}


ERROR_CASES = [
    error_case("error_wildcard_canned", "A wildcard URL with an explicitly canned policy.",
               base_input(url=f"{D}/images/*", policyKind="canned"), "url",
               notes="The JS SDK signs this as canned (see jssdk_canned_wildcard_quirk)."),
    error_case("error_wildcard_auto", "A '*' in the URL to sign with no separate resource and "
               "no policy kind: ambiguous (literal '*' of an exact URL, or a pattern), so refused.",
               base_input(url=f"{D}/api/items?select=*"), "url", applies_to=("sign_url",),
               notes="botocore signs it canned; the JS SDK signs it canned too (no start/IP); "
                     "the AWS CLI would make it a custom policy, silently widening the grant "
                     "to every select= value."),
    error_case("error_wildcard_resource_canned", "A wildcard resource with an explicitly "
               "canned policy.", base_input(resource=f"{D}/images/*", url=f"{D}/images/a.jpg",
                                           policyKind="canned"), "resource"),
    error_case("error_canned_with_starts", "A start time with an explicitly canned policy.",
               base_input(starts=STARTS, policyKind="canned"), "starts"),
    error_case("error_reserved_expires", "The URL already has an Expires parameter.",
               base_input(url=f"{D}/image.jpg?Expires=1"), "url"),
    error_case("error_reserved_signature", "The URL already has a Signature parameter.",
               base_input(url=f"{D}/image.jpg?a=1&Signature=abc"), "url"),
    error_case("error_reserved_key_pair_id", "The URL already has a Key-Pair-Id parameter.",
               base_input(url=f"{D}/image.jpg?Key-Pair-Id=K"), "url"),
    error_case("error_reserved_policy", "The URL already has a Policy parameter.",
               base_input(url=f"{D}/image.jpg?Policy=e30_"), "url"),
    error_case("error_reserved_hash_algorithm", "The URL already has a Hash-Algorithm parameter.",
               base_input(url=f"{D}/image.jpg?Hash-Algorithm=SHA256"), "url"),
    error_case("error_fragment", "The URL has a fragment (never sent to CloudFront).",
               base_input(url=f"{D}/video.mp4#t=10"), "url"),
    error_case("error_space", "The URL has a space (browsers send %20; offer "
               "percent_encode_url instead of encoding silently).",
               base_input(url=f"{D}/My Movie.mp4"), "url",
               notes="The JS SDK silently encodes it; botocore signs it verbatim."),
    error_case("error_non_ascii", "The URL has a non-ASCII character.",
               base_input(url=f"{D}/caf\u00e9.mp4"), "url"),
    error_case("error_control_char", "The URL has a control character.",
               base_input(url=f"{D}/a\tb.mp4"), "url"),
    error_case("error_quote_in_resource", "A resource with a double quote (not valid on the "
               "wire; the policy-injection attempt).",
               base_input(resource=f"{D}/file\",\"Resource\":\"*", url=f"{D}/file"), "resource"),
    error_case("error_not_http", "The URL is not http(s).",
               base_input(url="ftp://d111111abcdef8.cloudfront.net/x"), "url"),
    error_case("error_relative_url", "The URL is not absolute.",
               base_input(url="/images/image.jpg"), "url"),
    error_case("error_url_outside_resource", "The URL does not match the resource pattern "
               "(CloudFront would answer 403).",
               base_input(url=f"{D}/audio/a.mp3", resource=f"{D}/videos/*"), "resource"),
    error_case("error_expires_too_large", "Expires after 2038-01-19 (2147483647).",
               base_input(expires=2147483648), "expires"),
    error_case("error_expires_milliseconds", "Expires that looks like milliseconds.",
               base_input(expires=EXPIRES * 1000), "expires"),
    error_case("error_starts_milliseconds", "Starts that looks like milliseconds.",
               base_input(starts=STARTS * 1000), "starts"),
    error_case("error_expires_negative", "Negative expires.", base_input(expires=-1), "expires"),
    error_case("error_expires_missing", "No expiry at all.", base_input(expires=None), "expires"),
    error_case("error_expires_equals_starts", "Expires equal to starts.",
               base_input(starts=EXPIRES), "expires"),
    error_case("error_expires_before_starts", "Expires before starts.",
               base_input(expires=STARTS, starts=EXPIRES), "expires"),
    error_case("error_ipv6", "An IPv6 range (CloudFront policies are IPv4 only).",
               base_input(ipRange="2001:db8::/32"), "ip_range"),
    error_case("error_ipv6_bare", "A bare IPv6 address.",
               base_input(ipRange="2001:db8::1"), "ip_range"),
    error_case("error_cidr_prefix_too_long", "A /33 prefix.",
               base_input(ipRange="192.0.2.0/33"), "ip_range"),
    error_case("error_cidr_three_octets", "Three octets.",
               base_input(ipRange="10.0.0/8"), "ip_range"),
    error_case("error_cidr_octet_range", "An octet above 255.",
               base_input(ipRange="256.1.1.1/32"), "ip_range"),
    error_case("error_cidr_leading_zero", "An octet with a leading zero (octal in some parsers).",
               base_input(ipRange="010.0.0.1/32"), "ip_range"),
    error_case("error_cidr_empty_prefix", "A slash without a prefix.",
               base_input(ipRange="192.0.2.0/"), "ip_range"),
    error_case("error_cidr_injection", "A JSON-injection attempt in the IP range.",
               base_input(ipRange="192.168.0.0/24\",\"IpAddress\":{\"AWS:SourceIp\":\"0.0.0.0/0"),
               "ip_range"),
    error_case("error_hash_algorithm", "An unsupported hash algorithm name.",
               base_input(hashAlgorithm="MD5"), "hash_algorithm"),
    error_case("error_key_pair_id_empty", "An empty key-pair id.",
               base_input(keyPairId=""), "key_pair_id"),
    error_case("error_key_pair_id_chars", "A key-pair id with characters that would need "
               "escaping.", base_input(keyPairId="K2&Signature=x"), "key_pair_id"),
    error_case("error_weak_rsa_key", "A 1024-bit RSA key without the explicit test-only opt-in.",
               base_input(privateKeyFile="keys/cloudfront-conformance-rsa1024.pem"), None,
               code="invalid_key"),
    error_case("error_ed25519_key", "An Ed25519 key (CloudFront takes RSA or ECDSA P-256).",
               base_input(privateKeyFile="keys/test-ed25519.pkcs8.pem"), None, code="invalid_key"),
]


# --------------------------------------------------------------------------
# issue 13: credentials from independent signers, presented to a verifier

MAX_32 = 2147483647     # 2038-01-19T03:14:07Z, the guide's limit ("no later than 2147483647")
Y2100 = 4102444800      # 2100-01-01T00:00:00Z
Y9999 = 253402300799    # 9999-12-31T23:59:59Z, the largest datetime botocore can take
I64_MAX = 2 ** 63 - 1
BOTOCORE = f"botocore {cloudfront_botocore.VERSION} CloudFrontSigner"
RECIPE = ("cryptography, following the Developer Guide's recipe (RSA SHA-1 PKCS#1 v1.5 over the "
          "policy bytes; base64 with + -> -, = -> _, / -> ~)")


def cf_b64encode(data):
    return base64.b64encode(data).decode().replace("+", "-").replace("=", "_").replace("/", "~")


def recipe_url(key, kp, url, policy):
    """A custom-policy signed URL made with `cryptography` alone, as the guide
    describes it; for policies botocore cannot write."""
    sig = key.sign(policy.encode(), padding.PKCS1v15(), hashes.SHA1())
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}Policy={cf_b64encode(policy.encode())}&Signature={cf_b64encode(sig)}&Key-Pair-Id={kp}"


def url_params_as_cookies(signed_url):
    """A signed URL's CloudFront parameters under CloudFront's cookie names."""
    return {"CloudFront-" + k: v for k, v in
            (p.split("=", 1) for p in signing_params(signed_url))}


def with_params(signed_url, concrete):
    """The signed URL's CloudFront parameters, in order, appended to another URL."""
    return concrete + ("&" if "?" in concrete else "?") + "&".join(signing_params(signed_url))


def at_url(url, result="ok", field=None, now=NOW_OK, form="url"):
    p = {"present": "url", "url": url, "now": now, "clientIp": IP_ANY, "result": result}
    if field:
        p["field"] = field
    if result == "ok":
        p["form"] = form
    return p


def at_cookies(cookies, request_url, result="ok", field=None, now=NOW_OK, form="cookies"):
    p = {"present": "cookies", "cookies": cookies, "requestUrl": request_url, "now": now,
         "clientIp": IP_ANY, "result": result}
    if field:
        p["field"] = field
    if result == "ok":
        p["form"] = form
    return p


def verifier_case(cid, description, signed_by, presentations, notes=None):
    case = {"id": cid, "source": "verifier", "description": description,
            "signedBy": signed_by, "input": {"keyPairId": KEYSPECS["rsa2048"][0],
                                             "publicKeyFile": "keys/" + KEYSPECS["rsa2048"][2]},
            "expected": {"presentations": presentations}}
    if notes:
        case["notes"] = notes
    return case


def verifier_cases(keys):
    key = keys["rsa2048"]
    kp = KEYSPECS["rsa2048"][0]

    def boto(url, expires, **kw):
        return cloudfront_botocore.sign(key, kp, url, expires, **kw)

    image = f"{D}/image.jpg"
    cases = []

    # Times after 2147483647. botocore signs whatever datetime it is given.
    presentations = []
    for expires, result, field in ((MAX_32, "ok", None), (MAX_32 + 1, "malformed", "Expires"),
                                   (Y2100, "malformed", "Expires"),
                                   (Y9999, "malformed", "Expires")):
        b = boto(image, expires)
        presentations.append(at_url(b["url"], result, field))
        presentations.append(at_cookies(b["cookies"], image, result,
                                        field and "CloudFront-" + field))
    cases.append(verifier_case(
        "verify_canned_expires_after_2038",
        "Canned URLs and cookies with Expires at 2147483647 (accepted), one second later, "
        "2100-01-01 and 9999-12-31 (refused: CloudFront's times are 32-bit).",
        f"{BOTOCORE}.generate_presigned_url(url, date_less_than=...)", presentations))

    videos = f"{D}/videos/*"
    intro = f"{D}/videos/intro.mp4"
    presentations = []
    for expires, result in ((MAX_32, "ok"), (Y2100, "malformed"), (Y9999, "malformed")):
        b = boto(intro, expires, resource=videos)
        presentations.append(at_url(b["url"], result, result != "ok" and "DateLessThan"))
        presentations.append(at_cookies(b["cookies"], intro, result,
                                        result != "ok" and "DateLessThan"))
    b = boto(intro, EXPIRES, resource=videos, starts=Y2100)
    presentations.append(at_url(b["url"], "malformed", "DateGreaterThan"))
    presentations.append(at_cookies(b["cookies"], intro, "malformed", "DateGreaterThan"))
    cases.append(verifier_case(
        "verify_custom_times_after_2038",
        "Custom policies (wildcard resource) with DateLessThan 2147483647 (accepted), "
        "4102444800 and 253402300799, and one with DateGreaterThan 4102444800 (refused).",
        f"{BOTOCORE}.build_policy(resource, date_less_than, date_greater_than=...) + "
        "generate_presigned_url(url, policy=...)", presentations))

    presentations = []
    for expires in (I64_MAX, MAX_32 + 1):
        policy = ('{"Statement":[{"Resource":"%s","Condition":{"DateLessThan":'
                  '{"AWS:EpochTime":%d}}}]}' % (videos, expires))
        u = recipe_url(key, kp, intro, policy)
        presentations.append(at_url(u, "malformed", "DateLessThan"))
        presentations.append(at_cookies(url_params_as_cookies(u), intro, "malformed",
                                        "DateLessThan"))
    cases.append(verifier_case(
        "verify_custom_date_less_than_i64_max",
        "A custom policy with DateLessThan 9223372036854775807 (i64::MAX; a datetime cannot "
        "say it, so botocore cannot sign it) and 2147483648.",
        RECIPE, presentations))

    # A Resource that begins with neither http://, https:// nor *.
    presentations = []
    for resource, result in ((image, "ok"), ("*ttps://d111111abcdef8.cloudfront.net/image.jpg", "ok"),
                             ("?ttps://d111111abcdef8.cloudfront.net/image.jpg", "malformed"),
                             ("?ttps://*", "malformed"),
                             ("d111111abcdef8.cloudfront.net/*", "malformed")):
        policy = ('{"Statement":[{"Resource":"%s","Condition":{"DateLessThan":'
                  '{"AWS:EpochTime":%d}}}]}' % (resource, EXPIRES))
        u = recipe_url(key, kp, image, policy)
        field = "Resource" if result != "ok" else None
        presentations.append(at_url(u, result, field))
        presentations.append(at_cookies(url_params_as_cookies(u), image, result, field))
    cases.append(verifier_case(
        "verify_resource_scheme",
        "Custom policies whose Resource begins with https:// or * (accepted) and with '?ttps://', "
        "'?ttps://*' or a bare host (refused: \"The value must begin with http://, https://, or *\").",
        RECIPE, presentations,
        notes="botocore's build_policy writes any resource string too; the recipe is used so the "
              "policy bytes are exactly the ones shown."))

    # Dot segments under a wildcard.
    b = boto(intro, EXPIRES, resource=videos)
    presentations = []
    for path, result in (("/videos/intro.mp4", "ok"), ("/videos/a/b.mp4", "ok"),
                         ("/videos/..b.mp4", "ok"), ("/videos/.hidden/a.mp4", "ok"),
                         ("/videos/a.mp4?next=../secret", "ok"),
                         ("/videos/../secret/a.mp4", "url_mismatch"),
                         ("/videos/%2e%2e/secret/a.mp4", "url_mismatch"),
                         ("/videos/%2E%2E/secret/a.mp4", "url_mismatch"),
                         ("/videos/%2e./secret/a.mp4", "url_mismatch"),
                         ("/videos/./a.mp4", "url_mismatch"),
                         ("/videos/..%2fsecret/a.mp4", "url_mismatch"),
                         ("/videos/%2e%2e%2Fsecret/a.mp4", "url_mismatch"),
                         ("/videos/..%5Csecret/a.mp4", "url_mismatch"),
                         ("/videos/a/..", "url_mismatch")):
        field = "Resource" if result != "ok" else None
        presentations.append(at_url(with_params(b["url"], D + path), result, field))
        presentations.append(at_cookies(b["cookies"], D + path, result, field))
    exact = boto(f"{D}/videos/../secret/a.mp4", EXPIRES)
    presentations.append(at_url(exact["url"]))
    presentations.append(at_cookies(exact["cookies"], f"{D}/videos/../secret/a.mp4"))
    cases.append(verifier_case(
        "verify_wildcard_dot_segments",
        "A wildcard resource '.../videos/*' presented for paths with '.' or '..' segments, raw "
        "or percent-encoded, before '/', %2F or %5C (refused), for ordinary paths and look-alikes "
        "(accepted), and a canned URL signed for a path with '..' (accepted: the signer wrote it).",
        f"{BOTOCORE}.build_policy + generate_presigned_url; generate_presigned_url(date_less_than=...) "
        "for the canned one", presentations))

    # A signed URL in a request that also carries signed cookies.
    good_cookies = boto(intro, EXPIRES, resource=f"{D}/*")["cookies"]
    expired_cookies = boto(intro, NOW_OK - 60)["cookies"]
    good_url = boto(intro, EXPIRES)["url"]
    expired_url = boto(intro, NOW_OK - 60)["url"]
    sig = dict(p.split("=", 1) for p in signing_params(good_url))["Signature"]
    bad_sig_url = good_url.replace(sig, ("B" if sig[0] == "A" else "A") + sig[1:])
    presentations = [
        at_cookies(good_cookies, intro),
        at_url(good_url),
        at_cookies(good_cookies, good_url, form="url"),
        at_cookies(expired_cookies, good_url, form="url"),
        at_cookies(good_cookies, expired_url, "expired", "DateLessThan"),
        at_cookies(good_cookies, bad_sig_url, "bad_signature", "Signature"),
        at_cookies(good_cookies, intro + "?Signature=" + sig, "malformed", "Key-Pair-Id"),
        at_cookies(expired_cookies, intro, "expired", "DateLessThan"),
    ]
    cases.append(verifier_case(
        "verify_url_takes_precedence_over_cookies",
        "Good and expired cookies presented with a request URL that is itself a good, an "
        "expired, a tampered or a partial signed URL: the URL decides alone (\"CloudFront "
        "assumes that URLs that contain any of those query string parameters are signed URLs, "
        "and therefore won't look at signed cookies\").",
        f"{BOTOCORE}: canned URLs, and a custom policy for {D}/* as cookies", presentations))
    return cases


# --------------------------------------------------------------------------
# running the references

def run_node(requests):
    proc = subprocess.run(
        ["node", os.path.join(HERE, "cloudfront_jssdk.mjs")],
        input=json.dumps({"requests": requests}).encode(), capture_output=True, check=False)
    if proc.returncode != 0:
        sys.exit("cloudfront_jssdk.mjs failed (run `npm install` in tests/vectors/generate?):\n"
                 + proc.stderr.decode())
    return json.loads(proc.stdout)


def js_args(c, kp, url=None, policy=None):
    args = {"keyPairId": kp}
    if url is not None:
        args["url"] = url
    if policy is not None:
        args["policy"] = policy
    else:
        args["dateLessThan"] = EXPIRES
        if c["starts"] is not None:
            args["dateGreaterThan"] = c["starts"]
        if c["ip"] is not None:
            args["ipAddress"] = c["ip"]
    if c["hash"] == "SHA256":
        args["algorithm"] = "SHA256"
    return args


def one_signed(js):
    if "error" in js:
        sys.exit(f"JS SDK error: {js['error']}")
    if len(js["signed"]) != 1:
        sys.exit(f"JS SDK signed {len(js['signed'])} messages")
    return js["signed"][0]


def reference_outputs(keys):
    """Runs botocore and the JS SDK over SIGN_CASES; returns {id: {...}} and versions."""
    out = {}
    # botocore first: it also supplies the policy the JS SDK signs when the JS
    # SDK cannot build it itself (resource != url with only an expiry).
    for c in SIGN_CASES:
        kp, priv_file = KEYSPECS[c["key"]][0], KEYSPECS[c["key"]][1]
        key = keys[c["key"]]
        entry = {"kp": kp, "priv": "keys/" + priv_file}
        custom = c["custom"] or c["resource"] is not None or c["starts"] is not None \
            or c["ip"] is not None or "*" in c["url"]
        entry["custom"] = custom
        boto = cloudfront_botocore.sign(key, kp, c["url"], EXPIRES, resource=c["resource"],
                                        starts=c["starts"], ip_range=c["ip"], custom=custom)
        entry["boto_policy"] = boto["policy"]
        entry["botocore"] = boto if c["hash"] == "SHA1" else None
        out[c["id"]] = entry

    # JS SDK, pass 1: everything it can build from its own options.
    pass1 = []
    for c in SIGN_CASES:
        e = out[c["id"]]
        if KEYSPECS[c["key"]][3] != "rsa":
            continue
        if c["resource"] is None and not c["custom"]:
            pass1.append({"id": c["id"] + "/url", "fn": "getSignedUrl", "privateKeyFile": e["priv"],
                          "args": js_args(c, e["kp"], url=c["url"])})
            pass1.append({"id": c["id"] + "/cookies", "fn": "getSignedCookies",
                          "privateKeyFile": e["priv"], "args": js_args(c, e["kp"], url=c["url"])})
        elif c["resource"] is not None and (c["starts"] is not None or c["ip"] is not None):
            # Its natural wildcard usage: getSignedCookies({url: <pattern>, ...}).
            pass1.append({"id": c["id"] + "/cookies", "fn": "getSignedCookies",
                          "privateKeyFile": e["priv"],
                          "args": js_args(c, e["kp"], url=c["resource"])})
    for q in JS_QUIRK_CASES:
        pass1.append({"id": q["id"] + "/cookies", "fn": "getSignedCookies",
                      "privateKeyFile": "keys/" + KEYSPECS["rsa2048"][1],
                      "args": {"keyPairId": KEYSPECS["rsa2048"][0], "url": q["url"],
                               "dateLessThan": EXPIRES}})
    r1 = run_node(pass1)
    versions = {"jssdk": r1["sdkVersion"], "node": r1["nodeVersion"],
                "botocore": cloudfront_botocore.VERSION}
    res1 = r1["results"]

    # JS SDK, pass 2: a URL for a concrete file under a policy (the SDK's `policy`
    # option), with the policy the SDK built itself in pass 1 where it could.
    pass2 = []
    for c in SIGN_CASES:
        e = out[c["id"]]
        if KEYSPECS[c["key"]][3] != "rsa" or (c["resource"] is None and not c["custom"]):
            continue
        if c["id"] + "/cookies" in res1:
            e["js_policy"] = one_signed(res1[c["id"] + "/cookies"])
            e["js_policy_from"] = "getSignedCookies"
        else:
            e["js_policy"] = e["boto_policy"]
            e["js_policy_from"] = "botocore.build_policy"
            pass2.append({"id": c["id"] + "/cookies", "fn": "getSignedCookies",
                          "privateKeyFile": e["priv"],
                          "args": js_args(c, e["kp"], policy=e["js_policy"])})
        pass2.append({"id": c["id"] + "/url", "fn": "getSignedUrl", "privateKeyFile": e["priv"],
                      "args": js_args(c, e["kp"], url=c["url"], policy=e["js_policy"])})
    r2 = run_node(pass2)["results"]
    results = {**res1, **r2}

    for c in SIGN_CASES:
        e = out[c["id"]]
        if KEYSPECS[c["key"]][3] != "rsa":
            e["jssdk"] = None
            continue
        u, k = results[c["id"] + "/url"], results[c["id"] + "/cookies"]
        policy_u, policy_k = one_signed(u), one_signed(k)
        e["jssdk"] = {"policy": policy_u, "url": u["result"], "cookies": k["result"]}
        if policy_u != policy_k:
            # getSignedUrl re-encodes the URL path/query before signing;
            # getSignedCookies signs the url option as given.
            e["jssdk"]["cookiesPolicy"] = policy_k
        if "js_policy_from" in e:
            e["jssdk"]["policySource"] = e["js_policy_from"]
    quirks = {q["id"]: results[q["id"] + "/cookies"] for q in JS_QUIRK_CASES}
    return out, quirks, versions


# --------------------------------------------------------------------------
# the verdicts (design semantics, documented above)

SIGNING_PARAMS = ("Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm")


def signing_params(url):
    query = url.split("?", 1)[1]
    return [p for p in query.split("&") if p.split("=", 1)[0] in SIGNING_PARAMS]


def checks_for(c):
    """(now, client_ip, verdict) triples for one credential."""
    ip_ok = c.get("client_ip") or IP_ANY
    checks = [
        {"now": NOW_OK, "clientIp": ip_ok, "result": "ok"},
        {"now": EXPIRES - 1, "clientIp": ip_ok, "result": "ok"},
        {"now": EXPIRES, "clientIp": ip_ok, "result": "expired"},
        {"now": EXPIRES + 37, "clientIp": ip_ok, "result": "expired"},
    ]
    if c.get("starts") is not None:
        checks.append({"now": c["starts"], "clientIp": ip_ok, "result": "not_yet_valid"})
        checks.append({"now": c["starts"] + 1, "clientIp": ip_ok, "result": "ok"})
    if c.get("ip") is not None and c["ip"] != "0.0.0.0/0":
        checks.append({"now": NOW_OK, "clientIp": IP_OUTSIDE, "result": "ip_not_allowed"})
        checks.append({"now": NOW_OK, "clientIp": "2001:db8::1", "result": "ip_not_allowed"})
        # An IPv4-mapped client (how a dual-stack socket reports an IPv4 peer)
        # is its IPv4 address: core/src/ip.rs, the rule all providers share.
        checks.append({"now": NOW_OK, "clientIp": "::ffff:" + ip_ok, "result": "ok"})
        checks.append({"now": NOW_OK, "clientIp": "::ffff:" + IP_OUTSIDE, "result": "ip_not_allowed"})
    return checks


def verify_targets(c, ref_name, custom):
    """Which credentials to present, and against which request URL."""
    concrete = c["request_url"]
    ip_ok = c.get("client_ip") or IP_ANY
    targets = []
    url_target = {"target": f"{ref_name}.url"}
    if concrete:
        url_target["applyTo"] = concrete
    targets.append(url_target)
    # Cookies go with the URL of the file requested: the concrete URL, or the
    # url option as given (both references sign cookies for it verbatim).
    targets.append({"target": f"{ref_name}.cookies", "requestUrl": concrete or c["url"]})
    if custom and (c["resource"] is not None or concrete):
        # A file outside the wildcard pattern.
        outside = "https://d222222abcdef8.cloudfront.net/videos/intro.mp4"
        mismatch = [{"now": NOW_OK, "clientIp": ip_ok, "result": "url_mismatch"}]
        targets.append({"target": f"{ref_name}.url", "applyTo": outside, "checks": mismatch})
        targets.append({"target": f"{ref_name}.cookies", "requestUrl": outside,
                        "checks": mismatch})
    elif not custom:
        # A canned signature binds the exact URL: another file fails the signature.
        other = f"{D}/other.jpg"
        bad = [{"now": NOW_OK, "clientIp": ip_ok, "result": "bad_signature"}]
        targets.append({"target": f"{ref_name}.url", "applyTo": other, "checks": bad})
        targets.append({"target": f"{ref_name}.cookies", "requestUrl": other, "checks": bad})
    return targets


# --------------------------------------------------------------------------
# an independent sanity check of the verdicts above

def cf_b64decode(text):
    return base64.b64decode(text.replace("-", "+").replace("_", "=").replace("~", "/"))


def wildcard_match(pattern, text):
    return fnmatch.fnmatchcase(text, pattern.replace("[", "[[]"))


def check_verdict(cred, request_url, now, client_ip, public_key):
    """A direct transcription of the documented check, used only to make sure
    every design verdict written above is consistent (never as an expectation)."""
    sig = cf_b64decode(cred["Signature"])
    digest = hashes.SHA256() if cred.get("Hash-Algorithm") == "SHA256" else hashes.SHA1()
    if "Policy" in cred:
        policy = cf_b64decode(cred["Policy"])
    else:
        policy = json.dumps({"Statement": [{"Resource": request_url, "Condition": {
            "DateLessThan": {"AWS:EpochTime": int(cred["Expires"])}}}]},
            separators=(",", ":")).encode()
    try:
        if isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(sig, policy, padding.PKCS1v15(), digest)
        else:
            public_key.verify(sig, policy, ec.ECDSA(digest))
    except InvalidSignature:
        return "bad_signature"
    st = json.loads(policy)["Statement"][0]
    cond = st["Condition"]
    # Issue 13: 32-bit times ("can be no later than 2147483647") and the
    # Resource's beginning ("must begin with http://, https://, or *").
    if any(name in cond and cond[name]["AWS:EpochTime"] > MAX_32
           for name in ("DateLessThan", "DateGreaterThan")):
        return "malformed"
    if "Policy" in cred and "Resource" in st \
            and not re.match(r"(?i)https?://|\*", st["Resource"]):
        return "malformed"
    if "Resource" in st and not wildcard_match(st["Resource"], request_url):
        return "url_mismatch"
    # Issue 13 (our choice, SECURITY.md): a pattern does not reach over dot segments.
    if "Resource" in st and st["Resource"] != request_url and has_dot_segment(request_url):
        return "url_mismatch"
    if not now < cond["DateLessThan"]["AWS:EpochTime"]:
        return "expired"
    if "DateGreaterThan" in cond and not now > cond["DateGreaterThan"]["AWS:EpochTime"]:
        return "not_yet_valid"
    if "IpAddress" in cond:
        net = ipaddress.ip_network(cond["IpAddress"]["AWS:SourceIp"], strict=False)
        ip = ipaddress.ip_address(client_ip)
        # IPv4 only (AWS); an IPv4-mapped client is the IPv4 address (ours).
        if ip.version == 6 and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if ip.version != 4 or ip not in net:
            return "ip_not_allowed"
    return "ok"


def has_dot_segment(url):
    """'.' or '..' (each dot raw or %2e) between separators ('/', %2f, %5c or '\\')
    in the URL's path."""
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    if "://" in path:
        rest = path.split("://", 1)[1]
        path = rest[rest.index("/"):] if "/" in rest else ""
    segments = re.split(r"/|%2f|%5c|\\", path, flags=re.IGNORECASE)
    return any(re.fullmatch(r"(\.|%2e){1,2}", seg, flags=re.IGNORECASE) for seg in segments)


def cross_check_presentations(case, public_key):
    """The verdict of each verifier presentation, re-derived: a request URL
    carrying any CloudFront parameter is judged by itself, cookies otherwise."""
    for p in case["expected"]["presentations"]:
        url = p["url"] if p["present"] == "url" else p["requestUrl"]
        params = [q for q in url.split("?", 1)[1].split("&")
                  if q.split("=", 1)[0] in SIGNING_PARAMS] if "?" in url else []
        if params:
            form = "url"
            cred = dict(q.split("=", 1) for q in params)
            path, query = url.split("?", 1)
            kept = [q for q in query.split("&") if q.split("=", 1)[0] not in SIGNING_PARAMS]
            request = path + ("?" + "&".join(kept) if kept else "")
        else:
            form = "cookies"
            cred = {k[len("CloudFront-"):]: v for k, v in p["cookies"].items()}
            request = url
        if not {"Signature", "Key-Pair-Id"} <= set(cred) or not {"Expires", "Policy"} & set(cred):
            got = "malformed"
        else:
            got = check_verdict(cred, request, p["now"], p["clientIp"], public_key)
        if got != p["result"] or (got == "ok" and form != p["form"]):
            sys.exit(f"{case['id']} {p}: expected {p['result']}, direct check {got} ({form})")


def cross_check_verdicts(case, keys_by_file):
    inp, exp = case["input"], case["expected"]
    public_key = keys_by_file[inp["privateKeyFile"]].public_key()
    for t in exp["verify"]["targets"]:
        ref, kind = t["target"].split(".")
        out = exp[ref]
        if kind == "url":
            params = signing_params(out["url"])
            base = out["url"][:out["url"].index(params[0]) - 1]
            request = t.get("applyTo", base)
            cred = dict(p.split("=", 1) for p in params)
        else:
            request = t["requestUrl"]
            cred = {k[len("CloudFront-"):]: v for k, v in out["cookies"].items()}
        for chk in t.get("checks", exp["verify"]["checks"]):
            got = check_verdict(cred, request, chk["now"], chk["clientIp"], public_key)
            if got != chk["result"]:
                sys.exit(f"{case['id']} {t}: design verdict {chk['result']}, direct check {got}")


def build():
    keys = ensure_keys()
    refs, quirks, versions = reference_outputs(keys)
    cases = []
    for c in SIGN_CASES:
        e = refs[c["id"]]
        kp, priv, pub = KEYSPECS[c["key"]][0], KEYSPECS[c["key"]][1], KEYSPECS[c["key"]][2]
        inp = {"keyPairId": kp, "privateKeyFile": "keys/" + priv, "publicKeyFile": "keys/" + pub,
               "url": c["url"]}
        if c["resource"] is not None:
            inp["resource"] = c["resource"]
        inp["expires"] = EXPIRES
        if c["starts"] is not None:
            inp["starts"] = c["starts"]
        if c["ip"] is not None:
            inp["ipRange"] = c["ip"]
        inp["hashAlgorithm"] = c["hash"]
        if c["custom"] or "*" in c["url"]:
            # cdnsign signs a '*' in the URL itself only when asked for a custom
            # policy (error_wildcard_auto); the SDKs went custom here because of
            # the IP range.
            inp["policyKind"] = "custom"
        if c["request_url"]:
            inp["requestUrl"] = c["request_url"]
        expected = {"policyKind": "custom" if e["custom"] else "canned"}
        if e["botocore"] is not None:
            expected["botocore"] = e["botocore"]
        if e["jssdk"] is not None:
            expected["jssdk"] = e["jssdk"]
        targets = []
        for name in ("botocore", "jssdk"):
            if name in expected:
                targets += verify_targets(c, name, e["custom"])
        expected["verify"] = {"source": "design", "checks": checks_for(c),
                              "targets": targets}
        case = {"id": c["id"], "source": "references", "description": c["description"],
                "input": inp, "expected": expected}
        if c["notes"]:
            case["notes"] = c["notes"]
        cases.append(case)
    for q in JS_QUIRK_CASES:
        js = quirks[q["id"]]
        kp, priv, pub, _ = KEYSPECS["rsa2048"]
        cases.append({
            "id": q["id"], "source": "references", "description": q["description"],
            "input": {"keyPairId": kp, "privateKeyFile": "keys/" + priv,
                      "publicKeyFile": "keys/" + pub, "url": q["url"], "expires": EXPIRES,
                      "hashAlgorithm": "SHA1", "requestUrl": q["request_url"]},
            "expected": {
                "policyKind": "canned",
                "jssdk": {"policy": one_signed(js), "cookies": js["result"]},
                "verify": {"source": "design", "checks": checks_for({}), "targets": [
                    {"target": "jssdk.cookies", "requestUrl": q["request_url"],
                     "checks": [{"now": NOW_OK, "clientIp": IP_ANY, "result": "bad_signature"}]},
                    {"target": "jssdk.cookies", "requestUrl": q["url"]},
                ]},
            },
        })
    by_file = {"keys/" + KEYSPECS[n][1]: k for n, k in keys.items()}
    for case in cases:
        cross_check_verdicts(case, by_file)
    cases += ERROR_CASES
    for case in verifier_cases(keys):
        cross_check_presentations(case, keys["rsa2048"].public_key())
        cases.append(case)
    return {
        "description": (
            "CloudFront signed URLs and cookies from the references, on fixed keys: botocore "
            f"{versions['botocore']} CloudFrontSigner and @aws-sdk/cloudfront-signer "
            f"{versions['jssdk']} (node {versions['node'].lstrip('v')}). expected.botocore / "
            "expected.jssdk hold each reference's exact output: 'policy' = the bytes it signed, "
            "'url' = its signed URL, 'cookies' = cookie name -> value (botocore has no cookie "
            "function: its URL parameters under CloudFront's cookie names). botocore is absent "
            "for SHA-256 (it has no such option); the JS SDK is absent for ECDSA (randomised "
            "signatures). expected.verify (source: design) lists verdicts a verifier must give on "
            "those outputs: for each of verify.targets, run the target's 'checks' (default: "
            "verify.checks; each a now, client IP and 'result' = 'ok' or an error code) on the "
            "credential: a '.url' target is that reference URL (with applyTo: its signing "
            "parameters, in order, appended to applyTo with '?' or '&'), a '.cookies' target is "
            "that cookie map with requestUrl as the URL requested. error_* cases (source: design) "
            "are inputs a signer must refuse with expected.error.code naming expected.error.field, "
            "in each operation of appliesTo (sign_url: the url; sign_cookies: the url as the "
            "cookie resource, where the URL's field is called 'resource'). verify_* cases "
            "(source: verifier) are credentials from an independent signer (signedBy) for "
            "expected.presentations: each presents 'url' (verify it as a signed URL) or "
            "'cookies' (that cookie map for a request to requestUrl) at now from clientIp, and "
            "'result' is 'ok' (with 'form', the credential that decided: 'url' or 'cookies') "
            "or an error code (with 'field', the error's field). Times are "
            "Unix seconds; key files are relative to tests/vectors/. Generated by "
            "tests/vectors/generate/cloudfront_vectors.py; findings in NOTES-cloudfront.md."),
        "keys": {name: {"keyPairId": s[0], "privateKeyFile": "keys/" + s[1],
                        "publicKeyFile": "keys/" + s[2], "type": s[3]}
                 for name, s in KEYSPECS.items()},
        "cases": cases,
    }


def main():
    text = json.dumps(build(), indent=2, ensure_ascii=False) + "\n"
    if "--check" in sys.argv:
        try:
            with open(OUT, encoding="utf-8") as f:
                committed = f.read()
        except FileNotFoundError:
            committed = None
        if committed != text:
            sys.exit("cloudfront.json is stale: rerun tests/vectors/generate/cloudfront_vectors.py")
        print(f"cloudfront.json is up to date ({text.count(chr(10))} lines)")
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    n = len(json.loads(text)["cases"])
    print(f"wrote {OUT} ({n} cases)")


if __name__ == "__main__":
    main()
