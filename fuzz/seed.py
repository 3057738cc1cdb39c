#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ from tests/vectors/*.json and tests/vectors/keys/.

Stdlib only. Each seed is written under the SHA-1 of its bytes, so running the
script again adds nothing twice. The input layout of each target is described
at the top of its fuzz_targets/<target>.rs.
"""

import base64
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "tests", "vectors")
CORPUS = os.path.join(HERE, "corpus")

JWT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
KEY_MODES = 13  # fuzz_targets/keys.rs dispatches on the first byte mod 13

seeds = {}


def add(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    seeds.setdefault(target, set()).add(data)


def load(name):
    with open(os.path.join(VECTORS, name), encoding="utf-8") as f:
        return json.load(f)


def walk(value, path=()):
    """Yields (path, value) for every node of a JSON document."""
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk(v, path + (i,))


def strings(doc):
    return [v for _, v in walk(doc) if isinstance(v, str)]


def cookie_header(d):
    return "; ".join(f"{k}={v}" for k, v in d.items() if isinstance(v, str))


def cloudfront():
    for name in ("cloudfront.json", "cloudfront-sdk-conformance.json"):
        doc = load(name)
        for case in doc["cases"]:
            inp = case.get("input", {})
            request_url = inp.get("requestUrl") or inp.get("url") or inp.get("resource")
            for path, v in walk(case):
                if isinstance(v, str):
                    if "://" in v:
                        add("cloudfront_url", v)
                    if v.startswith("{") and "Statement" in v:
                        add("cloudfront_policy", v)
                    if "CloudFront-" in v:
                        add("cloudfront_cookie", v)
                        if request_url:
                            add("cloudfront_cookie", f"{request_url}\n{v}")
                elif isinstance(v, dict) and any(str(k).startswith("CloudFront-") for k in v):
                    header = cookie_header(v)
                    add("cloudfront_cookie", header)
                    if request_url:
                        add("cloudfront_cookie", f"{request_url}\n{header}")
            resource = inp.get("resource") or inp.get("url")
            if resource and request_url:
                add("cloudfront_policy", f"{resource}\0{request_url}")


def stream():
    doc = load("stream.json")
    for case in doc["cases"]:
        inp = case.get("input", {})
        for v in strings(case):
            if JWT.match(v):
                add("stream_token", v)
        claims = inp.get("claims")
        if isinstance(claims, dict):
            add("stream_token", json.dumps(claims, separators=(",", ":")))
            rules = claims.get("accessRules")
            if isinstance(rules, list):
                add("stream_token", json.dumps(rules, separators=(",", ":")))
        text = inp.get("text")
        if isinstance(text, str):
            for mode in (4, 5, 7):
                add("keys", bytes([mode]) + text.encode("utf-8"))


def webhook():
    doc = load("webhook.json")
    for case in doc["cases"]:
        inp = case.get("input", {})
        body = inp.get("body")
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif isinstance(inp.get("body_b64"), str):
            body = base64.b64decode(inp["body_b64"])
        else:
            body = b""
        headers = [inp.get("header"), case.get("expected", {}).get("header")]
        for header in headers:
            if isinstance(header, str) and "\n" not in header:
                add("webhook", header.encode("utf-8") + b"\n" + body)
        if body:
            add("webhook", b"\n" + body)


def google(name, target):
    doc = load(name)
    for case in doc["cases"]:
        inp = case.get("input", {})
        req = inp.get("request")
        if isinstance(req, dict):
            lines = [req.get("url", ""), req.get("cookie", "")]
            for h in req.get("headers", []):
                if isinstance(h, list) and len(h) == 2:
                    lines.append(f"{h[0]}: {h[1]}")
            add(target, "\n".join(lines).rstrip("\n"))
        exp = case.get("expected", {})
        for key in ("output", "token", "cookie", "query"):
            v = exp.get(key)
            if isinstance(v, str) and v:
                if "://" in v:
                    add(target, v)
                elif key == "token":
                    add(target, v)
                elif key == "cookie":
                    add(target, f"https://media.example.com/videos/a.ts\n{v}")
        for v in strings(case):
            if "edge-cache-token" in v or "Edge-Cache-Cookie" in v or "Cloud-CDN-Cookie" in v:
                add(target, v)


def keys():
    keydir = os.path.join(VECTORS, "keys")
    for fname in sorted(os.listdir(keydir)):
        with open(os.path.join(keydir, fname), "rb") as f:
            data = f.read()
        for mode in range(KEY_MODES):
            add("keys", bytes([mode]) + data)
        # The PEM body as DER, for the DER paths.
        text = data.decode("utf-8", "replace")
        m = re.search(r"-----BEGIN [A-Z ]+-----(.*?)-----END", text, re.S)
        if m:
            try:
                der = base64.b64decode("".join(m.group(1).split()))
            except ValueError:
                continue
            for mode in (0, 1, 2, 3, 9, 10):
                add("keys", bytes([mode]) + der)
    for v in strings(load("mediacdn.json")) + strings(load("cloudcdn.json")):
        if re.fullmatch(r"[A-Za-z0-9_\-+/]{20,90}={0,2}", v):
            for mode in (9, 10, 11, 12):
                add("keys", bytes([mode]) + v.encode())


def manifests():
    """Every fixture of tests/manifests/, under each mode byte that matters."""
    root = os.path.join(HERE, "..", "tests", "manifests")
    for sub in ("ffmpeg", "hand"):
        d = os.path.join(root, sub)
        for name in sorted(os.listdir(d)):
            if not name.endswith((".m3u8", ".mpd")):
                continue
            with open(os.path.join(d, name), "rb") as f:
                body = f.read()
            for mode in (0x00, 0x01, 0x02, 0x10, 0x21, 0x32):
                add("manifest", bytes([mode]) + body)


def main():
    manifests()
    cloudfront()
    stream()
    webhook()
    google("mediacdn.json", "mediacdn_verify")
    google("cloudcdn.json", "cloudcdn_verify")
    keys()
    total = 0
    for target, items in sorted(seeds.items()):
        out = os.path.join(CORPUS, target)
        os.makedirs(out, exist_ok=True)
        for data in items:
            with open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb") as f:
                f.write(data)
        total += len(items)
        print(f"{target}: {len(items)} seeds")
    print(f"total {total} seeds in {CORPUS}", file=sys.stderr)


if __name__ == "__main__":
    main()
