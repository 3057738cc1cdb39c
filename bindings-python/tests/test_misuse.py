"""Misuse resistance of the Python package.

Every public callable, enumerated from the .pyi stubs (the documented API;
stubtest keeps them equal to the runtime), is called once with valid
arguments, then once per parameter with a wrong value: ``None`` where the
stub does not allow it, an ``object()``, a float, an int where text is
expected, ``bytes`` where only ``str`` is, a ``str`` holding a lone surrogate
(no UTF-8 form), bytes that are not UTF-8, huge strings and bytes, ints far
out of range, and lone surrogates inside mappings and lists. Whatever the
value, the call either succeeds or raises ``TypeError`` or a
``cdnsign.CdnSignError``: never ``UnicodeEncodeError``, ``OverflowError``,
``SystemError``, PyO3's ``PanicException`` or a crash. Where a value is
plainly wrong, it must raise.

Then: ``repr``/``str``/pickling of every key, signer and verifier, and every
exception raised for bad key input, never reveal the secret (raw, hex,
base64 or base64url, in part or whole).

The API has no close()/consume notion (objects are immutable); what is tested
instead is that an object keeps working after a call on it failed.

Not enumerated: ``cdnsign.errors`` (the pure-Python exception classes).
"""

import ast
import base64
import pickle
import re
import time
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

import pytest

import cdnsign
from cdnsign import cloudcdn, cloudfront, mediacdn, stream, webhook
from cdnsign.compat import botocore as compat_botocore

from cdnsign_testutil import REPO, vector_file

STUBS = REPO / "bindings-python" / "python" / "cdnsign"
STUB_MODULES = {
    "cloudfront": "cloudfront.pyi",
    "stream": "stream.pyi",
    "webhook": "webhook.pyi",
    "mediacdn": "mediacdn.pyi",
    "cloudcdn": "cloudcdn.pyi",
    "compat.botocore": "compat/botocore.pyi",
    "flask": "flask.pyi",
}

NOW = 1767290400
EXP = NOW + 3600
HUGE = 4 * 1024 * 1024
SURROGATE = "\ud800"
NOT_UTF8 = b"\xff\xfe\xc0\xaf"

CF_PEM = vector_file("keys/cloudfront-rsa2048.pem")
CF_PUB = vector_file("keys/cloudfront-rsa2048.pub.pem")
CF_URL = "https://d111111abcdef8.cloudfront.net/v/a.mp4"
CF_WILDCARD = "https://d111111abcdef8.cloudfront.net/v/*"
CF_POLICY = (
    '{"Statement":[{"Resource":"' + CF_WILDCARD + '","Condition":'
    '{"DateLessThan":{"AWS:EpochTime":' + str(EXP) + "}}}]}"
)
STREAM_JSON = vector_file("keys/stream-key.json")
STREAM_PEM = vector_file("keys/stream-key.pkcs1.pem")
STREAM_JWK = vector_file("keys/stream-key.jwk.json")
STREAM_PUB = vector_file("keys/stream-key.pub.pem")
STREAM_KID = "2a8ac671e190e2e51c685b2fe32951bd"
VIDEO = "6b9e68b07dfee8cc2d116e4c51d6a957"
MD_SEED = vector_file("keys/mediacdn-ed25519.seed.b64url-nopad").strip()
MD_PUB = vector_file("keys/mediacdn-ed25519.pub.b64url").strip()
MD_SECRET = vector_file("keys/mediacdn-hmac-sha256.secret.b64url").strip()
CC_KEY = vector_file("keys/cloudcdn-key.b64url").strip()
WH_SECRET = "85011ed3a913c6ad5f9cf6c5573cc0a7"
WH_BODY = b'{"uid":"u1","readyToStream":true,"status":{"state":"ready"}}'
RULES = [
    {"type": "ip.geoip.country", "action": "allow", "country": ["KR"]},
    {"type": "any", "action": "block"},
]


# ---- the stubs ------------------------------------------------------------------------


class Param(NamedTuple):
    name: str
    members: Tuple[str, ...]  # top-level alternatives of the annotation
    optional: bool  # the stub allows None
    has_default: bool


class Stub(NamedTuple):
    qualname: str  # "cloudfront.Signer.sign_url"; constructors: "cloudfront.Signer"
    params: Tuple[Param, ...]


def _split_top(text: str) -> List[str]:
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
            continue
        depth += ch == "["
        depth -= ch == "]"
        cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


def _members(text: str, aliases: Dict[str, str]) -> Tuple[List[str], bool]:
    """Top-level alternatives of an annotation (aliases expanded), and
    whether None is one of them."""
    text = text.strip().strip('"')
    if text in aliases:
        return _members(aliases[text], aliases)
    m = re.fullmatch(r"(Union|Optional)\[(.*)\]", text, flags=re.S)
    if m:
        out, optional = [], m.group(1) == "Optional"
        for part in _split_top(m.group(2)):
            sub, opt = _members(part, aliases)
            out += sub
            optional |= opt
        return out, optional
    if text == "None":
        return [], True
    return [text], False


def _stubs() -> List[Stub]:
    out = []
    for module, rel in STUB_MODULES.items():
        tree = ast.parse((STUBS / rel).read_text())
        aliases = {
            n.targets[0].id: ast.unparse(n.value)
            for n in tree.body
            if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)
        }

        def params(fn: ast.FunctionDef) -> Tuple[Param, ...]:
            a = fn.args
            positional = a.posonlyargs + a.args
            defaults: List[Optional[ast.expr]] = [None] * (len(positional) - len(a.defaults))
            defaults += list(a.defaults)
            pairs = list(zip(positional, defaults)) + list(zip(a.kwonlyargs, a.kw_defaults))
            result = []
            for arg, default in pairs:
                if arg.arg in ("self", "cls"):
                    continue
                members, optional = _members(ast.unparse(arg.annotation), aliases)
                if isinstance(default, ast.Constant) and default.value is None:
                    optional = True
                result.append(Param(arg.arg, tuple(members), optional, default is not None))
            return tuple(result)

        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                out.append(Stub(f"{module}.{node.name}", params(node)))
            if isinstance(node, ast.ClassDef):
                for m in node.body:
                    if not isinstance(m, ast.FunctionDef):
                        continue
                    if any(isinstance(d, ast.Name) and d.id == "property" for d in m.decorator_list):
                        continue
                    name = f"{module}.{node.name}"
                    if m.name not in ("__new__", "__init__"):
                        name += "." + m.name
                    out.append(Stub(name, params(m)))
    return out


def _classes() -> Dict[str, List[str]]:
    """Stub class -> its properties."""
    out = {}
    for module, rel in STUB_MODULES.items():
        for node in ast.parse((STUBS / rel).read_text()).body:
            if isinstance(node, ast.ClassDef):
                out[f"{module}.{node.name}"] = [
                    m.name
                    for m in node.body
                    if isinstance(m, ast.FunctionDef)
                    and any(isinstance(d, ast.Name) and d.id == "property" for d in m.decorator_list)
                ]
    return out


STUB_LIST = _stubs()
STUB_BY_NAME = {s.qualname: s for s in STUB_LIST}


# ---- live objects the calls need ------------------------------------------------------


class Fixture:
    def __init__(self) -> None:
        self.cf_signer = cloudfront.Signer("K2JCJMDEHXQW5F", CF_PEM)
        self.cf_verifier = cloudfront.Verifier({"K2JCJMDEHXQW5F": CF_PUB})
        self.cf_url = self.cf_signer.sign_url(CF_URL, expires=EXP)
        self.cookies = self.cf_signer.sign_cookies(CF_URL, expires=EXP)
        self.cf_cookie_header = self.cookies.cookie_header()
        self.boto = compat_botocore.CloudFrontSigner("K2JCJMDEHXQW5F", CF_PEM)

        self.stream_key = stream.SigningKey.from_text(STREAM_JSON)
        self.stream_verifier = stream.Verifier({STREAM_KID: STREAM_PUB})
        self.stream_token = self.stream_key.sign(VIDEO, expires=EXP, access_rules=RULES, now=NOW)
        self.urls = stream.Urls("f33zs165nr7gyfy4")

        self.wh_verifier = webhook.Verifier(WH_SECRET)
        self.wh_header = webhook.sign(WH_SECRET, WH_BODY, time=NOW)

        self.md_key = mediacdn.SigningKey(MD_SEED)
        self.md_public = mediacdn.PublicKey(MD_PUB)
        self.md_secret = mediacdn.HmacSecret(MD_SECRET)
        self.md_signer = mediacdn.Signer("key-1", self.md_key)
        self.md_tokens = mediacdn.TokenSigner(private_key=self.md_key)
        self.md_hmac_tokens = mediacdn.TokenSigner(secret=self.md_secret, algorithm="hmac-sha256")
        self.md_verifier = mediacdn.Verifier(
            public_keys={"key-1": self.md_public},
            shared_keys={"hmac-1": self.md_secret},
            allowed_algorithms=["ed25519", "hmac-sha1", "hmac-sha256"],
        )
        self.md_url = self.md_signer.sign_url("https://m.example/v/a.m3u8", expires=EXP).url
        self.md_token = self.md_tokens.sign(expires=EXP, path_globs="/v/*")
        self.signed_query = self.md_signer.prefix_query("https://m.example/v/", expires=EXP)
        self.signed_cookie = self.md_signer.sign_cookie("https://m.example/v/", expires=EXP)

        self.cc_key = cloudcdn.SigningKey(CC_KEY)
        self.cc_signer = cloudcdn.Signer("my-key", self.cc_key)
        self.cc_verifier = cloudcdn.Verifier({"my-key": CC_KEY})
        self.cc_url = self.cc_signer.sign_url("https://h.example/v/a.mp4", expires=EXP).url


F = Fixture()

Call = Tuple[Callable[..., Any], Dict[str, Any]]
MD_CLAIMS = dict(
    path_globs=["/v/*", "/w/*"], starts=NOW - 60, session_id="s1", data="d1",
    headers={"X-Viewer": "v1"}, ip_ranges=["192.0.2.0/24"], glob_separator=",",
)

MANIFEST = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nseg-1.ts\n#EXT-X-ENDLIST\n"
MANIFEST_URL = "https://h.example/v/index.m3u8"

# A valid call of every stub callable: (callable, keyword arguments).
CALLS: Dict[str, Callable[[], Call]] = {
    # ---- cloudfront ----
    "cloudfront.Signer": lambda: (cloudfront.Signer, dict(
        key_pair_id="K2JCJMDEHXQW5F", private_key=CF_PEM, passphrase=None,
        hash_algorithm="SHA256", allow_weak_rsa_for_tests=False)),
    "cloudfront.Signer.public_key_pem": lambda: (F.cf_signer.public_key_pem, {}),
    "cloudfront.Signer.sign_policy": lambda: (F.cf_signer.sign_policy, dict(policy=CF_POLICY)),
    "cloudfront.Signer.sign_url": lambda: (F.cf_signer.sign_url, dict(
        url=CF_URL, expires=EXP, starts=NOW - 60, ip_range="192.0.2.0/24",
        resource=CF_WILDCARD, policy_kind="custom")),
    "cloudfront.Signer.sign_url_with_policy": lambda: (F.cf_signer.sign_url_with_policy, dict(
        url=CF_URL, policy=CF_POLICY)),
    "cloudfront.Signer.sign_cookies": lambda: (F.cf_signer.sign_cookies, dict(
        resource=CF_WILDCARD, expires=EXP, starts=NOW - 60, ip_range="192.0.2.0/24",
        domain="d111111abcdef8.cloudfront.net", path="/v/", secure=True, http_only=True,
        same_site="Lax", policy_kind="custom", cookie_expires=EXP, max_age=3600)),
    "cloudfront.Signer.sign_cookies_with_policy": lambda: (F.cf_signer.sign_cookies_with_policy, dict(
        policy=CF_POLICY, domain="d111111abcdef8.cloudfront.net", path="/v/", secure=True,
        http_only=True, same_site="Strict", cookie_expires=EXP, max_age=3600)),
    "cloudfront.Cookies.set_cookie_headers": lambda: (F.cookies.set_cookie_headers, {}),
    "cloudfront.Cookies.cookie_header": lambda: (F.cookies.cookie_header, {}),
    "cloudfront.Cookies.__getitem__": lambda: (
        lambda name: F.cookies[name], dict(name="CloudFront-Signature")),
    "cloudfront.Cookies.__len__": lambda: (lambda: len(F.cookies), {}),
    "cloudfront.Cookies.__iter__": lambda: (lambda: list(iter(F.cookies)), {}),
    "cloudfront.Cookies.__contains__": lambda: (
        lambda name: name in F.cookies, dict(name="CloudFront-Signature")),
    "cloudfront.Cookies.keys": lambda: (F.cookies.keys, {}),
    "cloudfront.Cookies.values": lambda: (F.cookies.values, {}),
    "cloudfront.Cookies.items": lambda: (F.cookies.items, {}),
    "cloudfront.Cookies.get": lambda: (F.cookies.get, dict(name="CloudFront-Signature", default="x")),
    "cloudfront.Cookies.__eq__": lambda: (lambda other: F.cookies == other, dict(other=F.cookies)),
    "cloudfront.Verifier": lambda: (cloudfront.Verifier, dict(
        keys={"K2JCJMDEHXQW5F": CF_PUB}, allow_weak_rsa_for_tests=False)),
    "cloudfront.Verifier.verify_url": lambda: (F.cf_verifier.verify_url, dict(
        url=F.cf_url, now=NOW, client_ip="192.0.2.7")),
    "cloudfront.Verifier.verify_cookies": lambda: (F.cf_verifier.verify_cookies, dict(
        url=CF_URL, cookies=F.cf_cookie_header, now=NOW, client_ip="192.0.2.7")),
    "cloudfront.percent_encode_url": lambda: (cloudfront.percent_encode_url, dict(url="https://h/a b")),
    "cloudfront.wildcard_matches": lambda: (cloudfront.wildcard_matches, dict(
        pattern=CF_WILDCARD, url=CF_URL)),
    "cloudfront.build_policy": lambda: (cloudfront.build_policy, dict(
        resource=CF_WILDCARD, expires=EXP, starts=NOW - 60, ip_range="192.0.2.0/24")),
    "cloudfront.explain": lambda: (cloudfront.explain, dict(input=F.cf_url, now=NOW)),
    # ---- stream ----
    "stream.SigningKey": lambda: (stream.SigningKey, dict(key_id=STREAM_KID, pem=STREAM_PEM)),
    "stream.SigningKey.from_api_response": lambda: (
        stream.SigningKey.from_api_response, dict(response=STREAM_JSON)),
    "stream.SigningKey.from_jwk": lambda: (stream.SigningKey.from_jwk, dict(jwk=STREAM_JWK, kid=STREAM_KID)),
    "stream.SigningKey.from_text": lambda: (stream.SigningKey.from_text, dict(text=STREAM_PEM, kid=STREAM_KID)),
    "stream.SigningKey.generate_response": lambda: (stream.SigningKey.generate_response, dict(now=NOW)),
    "stream.SigningKey.public_jwk": lambda: (F.stream_key.public_jwk, {}),
    "stream.SigningKey.public_pem": lambda: (F.stream_key.public_pem, {}),
    "stream.SigningKey.sign": lambda: (F.stream_key.sign, dict(
        video_uid=VIDEO, expires=EXP, not_before=NOW - 60, downloadable=True,
        access_rules=RULES, now=NOW)),
    "stream.SigningKey.verifier": lambda: (F.stream_key.verifier, dict(leeway=30, require_exp=True)),
    "stream.Verifier": lambda: (stream.Verifier, dict(keys={STREAM_KID: STREAM_PUB}, leeway=30, require_exp=True)),
    "stream.Verifier.verify": lambda: (F.stream_verifier.verify, dict(
        token=F.stream_token, now=NOW, video_uid=VIDEO, ip="192.0.2.7", country="KR",
        skip_access_rules=False)),
    "stream.Verifier.verify_token": lambda: (F.stream_verifier.verify_token, dict(
        token=F.stream_token, now=NOW, video_uid=VIDEO, ip="192.0.2.7", country="KR",
        skip_access_rules=False)),
    "stream.Urls": lambda: (stream.Urls, dict(customer_code="f33zs165nr7gyfy4")),
    "stream.Urls.url": lambda: (F.urls.url, dict(token_or_uid=VIDEO, kind="hls")),
    "stream.Urls.iframe": lambda: (F.urls.iframe, dict(token_or_uid=VIDEO)),
    "stream.Urls.hls": lambda: (F.urls.hls, dict(token_or_uid=VIDEO)),
    "stream.Urls.dash": lambda: (F.urls.dash, dict(token_or_uid=VIDEO)),
    "stream.Urls.thumbnail": lambda: (F.urls.thumbnail, dict(token_or_uid=VIDEO)),
    "stream.Urls.mp4_download": lambda: (F.urls.mp4_download, dict(token_or_uid=VIDEO)),
    "stream.decode": lambda: (stream.decode, dict(token=F.stream_token)),
    "stream.id_from_url": lambda: (stream.id_from_url, dict(url=F.urls.hls(VIDEO))),
    "stream.explain": lambda: (stream.explain, dict(input=F.stream_token, now=NOW)),
    # ---- webhook ----
    "webhook.Verifier": lambda: (webhook.Verifier, dict(secrets=[WH_SECRET, "old"], tolerance=300, ignore_timestamp=False)),
    "webhook.Verifier.verify_event": lambda: (F.wh_verifier.verify_event, dict(header=F.wh_header, body=WH_BODY, now=NOW)),
    "webhook.Verifier.verify": lambda: (F.wh_verifier.verify, dict(
        header=F.wh_header, body=WH_BODY, now=NOW)),
    "webhook.sign": lambda: (webhook.sign, dict(secret=WH_SECRET, body=WH_BODY, time=NOW)),
    "webhook.parse_event": lambda: (webhook.parse_event, dict(body=WH_BODY)),
    "webhook.explain": lambda: (webhook.explain, dict(input=F.wh_header, now=NOW, body_len=len(WH_BODY))),
    # ---- mediacdn ----
    "mediacdn.SignedQuery.apply_to": lambda: (F.signed_query.apply_to, dict(url="https://m.example/v/a.m3u8")),
    "mediacdn.SignedToken.apply_to_url": lambda: (F.md_token.apply_to_url, dict(url="https://m.example/v/a.m3u8")),
    "mediacdn.PublicKey": lambda: (mediacdn.PublicKey, dict(key=MD_PUB)),
    "mediacdn.PublicKey.to_pem": lambda: (F.md_public.to_pem, {}),
    "mediacdn.PublicKey.__bytes__": lambda: (lambda: bytes(F.md_public), {}),
    "mediacdn.PublicKey.__eq__": lambda: (lambda other: F.md_public == other, dict(other=F.md_public)),
    "mediacdn.PublicKey.__hash__": lambda: (lambda: hash(F.md_public), {}),
    "mediacdn.SigningKey": lambda: (mediacdn.SigningKey, dict(key=MD_SEED)),
    "mediacdn.HmacSecret": lambda: (mediacdn.HmacSecret, dict(secret=MD_SECRET)),
    "mediacdn.HmacSecret.__len__": lambda: (lambda: len(F.md_secret), {}),
    "mediacdn.Signer": lambda: (mediacdn.Signer, dict(
        key_name="key-1", private_key=MD_SEED, padded=True, param="edge-cache-token")),
    "mediacdn.Signer.sign_url": lambda: (F.md_signer.sign_url, dict(url="https://m.example/v/a.m3u8", expires=EXP)),
    "mediacdn.Signer.sign_prefix": lambda: (F.md_signer.sign_prefix, dict(
        url="https://m.example/v/a.m3u8", prefix="https://m.example/v/", expires=EXP)),
    "mediacdn.Signer.prefix_query": lambda: (F.md_signer.prefix_query, dict(prefix="https://m.example/v/", expires=EXP)),
    "mediacdn.Signer.sign_path": lambda: (F.md_signer.sign_path, dict(
        prefix="https://m.example/v/", rest="a.m3u8", expires=EXP)),
    "mediacdn.Signer.sign_cookie": lambda: (F.md_signer.sign_cookie, dict(
        prefix="https://m.example/v/", expires=EXP, domain="m.example", path="/v/", secure=True,
        http_only=True, same_site="Lax", max_age=3600)),
    "mediacdn.TokenSigner": lambda: (mediacdn.TokenSigner, dict(
        private_key=MD_SEED, padded=False, param="edge-cache-token")),
    "mediacdn.TokenSigner.sign": lambda: (F.md_tokens.sign, dict(expires=EXP, **MD_CLAIMS)),
    "mediacdn.TokenSigner.sign_url": lambda: (F.md_tokens.sign_url, dict(
        url="https://m.example/v/a.m3u8", expires=EXP, **MD_CLAIMS)),
    "mediacdn.TokenSigner.sign_short_lived": lambda: (F.md_hmac_tokens.sign_short_lived, dict(
        now=NOW, lifetime=60, **MD_CLAIMS)),
    "mediacdn.Verifier": lambda: (mediacdn.Verifier, dict(
        public_keys={"key-1": MD_PUB}, shared_keys={"hmac-1": MD_SECRET}, keyset_name="keyset-1",
        param="edge-cache-token", allowed_algorithms=["ed25519", "hmac-sha256"],
        max_expiration_ttl=86400, leeway=30)),
    "mediacdn.Verifier.verify": lambda: (F.md_verifier.verify, dict(
        url=F.md_url, now=NOW, headers={"X-Viewer": "v1"}, cookie="other=1", client_ip="192.0.2.7")),
    "mediacdn.Verifier.verify_token": lambda: (F.md_verifier.verify_token, dict(
        token=F.md_token.token, url="https://m.example/v/a.m3u8", now=NOW,
        headers={"X-Viewer": "v1"}, client_ip="192.0.2.7")),
    "mediacdn.glob_matches": lambda: (mediacdn.glob_matches, dict(glob="/v/*", path="/v/a.m3u8")),
    "mediacdn.public_key_of": lambda: (mediacdn.public_key_of, dict(private_key=MD_SEED)),
    "mediacdn.generate_key": lambda: (mediacdn.generate_key, {}),
    "mediacdn.explain": lambda: (mediacdn.explain, dict(input=F.md_url, now=NOW)),
    # ---- cloudcdn ----
    "cloudcdn.SigningKey": lambda: (cloudcdn.SigningKey, dict(key=CC_KEY)),
    "cloudcdn.Signer": lambda: (cloudcdn.Signer, dict(key_name="my-key", key=CC_KEY, padded=True)),
    "cloudcdn.Signer.sign_url": lambda: (F.cc_signer.sign_url, dict(url="https://h.example/v/a.mp4", expires=EXP)),
    "cloudcdn.Signer.sign_prefix": lambda: (F.cc_signer.sign_prefix, dict(
        url="https://h.example/v/a.mp4", prefix="https://h.example/v/", expires=EXP)),
    "cloudcdn.Signer.prefix_query": lambda: (F.cc_signer.prefix_query, dict(prefix="https://h.example/v/", expires=EXP)),
    "cloudcdn.Signer.sign_cookie": lambda: (F.cc_signer.sign_cookie, dict(
        prefix="https://h.example/v/", expires=EXP, domain="h.example", path="/v/", secure=True,
        http_only=True, same_site="None", max_age=3600)),
    "cloudcdn.Verifier": lambda: (cloudcdn.Verifier, dict(keys={"my-key": CC_KEY})),
    "cloudcdn.Verifier.verify": lambda: (F.cc_verifier.verify, dict(
        url=F.cc_url, now=NOW, headers={"X-A": "1"}, cookie="other=1")),
    "cloudcdn.generate_key": lambda: (cloudcdn.generate_key, {}),
    # ---- signed manifests ----
    "cloudfront.Signer.sign_manifest": lambda: (F.cf_signer.sign_manifest, dict(
        manifest=MANIFEST, url=MANIFEST_URL, expires=EXP, prefix="https://h.example/v/", absolute=True)),
    "cloudcdn.Signer.sign_manifest": lambda: (F.cc_signer.sign_manifest, dict(
        manifest=MANIFEST, url=MANIFEST_URL, expires=EXP, prefix="https://h.example/v/", absolute=True)),
    "mediacdn.TokenSigner.sign_manifest": lambda: (F.md_tokens.sign_manifest, dict(
        manifest=MANIFEST, url=MANIFEST_URL, expires=EXP, prefix="https://h.example/v/", absolute=True,
        path_globs=True)),
    "cloudfront.Verifier.check_manifest": lambda: (F.cf_verifier.check_manifest, dict(
        manifest=MANIFEST, url=MANIFEST_URL, now=NOW)),
    "mediacdn.Verifier.check_manifest": lambda: (F.md_verifier.check_manifest, dict(
        manifest=MANIFEST, url=MANIFEST_URL, now=NOW)),
    "cloudcdn.Verifier.check_manifest": lambda: (F.cc_verifier.check_manifest, dict(
        manifest=MANIFEST, url=MANIFEST_URL, now=NOW)),
    "cloudcdn.explain": lambda: (cloudcdn.explain, dict(input=F.cc_url, now=NOW)),
    # ---- compat and flask (pure Python over the bindings) ----
    "compat.botocore.CloudFrontSigner": lambda: (compat_botocore.CloudFrontSigner, dict(
        key_id="K2JCJMDEHXQW5F", private_key_pem=CF_PEM, passphrase=None)),
    "compat.botocore.CloudFrontSigner.generate_presigned_url": lambda: (
        F.boto.generate_presigned_url, dict(url=CF_URL, date_less_than=EXP, policy=None)),
    "compat.botocore.CloudFrontSigner.build_policy": lambda: (F.boto.build_policy, dict(
        resource=CF_WILDCARD, date_less_than=EXP, date_greater_than=NOW - 60,
        ip_address="192.0.2.0/24")),
    "flask.stream_webhook": lambda: (_flask_stream_webhook, dict(
        secrets=WH_SECRET, tolerance=300, ignore_timestamp=False)),
}


def _flask_stream_webhook(*args: Any, **kwargs: Any) -> Any:
    from cdnsign import flask as cdnsign_flask

    return cdnsign_flask.stream_webhook(*args, **kwargs)


# Where the stub allows None but the value is required in context (the
# botocore shim needs exactly one of date_less_than and policy).
NONE_REFUSED = {("compat.botocore.CloudFrontSigner.generate_presigned_url", "date_less_than")}

# Mapping lookups follow the dict contract: a name that cannot be a cookie
# name (a lone surrogate, a huge string) is a KeyError / the default, not an error.
MAPPING_LOOKUPS = {"cloudfront.Cookies.__getitem__", "cloudfront.Cookies.get"}


# ---- outcomes ---------------------------------------------------------------------------


def _outcome(fn: Callable[[], Any]) -> Optional[BaseException]:
    try:
        fn()
    except BaseException as e:  # noqa: B036 - PanicException derives from BaseException
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        return e
    return None


def _typed(e: BaseException) -> bool:
    return isinstance(e, (TypeError, cdnsign.CdnSignError))


def _describe(e: Optional[BaseException]) -> str:
    if e is None:
        return "no exception"
    return f"{type(e).__module__}.{type(e).__qualname__}: {str(e)[:200]}"


class Mutation(NamedTuple):
    label: str
    value: Any
    must_raise: bool


def _str_members(p: Param) -> bool:
    return "str" in p.members


def _mutations(stub: Stub, p: Param, base: Any) -> List[Mutation]:
    members = p.members
    anything = any(m in ("object", "Any") or m.startswith("Callable") for m in members)
    container = any(re.match(r"(Mapping|Iterable|Sequence|List|Dict)\b", m) for m in members)
    takes_int = "int" in members or "datetime" in members
    takes_bytes = "bytes" in members
    takes_str = "str" in members
    loose = anything or container
    out = []
    if not p.optional or (stub.qualname, p.name) in NONE_REFUSED:
        out.append(Mutation("None", None, not anything))
    out.append(Mutation("object()", object(), not anything))
    out.append(Mutation("float", 1.5, not loose and "float" not in members))
    if not takes_int:
        out.append(Mutation("int", 7, not loose and "bool" not in members))
    if takes_str and not takes_bytes:
        out.append(Mutation("bytes for str", b"text", not loose))
    if takes_str:
        text = base if isinstance(base, str) else "x"
        out.append(Mutation("lone surrogate", text + SURROGATE, True))
        out.append(Mutation("huge str", "a" * HUGE, False))
    if takes_bytes:
        raw = base if isinstance(base, bytes) else b""
        out.append(Mutation("not UTF-8", raw + NOT_UTF8, False))
        out.append(Mutation("huge bytes", b"a" * HUGE, False))
    if takes_int:
        out.append(Mutation("int 2**80", 2**80, True))
        out.append(Mutation("int -2**80", -(2**80), True))
        out.append(Mutation("int -1", -1, False))
    if isinstance(base, dict) and base:
        k, v = next(iter(base.items()))
        if isinstance(k, str):
            out.append(Mutation("surrogate in key", {k + SURROGATE: v}, True))
        if isinstance(v, str):
            out.append(Mutation("surrogate in value", {k: v + SURROGATE}, True))
        out.append(Mutation("int value", {k: 7}, False))
    if isinstance(base, list) and base and isinstance(base[0], str):
        out.append(Mutation("surrogate in element", [base[0] + SURROGATE] + base[1:], True))
        out.append(Mutation("None element", [None] + base[1:], True))
    if isinstance(base, list) and base and isinstance(base[0], dict):
        out.append(Mutation("surrogate in element", [{**base[0], "type": "any" + SURROGATE}], True))
    return out


def _cases() -> List[Any]:
    cases = []
    for stub in STUB_LIST:
        if stub.qualname not in CALLS:
            continue  # reported by test_every_public_callable_has_a_case
        for p in stub.params:
            _, kwargs = CALLS[stub.qualname]()
            for m in _mutations(stub, p, kwargs.get(p.name)):
                cases.append(pytest.param(stub.qualname, p.name, m, id=f"{stub.qualname}({p.name}={m.label})"))
    return cases


# ---- the tests --------------------------------------------------------------------------


def test_every_public_callable_has_a_case():
    names = {s.qualname for s in STUB_LIST}
    assert len(names) >= 90, sorted(names)
    assert sorted(names - set(CALLS)) == [], "stub callables without a misuse case"
    assert sorted(set(CALLS) - names) == [], "misuse cases for callables the stubs do not declare"


@pytest.mark.parametrize("qualname", sorted(CALLS))
def test_baseline_call_succeeds(qualname):
    fn, kwargs = CALLS[qualname]()
    assert _outcome(lambda: fn(**kwargs)) is None, _describe(_outcome(lambda: fn(**kwargs)))


@pytest.mark.parametrize("qualname,param,mutation", _cases())
def test_wrong_values_raise_typed_errors(qualname, param, mutation):
    fn, kwargs = CALLS[qualname]()
    kwargs[param] = mutation.value
    started = time.monotonic()
    err = _outcome(lambda: fn(**kwargs))
    elapsed = time.monotonic() - started
    assert elapsed < 30, f"{elapsed:.1f} s"
    lookup = qualname in MAPPING_LOOKUPS and param == "name" and isinstance(mutation.value, str)
    if err is None:
        assert not mutation.must_raise or lookup, f"{param}={mutation.label} was accepted"
        return
    if lookup and isinstance(err, KeyError):
        return
    assert _typed(err), f"{param}={mutation.label}: {_describe(err)}"
    assert type(err).__name__ != "PanicException"


def test_positional_mistakes_raise_type_errors():
    """Missing and extra arguments are TypeError, as for any Python callable."""
    for qualname, call in CALLS.items():
        fn, kwargs = call()
        if qualname.startswith("flask."):
            continue
        if kwargs:
            first = next(iter(kwargs))
            rest = {k: v for k, v in kwargs.items() if k != first}
            err = _outcome(lambda: fn(**rest))
            stub_param = next(p for p in STUB_BY_NAME[qualname].params if p.name == first)
            if not stub_param.has_default:
                assert err is not None and _typed(err), f"{qualname} without {first}: {_describe(err)}"
        err = _outcome(lambda: fn(**kwargs, no_such_argument=1))
        assert err is not None and isinstance(err, TypeError), f"{qualname}: {_describe(err)}"


def test_every_property_reads_on_a_live_object():
    """Getters of every stub class work on an instance (made by the baseline calls)."""
    instances: Dict[type, Any] = {}
    for call in CALLS.values():
        fn, kwargs = call()
        try:
            result = fn(**kwargs)
        except BaseException:  # noqa: B036 - reported by test_baseline_call_succeeds
            continue
        instances.setdefault(type(result), result)
    for obj in vars(F).values():
        instances.setdefault(type(obj), obj)
    instances.setdefault(type(F.md_token.cookie), F.md_token.cookie)
    modules = {"cloudfront": cloudfront, "stream": stream, "webhook": webhook,
               "mediacdn": mediacdn, "cloudcdn": cloudcdn, "compat.botocore": compat_botocore}
    for qualname, props in _classes().items():
        module, _, cls_name = qualname.rpartition(".")
        if module == "flask":
            continue
        cls = getattr(modules[module], cls_name)
        obj = next((o for t, o in instances.items() if issubclass(t, cls)), None)
        assert obj is not None, f"no live {qualname} to read"
        for prop in props:
            err = _outcome(lambda: getattr(obj, prop))
            assert err is None, f"{qualname}.{prop}: {_describe(err)}"
        assert repr(obj) and str(obj)


def _native_methods() -> List[str]:
    """Methods of native objects that take an argument."""
    out = []
    for q in sorted(CALLS):
        fn, _ = CALLS[q]()
        if STUB_BY_NAME[q].params and not q.startswith("compat.") and hasattr(fn, "__self__"):
            if not isinstance(fn.__self__, type) and type(fn.__self__).__module__.startswith("cdnsign"):
                out.append(q)
    return out


@pytest.mark.parametrize("qualname", _native_methods())
def test_objects_keep_working_after_a_failed_call(qualname):
    """Nothing is closed or consumed: a call that raised leaves the object usable."""
    fn, kwargs = CALLS[qualname]()
    stub = STUB_BY_NAME[qualname]
    bad = dict(kwargs, **{stub.params[0].name: object()})
    assert _outcome(lambda: fn(**bad)) is not None
    assert _outcome(lambda: fn(**kwargs)) is None


# ---- no secret in repr, str, pickles or errors ----------------------------------------------


def _encodings(secret: bytes) -> List[str]:
    forms = [
        secret.hex(), secret.hex().upper(),
        base64.b64encode(secret).decode(), base64.urlsafe_b64encode(secret).decode(),
    ]
    forms = forms + [f.rstrip("=") for f in forms]
    try:
        forms.append(secret.decode("ascii"))
    except UnicodeDecodeError:
        pass
    return forms


def _assert_no_secret(text: str, secret: bytes, what: str, window: int = 12) -> None:
    """No `window`-character run of the secret, in any encoding, appears in `text`."""
    for form in _encodings(secret):
        w = min(window, len(form))
        for i in range(0, len(form) - w + 1):
            chunk = form[i:i + w]
            assert chunk not in text, f"{what} reveals secret material {chunk!r}: {text[:300]!r}"


def _pem_der(pem: str) -> bytes:
    body = "".join(line for line in pem.splitlines() if line and not line.startswith("-----"))
    return base64.b64decode(body)


SECRETS = {
    "cloudfront RSA key": _pem_der(CF_PEM),
    "stream RSA key": _pem_der(STREAM_PEM),
    "mediacdn seed": base64.urlsafe_b64decode(MD_SEED + "=" * (-len(MD_SEED) % 4)),
    "mediacdn HMAC secret": base64.urlsafe_b64decode(MD_SECRET + "=" * (-len(MD_SECRET) % 4)),
    "cloudcdn key": base64.urlsafe_b64decode(CC_KEY),
    "webhook secret": WH_SECRET.encode(),
}


def _texts_of(obj: Any) -> List[str]:
    texts = [repr(obj), str(obj), format(obj, "")]
    texts += [repr(getattr(obj, a, None)) for a in dir(obj) if not a.startswith("__")
              and not callable(getattr(obj, a, None))]
    err = _outcome(lambda: pickle.dumps(obj))
    if err is None:
        texts.append(repr(pickle.dumps(obj)))
    else:
        assert _typed(err), _describe(err)
    return texts


def _secret_holders() -> List[Tuple[str, Any]]:
    return [
        ("cloudfront.Signer", F.cf_signer),
        ("cloudfront.Verifier", F.cf_verifier),
        ("compat.botocore.CloudFrontSigner", F.boto),
        ("stream.SigningKey", F.stream_key),
        ("stream.SigningKey.from_jwk", stream.SigningKey.from_jwk(STREAM_JWK)),
        ("stream.Verifier", F.stream_verifier),
        ("stream.Verifier(private)", stream.Verifier(STREAM_JSON)),
        ("webhook.Verifier", F.wh_verifier),
        ("mediacdn.SigningKey", F.md_key),
        ("mediacdn.HmacSecret", F.md_secret),
        ("mediacdn.Signer", F.md_signer),
        ("mediacdn.TokenSigner(ed25519)", F.md_tokens),
        ("mediacdn.TokenSigner(hmac)", F.md_hmac_tokens),
        ("mediacdn.Verifier", F.md_verifier),
        ("cloudcdn.SigningKey", F.cc_key),
        ("cloudcdn.Signer", F.cc_signer),
        ("cloudcdn.Verifier", F.cc_verifier),
    ]


@pytest.mark.parametrize("name,obj", _secret_holders(), ids=[n for n, _ in _secret_holders()])
def test_repr_str_and_pickle_never_reveal_a_secret(name, obj):
    for text in _texts_of(obj):
        for what, secret in SECRETS.items():
            _assert_no_secret(text, secret, f"{name} ({what})")


def _bad_key_calls() -> List[Tuple[str, bytes, Callable[[], Any]]]:
    """Calls that fail on a damaged or misused key, with the secret they hold."""
    cf_der = _pem_der(CF_PEM)
    cut_cf = CF_PEM[:700] + CF_PEM[900:]
    cut_stream = STREAM_PEM[:700] + STREAM_PEM[900:]
    seed = SECRETS["mediacdn seed"]
    hmac_key = SECRETS["mediacdn HMAC secret"]
    cc = SECRETS["cloudcdn key"]
    jwk = STREAM_JWK.replace('"kty"', '"ktz"')
    return [
        ("cloudfront cut PEM", cf_der, lambda: cloudfront.Signer("K", cut_cf)),
        ("cloudfront cut DER", cf_der, lambda: cloudfront.Signer("K", cf_der[:-40])),
        ("cloudfront needless passphrase", cf_der, lambda: cloudfront.Signer("K", CF_PEM, passphrase="pw")),
        ("cloudfront bad hash", cf_der, lambda: cloudfront.Signer("K", CF_PEM, hash_algorithm="MD5")),
        ("cloudfront private key as verifier key", cf_der, lambda: cloudfront.Verifier({"K": cut_cf})),
        ("botocore cut PEM", cf_der, lambda: compat_botocore.CloudFrontSigner("K", cut_cf)),
        ("stream cut PEM", _pem_der(STREAM_PEM), lambda: stream.SigningKey(STREAM_KID, cut_stream)),
        ("stream PEM without kid", _pem_der(STREAM_PEM), lambda: stream.SigningKey.from_text(STREAM_PEM)),
        ("stream kid mismatch", _pem_der(STREAM_PEM), lambda: stream.SigningKey.from_text(STREAM_JSON, kid="other")),
        ("stream bad JWK", _pem_der(STREAM_PEM), lambda: stream.SigningKey.from_jwk(jwk)),
        ("stream verifier cut PEM", _pem_der(STREAM_PEM), lambda: stream.Verifier({STREAM_KID: cut_stream})),
        ("mediacdn short seed", seed, lambda: mediacdn.SigningKey(MD_SEED[:-2])),
        ("mediacdn seed bytes too long", seed, lambda: mediacdn.SigningKey(seed + b"\x01")),
        ("mediacdn seed as public key", seed, lambda: mediacdn.PublicKey(seed[:31])),
        ("mediacdn seed bad char", seed, lambda: mediacdn.SigningKey(MD_SEED[:10] + "*" + MD_SEED[11:])),
        ("mediacdn short HMAC", hmac_key, lambda: mediacdn.HmacSecret(hmac_key[:15])),
        ("mediacdn HMAC bad algorithm", hmac_key, lambda: mediacdn.TokenSigner(secret=MD_SECRET, algorithm="md5")),
        ("mediacdn both keys", seed, lambda: mediacdn.TokenSigner(private_key=MD_SEED, secret=MD_SECRET)),
        ("mediacdn verifier short HMAC", hmac_key, lambda: mediacdn.Verifier(shared_keys={"h": hmac_key[:15]})),
        ("cloudcdn short key", cc, lambda: cloudcdn.SigningKey(cc[:15])),
        ("cloudcdn long key text", cc, lambda: cloudcdn.Signer("k", CC_KEY + "AAAA")),
        ("cloudcdn verifier bad key", cc, lambda: cloudcdn.Verifier({"k": CC_KEY[:-4]})),
        ("webhook negative time", WH_SECRET.encode(), lambda: webhook.sign(WH_SECRET, b"{}", time=-5)),
        ("webhook empty secret among", WH_SECRET.encode(), lambda: webhook.Verifier([WH_SECRET, ""])),
    ]


@pytest.mark.parametrize("name,secret,call", _bad_key_calls(), ids=[n for n, _, _ in _bad_key_calls()])
def test_errors_from_bad_key_input_never_reveal_it(name, secret, call):
    err = _outcome(call)
    assert err is not None and _typed(err), _describe(err)
    texts = [str(err), repr(err), repr(err.args), repr(getattr(err, "field", None)),
             repr(getattr(err, "message", None))]
    notes = getattr(err, "__notes__", [])
    texts += list(notes)
    cause = err.__cause__ or err.__context__
    while cause is not None:
        texts += [str(cause), repr(cause)]
        cause = cause.__cause__ or cause.__context__
    for text in texts:
        _assert_no_secret(text, secret, name)


def test_verification_errors_never_reveal_the_expected_signature():
    """A forged credential is refused without telling what the right MAC is."""
    # webhook: the right sig1 under the secret
    right = webhook.sign(WH_SECRET, b'{"a":1}', time=NOW)
    forged = f"time={NOW},sig1=" + "0" * 64
    err = _outcome(lambda: F.wh_verifier.verify(forged, b'{"a":1}', now=NOW))
    assert isinstance(err, cdnsign.SignatureMismatchError), _describe(err)
    expected = bytes.fromhex(right.split("sig1=")[1])
    _assert_no_secret(str(err) + repr(err.args), expected, "webhook forged", window=8)
    _assert_no_secret(str(err), WH_SECRET.encode(), "webhook forged (secret)", window=8)
    # Media CDN HMAC token: the right hmac= value
    token = F.md_hmac_tokens.sign(expires=EXP, path_globs="/v/*").token
    tag = token.split("hmac=")[1]
    bad = token[: -len(tag)] + ("0" if tag[0] != "0" else "1") + tag[1:]
    url = f"https://m.example/v/a.m3u8?edge-cache-token={bad}"
    err = _outcome(lambda: F.md_verifier.verify(url, now=NOW))
    assert isinstance(err, cdnsign.SignatureMismatchError), _describe(err)
    _assert_no_secret(str(err), bytes.fromhex(tag), "mediacdn forged token", window=8)
    # Cloud CDN: the right Signature=
    sig = F.cc_url.split("Signature=")[1]
    tampered = F.cc_url[: -len(sig)] + ("A" if sig[0] != "A" else "B") + sig[1:]
    err = _outcome(lambda: F.cc_verifier.verify(tampered, now=NOW))
    assert isinstance(err, cdnsign.SignatureMismatchError), _describe(err)
    _assert_no_secret(str(err), base64.urlsafe_b64decode(sig), "cloudcdn forged", window=8)
