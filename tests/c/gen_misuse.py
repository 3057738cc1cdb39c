#!/usr/bin/env python3
"""Generates tests/c/test_misuse_matrix.c, the misuse matrix of the C API.

It reads every function declared in include/cdnsign.h, classifies each
parameter by its C type (string, string array, byte buffer, handle, options
struct, out-parameter, scalar) and emits, per function:

- a baseline call with valid arguments (the status it must return);
- every required pointer argument NULL -> CDNSIGN_STATUS_NULL_ARGUMENT, with
  cdnsign_last_error_field() naming it;
- every optional pointer argument NULL -> the baseline status (the header
  documents it as optional);
- every string argument, options-struct string member and string-array
  element not valid UTF-8 -> CDNSIGN_STATUS_INVALID_UTF8, naming it;
- every byte buffer and string array given as (NULL, n > 0) or with an
  impossible length -> CDNSIGN_STATUS_INVALID_BUFFER; every NULL element of a
  string array -> CDNSIGN_STATUS_NULL_ARGUMENT;
- after every failure, each out-parameter still holds the sentinel it was
  pre-filled with (the header: "out-parameters are left untouched"); after
  every success each one was written (and is released, so valgrind sees no
  leak);
- destructors given NULL are no-ops that leave the last error alone; getters
  given a NULL handle return NULL.

The valid argument values are the table SPECS below; a function in the
header without an entry (or a parameter the table does not give a value for)
stops the generator, so a new export cannot slip past the matrix.

Usage: gen_misuse.py            rewrites tests/c/test_misuse_matrix.c
       gen_misuse.py --check    fails if the committed file is not fresh
"""

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
HEADER = ROOT / "include" / "cdnsign.h"
OUTPUT = HERE / "test_misuse_matrix.c"

OK = "CDNSIGN_STATUS_OK"
NULL_ARG = "CDNSIGN_STATUS_NULL_ARGUMENT"
BAD_UTF8 = "CDNSIGN_STATUS_INVALID_UTF8"
BAD_BUF = "CDNSIGN_STATUS_INVALID_BUFFER"


def st(name):
    return "CDNSIGN_STATUS_" + name


def q(text):
    """A C string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


CF_URL = "https://d111111abcdef8.cloudfront.net/v/a.mp4"
CF_WILDCARD = "https://d111111abcdef8.cloudfront.net/v/*"
CF_POLICY = (
    '{"Statement":[{"Resource":"' + CF_WILDCARD + '","Condition":'
    '{"DateLessThan":{"AWS:EpochTime":1767294000}}}]}'
)
WEBHOOK_BODY = '{"uid":"u1","readyToStream":true,"status":{"state":"ready"}}'


class Spec:
    """Valid arguments of one function.

    args: parameter -> C expression (scalars, strings, handles); for a string
      array, a list of element expressions; for a byte buffer, (ptr, len).
    structs: parameter -> (struct type, {member: expression or list}).
    optional: pointer parameters the header documents as NULL-able.
    baseline: the status of the call with `args` (None: do not make it,
      e.g. RSA key generation, too slow under valgrind).
    expect: case label -> status, where the documented result of a case is
      not the default (labels as in the generated case names).
    fields: parameter -> the name cdnsign_last_error_field() reports, where
      it is not the parameter's own name.
    """

    def __init__(self, args=None, structs=None, optional=(), baseline=OK, expect=None,
                 fields=None):
        self.args = args or {}
        self.structs = structs or {}
        self.optional = set(optional)
        self.baseline = baseline
        self.expect = expect or {}
        self.fields = fields or {}


FX_CF_PEM = ("(const uint8_t *)fx.cf_pem", "fx.cf_pem_len")
WH_BODY = ("(const uint8_t *)MISUSE_WEBHOOK_BODY", "strlen(MISUSE_WEBHOOK_BODY)")

CF_SIGN_OPTIONS = ("cdnsign_cloudfront_sign_options", {
    "expires": "MISUSE_EXP", "starts": "MISUSE_NOW - 60", "ip_range": q("192.0.2.0/24"),
    "resource": q(CF_WILDCARD), "policy_kind": q("custom")})
CF_COOKIE_OPTIONS = ("cdnsign_cloudfront_cookie_options", {
    "domain": q("d111111abcdef8.cloudfront.net"), "path": q("/v/"), "secure": "true",
    "http_only": "true", "same_site": q("Lax"), "expires": "MISUSE_EXP", "max_age": "3600"})
MD_CLAIMS = ("cdnsign_mediacdn_token_claims", {
    "expires": "MISUSE_EXP", "starts": "MISUSE_NOW - 60", "path_globs": [q("/v/*"), q("/w/*")],
    "glob_separator": "','", "url_prefix": None, "full_path": None,
    "session_id": q("session-1"), "data": q("data-1"), "header_names": [q("X-Viewer")],
    "header_values": [q("v1")], "ip_ranges": [q("192.0.2.0/24")]})
# the names and values of the bound headers are reported as the token field
MD_CLAIMS_FIELDS = {"claims.header_names": "headers", "claims.header_values": "headers"}
MD_VERIFIER_OPTIONS = ("cdnsign_mediacdn_verifier_options", {
    "param": q("edge-cache-token"), "allowed_algorithms": [q("ed25519"), q("hmac-sha256")],
    "max_expiration_ttl": "86400", "leeway": "30"})

MANIFEST_TEXT = '"#EXTM3U\\n#EXT-X-TARGETDURATION:4\\n#EXTINF:4,\\nseg-1.ts\\n#EXT-X-ENDLIST\\n"'
MANIFEST = ("(const uint8_t *)" + MANIFEST_TEXT, "strlen(" + MANIFEST_TEXT + ")")
MANIFEST_URL = q("https://h.example/v/index.m3u8")


def sign_manifest(signer, **extra):
    return Spec(
        args={"signer": signer, "manifest": MANIFEST, "url": MANIFEST_URL,
              "prefix": q("https://h.example/v/"), "expires": "MISUSE_EXP",
              "absolute": "false", **extra},
        optional={"prefix", "out_json"})


def check_manifest(verifier):
    # an unsigned manifest checks fine (the report says every line fails)
    return Spec(args={"verifier": verifier, "manifest": MANIFEST, "url": MANIFEST_URL,
                      "now": "MISUSE_NOW"})


SPECS = {
    # ---- signed manifests (ffi/src/manifest.rs) ----
    "cdnsign_cloudfront_signer_sign_manifest": sign_manifest("fx.cf_signer"),
    "cdnsign_cloudcdn_signer_sign_manifest": sign_manifest("fx.cc_signer"),
    "cdnsign_mediacdn_token_signer_sign_manifest": sign_manifest(
        "fx.md_token_signer", path_globs="true"),
    "cdnsign_cloudfront_verifier_check_manifest": check_manifest("fx.cf_verifier"),
    "cdnsign_mediacdn_verifier_check_manifest": check_manifest("fx.md_verifier"),
    "cdnsign_cloudcdn_verifier_check_manifest": check_manifest("fx.cc_verifier"),
    # ---- library-wide ----
    "cdnsign_version": Spec(),
    "cdnsign_last_error_message": Spec(),
    "cdnsign_last_error_field": Spec(),
    "cdnsign_status_name": Spec(args={"status": "UINT32_MAX"}),
    "cdnsign_string_free": Spec(),
    "cdnsign_public_key_pem": Spec(
        args={"key": FX_CF_PEM, "passphrase": ("NULL", "0")}, optional={"passphrase"},
        expect={"key=(NULL,0)": st("INVALID_KEY")}),
    "cdnsign_percent_encode_url": Spec(args={"url": q("https://h.example/a b")}),
    # ---- Cloud CDN ----
    "cdnsign_cloudcdn_signer_new": Spec(
        args={"key_name": q("my-key"), "key_file": "MISUSE_CLOUDCDN_KEY", "padded": "true"}),
    "cdnsign_cloudcdn_signer_free": Spec(),
    "cdnsign_cloudcdn_signer_sign_url": Spec(
        args={"signer": "fx.cc_signer", "url": q("https://h.example/v/a.mp4"),
              "expires": "MISUSE_EXP"},
        optional={"out_signed_value"}),
    "cdnsign_cloudcdn_signer_sign_prefix": Spec(
        args={"signer": "fx.cc_signer", "url": q("https://h.example/v/a.mp4"),
              "prefix": q("https://h.example/v/"), "expires": "MISUSE_EXP"},
        optional={"out_signed_value"}),
    "cdnsign_cloudcdn_signer_sign_cookie": Spec(
        args={"signer": "fx.cc_signer", "prefix": q("https://h.example/v/"),
              "expires": "MISUSE_EXP"},
        optional={"out_signed_value"}),
    "cdnsign_cloudcdn_generate_key": Spec(),
    "cdnsign_cloudcdn_verifier_new": Spec(
        args={"key_names": [q("my-key")], "key_files": ["MISUSE_CLOUDCDN_KEY"]}),
    "cdnsign_cloudcdn_verifier_free": Spec(),
    "cdnsign_cloudcdn_verifier_verify": Spec(
        args={"verifier": "fx.cc_verifier", "url": "fx.cc_signed_url",
              "cookie_header": q("other=1"), "now": "MISUSE_NOW"},
        optional={"cookie_header", "out_json"}),
    "cdnsign_cloudcdn_explain": Spec(args={"input": "fx.cc_signed_url", "now": "MISUSE_NOW"}),
    # ---- CloudFront ----
    "cdnsign_cloudfront_signer_new": Spec(
        args={"key_pair_id": q("K2JCJMDEHXQW5F"), "private_key": FX_CF_PEM,
              "passphrase": ("NULL", "0"), "hash_algorithm": q("SHA256"),
              "allow_weak_rsa_for_tests": "false"},
        optional={"passphrase", "hash_algorithm"},
        expect={"private_key=(NULL,0)": st("INVALID_KEY")}),
    "cdnsign_cloudfront_signer_free": Spec(),
    "cdnsign_cloudfront_signer_key_pair_id": Spec(args={"signer": "fx.cf_signer"}),
    "cdnsign_cloudfront_signer_public_key_pem": Spec(args={"signer": "fx.cf_signer"}),
    "cdnsign_cloudfront_signer_sign_url": Spec(
        args={"signer": "fx.cf_signer", "url": q(CF_URL)},
        structs={"options": CF_SIGN_OPTIONS}),
    "cdnsign_cloudfront_signer_sign_url_with_policy": Spec(
        args={"signer": "fx.cf_signer", "url": q(CF_URL), "policy_json": q(CF_POLICY)}),
    "cdnsign_cloudfront_signer_sign_cookies": Spec(
        args={"signer": "fx.cf_signer", "resource": q(CF_WILDCARD)},
        structs={"options": CF_SIGN_OPTIONS, "cookie_options": CF_COOKIE_OPTIONS},
        optional={"cookie_options"}),
    "cdnsign_cloudfront_signer_sign_cookies_with_policy": Spec(
        args={"signer": "fx.cf_signer", "policy_json": q(CF_POLICY)},
        structs={"cookie_options": CF_COOKIE_OPTIONS},
        optional={"cookie_options"}),
    "cdnsign_cloudfront_build_policy": Spec(
        args={"url": q(CF_URL)}, structs={"options": CF_SIGN_OPTIONS}),
    "cdnsign_cloudfront_verifier_new": Spec(
        args={"key_pair_ids": [q("K2JCJMDEHXQW5F")], "public_keys": ["fx.cf_pub_pem"],
              "allow_weak_rsa_for_tests": "false"}),
    "cdnsign_cloudfront_verifier_free": Spec(),
    "cdnsign_cloudfront_verifier_verify_url": Spec(
        args={"verifier": "fx.cf_verifier", "signed_url": "fx.cf_signed_url",
              "now": "MISUSE_NOW", "client_ip": q("192.0.2.7")},
        optional={"client_ip", "out_json"}),
    "cdnsign_cloudfront_verifier_verify_cookies": Spec(
        args={"verifier": "fx.cf_verifier", "cookie_header": "fx.cf_cookie_header",
              "request_url": q(CF_URL), "now": "MISUSE_NOW", "client_ip": q("192.0.2.7")},
        optional={"client_ip", "out_json"}),
    "cdnsign_cloudfront_explain": Spec(args={"input": "fx.cf_signed_url", "now": "MISUSE_NOW"}),
    # ---- Media CDN ----
    "cdnsign_mediacdn_key_new": Spec(args={"private_key": "MISUSE_ED25519_SEED"}),
    "cdnsign_mediacdn_key_free": Spec(),
    "cdnsign_mediacdn_key_public": Spec(args={"key": "fx.md_key"}),
    "cdnsign_mediacdn_public_key_value": Spec(args={"public_key": "fx.md_public"}),
    "cdnsign_mediacdn_hmac_secret_check": Spec(args={"secret_base64": "MISUSE_HMAC_SECRET"}),
    "cdnsign_mediacdn_generate_key": Spec(),
    "cdnsign_mediacdn_signer_new": Spec(
        args={"key": "fx.md_key", "key_name": q("key-1"), "padded": "false",
              "param": q("edge-cache-token")},
        optional={"param"}),
    "cdnsign_mediacdn_signer_free": Spec(),
    "cdnsign_mediacdn_signer_sign_url": Spec(
        args={"signer": "fx.md_signer", "url": q("https://m.example/v/a.m3u8"),
              "expires": "MISUSE_EXP"},
        optional={"out_signed_value"}),
    "cdnsign_mediacdn_signer_sign_prefix": Spec(
        args={"signer": "fx.md_signer", "url": q("https://m.example/v/a.m3u8"),
              "prefix": q("https://m.example/v/"), "expires": "MISUSE_EXP"},
        optional={"out_signed_value"}),
    "cdnsign_mediacdn_signer_sign_path": Spec(
        args={"signer": "fx.md_signer", "prefix": q("https://m.example/v/"),
              "rest": q("a.m3u8"), "expires": "MISUSE_EXP"},
        optional={"out_signed_value"}),
    "cdnsign_mediacdn_signer_sign_cookie": Spec(
        args={"signer": "fx.md_signer", "prefix": q("https://m.example/v/"),
              "expires": "MISUSE_EXP"},
        optional={"out_signed_value"}),
    "cdnsign_mediacdn_token_signer_new_ed25519": Spec(
        args={"key": "fx.md_key", "padded": "false", "param": q("edge-cache-token")},
        optional={"param"}),
    "cdnsign_mediacdn_token_signer_new_hmac": Spec(
        args={"algorithm": q("hmac-sha256"), "secret_base64": "MISUSE_HMAC_SECRET",
              "param": q("edge-cache-token")},
        optional={"param"}),
    "cdnsign_mediacdn_token_signer_free": Spec(),
    "cdnsign_mediacdn_token_signer_sign": Spec(
        args={"signer": "fx.md_token_signer"}, structs={"claims": MD_CLAIMS},
        optional={"out_details_json"}, fields=MD_CLAIMS_FIELDS),
    "cdnsign_mediacdn_token_signer_sign_short_lived": Spec(
        args={"signer": "fx.md_token_signer", "now": "MISUSE_NOW", "lifetime_seconds": "60"},
        structs={"claims": MD_CLAIMS}, optional={"out_details_json"}, fields=MD_CLAIMS_FIELDS),
    "cdnsign_mediacdn_verifier_new": Spec(
        args={"keyset_name": q("keyset-1"), "public_key_ids": [q("key-1")],
              "public_keys": ["fx.md_public"], "shared_key_ids": [q("hmac-1")],
              "shared_secrets": ["MISUSE_HMAC_SECRET"]},
        structs={"options": MD_VERIFIER_OPTIONS},
        optional={"keyset_name", "options"}),
    "cdnsign_mediacdn_verifier_free": Spec(),
    "cdnsign_mediacdn_verifier_verify": Spec(
        args={"verifier": "fx.md_verifier", "url": "fx.md_signed_url", "now": "MISUSE_NOW",
              "header_names": [q("X-Viewer")], "header_values": [q("v1")],
              "cookie_header": q("other=1"), "client_ip": q("192.0.2.7")},
        optional={"cookie_header", "client_ip", "out_json"}),
    "cdnsign_mediacdn_explain": Spec(args={"input": "fx.md_signed_url", "now": "MISUSE_NOW"}),
    # ---- Stream ----
    "cdnsign_stream_signing_key_new": Spec(
        args={"key_text": "fx.stream_key_json", "kid": "MISUSE_STREAM_KID"}, optional={"kid"}),
    "cdnsign_stream_signing_key_free": Spec(),
    "cdnsign_stream_signing_key_kid": Spec(args={"signer": "fx.stream_signer"}),
    "cdnsign_stream_signing_key_public_pem": Spec(args={"signer": "fx.stream_signer"}),
    "cdnsign_stream_signing_key_public_jwk": Spec(args={"signer": "fx.stream_signer"}),
    "cdnsign_stream_signing_key_sign": Spec(
        args={"signer": "fx.stream_signer", "video_uid": "MISUSE_VIDEO_UID",
              "exp": "MISUSE_EXP", "now": "MISUSE_NOW"}),
    "cdnsign_stream_signing_key_sign_claims": Spec(
        args={"signer": "fx.stream_signer", "claims_json": "MISUSE_STREAM_CLAIMS",
              "now": "MISUSE_NOW"}),
    # RSA-2048 key generation takes seconds under valgrind: no baseline call
    # (test_stream.c makes one).
    "cdnsign_stream_generate_key": Spec(args={"now": "MISUSE_NOW"}, baseline=None),
    "cdnsign_stream_verifier_new": Spec(
        args={"key_texts": ["fx.stream_pub_pem"], "kids": ["MISUSE_STREAM_KID"],
              "leeway_seconds": "30", "require_exp": "true"},
        optional={"kids"},
        # a PEM needs its kid (documented): without one the key is refused
        expect={"kids=NULL": st("INVALID_INPUT"), "kids[0]=NULL": st("INVALID_INPUT")}),
    "cdnsign_stream_verifier_free": Spec(),
    "cdnsign_stream_verifier_verify": Spec(
        args={"verifier": "fx.stream_verifier", "token": "fx.stream_token",
              "now": "MISUSE_NOW", "expected_sub": "MISUSE_VIDEO_UID",
              "viewer_ip": q("192.0.2.7"), "viewer_country": q("KR"),
              "skip_access_rules": "false"},
        optional={"expected_sub", "viewer_ip", "viewer_country", "out_claims_json"},
        # the token's country rule needs the country (documented)
        expect={"viewer_country=NULL": st("INVALID_INPUT")}),
    "cdnsign_stream_url": Spec(
        args={"customer_code": q("f33zs165nr7gyfy4"), "token_or_uid": "MISUSE_VIDEO_UID",
              "kind": q("hls")}),
    "cdnsign_stream_decode": Spec(args={"token": "fx.stream_token"}),
    "cdnsign_stream_explain": Spec(args={"input": "fx.stream_token", "now": "MISUSE_NOW"}),
    # ---- webhooks ----
    "cdnsign_webhook_sign": Spec(
        args={"secret": "MISUSE_WEBHOOK_SECRET", "body": WH_BODY, "time": "MISUSE_NOW"},
        expect={"body=(NULL,0)": OK}),
    "cdnsign_webhook_verifier_new": Spec(
        args={"secrets": ["MISUSE_WEBHOOK_SECRET"], "tolerance_seconds": "300"},
        expect={"secrets=(NULL,0)": st("INVALID_KEY")}),
    "cdnsign_webhook_verifier_free": Spec(),
    "cdnsign_webhook_verifier_verify": Spec(
        args={"verifier": "fx.wh_verifier", "header": "fx.wh_header", "body": WH_BODY,
              "now": "MISUSE_NOW"},
        optional={"header", "out_verified"},
        expect={"header=NULL": st("MISSING_CREDENTIAL"),
                "body=(NULL,0)": st("BAD_SIGNATURE")}),
    "cdnsign_webhook_verifier_verify_event": Spec(
        args={"verifier": "fx.wh_verifier", "header": "fx.wh_header", "body": WH_BODY,
              "now": "MISUSE_NOW"},
        optional={"header", "out_verified"},
        expect={"header=NULL": st("MISSING_CREDENTIAL"),
                "body=(NULL,0)": st("BAD_SIGNATURE")}),
    "cdnsign_webhook_parse_event": Spec(
        args={"body": WH_BODY}, expect={"body=(NULL,0)": st("MALFORMED")}),
    "cdnsign_webhook_explain": Spec(
        args={"input": "fx.wh_header", "now": "MISUSE_NOW", "body_len": "-1"}),
}


# ---- header parsing ----------------------------------------------------------------------

def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def split_decl(decl):
    """'const char *const *names' -> ('const char *const *', 'names')."""
    decl = " ".join(decl.split())
    m = re.match(r"^(.*?)(\w+)$", decl)
    if not m:
        raise SystemExit(f"cannot parse declaration {decl!r}")
    ctype = m.group(1).strip()
    ctype = re.sub(r"\s*\*", " *", ctype).replace("* *", "**").replace("*const", "* const")
    ctype = " ".join(ctype.split()).replace("* const *", "*const *")
    return ctype, m.group(2)


def parse_header(text):
    code = strip_comments(text)
    opaque = set(re.findall(r"typedef struct (\w+) \1;", code))
    structs = {}
    for name, body in re.findall(r"typedef struct (\w+) \{(.*?)\} \1;", code, flags=re.S):
        structs[name] = [split_decl(m) for m in body.split(";") if m.strip()]
    functions = []
    for ret, name, params in re.findall(
            r"\n([A-Za-z_][\w \*]*?[\s\*])(cdnsign_\w+)\(([^)]*)\);", code):
        plist = [] if params.strip() == "void" else [split_decl(p) for p in params.split(",")]
        functions.append((name, " ".join(ret.split()), plist))
    return opaque, structs, functions


def classify(ctype, opaque, structs):
    if ctype == "const char *":
        return "str"
    if ctype == "const char *const *":
        return "strarr"
    if ctype == "const uint8_t *":
        return "bytes"
    if ctype in ("bool", "int64_t", "uint32_t", "size_t", "char"):
        return "scalar"
    if ctype == "char **":
        return "out_str"
    if ctype == "size_t *":
        return "out_size"
    if ctype == "char *":
        return "free_str"
    m = re.fullmatch(r"(const )?struct (\w+) (\*+)", ctype)
    if m:
        const, name, stars = m.groups()
        if name in opaque and const and stars == "*":
            return "handle"
        if name in opaque and not const and stars == "*":
            return "free_handle"
        if name in opaque and not const and stars == "**":
            return "out_handle"
        if name in structs and const and stars == "*":
            return "struct"
        if name in structs and not const and stars == "*":
            return "out_struct"
    raise SystemExit(f"unknown parameter type {ctype!r}")


def struct_name(ctype):
    return re.search(r"struct (\w+)", ctype).group(1)


# ---- emission --------------------------------------------------------------------------

class Param:
    def __init__(self, ctype, name, kind, count=None):
        self.ctype, self.name, self.kind, self.count = ctype, name, kind, count


def attach_counts(decls, kind_of):
    """Pairs each string array / byte buffer with the size_t that follows it."""
    params = [Param(t, n, kind_of(t)) for t, n in decls]
    counts = set()
    for i, p in enumerate(params):
        if p.kind in ("strarr", "bytes"):
            for q_ in params[i + 1:]:
                if q_.ctype == "size_t":
                    p.count = q_.name
                    counts.add(q_.name)
                    break
            else:
                raise SystemExit(f"no length parameter after {p.name}")
    for p in params:
        if p.name in counts:
            p.kind = "count"
    return params


class Case:
    """One call: overrides of the baseline arguments and the expected status."""

    def __init__(self, label, expect, field=None):
        self.label = label
        self.expect = expect
        self.field = field
        self.top = {}      # param -> C expression replacing the argument
        self.elem = {}     # (param, index) -> element expression
        self.member = {}   # (struct param, member) -> expression
        self.melem = {}    # (struct param, member, index) -> element expression
        self.null_outs = set()


class Emitter:
    def __init__(self, opaque, structs):
        self.opaque = opaque
        self.structs = structs
        self.lines = []

    def kind(self, ctype):
        return classify(ctype, self.opaque, self.structs)

    def emit(self, line=""):
        self.lines.append(line)

    def function(self, name, ret, decls, spec):
        params = attach_counts(decls, self.kind)
        self.emit(f"static void misuse_{name}(void) {{")
        if ret == "void":
            self.destructor(name, params)
        elif ret == "const char *":
            self.getter(name, params, spec)
        else:
            self.fallible(name, params, spec)
        self.emit("}")
        self.emit()

    # destructors: NULL is a no-op that leaves the last error alone
    def destructor(self, name, params):
        (p,) = params
        assert p.kind in ("free_handle", "free_str"), name
        self.emit(f'    case_begin("misuse", "{name}: NULL is a no-op");')
        self.emit("    misuse_set_last_error();")
        self.emit(f"    {name}(NULL);")
        self.emit("    misuse_check_last_error_kept();")
        self.emit("    case_end();")

    # getters returning a static or borrowed string: never crash, NULL for NULL
    def getter(self, name, params, spec):
        if not params:
            self.emit(f'    case_begin("misuse", "{name}: never NULL");')
            self.emit(f'    CHECK({name}() != NULL, "{name} returned NULL");')
            self.emit("    case_end();")
            return
        (p,) = params
        if p.kind == "scalar":
            self.emit(f'    case_begin("misuse", "{name}: any number");')
            for v in ("0", "1", "999", "1000", "1004", "1005", spec.args[p.name]):
                self.emit(f'    CHECK({name}({v}) != NULL, "{name}({v}) returned NULL");')
            self.emit(f'    CHECK_STR({name}({spec.args[p.name]}), "unknown");')
            self.emit("    case_end();")
            return
        assert p.kind == "handle", name
        self.emit(f'    case_begin("misuse", "{name}: NULL handle gives NULL");')
        self.emit(f'    CHECK({name}(NULL) == NULL, "{name}(NULL) is not NULL");')
        self.emit(f'    CHECK({name}({spec.args[p.name]}) != NULL, "{name} of a live handle");')
        self.emit("    case_end();")

    def fallible(self, name, params, spec):
        for p in params:
            if p.kind in ("str", "handle", "scalar", "strarr", "bytes") and p.name not in spec.args:
                raise SystemExit(f"{name}: no value for parameter {p.name}")
            if p.kind == "struct" and p.name not in spec.structs:
                raise SystemExit(f"{name}: no value for struct parameter {p.name}")
        unknown = (spec.optional | {f.split(".")[0] for f in spec.fields}) - {p.name for p in params}
        if unknown:
            raise SystemExit(f"{name}: the spec names unknown parameters {sorted(unknown)}")
        cases = []
        base = spec.baseline

        def expect(label, default):
            return spec.expect.get(label, default)

        used_labels = set()

        def add(label, default, field=None):
            c = Case(label, expect(label, default), field)
            used_labels.add(label)
            cases.append(c)
            return c

        if base is not None:
            add("baseline", base)
        for p in params:
            fld = spec.fields.get(p.name, p.name)
            optional = p.name in spec.optional
            if p.kind in ("str", "handle", "struct"):
                value = spec.args.get(p.name) if p.kind != "struct" else "struct"
                if value is None:
                    continue  # an optional argument the baseline already omits
                if optional:
                    if base is not None:
                        add(f"{p.name}=NULL", base).top[p.name] = "NULL"
                else:
                    add(f"{p.name}=NULL", NULL_ARG, fld).top[p.name] = "NULL"
                if p.kind == "str":
                    add(f"{p.name}=bad UTF-8", BAD_UTF8, fld).top[p.name] = "MISUSE_BAD_UTF8"
                if p.kind == "struct":
                    self.struct_cases(p, spec, add, base)
            elif p.kind == "strarr":
                elems = spec.args[p.name]
                n = len(elems)
                if optional:
                    if base is not None:
                        add(f"{p.name}=NULL", base).top[p.name] = "NULL"
                else:
                    add(f"{p.name}=(NULL,{n})", BAD_BUF, fld).top[p.name] = "NULL"
                for i in range(n):
                    default = base if optional else NULL_ARG
                    c = add(f"{p.name}[{i}]=NULL", default, None if optional else fld)
                    c.elem[(p.name, i)] = "NULL"
                    c = add(f"{p.name}[{i}]=bad UTF-8", BAD_UTF8, fld)
                    c.elem[(p.name, i)] = "MISUSE_BAD_UTF8"
                if not optional:
                    c = add(f"{p.count}=SIZE_MAX", BAD_BUF)
                    c.top[p.count] = "SIZE_MAX"
                label = f"{p.name}=(NULL,0)"
                if label in spec.expect:  # where the spec documents the result
                    c = add(label, None)
                    c.top[p.name] = "NULL"
                    c.top[p.count] = "0"
            elif p.kind == "bytes":
                ptr, length = spec.args[p.name]
                if ptr == "NULL":  # an optional buffer the baseline omits
                    c = add(f"{p.name}=(NULL,5)", BAD_BUF, fld)
                    c.top[p.name] = "NULL"
                    c.top[p.count] = "5"
                    continue
                c = add(f"{p.name}=(NULL,len)", BAD_BUF, fld)
                c.top[p.name] = "NULL"
                c = add(f"{p.name}=(ptr,SIZE_MAX)", BAD_BUF, fld)
                c.top[p.count] = "SIZE_MAX"
                label = f"{p.name}=(NULL,0)"
                if label in spec.expect:
                    c = add(label, None)
                    c.top[p.name] = "NULL"
                    c.top[p.count] = "0"
            elif p.kind in ("out_str", "out_handle", "out_size", "out_struct"):
                if optional:
                    if base is not None:
                        add(f"{p.name}=NULL", base).null_outs.add(p.name)
                else:
                    add(f"{p.name}=NULL", NULL_ARG, fld).null_outs.add(p.name)
        stale = set(spec.expect) - used_labels
        if stale:
            raise SystemExit(f"{name}: expectations for cases that do not exist: {sorted(stale)}")
        for c in cases:
            self.case(name, params, spec, c)

    def struct_cases(self, p, spec, add, base):
        sname, values = spec.structs[p.name]
        members = attach_counts(self.structs[sname], self.kind)

        def mfield(m):
            return spec.fields.get(f"{p.name}.{m.name}", m.name)

        for m in members:
            v = values.get(m.name, "0")
            if m.kind == "str":
                if v is None:
                    continue
                if base is not None:
                    c = add(f"{p.name}.{m.name}=NULL", base)
                    c.member[(p.name, m.name)] = "NULL"
                c = add(f"{p.name}.{m.name}=bad UTF-8", BAD_UTF8, mfield(m))
                c.member[(p.name, m.name)] = "MISUSE_BAD_UTF8"
            elif m.kind == "strarr":
                if not v:
                    continue
                c = add(f"{p.name}.{m.name}=(NULL,{len(v)})", BAD_BUF, mfield(m))
                c.member[(p.name, m.name)] = "NULL"
                c = add(f"{p.name}.{m.count}=SIZE_MAX", BAD_BUF, mfield(m))
                c.member[(p.name, m.count)] = "SIZE_MAX"
                for i in range(len(v)):
                    c = add(f"{p.name}.{m.name}[{i}]=NULL", NULL_ARG, mfield(m))
                    c.melem[(p.name, m.name, i)] = "NULL"
                    c = add(f"{p.name}.{m.name}[{i}]=bad UTF-8", BAD_UTF8, mfield(m))
                    c.melem[(p.name, m.name, i)] = "MISUSE_BAD_UTF8"

    def case(self, name, params, spec, c):
        e = self.emit
        e(f'    case_begin("misuse", {q(name + ": " + c.label)});')
        e("    {")
        outs = []
        args = []
        for p in params:
            if p.name in c.top and p.kind in ("strarr", "struct"):
                continue  # replaced (by NULL): no local to declare
            if p.kind == "strarr":
                elems = list(spec.args[p.name])
                for (pn, i), v in c.elem.items():
                    if pn == p.name:
                        elems[i] = v
                e(f"        const char *a_{p.name}[] = {{{', '.join(elems)}}};")
            if p.kind == "struct":
                sname, values = spec.structs[p.name]
                members = attach_counts(self.structs[sname], self.kind)
                inits = []
                for m in members:
                    v = values.get(m.name)
                    if m.kind == "strarr" and v and c.member.get((p.name, m.name)) == "NULL":
                        inits.append((m.name, "NULL"))
                        inits.append((m.count, str(len(v))))
                    elif m.kind == "strarr" and v:
                        elems = list(v)
                        for (pn, mn, i), ev in c.melem.items():
                            if pn == p.name and mn == m.name:
                                elems[i] = ev
                        e(f"        const char *m_{p.name}_{m.name}[] = {{{', '.join(elems)}}};")
                        inits.append((m.name, f"m_{p.name}_{m.name}"))
                        inits.append((m.count, str(len(v))))
                    elif m.kind == "strarr":
                        inits.append((m.name, "NULL"))
                        inits.append((m.count, "0"))
                    elif m.kind in ("str", "scalar"):
                        if m.name in {n for n, _ in inits}:
                            continue
                        inits.append((m.name, v if v is not None else ("NULL" if m.kind == "str" else "0")))
                    elif m.kind == "count":
                        continue
                    else:
                        raise SystemExit(f"{sname}.{m.name}: unsupported member type {m.ctype}")
                seen = set()
                inits = [(n, v) for n, v in inits if not (n in seen or seen.add(n))]
                inits = [(n, c.member.get((p.name, n), v)) for n, v in inits]
                body = ", ".join(f".{n} = {v}" for n, v in inits)
                e(f"        {sname} s_{p.name} = {{{body}}};")
        for p in params:
            if p.kind in ("out_str", "out_handle", "out_size", "out_struct"):
                if p.name in c.null_outs:
                    args.append("NULL")
                    continue
                outs.append(p)
                if p.kind == "out_str":
                    e(f"        char *o_{p.name} = MISUSE_SENTINEL_STR;")
                elif p.kind == "out_handle":
                    t = struct_name(p.ctype)
                    e(f"        {t} *o_{p.name} = ({t} *)MISUSE_SENTINEL_PTR;")
                elif p.kind == "out_size":
                    e(f"        size_t o_{p.name} = MISUSE_SENTINEL_SIZE;")
                else:
                    t = struct_name(p.ctype)
                    e(f"        {t} o_{p.name};")
                    e(f"        memset(&o_{p.name}, MISUSE_SENTINEL_BYTE, sizeof o_{p.name});")
                args.append(f"&o_{p.name}")
            elif p.kind == "strarr":
                args.append(c.top.get(p.name, f"a_{p.name}"))
            elif p.kind == "count":
                owner = next(x for x in params if x.count == p.name)
                if owner.kind == "strarr":
                    default = str(len(spec.args[owner.name]))
                else:
                    default = spec.args[owner.name][1]
                args.append(c.top.get(p.name, default))
            elif p.kind == "bytes":
                args.append(c.top.get(p.name, spec.args[p.name][0]))
            elif p.kind == "struct":
                args.append(c.top.get(p.name, f"&s_{p.name}"))
            else:
                args.append(c.top.get(p.name, spec.args[p.name]))
        e(f"        cdnsign_status st = {name}({', '.join(args)});")
        field = q(c.field) if c.field else "NULL"
        outcome = f"MISUSE_OUTCOME(st, {c.expect}, {field})"
        if not outs:
            e(f"        (void){outcome};")
        else:
            e(f"        if ({outcome}) {{")
            for p in outs:
                e(f"            {self.written(p)}")
            e("        } else {")
            for p in outs:
                e(f"            {self.untouched(p)}")
            e("        }")
        e("    }")
        e("    case_end();")

    @staticmethod
    def sentinel(p):
        if p.kind == "out_str":
            return "MISUSE_SENTINEL_STR"
        if p.kind == "out_size":
            return "MISUSE_SENTINEL_SIZE"
        return f"({struct_name(p.ctype)} *)MISUSE_SENTINEL_PTR"

    @staticmethod
    def written(p):
        """Checks an out-parameter was written, and releases what it holds."""
        if p.kind == "out_struct":
            return f"MISUSE_STRUCT_WRITTEN(o_{p.name});"
        if p.kind == "out_size":
            return f"MISUSE_WRITTEN(o_{p.name}, MISUSE_SENTINEL_SIZE);"
        if p.kind == "out_str":
            return f"MISUSE_TAKE(o_{p.name}, MISUSE_SENTINEL_STR, cdnsign_string_free);"
        t = struct_name(p.ctype)
        return f"MISUSE_TAKE(o_{p.name}, ({t} *)MISUSE_SENTINEL_PTR, {t}_free);"

    @staticmethod
    def untouched(p):
        if p.kind == "out_struct":
            return f"MISUSE_STRUCT_UNTOUCHED(o_{p.name});"
        return f"MISUSE_UNTOUCHED(o_{p.name}, {Emitter.sentinel(p)});"


def generate():
    opaque, structs, functions = parse_header(HEADER.read_text())
    names = [f[0] for f in functions]
    missing = [n for n in names if n not in SPECS]
    if missing:
        raise SystemExit(f"no misuse spec for {', '.join(missing)}: add it to SPECS in {__file__}")
    extra = sorted(set(SPECS) - set(names))
    if extra:
        raise SystemExit(f"SPECS names functions the header does not declare: {extra}")
    em = Emitter(opaque, structs)
    em.emit("/* GENERATED by tests/c/gen_misuse.py from include/cdnsign.h; do not edit.")
    em.emit("   Regenerate with `python3 tests/c/gen_misuse.py` (make test-c checks it is fresh). */")
    em.emit("#include <stdint.h>")
    em.emit("#include <string.h>")
    em.emit()
    em.emit('#include "misuse.h"')
    em.emit()
    for name, ret, decls in functions:
        em.function(name, ret, decls, SPECS[name])
    em.emit(f"const misuse_entry misuse_matrix[] = {{")
    for name in names:
        em.emit(f'    {{"{name}", misuse_{name}}},')
    em.emit("};")
    em.emit(f"const size_t misuse_matrix_len = {len(names)};")
    return "\n".join(em.lines) + "\n"


def main():
    text = generate()
    if "--check" in sys.argv[1:]:
        if not OUTPUT.exists() or OUTPUT.read_text() != text:
            sys.exit(f"{OUTPUT.relative_to(ROOT)} is stale: run python3 "
                     f"{Path(__file__).relative_to(ROOT)} and commit the result")
        print(f"{OUTPUT.relative_to(ROOT)} is fresh ({text.count('case_begin(')} cases)")
        return
    OUTPUT.write_text(text)
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({text.count('case_begin(')} cases)")


if __name__ == "__main__":
    main()
