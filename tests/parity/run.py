"""Five-surface parity (issue 15): the same operations under the same names,
and the same inputs giving the same JSON, in Rust, C, Python, Node and the CLI.

1. Names: every operation in the core registry (`cdnsign::api::OPERATIONS`,
   read through `_native._operations()`) must exist on every surface under
   the name the registry derives for that language (`Operation::names`,
   never derived again here): a C function in
   include/cdnsign.h, a Python attribute, a Node export, a CLI command. Rust
   is checked at compile time by `core/examples/parity.rs`. Node's `*Async`
   forms must each be the async form of a `private_key` operation (or of its
   batch), the one cost class worth the hop to the libuv pool.
2. Outcomes: one set of cases (signing, verification successes and every
   rejection the drivers can provoke, explain of valid, expired, tampered and
   malformed credentials of every provider) goes through the five drivers;
   each outcome (a result record, a string, null, or a failure
   `{code, field, message}`) must be equal everywhere. Node's camelCase keys
   are compared in snake_case; Python's result objects by the record's
   fields.

Run by `make test-parity` (part of `make test`) with the venv's Python, after
the wheel, the Node addon, the debug libcdnsign and the CLI are built.
"""

from __future__ import annotations

import base64
import ctypes
import json
import os
import re
import subprocess
import sys
import tempfile
from typing import Any, Callable, Dict, List, Optional

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KEYS = os.path.join(ROOT, "tests", "vectors", "keys")
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
CLI = os.path.join(TARGET, "debug", "cdnsign")
RUST = os.path.join(TARGET, "debug", "examples", "parity")
LIBC = os.path.join(TARGET, "debug", "libcdnsign.so")

import cdnsign  # noqa: E402
from cdnsign import _native, cloudcdn, cloudfront, mediacdn, stream, webhook  # noqa: E402

NOW = 1_767_225_600  # 2026-01-01T00:00:00Z
EXP = NOW + 3600
FIXTURES = {
    "cloudfront": {
        "key_pair_id": "K2JCJMDEHXQW5F",
        "private_key": "cloudfront-rsa2048.pem",
        "public_key": "cloudfront-rsa2048.pub.pem",
    },
    "stream": {
        "kid": "2a8ac671e190e2e51c685b2fe32951bd",
        "private_key": "stream-key.pkcs8.pem",
        "public_key": "stream-key.pub.pem",
    },
    "webhook": {"secret": "parity-webhook-secret"},
    "mediacdn": {
        "key_name": "parity-key",
        "private_key": "mediacdn-ed25519.pkcs8.pem",
        "public_key": "mediacdn-ed25519.pub.b64url",
    },
    "cloudcdn": {"key_name": "parity-key", "key": "cloudcdn-key.b64url"},
}
SURFACES = ["rust", "c", "python", "node", "cli"]


def key_text(name: str) -> str:
    with open(os.path.join(KEYS, name), encoding="utf-8") as f:
        return f.read()


def key_path(provider: str, field: str) -> str:
    return os.path.join(KEYS, FIXTURES[provider][field])


# ---- names -------------------------------------------------------------------


def check_names() -> List[str]:
    ops = json.loads(_native._operations())
    header = open(os.path.join(ROOT, "include", "cdnsign.h"), encoding="utf-8").read()
    node = json.loads(
        subprocess.run(
            ["node", os.path.join(os.path.dirname(__file__), "driver.js"), "--names"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    problems = []
    for op in ops:
        name, c = op["name"], op["c_name"]
        if not re.search(rf"\b{c}\(", header):
            problems.append(f"{name}: C has no {c}()")
        target: Any = cdnsign
        for part in name.split("."):
            target = getattr(target, part, None)
        if not callable(target):
            problems.append(f"{name}: Python has no cdnsign.{name}")
        if op["node_name"] not in node:
            problems.append(f"{name}: Node has no {op['node_name']}")
        cli = subprocess.run([CLI, *op["cli_name"].split()[1:], "--help"], capture_output=True, text=True)
        if cli.returncode != 0:
            problems.append(f"{name}: the CLI has no `{op['cli_name']}`")
    problems += check_node_async(ops, node)
    return problems


def check_node_async(ops: List[Dict[str, Any]], node: List[str]) -> List[str]:
    """Node's `*Async` forms run on the libuv pool, which only pays for a
    private-key operation (`Cost::PrivateKey`): each must be the async form of
    a registered operation of that cost, or of its batch (`signUrls` of
    `signUrl`), beside its synchronous form."""
    cost = {op["node_name"]: op["cost"] for op in ops}
    problems = []
    for js in (n for n in node if n.endswith("Async")):
        sync = js[: -len("Async")]
        single = sync[:-1] if sync.endswith("s") and sync not in cost else sync
        if sync not in node:
            problems.append(f"Node {js}: no synchronous {sync} beside it")
        if single not in cost:
            problems.append(f"Node {js}: {single} is not a registered operation")
        elif cost[single] != "private_key":
            problems.append(f"Node {js}: {single} costs {cost[single]}, too little for the libuv pool")
    return problems


# ---- cases -------------------------------------------------------------------


def case(id_: str, op: str, **args: Any) -> Dict[str, Any]:
    return {"id": id_, "op": op, "args": args}


CF_URL = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4"
STREAM_UID = "6b9e68b07dfee8cc2d116e4c51d6a957"
WH_BODY = json.dumps(
    {
        "uid": STREAM_UID,
        "readyToStream": True,
        "status": {"state": "ready", "pctComplete": "100.000000", "errorReasonCode": "", "errorReasonText": ""},
        "meta": {"name": "parity.mp4"},
        "duration": 5.5,
    },
    separators=(",", ":"),
)
GOOGLE_URL = "https://media.example.com/vod/intro/manifest.m3u8"
CF_RESOURCE = "https://d111111abcdef8.cloudfront.net/videos/*"
STREAM_RULES = [
    {"type": "ip.geoip.country", "action": "block", "country": ["US"]},
    {"type": "ip.geoip.country", "action": "allow", "country": ["KR"]},
    {"type": "any", "action": "block"},
]


MANIFESTS = os.path.join(ROOT, "tests", "manifests")
MANIFEST_HLS_URL = "https://media.example.com/vod/intro/index.m3u8"
MANIFEST_DASH_URL = "https://media.example.com/vod/intro/manifest.mpd"


def manifest_text(rel: str) -> str:
    with open(os.path.join(MANIFESTS, rel), encoding="utf-8", newline="") as f:
        return f.read()


def signing_cases() -> List[Dict[str, Any]]:
    return [
        case("cloudfront.sign_url", "cloudfront.Signer.sign_url", url=CF_URL, expires=EXP),
        case("cloudfront.sign_url.custom", "cloudfront.Signer.sign_url", url=CF_URL, expires=EXP,
             starts=NOW + 600, ip_range="192.0.2.0/24", resource=CF_RESOURCE),
        case("stream.sign", "stream.SigningKey.sign", sub=STREAM_UID, exp=EXP, now=NOW),
        case("stream.sign.rules", "stream.SigningKey.sign", sub=STREAM_UID, exp=EXP, now=NOW,
             nbf=NOW + 60, access_rules=STREAM_RULES),
        case("webhook.sign", "webhook.sign", body=WH_BODY, time=NOW),
        case("mediacdn.sign_url", "mediacdn.Signer.sign_url", url=GOOGLE_URL, expires=EXP),
        case("cloudcdn.sign_url", "cloudcdn.Signer.sign_url", url=GOOGLE_URL, expires=EXP),
        case("mediacdn.sign_token", "mediacdn.TokenSigner.sign", expires=EXP, path_globs=["/vod/intro/*"],
             headers=[["x-viewer", "alice"]]),
        # signed HLS and DASH manifests (issue 17)
        case("cloudfront.sign_manifest", "cloudfront.Signer.sign_manifest", manifest=manifest_text("ffmpeg/hls-vod.m3u8"),
             url=MANIFEST_HLS_URL, expires=EXP),
        case("mediacdn.sign_manifest", "mediacdn.TokenSigner.sign_manifest", manifest=manifest_text("ffmpeg/hls-vod.m3u8"),
             url=MANIFEST_HLS_URL, expires=EXP),
        case("mediacdn.sign_manifest.path_globs", "mediacdn.TokenSigner.sign_manifest",
             manifest=manifest_text("ffmpeg/dash-template.mpd"), url=MANIFEST_DASH_URL, expires=EXP,
             prefix="https://media.example.com/vod/", absolute=True, path_globs=True),
        case("cloudcdn.sign_manifest", "cloudcdn.Signer.sign_manifest", manifest=manifest_text("hand/hls-master-tags.m3u8"),
             url=MANIFEST_HLS_URL, expires=EXP),
        case("cloudcdn.sign_manifest.other_host", "cloudcdn.Signer.sign_manifest",
             manifest=manifest_text("hand/refuse-other-host.m3u8"), url=MANIFEST_HLS_URL, expires=EXP),
        case("cloudfront.sign_manifest.not_a_manifest", "cloudfront.Signer.sign_manifest", manifest="hello",
             url=MANIFEST_HLS_URL, expires=EXP),
    ]


def flip(text: str, at: int) -> str:
    """`text` with the base64url character at `at` replaced by another one."""
    c = text[at]
    return text[:at] + ("A" if c != "A" else "B") + text[at + 1 :]


def credential_cases(signed: Dict[str, Any]) -> List[Dict[str, Any]]:
    cases = []
    # CloudFront
    url = signed["cloudfront.sign_url"]
    sig_at = url.index("Signature=") + len("Signature=") + 5
    tampered = flip(url, sig_at)
    other_key = url.replace("Key-Pair-Id=K2JCJMDEHXQW5F", "Key-Pair-Id=KUNKNOWN0000")
    other_path = url.replace("/videos/intro.mp4", "/videos/other.mp4")
    malformed = CF_URL + "?Expires=soon&Signature=!!&Key-Pair-Id=K2JCJMDEHXQW5F"
    op = "cloudfront.Verifier.verify_url"
    cases += [
        case("cloudfront.verify.ok", op, url=url, now=NOW),
        case("cloudfront.verify.expired", op, url=url, now=EXP + 10),
        case("cloudfront.verify.bad_signature", op, url=tampered, now=NOW),
        case("cloudfront.verify.unknown_key", op, url=other_key, now=NOW),
        case("cloudfront.verify.url_mismatch", op, url=other_path, now=NOW),
        case("cloudfront.verify.malformed", op, url=malformed, now=NOW),
        case("cloudfront.verify.missing", op, url=CF_URL, now=NOW),
    ]
    custom = signed["cloudfront.sign_url.custom"]
    cases += [
        case("cloudfront.verify.custom_ok", op, url=custom, now=NOW + 700, client_ip="192.0.2.10"),
        case("cloudfront.verify.not_yet_valid", op, url=custom, now=NOW, client_ip="192.0.2.10"),
        case("cloudfront.verify.ip_not_allowed", op, url=custom, now=NOW + 700, client_ip="198.51.100.7"),
        # every surface reads the address the same way: spaces around it are fine
        case("cloudfront.verify.client_ip_spaced", op, url=custom, now=NOW + 700, client_ip=" 192.0.2.10 "),
        case("cloudfront.verify.outside_resource", op, url=custom.replace("/videos/intro.mp4", "/private/intro.mp4"),
             now=NOW + 700, client_ip="192.0.2.10"),
        case("cloudfront.explain.custom", "cloudfront.explain", input=custom, now=NOW),
    ]
    for what, text, now in [("valid", url, NOW), ("expired", url, EXP + 10), ("tampered", tampered, NOW), ("malformed", malformed, NOW), ("not_cloudfront", "hello", NOW)]:
        cases.append(case(f"cloudfront.explain.{what}", "cloudfront.explain", input=text, now=now))
    # Stream
    token = signed["stream.sign"]
    head, payload, sig = token.split(".")
    bad_sig = f"{head}.{payload}.{flip(sig, 10)}"
    none_head = base64.urlsafe_b64encode(json.dumps({"alg": "none", "kid": FIXTURES["stream"]["kid"]}).encode()).rstrip(b"=").decode()
    alg_none = f"{none_head}.{payload}."
    op = "stream.Verifier.verify"
    cases += [
        case("stream.verify.ok", op, token=token, now=NOW),
        case("stream.verify.expired", op, token=token, now=EXP + 10),
        case("stream.verify.bad_signature", op, token=bad_sig, now=NOW),
        case("stream.verify.algorithm", op, token=alg_none, now=NOW),
        case("stream.verify.malformed", op, token="not.a.token", now=NOW),
        case("stream.verify.subject_mismatch", op, token=token, now=NOW, video_uid="another-video"),
    ]
    ruled = signed["stream.sign.rules"]
    cases += [
        case("stream.verify.allowed_by_rule", op, token=ruled, now=NOW + 120, country="KR"),
        case("stream.verify.country_not_allowed", op, token=ruled, now=NOW + 120, country="US"),
        case("stream.verify.access_denied", op, token=ruled, now=NOW + 120, country="JP"),
        case("stream.verify.not_yet_valid", op, token=ruled, now=NOW, country="KR"),
        case("stream.explain.rules", "stream.explain", input=ruled, now=NOW),
    ]
    for what, text, now in [("valid", token, NOW), ("expired", token, EXP + 10), ("tampered", bad_sig, NOW), ("alg_none", alg_none, NOW), ("malformed", "a.b.c", NOW)]:
        cases.append(case(f"stream.explain.{what}", "stream.explain", input=text, now=now))
    # Webhook
    header = signed["webhook.sign"]
    bad_header = flip(header, len(header) - 3)
    for op in ("webhook.Verifier.verify", "webhook.Verifier.verify_event"):
        short = op.rsplit(".", 1)[1]
        cases += [
            case(f"webhook.{short}.ok", op, header=header, body=WH_BODY, now=NOW + 5),
            case(f"webhook.{short}.too_old", op, header=header, body=WH_BODY, now=NOW + 301),
            case(f"webhook.{short}.in_future", op, header=header, body=WH_BODY, now=NOW - 301),
            case(f"webhook.{short}.bad_signature", op, header=bad_header, body=WH_BODY, now=NOW),
            case(f"webhook.{short}.reserialised", op, header=header, body=json.dumps(json.loads(WH_BODY)), now=NOW),
            case(f"webhook.{short}.malformed", op, header="time=abc,sig1=00", body=WH_BODY, now=NOW),
        ]
    cases.append(case("webhook.verify_event.not_an_event", "webhook.Verifier.verify_event", header=signed["webhook.sign.list"], body="[1,2]", now=NOW))
    for what, text, now in [("valid", header, NOW), ("old", header, NOW + 3600), ("malformed", "time=abc,sig1=zz", NOW)]:
        cases.append(case(f"webhook.explain.{what}", "webhook.explain", input=text, now=now))
    # Google
    for provider in ("mediacdn", "cloudcdn"):
        u = signed[f"{provider}.sign_url"]["url"]
        tampered = flip(u, len(u) - 6)
        other_key = u.replace("KeyName=parity-key", "KeyName=unknown-key")
        other_path = u.replace("/intro/", "/outro/")
        malformed = GOOGLE_URL + "?Expires=soon&KeyName=parity-key&Signature=***"
        op = f"{provider}.Verifier.verify"
        cases += [
            case(f"{provider}.verify.ok", op, url=u, now=NOW),
            case(f"{provider}.verify.expired", op, url=u, now=EXP + 10),
            case(f"{provider}.verify.bad_signature", op, url=tampered, now=NOW),
            case(f"{provider}.verify.unknown_key", op, url=other_key, now=NOW),
            case(f"{provider}.verify.other_path", op, url=other_path, now=NOW),
            case(f"{provider}.verify.malformed", op, url=malformed, now=NOW),
            case(f"{provider}.verify.missing", op, url=GOOGLE_URL, now=NOW),
        ]
        for what, text, now in [("valid", u, NOW), ("expired", u, EXP + 10), ("tampered", tampered, NOW), ("malformed", malformed, NOW)]:
            cases.append(case(f"{provider}.explain.{what}", f"{provider}.explain", input=text, now=now))
    # signed manifests: checked as signed, with one signature flipped, expired
    for id_, provider in [("cloudfront.sign_manifest", "cloudfront"), ("mediacdn.sign_manifest", "mediacdn"),
                          ("mediacdn.sign_manifest.path_globs", "mediacdn"), ("cloudcdn.sign_manifest", "cloudcdn")]:
        m = signed[id_]
        url = MANIFEST_DASH_URL if m["format"] == "dash" else MANIFEST_HLS_URL
        text = m["manifest"]
        tampered = flip(text, text.index("Signature=") + len("Signature=") + 3)
        op = f"{provider}.Verifier.check_manifest"
        short = id_.split(".", 1)[1]
        cases += [
            case(f"{provider}.check_manifest.ok.{short}", op, manifest=text, url=url, now=NOW),
            case(f"{provider}.check_manifest.tampered.{short}", op, manifest=tampered, url=url, now=NOW),
            case(f"{provider}.check_manifest.expired.{short}", op, manifest=text, url=url, now=EXP + 10),
        ]
    cases.append(case("cloudcdn.check_manifest.unsigned", "cloudcdn.Verifier.check_manifest",
                      manifest=manifest_text("ffmpeg/hls-vod.m3u8"), url=MANIFEST_HLS_URL, now=NOW))
    cases.append(case("mediacdn.check_manifest.not_a_manifest", "mediacdn.Verifier.check_manifest",
                      manifest="hello", url=MANIFEST_HLS_URL, now=NOW))
    token_url = GOOGLE_URL + "?edge-cache-token=" + signed["mediacdn.sign_token"]["token"]
    op = "mediacdn.Verifier.verify"
    cases += [
        case("mediacdn.verify.token_ok", op, url=token_url, now=NOW, headers=[["x-viewer", "alice"]]),
        case("mediacdn.verify.header_mismatch", op, url=token_url, now=NOW, headers=[["x-viewer", "bob"]]),
        case("mediacdn.verify.header_missing", op, url=token_url, now=NOW),
        case("mediacdn.verify.token_outside_glob", op, url=token_url.replace("/intro/", "/outro/"), now=NOW,
             headers=[["x-viewer", "alice"]]),
        case("mediacdn.explain.token", "mediacdn.explain", input=token_url, now=NOW),
    ]
    return cases


# ---- drivers -----------------------------------------------------------------


def failure(code: str, field: Optional[str], message: str) -> Dict[str, Any]:
    return {"error": {"code": code, "field": field, "message": message}}


def by_fields(obj: Any, want: Dict[str, Any]) -> Dict[str, Any]:
    """`obj`'s attributes named like the record's fields, nested records too."""
    out = {}
    for f, w in want.items():
        v = getattr(obj, f, "<missing>")
        if isinstance(w, dict) and not isinstance(v, dict) and v != "<missing>":
            v = by_fields(v, w)
        out[f] = v
    return out


STREAM_CLAIMS_COMPARED = ("sub", "kid", "exp", "nbf")


def run_rust(doc: Dict[str, Any]) -> List[Dict[str, Any]]:
    out = subprocess.run([RUST, ROOT], input=json.dumps(doc), capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


class PythonDriver:
    def __init__(self) -> None:
        f = FIXTURES
        self.cf_signer = cloudfront.Signer(f["cloudfront"]["key_pair_id"], key_text(f["cloudfront"]["private_key"]))
        self.cf_verifier = cloudfront.Verifier({f["cloudfront"]["key_pair_id"]: key_text(f["cloudfront"]["public_key"])})
        self.stream_key = stream.SigningKey.from_text(key_text(f["stream"]["private_key"]), kid=f["stream"]["kid"])
        self.stream_verifier = stream.Verifier({f["stream"]["kid"]: key_text(f["stream"]["public_key"])})
        self.wh_verifier = webhook.Verifier(f["webhook"]["secret"])
        self.md_signer = mediacdn.Signer(f["mediacdn"]["key_name"], key_text(f["mediacdn"]["private_key"]))
        self.md_token_signer = mediacdn.TokenSigner(private_key=key_text(f["mediacdn"]["private_key"]))
        self.md_verifier = mediacdn.Verifier(public_keys={f["mediacdn"]["key_name"]: key_text(f["mediacdn"]["public_key"]).strip()})
        cc_key = key_text(f["cloudcdn"]["key"]).strip()
        self.cc_signer = cloudcdn.Signer(f["cloudcdn"]["key_name"], cc_key)
        self.cc_verifier = cloudcdn.Verifier({f["cloudcdn"]["key_name"]: cc_key})

    def run(self, op: str, a: Dict[str, Any]) -> Any:
        if op.endswith(".explain"):
            e = getattr(cdnsign, op.split(".")[0]).explain(a["input"], now=a["now"])
            if e is not None:
                e.pop("text")  # Python's and Node's extra: the CLI's text report
            return e
        if op == "cloudfront.Signer.sign_url":
            return self.cf_signer.sign_url(
                a["url"], expires=a["expires"], starts=a.get("starts"), ip_range=a.get("ip_range"), resource=a.get("resource"))
        if op == "cloudfront.Verifier.verify_url":
            return self.cf_verifier.verify_url(a["url"], now=a["now"], client_ip=a.get("client_ip"))
        if op == "stream.SigningKey.sign":
            return self.stream_key.sign(
                a["sub"], expires=a["exp"], now=a["now"], not_before=a.get("nbf"), access_rules=a.get("access_rules"))
        if op == "stream.Verifier.verify":
            v = self.stream_verifier.verify_token(a["token"], now=a["now"], video_uid=a.get("video_uid"), country=a.get("country"))
            # Python flattens the access result into two attributes.
            # and `claims` is the token's own JSON, as PyJWT returns it: the
            # record's claims are compared where the two name the same thing.
            claims = {k: v.claims.get(k) for k in STREAM_CLAIMS_COMPARED}
            return {"kid": v.kid, "claims": claims, "access": {"decision": v.access, "rule": v.access_rule}}
        if op == "webhook.sign":
            return webhook.sign(FIXTURES["webhook"]["secret"], a["body"].encode(), time=a["time"])
        if op == "webhook.Verifier.verify":
            return self.wh_verifier.verify(a["header"], a["body"].encode(), now=a["now"])
        if op == "webhook.Verifier.verify_event":
            return self.wh_verifier.verify_event(a["header"], a["body"].encode(), now=a["now"])
        if op == "mediacdn.Signer.sign_url":
            return self.md_signer.sign_url(a["url"], expires=a["expires"])
        if op == "mediacdn.TokenSigner.sign":
            return self.md_token_signer.sign(expires=a["expires"], path_globs=a["path_globs"], headers=[tuple(h) for h in a["headers"]])
        if op == "mediacdn.Verifier.verify":
            return self.md_verifier.verify(a["url"], now=a["now"], headers=[tuple(h) for h in a.get("headers", [])])
        if op == "cloudcdn.Signer.sign_url":
            return self.cc_signer.sign_url(a["url"], expires=a["expires"])
        if op == "cloudcdn.Verifier.verify":
            return self.cc_verifier.verify(a["url"], now=a["now"])
        if op.endswith(".sign_manifest"):
            signer = {"cloudfront": self.cf_signer, "mediacdn": self.md_token_signer, "cloudcdn": self.cc_signer}[op.split(".")[0]]
            extra = {"path_globs": a["path_globs"]} if "path_globs" in a else {}
            return signer.sign_manifest(
                a["manifest"], url=a["url"], expires=a["expires"], prefix=a.get("prefix"), absolute=a.get("absolute", False), **extra)
        if op.endswith(".check_manifest"):
            verifier = {"cloudfront": self.cf_verifier, "mediacdn": self.md_verifier, "cloudcdn": self.cc_verifier}[op.split(".")[0]]
            return verifier.check_manifest(a["manifest"], url=a["url"], now=a["now"])
        raise KeyError(op)

    def outcome(self, c: Dict[str, Any], reference: Dict[str, Any]) -> Dict[str, Any]:
        try:
            r = self.run(c["op"], c["args"])
        except cdnsign.CdnSignError as e:
            return failure(e.code, e.field, e.message)
        want = reference.get("result")
        if isinstance(r, (str, dict)) or r is None or not isinstance(want, dict):
            return {"result": r}
        if c["op"] == "stream.Verifier.verify":
            return {"result": r}
        if c["op"] == "webhook.Verifier.verify_event":
            # Python's Event carries the verification's time, age and index itself.
            top = by_fields(r, {k: want[k] for k in ("time", "age", "secret_index")})
            return {"result": {**top, "event": by_fields(r, want["event"])}}
        return {"result": by_fields(r, want)}


class CDriver:
    """libcdnsign through ctypes: the C ABI exactly as a C caller sees it."""

    def __init__(self) -> None:
        lib = self.lib = ctypes.CDLL(LIBC)
        P, S, I, B = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int64, ctypes.c_bool
        lib.cdnsign_last_error_message.restype = S
        lib.cdnsign_last_error_field.restype = S
        lib.cdnsign_status_name.restype = S
        lib.cdnsign_string_free.argtypes = [P]
        f = FIXTURES
        self.cf_signer = self.new(
            "cdnsign_cloudfront_signer_new", S(f["cloudfront"]["key_pair_id"].encode()),
            *self.buf(key_text(f["cloudfront"]["private_key"]).encode()), None, ctypes.c_size_t(0), None, B(False))
        self.cf_verifier = self.new(
            "cdnsign_cloudfront_verifier_new", self.strs(f["cloudfront"]["key_pair_id"]),
            self.strs(key_text(f["cloudfront"]["public_key"])), ctypes.c_size_t(1), B(False))
        self.stream_signer = self.new(
            "cdnsign_stream_signing_key_new", S(key_text(f["stream"]["private_key"]).encode()), S(f["stream"]["kid"].encode()))
        self.stream_verifier = self.new(
            "cdnsign_stream_verifier_new", self.strs(key_text(f["stream"]["public_key"])), self.strs(f["stream"]["kid"]),
            ctypes.c_size_t(1), ctypes.c_uint32(0), B(True))
        self.wh_verifier = self.new(
            "cdnsign_webhook_verifier_new", self.strs(f["webhook"]["secret"]), ctypes.c_size_t(1), I(300))
        md_key = self.new("cdnsign_mediacdn_key_new", S(key_text(f["mediacdn"]["private_key"]).encode()))
        self.md_signer = self.new("cdnsign_mediacdn_signer_new", P(md_key), S(f["mediacdn"]["key_name"].encode()), B(False), None)
        self.md_token_signer = self.new("cdnsign_mediacdn_token_signer_new_ed25519", P(md_key), B(False), None)
        self.md_verifier = self.new(
            "cdnsign_mediacdn_verifier_new", None, self.strs(f["mediacdn"]["key_name"]),
            self.strs(key_text(f["mediacdn"]["public_key"]).strip()), ctypes.c_size_t(1), None, None, ctypes.c_size_t(0), None)
        cc_key = key_text(f["cloudcdn"]["key"]).strip()
        self.cc_signer = self.new("cdnsign_cloudcdn_signer_new", S(f["cloudcdn"]["key_name"].encode()), S(cc_key.encode()), B(True))
        self.cc_verifier = self.new(
            "cdnsign_cloudcdn_verifier_new", self.strs(f["cloudcdn"]["key_name"]), self.strs(cc_key), ctypes.c_size_t(1))

    @staticmethod
    def strs(*items: str) -> Any:
        return (ctypes.c_char_p * len(items))(*[s.encode() for s in items])

    @staticmethod
    def buf(data: bytes) -> Any:
        return ctypes.c_char_p(data), ctypes.c_size_t(len(data))

    def new(self, fn: str, *args: Any) -> int:
        out = ctypes.c_void_p()
        st = getattr(self.lib, fn)(*args, ctypes.byref(out))
        if st != 0:
            raise RuntimeError(f"{fn}: {self.lib.cdnsign_status_name(st).decode()}: {self.lib.cdnsign_last_error_message().decode()}")
        return out.value

    def take(self, p: ctypes.c_void_p) -> Optional[str]:
        if not p.value:
            return None
        s = ctypes.string_at(p.value).decode()
        self.lib.cdnsign_string_free(p)
        return s

    def call(self, fn: str, *args: Any, outs: int = 1) -> List[Optional[str]]:
        ptrs = [ctypes.c_void_p() for _ in range(outs)]
        st = getattr(self.lib, fn)(*args, *[ctypes.byref(p) for p in ptrs])
        if st != 0:
            field = self.lib.cdnsign_last_error_field()
            raise CError(self.lib.cdnsign_status_name(st).decode(), field.decode() if field else None, self.lib.cdnsign_last_error_message().decode())
        return [self.take(p) for p in ptrs]

    def run(self, op: str, a: Dict[str, Any]) -> Any:
        S, I, P = ctypes.c_char_p, ctypes.c_int64, ctypes.c_void_p
        j = lambda s: json.loads(s) if s is not None else None  # noqa: E731
        if op.endswith(".explain"):
            fn = "cdnsign_" + op.replace(".", "_")
            extra = [I(-1)] if op == "webhook.explain" else []
            return j(self.call(fn, S(a["input"].encode()), I(a["now"]), *extra)[0])
        if op == "cloudfront.Signer.sign_url":
            opts = CloudFrontSignOptions(
                expires=a["expires"], starts=a.get("starts", 0), ip_range=enc(a.get("ip_range")), resource=enc(a.get("resource")))
            return self.call("cdnsign_cloudfront_signer_sign_url", P(self.cf_signer), S(a["url"].encode()), ctypes.byref(opts))[0]
        if op == "cloudfront.Verifier.verify_url":
            return j(self.call("cdnsign_cloudfront_verifier_verify_url", P(self.cf_verifier), S(a["url"].encode()), I(a["now"]), enc(a.get("client_ip")))[0])
        if op == "stream.SigningKey.sign":
            claims = {"sub": a["sub"], "exp": a["exp"]}
            if "nbf" in a:
                claims["nbf"] = a["nbf"]
            if "access_rules" in a:
                claims["accessRules"] = a["access_rules"]
            return self.call("cdnsign_stream_signing_key_sign_claims", P(self.stream_signer), S(json.dumps(claims).encode()), I(a["now"]))[0]
        if op == "stream.Verifier.verify":
            return j(self.call("cdnsign_stream_verifier_verify", P(self.stream_verifier), S(a["token"].encode()), I(a["now"]),
                               enc(a.get("video_uid")), None, enc(a.get("country")), ctypes.c_bool(False))[0])
        if op == "webhook.sign":
            body = a["body"].encode()
            return self.call("cdnsign_webhook_sign", S(FIXTURES["webhook"]["secret"].encode()), *self.buf(body), I(a["time"]))[0]
        if op in ("webhook.Verifier.verify", "webhook.Verifier.verify_event"):
            body = a["body"].encode()
            v = WebhookVerified()
            args = [P(self.wh_verifier), S(a["header"].encode()), *self.buf(body), I(a["now"]), ctypes.byref(v)]
            if op.endswith("verify"):
                st = self.lib.cdnsign_webhook_verifier_verify(*args)
                if st != 0:
                    field = self.lib.cdnsign_last_error_field()
                    raise CError(self.lib.cdnsign_status_name(st).decode(), field.decode() if field else None, self.lib.cdnsign_last_error_message().decode())
                return {"time": v.time, "age": v.age, "secret_index": v.secret_index}
            event = j(self.call("cdnsign_webhook_verifier_verify_event", *args)[0])
            return {"time": v.time, "age": v.age, "secret_index": v.secret_index, "event": event}
        if op in ("mediacdn.Signer.sign_url", "cloudcdn.Signer.sign_url"):
            signer = self.md_signer if op.startswith("mediacdn") else self.cc_signer
            fn = "cdnsign_" + op.split(".")[0] + "_signer_sign_url"
            url, signed_value = self.call(fn, P(signer), S(a["url"].encode()), I(a["expires"]), outs=2)
            return {"url": url, "signed_value": signed_value}
        if op == "mediacdn.TokenSigner.sign":
            globs, names, values = self.strs(*a["path_globs"]), self.strs(*[h[0] for h in a["headers"]]), self.strs(*[h[1] for h in a["headers"]])
            claims = MediaCdnTokenClaims(
                expires=a["expires"], path_globs=globs, path_globs_len=len(a["path_globs"]), glob_separator=b",",
                header_names=names, header_values=values, headers_len=len(a["headers"]))
            _, details = self.call("cdnsign_mediacdn_token_signer_sign", P(self.md_token_signer), ctypes.byref(claims), outs=2)
            return j(details)
        if op == "mediacdn.Verifier.verify":
            hs = a.get("headers", [])
            names, values = self.strs(*[h[0] for h in hs]), self.strs(*[h[1] for h in hs])
            return j(self.call("cdnsign_mediacdn_verifier_verify", P(self.md_verifier), S(a["url"].encode()), I(a["now"]),
                               names, values, ctypes.c_size_t(len(hs)), None, None)[0])
        if op == "cloudcdn.Verifier.verify":
            return j(self.call("cdnsign_cloudcdn_verifier_verify", P(self.cc_verifier), S(a["url"].encode()), None, I(a["now"]))[0])
        if op.endswith(".sign_manifest"):
            provider = op.split(".")[0]
            signer = {"cloudfront": self.cf_signer, "mediacdn": self.md_token_signer, "cloudcdn": self.cc_signer}[provider]
            fn = "cdnsign_mediacdn_token_signer_sign_manifest" if provider == "mediacdn" else f"cdnsign_{provider}_signer_sign_manifest"
            extra = [ctypes.c_bool(a.get("path_globs", False))] if provider == "mediacdn" else []
            text, record = self.call(fn, P(signer), *self.buf(a["manifest"].encode()), S(a["url"].encode()), enc(a.get("prefix")),
                                     I(a["expires"]), ctypes.c_bool(a.get("absolute", False)), *extra, outs=2)
            out = j(record)
            assert out["manifest"] == text, "out_manifest differs from the record's manifest"
            return out
        if op.endswith(".check_manifest"):
            provider = op.split(".")[0]
            verifier = {"cloudfront": self.cf_verifier, "mediacdn": self.md_verifier, "cloudcdn": self.cc_verifier}[provider]
            return j(self.call(f"cdnsign_{provider}_verifier_check_manifest", P(verifier), *self.buf(a["manifest"].encode()),
                               S(a["url"].encode()), I(a["now"]))[0])
        raise KeyError(op)

    def outcome(self, c: Dict[str, Any], reference: Dict[str, Any]) -> Dict[str, Any]:
        try:
            return {"result": self.run(c["op"], c["args"])}
        except CError as e:
            return failure(e.code, e.field, e.message)


def enc(text: Optional[str]) -> Optional[bytes]:
    return text.encode() if text is not None else None


class CError(Exception):
    def __init__(self, code: str, field: Optional[str], message: str) -> None:
        self.code, self.field, self.message = code, field, message


class CloudFrontSignOptions(ctypes.Structure):
    _fields_ = [
        ("expires", ctypes.c_int64),
        ("starts", ctypes.c_int64),
        ("ip_range", ctypes.c_char_p),
        ("resource", ctypes.c_char_p),
        ("policy_kind", ctypes.c_char_p),
    ]


class MediaCdnTokenClaims(ctypes.Structure):
    PP = ctypes.POINTER(ctypes.c_char_p)
    _fields_ = [
        ("expires", ctypes.c_int64),
        ("starts", ctypes.c_int64),
        ("path_globs", PP),
        ("path_globs_len", ctypes.c_size_t),
        ("glob_separator", ctypes.c_char),
        ("url_prefix", ctypes.c_char_p),
        ("full_path", ctypes.c_char_p),
        ("session_id", ctypes.c_char_p),
        ("data", ctypes.c_char_p),
        ("header_names", PP),
        ("header_values", PP),
        ("headers_len", ctypes.c_size_t),
        ("ip_ranges", PP),
        ("ip_ranges_len", ctypes.c_size_t),
    ]


class WebhookVerified(ctypes.Structure):
    _fields_ = [("time", ctypes.c_int64), ("age", ctypes.c_int64), ("secret_index", ctypes.c_size_t)]


def run_node(doc: Dict[str, Any]) -> List[Dict[str, Any]]:
    out = subprocess.run(
        ["node", os.path.join(os.path.dirname(__file__), "driver.js"), ROOT],
        input=json.dumps(doc),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


# Members holding JSON as the credential or the body carried it: their keys
# are not Node's to recase.
VERBATIM = {"meta", "raw", "access_rules", "facts"}


def snake(value: Any) -> Any:
    """Node's camelCase record keys in snake_case, at every level of the
    record but inside the members that hold JSON verbatim."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            key = re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "_" + m.group(1).lower(), k)
            out[key] = v if key in VERBATIM else snake(v)
        return out
    if isinstance(value, list):
        return [snake(v) for v in value]
    return value


def without_nulls(value: Any) -> Any:
    """Node leaves an absent optional member undefined, which JSON omits:
    compare it as null."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None and not (k in VERBATIM and v is None)}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


class CliDriver:
    def __init__(self, tmp: str) -> None:
        self.tmp = tmp

    def file(self, name: str, text: str) -> str:
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return path

    def argv(self, op: str, a: Dict[str, Any]) -> List[str]:
        f = FIXTURES
        if op.endswith(".explain"):
            return [op.split(".")[0], "explain", "--now", str(a["now"]), a["input"]]
        if op == "cloudfront.Signer.sign_url":
            extra = []
            for flag in ("starts", "ip_range", "resource"):
                if flag in a:
                    extra += ["--" + flag.replace("_", "-"), str(a[flag])]
            return ["cloudfront", "sign-url", "--key-pair-id", f["cloudfront"]["key_pair_id"], "--private-key", key_path("cloudfront", "private_key"), "--expires", str(a["expires"]), *extra, a["url"]]
        if op == "cloudfront.Verifier.verify_url":
            extra = ["--client-ip", a["client_ip"]] if "client_ip" in a else []
            return ["cloudfront", "verify-url", "--key", f"{f['cloudfront']['key_pair_id']}={key_path('cloudfront', 'public_key')}", "--now", str(a["now"]), *extra, a["url"]]
        if op == "stream.SigningKey.sign":
            extra = ["--not-before", str(a["nbf"])] if "nbf" in a else []
            if "access_rules" in a:
                extra += ["--access-rules", json.dumps(a["access_rules"])]
            return ["stream", "sign", "--key", key_path("stream", "private_key"), "--kid", f["stream"]["kid"], "--video", a["sub"], "--expires", str(a["exp"]), "--now", str(a["now"]), *extra]
        if op == "stream.Verifier.verify":
            extra = ["--video", a["video_uid"]] if "video_uid" in a else []
            if "country" in a:
                extra += ["--country", a["country"]]
            return ["stream", "verify", "--key", key_path("stream", "public_key"), "--kid", f["stream"]["kid"], "--now", str(a["now"]), *extra, a["token"]]
        if op == "webhook.sign":
            return ["webhook", "sign", "--secret", f["webhook"]["secret"], "--body", self.file("body", a["body"]), "--time", str(a["time"])]
        if op in ("webhook.Verifier.verify", "webhook.Verifier.verify_event"):
            verb = "verify" if op.endswith("verify") else "verify-event"
            return ["webhook", verb, "--secret", f["webhook"]["secret"], "--header", a["header"], "--body", self.file("body", a["body"]), "--now", str(a["now"])]
        if op == "mediacdn.Signer.sign_url":
            return ["mediacdn", "sign-url", "--key", key_path("mediacdn", "private_key"), "--key-name", f["mediacdn"]["key_name"], "--expires", str(a["expires"]), "--url", a["url"]]
        if op == "mediacdn.TokenSigner.sign":
            extra = [x for g in a["path_globs"] for x in ("--path-glob", g)]
            extra += [x for n, v in a["headers"] for x in ("--header", f"{n}: {v}")]
            return ["mediacdn", "sign", "--key", key_path("mediacdn", "private_key"), "--expires", str(a["expires"]), *extra]
        if op == "mediacdn.Verifier.verify":
            extra = [x for n, v in a.get("headers", []) for x in ("--header", f"{n}: {v}")]
            return ["mediacdn", "verify", "--public-key", f"{f['mediacdn']['key_name']}={key_path('mediacdn', 'public_key')}", "--now", str(a["now"]), "--url", a["url"], *extra]
        if op == "cloudcdn.Signer.sign_url":
            return ["cloudcdn", "sign-url", "--key", key_path("cloudcdn", "key"), "--key-name", f["cloudcdn"]["key_name"], "--expires", str(a["expires"]), "--url", a["url"]]
        if op == "cloudcdn.Verifier.verify":
            return ["cloudcdn", "verify", "--key", f"{f['cloudcdn']['key_name']}={key_path('cloudcdn', 'key')}", "--now", str(a["now"]), "--url", a["url"]]
        if op.endswith(".sign_manifest"):
            provider = op.split(".")[0]
            keys = {
                "cloudfront": ["--private-key", key_path("cloudfront", "private_key"), "--key-pair-id", f["cloudfront"]["key_pair_id"]],
                "mediacdn": ["--key", key_path("mediacdn", "private_key")],
                "cloudcdn": ["--key", key_path("cloudcdn", "key"), "--key-name", f["cloudcdn"]["key_name"]],
            }[provider]
            extra = ["--prefix", a["prefix"]] if "prefix" in a else []
            extra += ["--absolute"] if a.get("absolute") else []
            extra += ["--path-globs"] if a.get("path_globs") else []
            return [provider, "sign-manifest", *keys, "--url", a["url"], "--expires", str(a["expires"]),
                    "--input", self.file("manifest", a["manifest"]), *extra]
        if op.endswith(".check_manifest"):
            provider = op.split(".")[0]
            keys = {
                "cloudfront": ["--key", f"{f['cloudfront']['key_pair_id']}={key_path('cloudfront', 'public_key')}"],
                "mediacdn": ["--public-key", f"{f['mediacdn']['key_name']}={key_path('mediacdn', 'public_key')}"],
                "cloudcdn": ["--key", f"{f['cloudcdn']['key_name']}={key_path('cloudcdn', 'key')}"],
            }[provider]
            return [provider, "check-manifest", *keys, "--url", a["url"], "--now", str(a["now"]), "--input", self.file("manifest", a["manifest"])]
        raise KeyError(op)

    def outcome(self, c: Dict[str, Any], reference: Dict[str, Any]) -> Dict[str, Any]:
        argv = self.argv(c["op"], c["args"])
        text_result = isinstance(reference.get("result"), str)
        p = subprocess.run([CLI] + ([] if text_result else ["--json"]) + argv, capture_output=True, text=True)
        if p.returncode == 1 and c["op"].endswith(".check_manifest") and p.stdout.startswith("{"):
            # a report with failing lines: exit status 1, the report on stdout
            report = json.loads(p.stdout)
            if "lines" in report:
                return {"result": report}
        if p.returncode == 0:
            if text_result:
                return {"result": p.stdout.strip()}
            return {"result": json.loads(p.stdout)}
        body = p.stdout.strip() or p.stderr.strip()
        try:
            err = json.loads(body)
            if "error" in err and isinstance(err["error"], dict):
                err = err["error"]
            return failure(err["code"], err.get("field"), err["message"])
        except (ValueError, KeyError):
            if p.returncode == 1 and reference.get("result") is None and c["op"].endswith(".explain"):
                return {"result": None}
            return {"cli_failed": p.returncode, "output": body}


def compare(cases: List[Dict[str, Any]], outcomes: Dict[str, List[Dict[str, Any]]]) -> List[str]:
    problems = []
    for i, c in enumerate(cases):
        ref = outcomes["rust"][i]
        want = {k: v for k, v in ref.items() if k != "id"}
        for surface in SURFACES[1:]:
            got = {k: v for k, v in outcomes[surface][i].items() if k != "id"}
            expected = want
            if surface == "node":
                got = snake(got)
                expected = without_nulls(want)
                got = without_nulls(got)
            if surface in ("c", "cli") and c["op"].endswith(".explain") and want == {"result": None}:
                # "not this provider's credential" is null in Rust, Python and
                # Node, and an invalid_input failure naming `input` in C and
                # the CLI, which have no null to return.
                if got.get("error", {}).get("code") == "invalid_input" and got["error"].get("field") == "input":
                    continue
            if surface == "python" and c["op"] == "stream.Verifier.verify" and "result" in want:
                claims = {k: want["result"]["claims"].get(k) for k in STREAM_CLAIMS_COMPARED}
                expected = {"result": {**want["result"], "claims": claims}}
            if got != expected:
                problems.append(f"{c['id']}: {surface} differs from rust\n    rust: {json.dumps(expected, sort_keys=True)[:600]}\n    {surface}: {json.dumps(got, sort_keys=True)[:600]}")
    return problems


def run_all(cases: List[Dict[str, Any]], tmp: str) -> Dict[str, List[Dict[str, Any]]]:
    doc = {"fixtures": FIXTURES, "cases": cases}
    outcomes = {"rust": run_rust(doc), "node": run_node(doc)}
    py, c, cli = PythonDriver(), CDriver(), CliDriver(tmp)
    outcomes["python"] = [py.outcome(k, r) for k, r in zip(cases, outcomes["rust"])]
    outcomes["c"] = [c.outcome(k, r) for k, r in zip(cases, outcomes["rust"])]
    outcomes["cli"] = [cli.outcome(k, r) for k, r in zip(cases, outcomes["rust"])]
    return outcomes


def main() -> int:
    problems = check_names()
    with tempfile.TemporaryDirectory() as tmp:
        sign = signing_cases()
        signed_out = run_all(sign, tmp)
        problems += compare(sign, signed_out)
        signed = {c["id"]: o.get("result") for c, o in zip(sign, signed_out["rust"])}
        signed["webhook.sign.list"] = webhook.sign(FIXTURES["webhook"]["secret"], b"[1,2]", time=NOW)
        creds = credential_cases(signed)
        out = run_all(creds, tmp)
        problems += compare(creds, out)
        total = len(sign) + len(creds)
        codes = sorted({o["error"]["code"] for o in out["rust"] if "error" in o})
    for p in problems:
        print("PARITY:", p)
    print(f"parity: {total} cases through {len(SURFACES)} surfaces, rejection codes covered: {', '.join(codes)}; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
