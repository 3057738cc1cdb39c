#!/usr/bin/env python3
"""Reference vectors for cdnsign::cloudcdn (Google Cloud CDN signed URLs/cookies).

HMAC-SHA1 with a 16-byte key, computed from the documented formulas
(core/src/mediacdn/RULES.md §5, rules C1-C7) with Python `hmac`. Google's
published outputs (python-docs-samples cdn/snippets_test.py) are reproduced and
asserted equal.

Case kinds (`input.op`): key, sign_url, sign_prefix, sign_cookie, verify.
`expected` is the output or {"error": {"field", "code"}}; `source` as in
mediacdn.json. Key files are in tests/vectors/keys/.

Usage: python3 google_cloudcdn.py [--check]
"""
import os

import google_common as g

OUT = os.path.join(g.VECTORS, "cloudcdn.json")
NOW = g.NOW
EXP = NOW + 3600
KEY_FILE = "cloudcdn-key.b64url"
KEY2_FILE = "cloudcdn-key-2.b64url"
KEYS = [{"name": "key-1", "file": KEY_FILE}, {"name": "key-2", "file": KEY2_FILE}]


def sep_for(url):
    return "&" if "?" in url else "?"


def sig(key, signed, padded):
    return g.b64url(g.hmac_raw(key, signed.encode("utf-8"), "sha1"), padded)   # C1, C4


def sign_url(key, key_name, url, expires, padded=True):
    signed = f"{url}{sep_for(url)}Expires={expires}&KeyName={key_name}"           # C1
    return signed, f"{signed}&Signature={sig(key, signed, padded)}"


def sign_prefix(key, key_name, url, prefix, expires, padded=True):
    signed = f"URLPrefix={g.b64url(prefix.encode(), padded)}&Expires={expires}&KeyName={key_name}"  # C2
    return signed, f"{url}{sep_for(url)}{signed}&Signature={sig(key, signed, padded)}"


def sign_cookie(key, key_name, prefix, expires, padded=True):
    signed = f"URLPrefix={g.b64url(prefix.encode(), padded)}:Expires={expires}:KeyName={key_name}"  # C3
    return signed, f"{signed}:Signature={sig(key, signed, padded)}"


# Google's published outputs, key nZtRohdNF9m3cKM24IcK4w== (16 bytes), Expires 1549751401.
G_KEY = "nZtRohdNF9m3cKM24IcK4w=="
G_EXP = 1549751401
G = [
    ("sign_url", {"url": "http://35.186.234.33/index.html"},
     "http://35.186.234.33/index.html?Expires=1549751401&KeyName=my-key&Signature=CRFqQnVfFyiUyR63OQf-HRUpIwc="),
    ("sign_url", {"url": "http://www.example.com/"},
     "http://www.example.com/?Expires=1549751401&KeyName=my-key&Signature=OqDUFfHpN5Vxga6r80bhsgxKves="),
    ("sign_url", {"url": "http://www.example.com/some/path?some=query&another=param"},
     "http://www.example.com/some/path?some=query&another=param&Expires=1549751401&KeyName=my-key&Signature=9Q9TCxSju8-W5nUkk5CuTrun2_o="),
    ("sign_prefix", {"url": "http://35.186.234.33/index.html", "prefix": "http://35.186.234.33/"},
     "http://35.186.234.33/index.html?URLPrefix=aHR0cDovLzM1LjE4Ni4yMzQuMzMv&Expires=1549751401&KeyName=my-key&Signature=j7HYgoQ8dIOVsW3Rw4cpkjWfRMA="),
    ("sign_prefix", {"url": "http://www.example.com/", "prefix": "http://www.example.com/"},
     "http://www.example.com/?URLPrefix=aHR0cDovL3d3dy5leGFtcGxlLmNvbS8=&Expires=1549751401&KeyName=my-key&Signature=UdT5nVks6Hh8QFMJI9kmXuXYBk0="),
    ("sign_prefix", {"url": "http://www.example.com/some/path?some=query&another=param",
                     "prefix": "http://www.example.com/some/"},
     "http://www.example.com/some/path?some=query&another=param&URLPrefix=aHR0cDovL3d3dy5leGFtcGxlLmNvbS9zb21lLw==&Expires=1549751401&KeyName=my-key&Signature=3th4ThmpS95I1TAKYyYSCSq3dnQ="),
    ("sign_cookie", {"prefix": "http://35.186.234.33/index.html"},
     "Cloud-CDN-Cookie=URLPrefix=aHR0cDovLzM1LjE4Ni4yMzQuMzMvaW5kZXguaHRtbA==:Expires=1549751401:KeyName=my-key:Signature=uImwlOBCPs91mlCyG9vyyZRrNWU="),
    ("sign_cookie", {"prefix": "http://www.example.com/foo/"},
     "Cloud-CDN-Cookie=URLPrefix=aHR0cDovL3d3dy5leGFtcGxlLmNvbS9mb28v:Expires=1549751401:KeyName=my-key:Signature=Z9uYAu73YHioRScZDxnP-TnS274="),
]


def key_cases():
    return [
        {"id": "key-file-16-bytes", "input": {"op": "key", "key_file": KEY_FILE},
         "expected": {"len": 16}, "source": "docs-formula"},
        {"id": "key-file-unpadded", "input": {"op": "key", "key_text": g.b64url(g.CLOUDCDN_KEY)},
         "expected": {"len": 16}, "source": "docs-formula"},
        {"id": "key-standard-alphabet", "input": {"op": "key", "key_text": G_KEY},
         "expected": {"len": 16}, "source": "google-sample"},
        {"id": "key-15-bytes", "input": {"op": "key", "key_text": g.b64url(g.CLOUDCDN_KEY[:15], True)},
         "expected": g.error("key", "invalid_key"), "source": "design"},
        {"id": "key-17-bytes", "input": {"op": "key", "key_text": g.b64url(g.CLOUDCDN_KEY + b"!", True)},
         "expected": g.error("key", "invalid_key"), "source": "design"},
        {"id": "key-not-base64", "input": {"op": "key", "key_text": "this is not a key"},
         "expected": g.error("key", "invalid_key"), "source": "design"},
    ]


def sign_cases():
    key = g.CLOUDCDN_KEY
    cases = []

    def add(cid, op, inp, signed, out, source="docs-formula", key_text=None, key_name="key-1", expires=EXP):
        base = {"op": op, "key_name": key_name, "expires": expires}
        if key_text:
            base["key_text"] = key_text
        else:
            base["key_file"] = KEY_FILE
        exp = {"signed_value": signed, "output": out}
        if op == "sign_cookie":
            exp["cookie"] = "Cloud-CDN-Cookie=" + out
        cases.append({"id": cid, "input": dict(base, **inp), "expected": exp, "source": source})

    u = "https://cdn.example.com/videos/intro.mp4"
    add("sign-url", "sign_url", {"url": u}, *sign_url(key, "key-1", u, EXP))
    add("sign-url-with-query", "sign_url", {"url": u + "?dl=1"}, *sign_url(key, "key-1", u + "?dl=1", EXP))
    add("sign-url-unpadded", "sign_url", {"url": u, "padded": False}, *sign_url(key, "key-1", u, EXP, padded=False))
    p = "https://cdn.example.com/videos/"
    add("sign-prefix", "sign_prefix", {"url": u, "prefix": p}, *sign_prefix(key, "key-1", u, p, EXP))
    add("sign-prefix-unpadded", "sign_prefix", {"url": u, "prefix": p, "padded": False},
        *sign_prefix(key, "key-1", u, p, EXP, padded=False))
    add("sign-cookie", "sign_cookie", {"prefix": p}, *sign_cookie(key, "key-1", p, EXP))
    add("sign-cookie-unpadded", "sign_cookie", {"prefix": p, "padded": False},
        *sign_cookie(key, "key-1", p, EXP, padded=False))

    gkey = g.b64_any_decode(G_KEY)
    for i, (op, inp, published) in enumerate(G):
        if op == "sign_url":
            s, o = sign_url(gkey, "my-key", inp["url"], G_EXP)
            assert o == published, (op, o)
        elif op == "sign_prefix":
            s, o = sign_prefix(gkey, "my-key", inp["url"], inp["prefix"], G_EXP)
            assert o == published, (op, o)
        else:
            s, o = sign_cookie(gkey, "my-key", inp["prefix"], G_EXP)
            assert "Cloud-CDN-Cookie=" + o == published, (op, o)
        add(f"google-sample-{op.replace('_', '-')}-{i}", op, inp, s, o, source="google-sample",
            key_text=G_KEY, key_name="my-key", expires=G_EXP)
    return cases


def refusals():
    base = {"key_file": KEY_FILE, "key_name": "key-1", "expires": EXP}
    rows = [
        ("sign-url-refuse-has-expires", "sign_url", {"url": "https://cdn.example.com/a?Expires=5"}, "url"),
        ("sign-url-refuse-has-keyname", "sign_url", {"url": "https://cdn.example.com/a?KeyName=k"}, "url"),
        ("sign-url-refuse-has-signature", "sign_url", {"url": "https://cdn.example.com/a?x=1&Signature=s"}, "url"),
        ("sign-url-refuse-has-urlprefix", "sign_url", {"url": "https://cdn.example.com/a?URLPrefix=aA"}, "url"),
        ("sign-url-refuse-fragment", "sign_url", {"url": "https://cdn.example.com/a#top"}, "url"),
        ("sign-url-refuse-space", "sign_url", {"url": "https://cdn.example.com/a b"}, "url"),
        ("sign-url-refuse-relative", "sign_url", {"url": "/videos/a.mp4"}, "url"),
        ("sign-prefix-refuse-query", "sign_prefix",
         {"url": "https://cdn.example.com/v/a?x=1", "prefix": "https://cdn.example.com/v/a?x=1"}, "prefix"),
        ("sign-prefix-refuse-fragment", "sign_prefix",
         {"url": "https://cdn.example.com/v/a", "prefix": "https://cdn.example.com/v/#f"}, "prefix"),
        ("sign-prefix-refuse-url-outside", "sign_prefix",
         {"url": "https://cdn.example.com/w/a", "prefix": "https://cdn.example.com/v/"}, "url"),
        ("sign-cookie-refuse-query", "sign_cookie", {"prefix": "https://cdn.example.com/v/?a=1"}, "prefix"),
        ("sign-refuse-key-name-64-chars", "sign_url", {"url": "https://cdn.example.com/a", "key_name": "k" * 64}, "key_name"),
        ("sign-refuse-key-name-space", "sign_url", {"url": "https://cdn.example.com/a", "key_name": "my key"}, "key_name"),
        ("sign-refuse-key-name-empty", "sign_url", {"url": "https://cdn.example.com/a", "key_name": ""}, "key_name"),
        ("sign-refuse-expires-milliseconds", "sign_url", {"url": "https://cdn.example.com/a", "expires": EXP * 1000}, "expires"),
    ]
    cases = [{"id": cid, "input": dict(dict({"op": op}, **base), **inp),
              "expected": g.error(field, "invalid_input"), "source": "design"}
             for cid, op, inp, field in rows]
    cases.append({"id": "sign-accept-key-name-63-chars",
                  "input": dict(dict({"op": "sign_url"}, **base), url="https://cdn.example.com/a", key_name="k" * 63),
                  "expected": {"output_prefix": f"https://cdn.example.com/a?Expires={EXP}&KeyName={'k' * 63}&Signature="},
                  "source": "design"})
    return cases


def verify_cases():
    key, key2 = g.CLOUDCDN_KEY, g.CLOUDCDN_KEY_2
    other = g.derive("cloudcdn key not configured", 16)
    cases = []

    def add(cid, request, expected, keys=KEYS, source="design"):
        cases.append({"id": cid, "input": {"op": "verify", "keys": keys,
                                           "request": dict({"now": NOW}, **request)},
                      "expected": expected, "source": source})

    def ok(form, key_name, expires=EXP):
        return {"ok": True, "form": form, "key_name": key_name, "expires": expires}

    def rej(code, field=None):
        return g.error(field, code)

    u = "https://cdn.example.com/videos/intro.mp4"
    s = sign_url(key, "key-1", u, EXP)[1]
    add("verify-url-ok", {"url": s}, ok("signed_url", "key-1"))
    add("verify-url-unpadded-ok", {"url": sign_url(key, "key-1", u, EXP, padded=False)[1]}, ok("signed_url", "key-1"))
    add("verify-url-second-key", {"url": sign_url(key2, "key-2", u + "?q=1", EXP)[1]}, ok("signed_url", "key-2"))
    add("verify-url-expired", {"url": s, "now": EXP + 1}, rej("expired"))
    add("verify-url-at-expires", {"url": s, "now": EXP}, rej("expired"))
    add("verify-url-tampered", {"url": s.replace("intro", "outro")}, rej("bad_signature"))
    add("verify-url-wrong-key", {"url": sign_url(other, "key-1", u, EXP)[1]}, rej("bad_signature"))
    add("verify-url-key-swapped", {"url": sign_url(key, "key-2", u, EXP)[1]}, rej("bad_signature"))
    add("verify-url-unknown-key-name", {"url": sign_url(key, "key-9", u, EXP)[1]}, rej("unknown_key", "KeyName"))
    add("verify-url-no-signature", {"url": u}, rej("missing_credential"))
    add("verify-url-signature-not-last", {"url": s + "&x=1"}, rej("malformed", "Signature"))
    add("verify-url-expires-garbage", {"url": f"{u}?Expires=soon&KeyName=key-1&Signature=AAAA"},
        rej("malformed", "Expires"))
    add("verify-url-missing-keyname", {"url": f"{u}?Expires={EXP}&Signature=AAAA"}, rej("malformed", "KeyName"))

    p = "https://cdn.example.com/videos/"
    sp = sign_prefix(key, "key-1", u, p, EXP)[1]
    add("verify-prefix-ok", {"url": sp}, ok("signed_prefix", "key-1"))
    q = sp.split("?", 1)[1]
    add("verify-prefix-sibling", {"url": f"{p}other/clip.mp4?{q}"}, ok("signed_prefix", "key-1"))
    add("verify-prefix-outside", {"url": f"https://cdn.example.com/private/a.mp4?{q}"}, rej("url_mismatch"))
    add("verify-prefix-tampered", {"url": sp.replace(f"Expires={EXP}", f"Expires={EXP + 9}")}, rej("bad_signature"))

    c = sign_cookie(key, "key-1", p, EXP)[1]
    add("verify-cookie-ok", {"url": u, "cookie": f"theme=dark; Cloud-CDN-Cookie={c}"}, ok("cookie", "key-1"))
    add("verify-cookie-outside", {"url": "https://cdn.example.com/music/a.mp3", "cookie": f"Cloud-CDN-Cookie={c}"},
        rej("url_mismatch"))
    add("verify-cookie-expired", {"url": u, "cookie": f"Cloud-CDN-Cookie={c}", "now": EXP + 60}, rej("expired"))
    add("verify-cookie-unpadded", {"url": u, "cookie": "Cloud-CDN-Cookie=" + sign_cookie(key2, "key-2", p, EXP, padded=False)[1]},
        ok("cookie", "key-2"))
    add("verify-cookie-malformed", {"url": u, "cookie": "Cloud-CDN-Cookie=URLPrefix=aGk:Expires=1"},
        rej("malformed", "KeyName"))

    gkey = [{"name": "my-key", "key_text": G_KEY}]
    add("verify-google-sample-url", {"url": G[2][2], "now": G_EXP - 1}, ok("signed_url", "my-key", G_EXP),
        keys=gkey, source="google-sample")
    add("verify-google-sample-prefix", {"url": G[5][2], "now": G_EXP - 1}, ok("signed_prefix", "my-key", G_EXP),
        keys=gkey, source="google-sample")
    add("verify-google-sample-cookie", {"url": "http://www.example.com/foo/bar.mp4", "cookie": G[7][2],
                                        "now": G_EXP - 1}, ok("cookie", "my-key", G_EXP),
        keys=gkey, source="google-sample")
    return cases


def build():
    return {
        "description": (
            "Google Cloud CDN signed URLs, URL prefixes and Cloud-CDN-Cookie (HMAC-SHA1, 16-byte key), "
            "computed from the documented formulas (core/src/mediacdn/RULES.md §5) by "
            "tests/vectors/generate/google_cloudcdn.py with Python hmac; google-sample cases reproduce "
            "python-docs-samples cdn/snippets_test.py. Signatures padded by default as Google's samples "
            "emit them. Keys in tests/vectors/keys/."),
        "now": NOW,
        "cases": key_cases() + sign_cases() + refusals() + verify_cases(),
    }


if __name__ == "__main__":
    g.emit(build(), OUT, "google_cloudcdn.py")
