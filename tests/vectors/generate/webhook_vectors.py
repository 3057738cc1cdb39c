#!/usr/bin/env python3
"""Reference vectors for cdnsign::webhook (Cloudflare Stream webhook signatures).

The signature is Cloudflare's documented formula ("Use webhooks" -> "Verify
webhook authenticity"), computed here with Python's `hmac`:
    sig1 = lowercase hex HMAC-SHA256(key = the secret string's UTF-8 bytes,
                                     msg = "<time>." + raw body bytes)
    Webhook-Signature: time=<time>,sig1=<sig1>
Verdicts for header variants follow the parsing rules written down in
NOTES-stream.md §2; event views follow the documented payload fields.

Usage: python3 webhook_vectors.py [--check]
Bodies that are not valid UTF-8 are stored base64-encoded as `body_b64`.
"""
import base64
import hashlib
import hmac
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "webhook.json")

NOW = 1767290400
DOC_SECRET = "85011ed3a913c6ad5f9cf6c5573cc0a7"  # the docs' sample webhook secret
SECRET_2 = "f3b1c0de5a7e4d2b9c8a6f4e2d1b0a99"

# The docs' sample "successful encoding" body, byte for byte as a sender would
# write it (tab-indented, as in using-webhooks.mdx).
DOC_READY_BODY = """{
\t"uid": "6b9e68b07dfee8cc2d116e4c51d6a957",
\t"creator": null,
\t"thumbnail": "https://customer-f33zs165nr7gyfy4.cloudflarestream.com/6b9e68b07dfee8cc2d116e4c51d6a957/thumbnails/thumbnail.jpg",
\t"thumbnailTimestampPct": 0,
\t"readyToStream": true,
\t"status": {
\t\t"state": "ready",
\t\t"pctComplete": "39.000000",
\t\t"errorReasonCode": "",
\t\t"errorReasonText": ""
\t},
\t"meta": {
\t\t"filename": "small.mp4",
\t\t"filetype": "video/mp4",
\t\t"name": "small.mp4",
\t\t"relativePath": "null",
\t\t"type": "video/mp4"
\t},
\t"created": "2022-06-30T17:53:12.512033Z",
\t"modified": "2022-06-30T17:53:21.774299Z",
\t"size": 383631,
\t"preview": "https://customer-f33zs165nr7gyfy4.cloudflarestream.com/6b9e68b07dfee8cc2d116e4c51d6a957/watch",
\t"allowedOrigins": [],
\t"requireSignedURLs": false,
\t"uploaded": "2022-06-30T17:53:12.511981Z",
\t"uploadExpiry": "2022-07-01T17:53:12.511973Z",
\t"maxSizeBytes": null,
\t"maxDurationSeconds": null,
\t"duration": 5.5,
\t"input": {
\t\t"width": 560,
\t\t"height": 320
\t},
\t"playback": {
\t\t"hls": "https://customer-f33zs165nr7gyfy4.cloudflarestream.com/6b9e68b07dfee8cc2d116e4c51d6a957/manifest/video.m3u8",
\t\t"dash": "https://customer-f33zs165nr7gyfy4.cloudflarestream.com/6b9e68b07dfee8cc2d116e4c51d6a957/manifest/video.mpd"
\t},
\t"watermark": null
}
""".encode()

# The docs' error example as printed: note the trailing comma (invalid JSON).
DOC_ERROR_BODY_AS_PRINTED = b"""{
  "readyToStream": false,
  "status": {
    "state": "error",
    "step": "encoding",
    "pctComplete": "39",
    "errReasonCode": "ERR_MALFORMED_VIDEO",
    "errReasonText": "The video was deemed to be corrupted or malformed.",
  }
}
"""

ERROR_BODY = json.dumps({
    "uid": "dd5d531a12de0c724bd1275a3b2bc9c6",
    "readyToStream": False,
    "status": {"state": "error", "step": "encoding", "pctComplete": "39",
               "errReasonCode": "ERR_MALFORMED_VIDEO",
               "errReasonText": "The video was deemed to be corrupted or malformed."},
    "meta": {"name": "broken.mov"},
    "created": "2026-01-01T17:50:00.000000Z",
    "modified": "2026-01-01T17:59:58.000000Z",
    "duration": -1,
}, separators=(",", ":")).encode()

COMPACT_BODY = b'{"uid":"dd5d531a12de0c724bd1275a3b2bc9c6","readyToStream":true,"status":{"state":"ready"},"meta":{},"created":"2019-01-01T01:00:00.474936Z","modified":"2019-01-01T01:02:21.076571Z"}'

NON_ASCII_BODY = json.dumps({
    "uid": "0c7f1f3d9e2b4a6c8d0e1f2a3b4c5d6e",
    "readyToStream": False,
    "status": {"state": "inprogress", "pctComplete": "12.500000", "errorReasonCode": "", "errorReasonText": ""},
    "meta": {"name": "서울 야경 — café ☕ 🎬.mp4", "note": "Grüße, 東京"},
    "created": "2026-01-01T17:58:00.000000Z",
    "modified": "2026-01-01T17:59:00.000000Z",
    "duration": 61.25,
}, ensure_ascii=False, indent=1).encode("utf-8")


def kib_body():
    meta = {"name": "x" * 10}
    body = json.dumps({"uid": "6b9e68b07dfee8cc2d116e4c51d6a957", "readyToStream": True,
                       "status": {"state": "ready", "pctComplete": "100.000000"}, "meta": meta},
                      separators=(",", ":"))
    meta["name"] = "x" * (10 + 1024 - len(body))
    out = json.dumps({"uid": "6b9e68b07dfee8cc2d116e4c51d6a957", "readyToStream": True,
                      "status": {"state": "ready", "pctComplete": "100.000000"}, "meta": meta},
                     separators=(",", ":")).encode()
    assert len(out) == 1024
    return out


def sig1(secret: str, time: int, body: bytes) -> str:
    """The documented formula, nothing else."""
    return hmac.new(secret.encode("utf-8"), str(time).encode() + b"." + body, hashlib.sha256).hexdigest()


def header(secret, time, body):
    return f"time={time},sig1={sig1(secret, time, body)}"


def body_field(body: bytes):
    try:
        return {"body": body.decode("utf-8")}
    except UnicodeDecodeError:
        return {"body_b64": base64.b64encode(body).decode()}


# --------------------------------------------------------------------------

def sign_cases():
    bodies = [
        ("doc_ready_body", DOC_READY_BODY),
        ("compact", COMPACT_BODY),
        ("error_body", ERROR_BODY),
        ("non_ascii_utf8", NON_ASCII_BODY),
        ("trailing_newline", COMPACT_BODY + b"\n"),
        ("crlf", COMPACT_BODY.replace(b",", b",\r\n")),
        ("empty", b""),
        ("not_utf8", b'{"uid":"' + bytes([0xC3, 0x28, 0xFF]) + b'"}'),
        ("one_kib", kib_body()),
    ]
    secrets_ = [
        ("doc_secret", DOC_SECRET),
        ("non_ascii_secret", "sécret-ключ-秘密"),
        ("long_secret", "k" * 100),  # longer than SHA-256's 64-byte block: hashed first
        ("one_char_secret", "s"),
    ]
    out = []
    for bid, body in bodies:
        for sid, secret in (secrets_ if bid in ("doc_ready_body", "non_ascii_utf8") else secrets_[:1]):
            for t in ([NOW, 1230811200] if (bid, sid) == ("doc_ready_body", "doc_secret") else [NOW]):
                cid = f"sign_{bid}_{sid}" + ("" if t == NOW else f"_{t}")
                s = sig1(secret, t, body)
                out.append({"id": cid, "input": dict({"secret": secret, "time": t}, **body_field(body)),
                            "expected": {"header": f"time={t},sig1={s}", "sig1": s}})
    return out


def sign_error_cases():
    return [
        {"id": "sign_error_empty_secret", "input": {"secret": "", "time": NOW, "body": "{}"},
         "expected": {"code": "invalid_key", "field": "secret"}},
        {"id": "sign_error_negative_time", "input": {"secret": DOC_SECRET, "time": -1, "body": "{}"},
         "expected": {"code": "invalid_input", "field": "time"}},
        {"id": "sign_error_millisecond_time", "input": {"secret": DOC_SECRET, "time": NOW * 1000, "body": "{}"},
         "expected": {"code": "invalid_input", "field": "time"}},
    ]


def verify_cases():
    body = COMPACT_BODY
    good = sig1(DOC_SECRET, NOW, body)
    other = sig1(SECRET_2, NOW, body)
    out = []

    def add(cid, hdr, expected, secrets=(DOC_SECRET,), now=NOW, b=body, tolerance=None, ignore_time=False):
        inp = dict({"header": hdr, "secrets": list(secrets), "now": now}, **body_field(b))
        if tolerance is not None:
            inp["tolerance"] = tolerance
        if ignore_time:
            inp["ignore_time"] = True
        out.append({"id": "verify_" + cid, "input": inp, "expected": expected})

    def ok(time, secret_index=0):
        return {"ok": True, "time": time, "secret_index": secret_index}

    def fail(code, field=None):
        e = {"ok": False, "code": code}
        if field:
            e["field"] = field
        return e

    # accepted forms
    add("canonical", f"time={NOW},sig1={good}", ok(NOW))
    add("doc_body_doc_secret", header(DOC_SECRET, NOW, DOC_READY_BODY), ok(NOW), b=DOC_READY_BODY)
    add("non_ascii_body", header(DOC_SECRET, NOW, NON_ASCII_BODY), ok(NOW), b=NON_ASCII_BODY)
    add("not_utf8_body", header(DOC_SECRET, NOW, b"\xff\xfe{"), ok(NOW), b=b"\xff\xfe{")
    add("empty_body", header(DOC_SECRET, NOW, b""), ok(NOW), b=b"")
    add("spaces_after_comma", f"time={NOW}, sig1={good}", ok(NOW))
    add("spaces_everywhere", f"  time = {NOW} ,\tsig1 = {good}  ", ok(NOW))
    add("reversed_order", f"sig1={good},time={NOW}", ok(NOW))
    add("multiple_sig1_second_matches", f"time={NOW},sig1={'0' * 64},sig1={good}", ok(NOW))
    add("multiple_sig1_first_matches", f"time={NOW},sig1={good},sig1={'f' * 64}", ok(NOW))
    add("unknown_keys_ignored", f"time={NOW},v0=abc,sig1={good},sig2=zzz", ok(NOW))
    add("empty_parts_ignored", f"time={NOW},,sig1={good},", ok(NOW))
    add("upper_case_hex", f"time={NOW},sig1={good.upper()}", ok(NOW))
    add("rotation_second_secret", f"time={NOW},sig1={other}", ok(NOW, 1), secrets=(DOC_SECRET, SECRET_2))
    add("rotation_first_secret", f"time={NOW},sig1={good}", ok(NOW, 0), secrets=(DOC_SECRET, SECRET_2))
    add("non_ascii_secret", header("sécret-ключ-秘密", NOW, body), ok(NOW), secrets=("sécret-ключ-秘密",))

    # tolerance (default 300 s, both directions)
    t_old, t_new = NOW - 300, NOW + 300
    add("age_300_accepted", header(DOC_SECRET, t_old, body), ok(t_old))
    add("age_301_too_old", header(DOC_SECRET, t_old - 1, body), fail("timestamp_too_old", "time"))
    add("future_300_accepted", header(DOC_SECRET, t_new, body), ok(t_new))
    add("future_301_rejected", header(DOC_SECRET, t_new + 1, body), fail("timestamp_in_future", "time"))
    add("custom_tolerance_accepts", header(DOC_SECRET, NOW - 600, body), ok(NOW - 600), tolerance=600)
    add("custom_tolerance_rejects", header(DOC_SECRET, NOW - 601, body), fail("timestamp_too_old", "time"), tolerance=600)
    add("zero_tolerance_exact", header(DOC_SECRET, NOW, body), ok(NOW), tolerance=0)
    add("zero_tolerance_one_second", header(DOC_SECRET, NOW - 1, body), fail("timestamp_too_old", "time"), tolerance=0)
    add("ignore_time_replay_2009", header(DOC_SECRET, 1230811200, body), ok(1230811200), ignore_time=True)
    add("doc_header_time_is_2009", header(DOC_SECRET, 1230811200, body), fail("timestamp_too_old", "time"))
    add("stale_and_forged_reports_signature", f"time={NOW - 10000},sig1={good}", fail("bad_signature"))

    # missing / malformed headers
    add("missing_header", None, fail("missing_credential", "Webhook-Signature"))
    add("empty_header", "", fail("missing_credential", "Webhook-Signature"))
    add("blank_header", "   ", fail("missing_credential", "Webhook-Signature"))
    add("garbage", "garbage", fail("malformed", "time"))
    add("no_time", f"sig1={good}", fail("malformed", "time"))
    add("no_sig1", f"time={NOW}", fail("malformed", "sig1"))
    add("sig1_empty", f"time={NOW},sig1=", fail("malformed", "sig1"))
    add("time_not_numeric", f"time=abc,sig1={good}", fail("malformed", "time"))
    add("time_empty", f"time=,sig1={good}", fail("malformed", "time"))
    add("time_negative", f"time=-{NOW},sig1={good}", fail("malformed", "time"))
    add("time_with_sign", f"time=+{NOW},sig1={good}", fail("malformed", "time"))
    add("time_decimal", f"time={NOW}.5,sig1={good}", fail("malformed", "time"))
    add("time_milliseconds", header(DOC_SECRET, NOW * 1000, body), fail("malformed", "time"))
    add("time_twice", f"time={NOW},time={NOW},sig1={good}", fail("malformed", "time"))
    add("sig1_not_hex", f"time={NOW},sig1={'g' * 64}", fail("malformed", "sig1"))
    add("sig1_short", f"time={NOW},sig1={good[:63]}", fail("malformed", "sig1"))
    add("sig1_long", f"time={NOW},sig1={good}00", fail("malformed", "sig1"))
    add("sig1_one_malformed_among_several", f"time={NOW},sig1={good},sig1=xyz", fail("malformed", "sig1"))
    add("semicolon_separated", f"time={NOW};sig1={good}", fail("malformed", "time"))
    add("too_many_sig1", f"time={NOW}," + ",".join([f"sig1={'0' * 64}"] * 17), fail("malformed", "sig1"))
    add("header_too_long", f"time={NOW},sig1={good}," + "x=" + "y" * 5000, fail("malformed", "Webhook-Signature"))

    # signature mismatches
    add("wrong_secret", f"time={NOW},sig1={other}", fail("bad_signature"))
    add("time_changed", f"time={NOW - 1},sig1={good}", fail("bad_signature"))
    reserialised = json.dumps(json.loads(body)).encode()  # Python's default separators
    assert reserialised != body
    add("reserialised_body", f"time={NOW},sig1={good}", fail("bad_signature"), b=reserialised)
    add("doc_body_reserialised", header(DOC_SECRET, NOW, DOC_READY_BODY), fail("bad_signature"),
        b=json.dumps(json.loads(DOC_READY_BODY), indent=2).encode())
    add("trailing_newline_added", f"time={NOW},sig1={good}", fail("bad_signature"), b=body + b"\n")
    add("crlf_normalised", header(DOC_SECRET, NOW, body.replace(b",", b",\r\n")), fail("bad_signature"),
        b=body.replace(b",", b",\n"))
    add("hex_decoded_secret_is_wrong",
        "time=%d,sig1=%s" % (NOW, hmac.new(bytes.fromhex(DOC_SECRET), b"%d." % NOW + body, hashlib.sha256).hexdigest()),
        fail("bad_signature"))
    add("sha1_instead_of_sha256",
        "time=%d,sig1=%s" % (NOW, hmac.new(DOC_SECRET.encode(), b"%d." % NOW + body, hashlib.sha1).hexdigest() + "0" * 24),
        fail("bad_signature"))
    add("body_without_time_prefix",
        "time=%d,sig1=%s" % (NOW, hmac.new(DOC_SECRET.encode(), body, hashlib.sha256).hexdigest()),
        fail("bad_signature"))
    add("all_sig1_wrong", f"time={NOW},sig1={'0' * 64},sig1={other}", fail("bad_signature"))

    # secrets
    add("empty_secret", f"time={NOW},sig1={good}", fail("invalid_key", "secret"), secrets=("",))
    add("no_secrets", f"time={NOW},sig1={good}", fail("invalid_key", "secret"), secrets=())
    return out


def lifecycle(state):
    return {"ready": "ready", "error": "failed"}.get(state, "processing")


def event_expected(body: bytes):
    """The typed view per the documented fields (NOTES-stream.md §2)."""
    v = json.loads(body)
    st = v.get("status") or {}
    pct_raw = st.get("pctComplete")
    try:
        pct = float(pct_raw) if pct_raw is not None else None
    except ValueError:
        pct = None

    def nonempty(x):
        return x if isinstance(x, str) and x != "" else None

    state = st.get("state")
    return {
        "ok": True,
        "uid": v.get("uid"),
        "ready_to_stream": v.get("readyToStream"),
        "state": state,
        "state_known": state in ("pendingupload", "downloading", "queued", "inprogress", "ready", "error",
                                 "live-inprogress"),
        "pct_complete": pct,
        "pct_complete_raw": pct_raw if isinstance(pct_raw, str) else None,
        "error_reason_code": nonempty(st.get("errorReasonCode")) or nonempty(st.get("errReasonCode")),
        "error_reason_text": nonempty(st.get("errorReasonText")) or nonempty(st.get("errReasonText")),
        "meta": v.get("meta"),
        "created": v.get("created"),
        "modified": v.get("modified"),
        "duration": float(v["duration"]) if isinstance(v.get("duration"), (int, float)) else None,
        "lifecycle": lifecycle(state),
    }


def event_cases():
    def ev(state, **status):
        s = {"state": state}
        s.update(status)
        return json.dumps({"uid": "6b9e68b07dfee8cc2d116e4c51d6a957", "readyToStream": state == "ready",
                           "status": s, "meta": {}, "created": "2026-01-01T17:00:00Z",
                           "modified": "2026-01-01T17:01:00Z", "duration": 12}, separators=(",", ":")).encode()

    ok_bodies = [
        ("doc_ready", DOC_READY_BODY),
        ("doc_compact", COMPACT_BODY),
        ("error_err_reason_spelling", ERROR_BODY),
        ("error_error_reason_spelling", ev("error", errorReasonCode="ERR_NON_VIDEO",
                                           errorReasonText="The upload is not a video.")),
        ("non_ascii_inprogress", NON_ASCII_BODY),
        ("pendingupload", ev("pendingupload")),
        ("downloading", ev("downloading")),
        ("queued", ev("queued", pctComplete="0")),
        ("inprogress_pct", ev("inprogress", pctComplete="87.500000")),
        ("live_inprogress", ev("live-inprogress")),
        ("unknown_state_kept", ev("archived-somewhere")),
        ("pct_as_number", ev("inprogress", pctComplete=55)),
        ("pct_not_a_number", ev("inprogress", pctComplete="n/a")),
        ("no_status", json.dumps({"uid": "6b9e68b07dfee8cc2d116e4c51d6a957"}).encode()),
        ("meta_null", json.dumps({"uid": "6b9e68b07dfee8cc2d116e4c51d6a957", "meta": None}).encode()),
    ]
    out = []
    for cid, body in ok_bodies:
        exp = event_expected(body)
        if cid == "pct_as_number":
            exp["pct_complete_raw"] = None
        out.append({"id": "event_" + cid, "input": body_field(body), "expected": exp})
    bad = [
        ("doc_error_example_as_printed", DOC_ERROR_BODY_AS_PRINTED),
        ("not_json", b"uid=123"),
        ("array", b"[]"),
        ("truncated", COMPACT_BODY[:40]),
        ("empty", b""),
        ("not_utf8", b'{"uid":"\xff"}'),
        ("uid_missing", b'{"status":{"state":"ready"}}'),
        ("uid_not_string", b'{"uid":5,"status":{"state":"ready"}}'),
        ("status_not_object", b'{"uid":"a","status":"ready"}'),
        ("state_not_string", b'{"uid":"a","status":{"state":3}}'),
        ("deep_nesting", b'{"uid":"a","meta":' + b"[" * 5000 + b"]" * 5000 + b"}"),
        ("meta_not_object", b'{"uid":"a","meta":"a.mp4"}'),
        ("meta_array", b'{"uid":"a","meta":["a.mp4"]}'),
    ]
    for cid, body in bad:
        try:
            v = json.loads(body)
            assert not (isinstance(v, dict) and isinstance(v.get("uid"), str)
                        and isinstance(v.get("status", {}), dict)
                        and isinstance(v.get("status", {}).get("state", ""), str)
                        and isinstance(v.get("meta") or {}, dict)), cid
        except (ValueError, RecursionError):
            pass
        out.append({"id": "event_" + cid, "input": body_field(body), "expected": {"ok": False, "code": "malformed"}})
    return out


def build():
    cases = sign_cases() + sign_error_cases() + verify_cases() + event_cases()
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "duplicate ids"
    return {
        "description": (
            "Cloudflare Stream webhook signatures: Webhook-Signature: time=<unix>,sig1=<hex HMAC-SHA256("
            "secret UTF-8 bytes, \"<time>.\" + raw body)>. sign_*: headers from Python hmac; verify_*: "
            "header/body/secret variants with the verdict (default tolerance 300 s both ways unless the "
            "case sets `tolerance` or `ignore_time`); event_*: the typed view of a body. Bodies that are "
            "not UTF-8 are in body_b64. Generated by tests/vectors/generate/webhook_vectors.py; sources "
            "in NOTES-stream.md."),
        "now": NOW,
        "default_tolerance": 300,
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
            sys.exit("webhook.json is stale: rerun tests/vectors/generate/webhook_vectors.py")
        print("webhook.json is up to date")
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
