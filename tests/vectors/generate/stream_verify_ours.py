#!/usr/bin/env python3
"""Interop, our direction: Stream tokens made by cdnsign, verified by PyJWT
(and, through stream_verify_ours.mjs, by Node jsonwebtoken and WebCrypto).

Usage:
  python3 stream_verify_ours.py TOKENS.json
      Verify every token in TOKENS.json with PyJWT. The file:
        {"now": <unix>, "public_keys": {"<kid>": "<SPKI PEM>"},
         "tokens": [{"id": "...", "token": "...", "now": <unix>?, "payload": {...}?,
                     "expected_token": "..."?}]}
      Each token must be RS256 with the header exactly {"alg":"RS256","kid":<kid>},
      verify under the key named by its kid at `now` (the token's own `now` if
      it has one), and (when given) carry
      exactly `payload`; `expected_token` (the reference token for the same
      key and claims) must be byte-equal.
  python3 stream_verify_ours.py --cli PATH/TO/cdnsign [--keep OUT.json] [--no-node]
      Make TOKENS.json by running `cdnsign stream token` for every sign_* case
      of stream.json, then verify it here and with stream_verify_ours.mjs.
Exit status 0 only if every token passes.
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime, timezone

import jwt
import jwt.api_jwt

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.dirname(HERE)


def b64u_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


class FrozenClock:
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


def verify_file(path):
    with open(path) as f:
        data = json.load(f)
    now = data["now"]
    keys = data["public_keys"]
    failures = []
    for t in data["tokens"]:
        tid, token = t["id"], t["token"]
        try:
            h, p, _ = token.split(".")
            header_raw = b64u_decode(h).decode()
            kid = json.loads(header_raw).get("kid")
            want_header = json.dumps({"alg": "RS256", "kid": kid}, separators=(",", ":"))
            if header_raw != want_header:
                raise AssertionError(f"header {header_raw} is not {want_header}")
            if kid not in keys:
                raise AssertionError(f"no public key for kid {kid}")
            with FrozenClock(t.get("now", now)):
                payload = jwt.decode(token, keys[kid], algorithms=["RS256"],
                                     options={"verify_aud": False})
            if "payload" in t and payload != t["payload"]:
                raise AssertionError(f"payload {payload} != {t['payload']}")
            if "payload" in t and b64u_decode(p).decode() != json.dumps(t["payload"], separators=(",", ":")):
                raise AssertionError("payload bytes are not the compact JSON in Cloudflare's order")
            if t.get("expected_token") and t["expected_token"] != token:
                raise AssertionError("token differs from the reference token for the same claims")
        except Exception as e:  # report every failure, not just the first
            failures.append(f"{tid}: {type(e).__name__}: {e}")
    for f in failures:
        print("PyJWT FAIL", f)
    print(f"PyJWT verified {len(data['tokens']) - len(failures)}/{len(data['tokens'])} cdnsign tokens")
    return not failures


def cli_args_for(case):
    inp = case["input"]
    key = inp["key"]
    args = ["--key", os.path.join(VECTORS, key["file"])]
    if key.get("id"):
        args += ["--kid", key["id"]]
    c = inp["claims"]
    args += ["--video", c["sub"], "--expires", str(c["exp"]), "--now", str(inp["now"])]
    if "nbf" in c:
        args += ["--not-before", str(c["nbf"])]
    if c.get("downloadable"):
        args += ["--downloadable"]
    if c.get("accessRules"):
        args += ["--access-rules", json.dumps(c["accessRules"])]
    expressible = c.get("downloadable") is not False  # the CLI has no way to write downloadable:false
    return args, expressible


def make_with_cli(cli, out_path):
    with open(os.path.join(VECTORS, "stream.json")) as f:
        vectors = json.load(f)
    public_keys = {}
    tokens = []
    for stem in ("stream-key", "stream-key-2"):
        with open(os.path.join(VECTORS, "keys", stem + ".json")) as f:
            kid = json.load(f)["result"]["id"]
        with open(os.path.join(VECTORS, "keys", stem + ".pub.pem")) as f:
            public_keys[kid] = f.read()
    for case in vectors["cases"]:
        cid = case["id"]
        if not cid.startswith("sign_") or cid.startswith("sign_error_"):
            continue
        args, expressible = cli_args_for(case)
        proc = subprocess.run([cli, "--json", "stream", "token"] + args, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"cdnsign failed on {cid}: {proc.stdout}{proc.stderr}")
        out = json.loads(proc.stdout)
        entry = {"id": cid, "token": out["token"]}
        nbf = case["input"]["claims"].get("nbf")
        if nbf is not None and nbf > vectors["now"]:
            entry["now"] = nbf  # verify once the token is valid
        if expressible:
            entry["payload"] = json.loads(case["expected"]["payload"])
            entry["expected_token"] = case["expected"]["token"]
        tokens.append(entry)
    data = {"description": "Stream tokens made by `cdnsign stream token` from the sign_* vectors",
            "now": vectors["now"], "public_keys": public_keys, "tokens": tokens}
    with open(out_path, "w") as f:
        json.dump(data, f, indent=2)
    return out_path


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    if argv[0] == "--cli":
        cli = argv[1]
        keep = argv[argv.index("--keep") + 1] if "--keep" in argv else None
        path = keep or os.path.join(tempfile.mkdtemp(prefix="cdnsign-stream-"), "tokens.json")
        make_with_cli(cli, path)
        ok = verify_file(path)
        if "--no-node" not in argv:
            node = subprocess.run(["node", os.path.join(HERE, "stream_verify_ours.mjs"), path])
            ok = ok and node.returncode == 0
        return 0 if ok else 1
    return 0 if verify_file(argv[0]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
