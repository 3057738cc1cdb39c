#!/usr/bin/env python3
"""Reference vectors for cdnsign::mediacdn (Google Media CDN).

The four Ed25519 signature forms and the token format, computed from the
documented formulas (core/src/mediacdn/RULES.md, rule ids S*, T*, D*, K*) with
Python `cryptography` and `hmac`. Google's published expected outputs
(python-docs-samples media-cdn tests) are reproduced here and asserted equal,
so the formulas below are checked against Google's own answers.

Case kinds (`input.op`):
  private_key / public_key / hmac_secret   key parsing, expected keyset value or error
  sign_url / sign_prefix / sign_path / sign_cookie   the four signature forms
  token / short_lived_token                tokens (Ed25519, HMAC-SHA1, HMAC-SHA256)
  verify                                   a request checked against a keyset
`expected` is the output, or {"error": {"field", "code"}} for a refusal.
`source`: "docs-formula" (computed here), "google-sample" (Google's published
output, recomputed here), "design" (a refusal or verdict core/src/mediacdn/RULES.md
defines). Key files are in tests/vectors/keys/.

Usage: python3 google_mediacdn.py [--check]
"""
import os

import google_common as g

OUT = os.path.join(g.VECTORS, "mediacdn.json")
NOW = g.NOW
EXP = NOW + 3600
PARAM = "edge-cache-token"

MAIN_KEY = "mediacdn-ed25519.seed.b64url-nopad"
KEYSET_NAME = "cdnsign-test-keyset"
KEYSET = {
    "name": KEYSET_NAME,
    "public_keys": [
        {"id": "key-1", "file": "mediacdn-ed25519.pub.b64url"},
        {"id": "key-2", "file": "mediacdn-ed25519-2.pub.b64url-nopad"},
    ],
    "shared_keys": [
        {"id": "secret-sha1", "file": "mediacdn-hmac-sha1.secret.b64url"},
        {"id": "secret-sha256", "file": "mediacdn-hmac-sha256.secret.b64url"},
    ],
}
KEYSET_ED_ONLY = {"name": KEYSET_NAME, "public_keys": KEYSET["public_keys"], "shared_keys": []}


# ---- the documented formulas -------------------------------------------------

def sep_for(url):
    return "&" if "?" in url else "?"                                     # S7


def sig_text(seed, signed, padded):
    return g.b64url(g.ed_sign(seed, signed.encode("utf-8")), padded)      # S12


def sign_url(seed, key_name, url, expires, padded=False):
    signed = f"{url}{sep_for(url)}Expires={expires}&KeyName={key_name}"    # S2, S7
    return signed, f"{signed}&Signature={sig_text(seed, signed, padded)}"


def sign_prefix(seed, key_name, url, prefix, expires, padded=False):
    signed = (f"URLPrefix={g.b64url(prefix.encode(), padded)}"             # S3, S6, S8
              f"&Expires={expires}&KeyName={key_name}")
    return signed, f"{url}{sep_for(url)}{signed}&Signature={sig_text(seed, signed, padded)}"


def sign_path(seed, key_name, prefix, rest, expires, padded=False, param=PARAM):
    signed = f"{prefix.rstrip('/')}/{param}=Expires={expires}&KeyName={key_name}"   # S4, S9
    return signed, f"{signed}&Signature={sig_text(seed, signed, padded)}/{rest}"


def sign_cookie(seed, key_name, prefix, expires, padded=False):
    signed = (f"URLPrefix={g.b64url(prefix.encode(), padded)}"             # S5, S6, S10
              f":Expires={expires}:KeyName={key_name}")
    return signed, f"{signed}:Signature={sig_text(seed, signed, padded)}"


def token(algorithm, key, *, path_globs=None, glob_sep=",", url_prefix=None,
          full_path=None, starts=None, expires=EXP, session_id=None, data=None,
          headers=None, ip_ranges=None, padded=False, names=None):
    """Returns (signed value, token). `key` is a seed (ed25519) or a secret.
    `names` renames fields (aliases, T15) in both token and signed value."""
    names = names or {}
    tok, signed = [], []

    def field(name, value):
        name = names.get(name, name)
        tok.append(f"{name}={value}")
        signed.append(f"{name}={value}")

    if path_globs is not None:                                            # T4
        field("PathGlobs", glob_sep.join(path_globs))
    if url_prefix is not None:                                            # T6
        field("URLPrefix", g.b64url(url_prefix.encode()))
    if full_path is not None:                                             # T7
        tok.append("FullPath")
        signed.append(f"FullPath={full_path}")
    if starts is not None:                                                # T3, T14
        field("Starts", starts)
    field("Expires", expires)
    if session_id is not None:                                            # T8
        field("SessionID", session_id)
    if data is not None:
        field("Data", data)
    if headers:                                                           # T9
        tok.append("Headers=" + ",".join(n for n, _ in headers))
        signed.append("Headers=" + ",".join(f"{n}={v}" for n, v in headers))
    if ip_ranges is not None:                                             # T11
        field("IPRanges", g.b64url(",".join(ip_ranges).encode()))
    signed_value = "~".join(signed)                                       # T1
    if algorithm == "ed25519":                                            # T12
        tok.append("Signature=" + sig_text(key, signed_value, padded))
    else:                                                                 # T13
        tok.append("hmac=" + g.hmac_hex(key, signed_value.encode(), algorithm.split("-")[1]))
    return signed_value, "~".join(tok)


def with_param(url, value, param=PARAM):
    return f"{url}{sep_for(url)}{param}={value}"


# ---- key cases ------------------------------------------------------------------

def key_cases():
    main = g.keyset_value(g.ED_MAIN_SEED)
    cases = []
    for f in ["mediacdn-ed25519.seed.b64", "mediacdn-ed25519.seed.b64url-nopad",
              "mediacdn-ed25519.seedpub.b64url", "mediacdn-ed25519.seedpub.b64-nopad",
              "mediacdn-ed25519.pkcs8.pem"]:
        cases.append({"id": f"key-private-{f.split('.', 1)[1]}",
                      "input": {"op": "private_key", "key_file": f},
                      "expected": {"keyset_value": main}, "source": "docs-formula"})
    for f in ["mediacdn-ed25519.pub.b64url", "mediacdn-ed25519.pub.b64url-nopad",
              "mediacdn-ed25519.pub.pem"]:
        cases.append({"id": f"key-public-{f.split('.', 1)[1]}",
                      "input": {"op": "public_key", "key_file": f},
                      "expected": {"keyset_value": main}, "source": "docs-formula"})
    pub = g.ed_public_raw(g.ED_MAIN_SEED)
    bad_pair = g.ED_MAIN_SEED + g.ed_public_raw(g.ED_SECOND_SEED)
    for cid, op, text in [
        ("key-private-31-bytes", "private_key", g.b64url(g.ED_MAIN_SEED[:31])),
        ("key-private-seedpub-mismatch", "private_key", g.b64url(bad_pair)),
        ("key-private-not-base64", "private_key", "not a key!"),
        ("key-private-public-pem", "private_key", g.read_key_file("mediacdn-ed25519.pub.pem")),
        ("key-public-42-chars", "public_key", g.b64url(pub)[:42]),
        ("key-public-33-bytes", "public_key", g.b64url(pub + b"\0")),
    ]:
        field = "private_key" if op == "private_key" else "public_key"
        cases.append({"id": cid, "input": {"op": op, "key_text": text},
                      "expected": g.error(field, "invalid_key"), "source": "design"})
    cases += [
        {"id": "key-hmac-20-bytes", "input": {"op": "hmac_secret", "key_file": "mediacdn-hmac-sha1.secret.b64url"},
         "expected": {"len": 20}, "source": "docs-formula"},
        {"id": "key-hmac-16-bytes-minimum", "input": {"op": "hmac_secret", "key_text": g.b64url(b"0123456789abcdef")},
         "expected": {"len": 16}, "source": "docs-formula"},
        {"id": "key-hmac-15-bytes", "input": {"op": "hmac_secret", "key_text": g.b64url(b"0123456789abcde")},
         "expected": g.error("secret", "invalid_key"), "source": "design"},
    ]
    return cases


# ---- signature forms --------------------------------------------------------------

def signature_cases():
    seed = g.ED_MAIN_SEED
    cases = []

    def add(cid, op, inp, signed, out, source="docs-formula", extra=None):
        exp = {"signed_value": signed, "output": out}
        exp.update(extra or {})
        cases.append({"id": cid, "input": dict({"op": op, "key_file": MAIN_KEY, "key_name": "key-1",
                                                "expires": EXP}, **inp),
                      "expected": exp, "source": source})

    url = "https://media.example.com/content/manifest.m3u8"
    s, o = sign_url(seed, "key-1", url, EXP)
    add("sign-url-exact", "sign_url", {"url": url}, s, o)
    url_q = "https://media.example.com/content/manifest.m3u8?quality=hd&lang=en"
    s, o = sign_url(seed, "key-1", url_q, EXP, padded=True)
    add("sign-url-exact-with-query-padded", "sign_url", {"url": url_q, "padded": True}, s, o)

    prefix = "https://media.example.com/videos/"
    url = "https://media.example.com/videos/master.m3u8"
    s, o = sign_prefix(seed, "key-1", url, prefix, EXP)
    add("sign-prefix", "sign_prefix", {"url": url, "prefix": prefix}, s, o)
    s, o = sign_prefix(seed, "key-1", url + "?a=1", prefix, EXP, padded=True)
    add("sign-prefix-url-with-query-padded", "sign_prefix",
        {"url": url + "?a=1", "prefix": prefix, "padded": True}, s, o)
    qprefix = "https://media.example.com/live/stream.m3u8?channel=7"     # S11
    s, o = sign_prefix(seed, "key-1", qprefix + "&t=9", qprefix, EXP)
    add("sign-prefix-with-query-prefix", "sign_prefix", {"url": qprefix + "&t=9", "prefix": qprefix}, s, o)

    s, o = sign_path(seed, "key-1", "https://media.example.com/video/", "manifest_12382131.m3u8", EXP)
    add("sign-path-component", "sign_path",
        {"prefix": "https://media.example.com/video/", "rest": "manifest_12382131.m3u8"}, s, o)
    s, o = sign_path(seed, "key-1", "https://media.example.com/video", "hd/seg-1.ts", EXP, padded=True)
    add("sign-path-component-padded", "sign_path",
        {"prefix": "https://media.example.com/video", "rest": "hd/seg-1.ts", "padded": True}, s, o)

    s, o = sign_cookie(seed, "key-1", prefix, EXP)
    add("sign-cookie", "sign_cookie", {"prefix": prefix}, s, o, extra={"cookie": "Edge-Cache-Cookie=" + o})
    s, o = sign_cookie(seed, "key-1", "https://media.example.com/v/", EXP, padded=True)
    add("sign-cookie-padded", "sign_cookie", {"prefix": "https://media.example.com/v/", "padded": True},
        s, o, extra={"cookie": "Edge-Cache-Cookie=" + o})
    return cases


# Google's published outputs (python-docs-samples media-cdn/snippets_test.py):
# key BxwXX... (32-byte seed, padded base64url), EPOCH_TIME 1650848400, padded output.
G_SIG_KEY = "BxwXXNjeGaoWqjr7GHEymRJkP4SaOC12dTGixk7Yr8I="
G_SIG_EXP = 1650848400
G_SIG = [
    ("sign_url", {"url": "http://35.186.234.33/index.html"},
     "http://35.186.234.33/index.html?Expires=1650848400&KeyName=my-key&"
     "Signature=16-oE9GZ5U9S_LYrW8RplZhvMfI7RGtGRY0C-Ahh6YAwiJ0UaEi6rQuPxfm6R-cBPfs8MwRGiu2fAoS1JOoKCA=="),
    ("sign_url", {"url": "http://www.example.com/"},
     "http://www.example.com/?Expires=1650848400&KeyName=my-key&"
     "Signature=QhWcq48iCRTJFayWexw929QRxjOxE8ZPSQ38ybTxLhu77hmS_JB6GSougMu_-ejS_ZiGguqxT-HfgSFuy3f5DQ=="),
    ("sign_url", {"url": "http://www.example.com/some/path?some=query&another=param"},
     "http://www.example.com/some/path?some=query&another=param&Expires=1650848400&KeyName=my-key&"
     "Signature=Li_D6rxUh1Kj54JbmUuAms2wmjJHJUcMXJHgYxjL4LqYH02wSX-4gCayXgklNSDpfBfSHnbdC_wvcdyXvADGDw=="),
    ("sign_prefix", {"url": "http://35.186.234.33/index.html", "prefix": "http://35.186.234.33/"},
     "http://35.186.234.33/index.html?URLPrefix=aHR0cDovLzM1LjE4Ni4yMzQuMzMv&Expires=1650848400&KeyName=my-key&"
     "Signature=mR4jNsWVn39ofSC5425SXwZVzHAAixemdcRGHgPuO1V1Fl7lJs2Ws5aPOGp-MhbDinFYUkutHh-I9c5Du4jtAA=="),
    ("sign_prefix", {"url": "http://www.example.com/", "prefix": "http://www.example.com/"},
     "http://www.example.com/?URLPrefix=aHR0cDovL3d3dy5leGFtcGxlLmNvbS8=&Expires=1650848400&KeyName=my-key&"
     "Signature=gFGKa4T8Fn1GiTMp1VBd6sSfjRKcPEgTB1k8mn48yXyzg4-Dfbrk-HJeYFGFznZvkF_eSPg1K03hqbMDkFTiAg=="),
    ("sign_prefix", {"url": "http://www.example.com/some/path?some=query&another=param",
                     "prefix": "http://www.example.com/some/"},
     "http://www.example.com/some/path?some=query&another=param&URLPrefix=aHR0cDovL3d3dy5leGFtcGxlLmNvbS9zb21lLw==&"
     "Expires=1650848400&KeyName=my-key&"
     "Signature=pVN8HKc6Be-PDczd9NjqSui3HHaoCLUN5iDv6JhQ77uKigsCih6z_cMTGjeXhgGASh1zr-ZPrOnxWJxxGWxsBg=="),
    ("sign_cookie", {"prefix": "http://35.186.234.33/index.html"},
     "Edge-Cache-Cookie=URLPrefix=aHR0cDovLzM1LjE4Ni4yMzQuMzMvaW5kZXguaHRtbA==:Expires=1650848400:KeyName=my-key:"
     "Signature=kTJ4QVEax5TZmxypq8pnIkjky-s_UtKGPSCd-nxqMYfwqr5HunAy-7XumWc3asRCHI2_ikVQXs7IDXJ9gV28Dg=="),
    ("sign_cookie", {"prefix": "http://www.example.com/foo/"},
     "Edge-Cache-Cookie=URLPrefix=aHR0cDovL3d3dy5leGFtcGxlLmNvbS9mb28v:Expires=1650848400:KeyName=my-key:"
     "Signature=I0BnupL1tKbXklf1rK50nlC9JMh4HBLogTKByatOFRvALofT159BegB26Z2WmrI-ZAgAp8Q-1__bWtFdMAqCAA=="),
]


def google_signature_cases():
    seed = g.b64_any_decode(G_SIG_KEY)
    cases = []
    for i, (op, inp, published) in enumerate(G_SIG):
        if op == "sign_url":
            s, o = sign_url(seed, "my-key", inp["url"], G_SIG_EXP, padded=True)
            extra = {}
        elif op == "sign_prefix":
            s, o = sign_prefix(seed, "my-key", inp["url"], inp["prefix"], G_SIG_EXP, padded=True)
            extra = {}
        else:
            s, o = sign_cookie(seed, "my-key", inp["prefix"], G_SIG_EXP, padded=True)
            extra = {"cookie": "Edge-Cache-Cookie=" + o}
            o_cmp = "Edge-Cache-Cookie=" + o
        assert (o_cmp if op == "sign_cookie" else o) == published, (op, inp, o)
        exp = {"signed_value": s, "output": o}
        exp.update(extra)
        cases.append({"id": f"google-sample-{op.replace('_', '-')}-{i}",
                      "input": dict({"op": op, "key_text": G_SIG_KEY, "key_name": "my-key",
                                     "expires": G_SIG_EXP, "padded": True}, **inp),
                      "expected": exp, "source": "google-sample"})
    return cases


def signature_refusals():
    base = {"key_file": MAIN_KEY, "key_name": "key-1", "expires": EXP}
    rows = [
        ("sign-url-refuse-fragment", "sign_url", {"url": "https://media.example.com/a.m3u8#t=10"}, "url"),
        ("sign-url-refuse-has-expires", "sign_url", {"url": "https://media.example.com/a.m3u8?Expires=1"}, "url"),
        ("sign-url-refuse-has-keyname", "sign_url", {"url": "https://media.example.com/a.m3u8?x=1&KeyName=k"}, "url"),
        ("sign-url-refuse-has-signature", "sign_url", {"url": "https://media.example.com/a.m3u8?Signature=x"}, "url"),
        ("sign-url-refuse-space", "sign_url", {"url": "https://media.example.com/my video.m3u8"}, "url"),
        ("sign-url-refuse-non-ascii", "sign_url", {"url": "https://media.example.com/vidéo.m3u8"}, "url"),
        ("sign-url-refuse-not-http", "sign_url", {"url": "ftp://media.example.com/a.m3u8"}, "url"),
        ("sign-url-refuse-bad-key-name", "sign_url", {"url": "https://media.example.com/a", "key_name": "key 1"}, "key_name"),
        ("sign-url-refuse-key-name-digit-first", "sign_url", {"url": "https://media.example.com/a", "key_name": "1key"}, "key_name"),
        ("sign-url-refuse-key-name-65-chars", "sign_url", {"url": "https://media.example.com/a", "key_name": "k" * 65}, "key_name"),
        ("sign-url-refuse-expires-milliseconds", "sign_url", {"url": "https://media.example.com/a", "expires": EXP * 1000}, "expires"),
        ("sign-url-refuse-expires-zero", "sign_url", {"url": "https://media.example.com/a", "expires": 0}, "expires"),
        ("sign-prefix-refuse-url-outside", "sign_prefix",
         {"url": "https://media.example.com/other/a.m3u8", "prefix": "https://media.example.com/videos/"}, "url"),
        ("sign-prefix-refuse-not-http", "sign_prefix",
         {"url": "https://media.example.com/videos/a", "prefix": "media.example.com/videos/"}, "prefix"),
        ("sign-prefix-refuse-fragment", "sign_prefix",
         {"url": "https://media.example.com/videos/a", "prefix": "https://media.example.com/videos/#x"}, "prefix"),
        ("sign-path-refuse-query-prefix", "sign_path",
         {"prefix": "https://media.example.com/video?x=1", "rest": "a.m3u8"}, "prefix"),
        ("sign-path-refuse-rest-with-query", "sign_path",
         {"prefix": "https://media.example.com/video/", "rest": "a.m3u8#frag"}, "rest"),
        ("sign-cookie-refuse-fragment", "sign_cookie", {"prefix": "https://media.example.com/v/#x"}, "prefix"),
        ("sign-cookie-refuse-empty-prefix", "sign_cookie", {"prefix": ""}, "prefix"),
    ]
    return [{"id": cid, "input": dict(dict({"op": op}, **base), **inp),
             "expected": g.error(field, "invalid_input"), "source": "design"}
            for cid, op, inp, field in rows]


# ---- tokens ---------------------------------------------------------------------------

KEYS_BY_ALG = {
    "ed25519": ("mediacdn-ed25519.seed.b64url-nopad", g.ED_MAIN_SEED),
    "hmac-sha1": ("mediacdn-hmac-sha1.secret.b64url", g.HMAC_SHA1_SECRET),
    "hmac-sha256": ("mediacdn-hmac-sha256.secret.b64url", g.HMAC_SHA256_SECRET),
}


def token_input(algorithm, key_file=None, key_text=None, **kw):
    inp = {"op": "token", "algorithm": algorithm}
    if key_text is not None:
        inp["key_text"] = key_text
    else:
        inp["key_file"] = key_file or KEYS_BY_ALG[algorithm][0]
    for k, v in kw.items():
        if v is not None:
            inp[k] = [list(h) for h in v] if k == "headers" else v
    inp.setdefault("expires", EXP)
    return inp


def token_cases():
    cases = []

    def add(cid, algorithm, padded=False, param=None, **kw):
        key = KEYS_BY_ALG[algorithm][1]
        glob_sep = kw.pop("glob_separator", ",")
        signed, tok = token(algorithm, key, glob_sep=glob_sep, padded=padded, **kw)
        inp = token_input(algorithm, **kw)
        if glob_sep != ",":
            inp["glob_separator"] = glob_sep
        if padded:
            inp["padded"] = True
        if param:
            inp["param"] = param
        cases.append({"id": cid, "input": inp,
                      "expected": {"signed_value": signed, "token": tok,
                                   "query": f"{param or PARAM}={tok}",
                                   "cookie": f"Edge-Cache-Cookie={tok}"},
                      "source": "docs-formula"})

    add("token-ed25519-pathglobs", "ed25519", path_globs=["/videos/*", "/thumbs/*.jpg"])
    add("token-ed25519-pathglobs-bang", "ed25519", path_globs=["/tv/*", "/film/*"], glob_separator="!")
    add("token-ed25519-urlprefix-starts", "ed25519", url_prefix="https://media.example.com/videos/",
        starts=NOW - 60)
    add("token-ed25519-fullpath", "ed25519", full_path="/videos/main.m3u8")
    add("token-ed25519-all-fields-padded", "ed25519", padded=True, path_globs=["/live/*"], starts=NOW,
        session_id="sess-42", data="plan:gold", headers=[("X-Client-Id", "abc123"), ("User-Agent", "Player/1.0")],
        ip_ranges=["203.0.113.0/24", "2001:db8::/32"])
    add("token-hmac-sha1-urlprefix-session", "hmac-sha1", url_prefix="https://media.example.com/",
        session_id="s-1")
    add("token-hmac-sha256-fullpath-headers-ips", "hmac-sha256", full_path="/a/b.mpd",
        headers=[("X-Client-Id", "abc123")], ip_ranges=["198.51.100.7/32"])
    add("token-hmac-sha256-pathglobs-custom-param", "hmac-sha256", param="tok", path_globs=["/*"],
        data="free-tier")
    add("token-ed25519-five-globs", "ed25519", path_globs=["/a/*", "/b/*", "/c/*", "/d/*", "/e/?.ts"])

    # D1/D3: the dual-token short-lived token, Expires = now + 60 by default.
    signed, tok = token("ed25519", g.ED_MAIN_SEED, url_prefix="https://media.example.com/live/",
                        expires=NOW + 60)
    cases.append({"id": "token-short-lived-default-60s",
                  "input": {"op": "short_lived_token", "algorithm": "ed25519", "key_file": MAIN_KEY,
                            "url_prefix": "https://media.example.com/live/", "now": NOW},
                  "expected": {"signed_value": signed, "token": tok, "query": f"{PARAM}={tok}",
                               "cookie": f"Edge-Cache-Cookie={tok}"},
                  "source": "docs-formula"})
    signed, tok = token("hmac-sha256", g.HMAC_SHA256_SECRET, path_globs=["/live/*"], expires=NOW + 30)
    cases.append({"id": "token-short-lived-30s-hmac",
                  "input": {"op": "short_lived_token", "algorithm": "hmac-sha256",
                            "key_file": "mediacdn-hmac-sha256.secret.b64url",
                            "path_globs": ["/live/*"], "now": NOW, "lifetime": 30},
                  "expected": {"signed_value": signed, "token": tok, "query": f"{PARAM}={tok}",
                               "cookie": f"Edge-Cache-Cookie={tok}"},
                  "source": "docs-formula"})
    return cases


# Google's published tokens (python-docs-samples media-cdn/dualtoken_test.py).
G_DT_ED_KEY = "DJUcnLguVFKmVCFnWGubG1MZg7fWAnxacMjKDhVZMGI="
G_DT_HMAC_KEY = "g_SlMILiIWKqsC6Z2L7gy0sReDOqtSrJrE7CXNr5Nl8="
G_DT_STARTS = 1663027200   # 2022-09-13T00:00:00Z
G_DT_EXPIRES = 1663070400  # 2022-09-13T12:00:00Z
G_DT_IPS = "203.0.113.0/24,2001:db8:4a7f:a732/64"
G_DT_HEADERS = [("Foo", "bar"), ("BAZ", "quux")]
G_DT = [
    ("ed25519", {"url_prefix": "http://10.20.30.40/"},
     "URLPrefix=aHR0cDovLzEwLjIwLjMwLjQwLw~Expires=1663070400~Signature=OQLXEjnApFGJaGZ_jvp2R7VY5q3ic-HT3igFpi9iPsJRXtQuvPF4cxZUT-rtCqzteXx3vSRhk09FxgDQauO_DA"),
    ("ed25519", {"path_globs": ["/*"]},
     "PathGlobs=/*~Expires=1663070400~Signature=9pBdD_6O6LB-4V67HZ_SOc2G_jIkSZ_tMsKnVqElmPlwKB_xDiW7DKAnv8L8CmweeZquaLFlnLogbMcIV8bNCQ"),
    ("ed25519", {"full_path": "/example.m3u8"},
     "FullPath~Expires=1663070400~Signature=X74OTNjtseIUmsab-YiOTZ8jyX_KG7v4YQWwcFpfFmjhzaX8NdweMc9Wglj8wxEsEW85g3_MBG3T9jzLZFQDCw"),
    ("hmac-sha1", {"url_prefix": "http://10.20.30.40/"},
     "URLPrefix=aHR0cDovLzEwLjIwLjMwLjQwLw~Expires=1663070400~hmac=6f5b4bb82536810d5ee111cba3e534d49c6ac3cb"),
    ("hmac-sha1", {"path_globs": ["/*"]},
     "PathGlobs=/*~Expires=1663070400~hmac=c1c446eea24faa31392519f975fea7eefb945625"),
    ("hmac-sha1", {"full_path": "/example.m3u8"},
     "FullPath~Expires=1663070400~hmac=7af78177d6bc001d5626eefe387b1774a4a99ca2"),
    ("hmac-sha256", {"url_prefix": "http://10.20.30.40/"},
     "URLPrefix=aHR0cDovLzEwLjIwLjMwLjQwLw~Expires=1663070400~hmac=409722313cf6d987da44bb360e60dccc3d79764520fc5e3b57654e1d4d2c862e"),
    ("hmac-sha256", {"path_globs": ["/*"]},
     "PathGlobs=/*~Expires=1663070400~hmac=9439ecdd5c4919f76f915dea72afa85a045579794e63d8cda664f5a1140c8d93"),
    ("hmac-sha256", {"full_path": "/example.m3u8"},
     "FullPath~Expires=1663070400~hmac=365b41fd77297371d890fc9a56e4e3d3baa4c7afbd230a0e9a81c8e1bcab9420"),
]
G_DT_ALL = {
    "ed25519": "PathGlobs=/*~Starts=1663027200~Expires=1663070400~SessionID=test-id~Data=test-data~Headers=Foo,BAZ~IPRanges=MjAzLjAuMTEzLjAvMjQsMjAwMTpkYjg6NGE3ZjphNzMyLzY0~Signature=A7u67hveGxGvP8KBWZlUuH0IsqhS4a2lcsXwy3uc4X3zaVuw7LY-2FQT1ZF8UxkSFAsDS3_0LYnXwXB2XdepDg",
    "hmac-sha1": "PathGlobs=/*~Starts=1663027200~Expires=1663070400~SessionID=test-id~Data=test-data~Headers=Foo,BAZ~IPRanges=MjAzLjAuMTEzLjAvMjQsMjAwMTpkYjg6NGE3ZjphNzMyLzY0~hmac=b8242e8b76cbfbbd61b3540ed0eb60a2ec2fdbdb",
    "hmac-sha256": "PathGlobs=/*~Starts=1663027200~Expires=1663070400~SessionID=test-id~Data=test-data~Headers=Foo,BAZ~IPRanges=MjAzLjAuMTEzLjAvMjQsMjAwMTpkYjg6NGE3ZjphNzMyLzY0~hmac=dda9c3d6f3b2e867a09fbb76209ea138dd81f8512210f970d1e92f90927bef4b",
}

# Older published tokens (media-cdn/snippets_test.py `sign_token`): HMAC keys in
# the standard alphabet, Ed25519 Signature padded.
G_OLD_EXP = 1650848400
G_OLD = [
    ("hmac-sha1", "9koFqysqLzTsU5Mm7BDsVjOjDqN8RRrmsu3Oojxj7mo=", "http://35.186.234.33", G_OLD_EXP,
     "URLPrefix=aHR0cDovLzM1LjE4Ni4yMzQuMzM~Expires=1650848400~hmac=88d75457e5e729234460b11c7bdff0138222ed3a"),
    ("hmac-sha1", "o7SD7eS/5q0ZNEVPKkPRAo6Yl3aPFXCh62Kyez1ygIQ=", "http://www.example.com", G_OLD_EXP,
     "URLPrefix=aHR0cDovL3d3dy5leGFtcGxlLmNvbQ~Expires=1650848400~hmac=9103fd35ef2b628955ac0ba0cf1f16e1e7efd1da"),
    ("hmac-sha256", "dhs2goW4rKqaYap+xcLCh2gYJIZQv9p1R1vHvRGH4CU=", "http://www.example.com", G_OLD_EXP,
     "URLPrefix=aHR0cDovL3d3dy5leGFtcGxlLmNvbQ~Expires=1650848400~hmac=adf7ec51554ed1ba0d4806ba79ea36cb23680a41cb38a46b77b6359680400837"),
    ("ed25519", "Auo-t35Q1R_pk7sn2J6m_dhsMn-4Lbdlk-6qmmkxdFY=", "http://0.0.0.0/", G_OLD_EXP,
     "URLPrefix=aHR0cDovLzAuMC4wLjAv~Expires=1650848400~Signature=HXJewEzhm6Dda3FlsyaXa_6aCR6CPkz6SQGNApFNZp2AVxb9g96bGtZtmiwRatmrvLOM1pibMO3OeDp3za9oDg=="),
    ("ed25519", "Auo-t35Q1R_pk7sn2J6m_dhsMn-4Lbdlk-6qmmkxdFY=", "http://34.104.35.20/", 1664290336,
     "URLPrefix=aHR0cDovLzM0LjEwNC4zNS4yMC8~Expires=1664290336~Signature=NSU1VX2IzgZv24cOObQ2-U_R0uHEwyK9PxGFo41wiFKTfnNo60-vkia-tis0IHPjanwtg53pRkumRhqu_iJGCw=="),
]
G_OLD_GLOB = ("Auo-t35Q1R_pk7sn2J6m_dhsMn-4Lbdlk-6qmmkxdFY=", "/shankar/*", 1664290336,
              "PathGlobs=/shankar/*~Expires=1664290336~Signature=W9A9DSHa3bIE3S_Z4xHFmHkCFLCfOxgVqSnkPI6srIRyzHTX1Yc3LZi0F5Ec3PQeZyG-UiyA-mUzd5jOMhUsCw==")


def google_token_cases():
    cases = []
    ed = g.b64_any_decode(G_DT_ED_KEY)
    sec = g.b64_any_decode(G_DT_HMAC_KEY)
    for i, (alg, kw, published) in enumerate(G_DT):
        key = ed if alg == "ed25519" else sec
        signed, tok = token(alg, key, expires=G_DT_EXPIRES, **kw)
        assert tok == published, (alg, kw, tok)
        cases.append({"id": f"google-sample-dualtoken-{alg}-{list(kw)[0].replace('_', '-')}",
                      "input": token_input(alg, key_text=G_DT_ED_KEY if alg == "ed25519" else G_DT_HMAC_KEY,
                                           expires=G_DT_EXPIRES, **kw),
                      "expected": {"signed_value": signed, "token": tok, "query": f"{PARAM}={tok}",
                                   "cookie": f"Edge-Cache-Cookie={tok}"},
                      "source": "google-sample"})
    for alg, key_text, prefix, exp, published in G_OLD:
        key = g.b64_any_decode(key_text)
        padded = alg == "ed25519"
        signed, tok = token(alg, key, url_prefix=prefix, expires=exp, padded=padded)
        assert tok == published, (alg, prefix, tok)
        inp = token_input(alg, key_text=key_text, url_prefix=prefix, expires=exp)
        if padded:
            inp["padded"] = True
        cases.append({"id": f"google-sample-snippets-{alg}-{prefix.split('//')[1].strip('/').replace('.', '-')}",
                      "input": inp,
                      "expected": {"signed_value": signed, "token": tok, "query": f"{PARAM}={tok}",
                                   "cookie": f"Edge-Cache-Cookie={tok}"},
                      "source": "google-sample"})
    key_text, glob, exp, published = G_OLD_GLOB
    signed, tok = token("ed25519", g.b64_any_decode(key_text), path_globs=[glob], expires=exp, padded=True)
    assert tok == published
    inp = token_input("ed25519", key_text=key_text, path_globs=[glob], expires=exp)
    inp["padded"] = True
    cases.append({"id": "google-sample-snippets-ed25519-pathglobs", "input": inp,
                  "expected": {"signed_value": signed, "token": tok, "query": f"{PARAM}={tok}",
                               "cookie": f"Edge-Cache-Cookie={tok}"},
                  "source": "google-sample"})
    # The all-parameters tokens: reproduced here, but our signer refuses to make
    # them (their IPRanges holds "2001:db8:4a7f:a732/64", not an IPv6 CIDR; T11).
    # They are verified below instead.
    for alg, published in G_DT_ALL.items():
        key = ed if alg == "ed25519" else sec
        _, tok = token(alg, key, path_globs=["/*"], starts=G_DT_STARTS, expires=G_DT_EXPIRES,
                       session_id="test-id", data="test-data", headers=G_DT_HEADERS,
                       ip_ranges=G_DT_IPS.split(","))
        assert tok == published, (alg, tok)
    cases.append({"id": "google-sample-dualtoken-all-params-refused",
                  "input": token_input("ed25519", key_text=G_DT_ED_KEY, path_globs=["/*"], starts=G_DT_STARTS,
                                       expires=G_DT_EXPIRES, session_id="test-id", data="test-data",
                                       headers=G_DT_HEADERS, ip_ranges=G_DT_IPS.split(",")),
                  "expected": g.error("ip_ranges", "invalid_input"), "source": "design"})
    return cases


def token_refusals():
    ok_globs = ["/videos/*"]
    rows = [
        ("token-refuse-no-path-field", {}, "scope"),
        ("token-refuse-two-path-fields", {"path_globs": ok_globs, "url_prefix": "https://media.example.com/"}, "scope"),
        ("token-refuse-three-path-fields", {"path_globs": ok_globs, "url_prefix": "https://m.example.com/",
                                            "full_path": "/a"}, "scope"),
        ("token-refuse-six-globs", {"path_globs": ["/a", "/b", "/c", "/d", "/e", "/f"]}, "path_globs"),
        ("token-refuse-empty-glob-list", {"path_globs": []}, "path_globs"),
        ("token-refuse-glob-tilde", {"path_globs": ["/videos/~me/*"]}, "path_globs"),
        ("token-refuse-glob-comma", {"path_globs": ["/a,/b"]}, "path_globs"),
        ("token-refuse-glob-bang-inside", {"path_globs": ["/a!/b"]}, "path_globs"),
        ("token-refuse-glob-semicolon", {"path_globs": ["/a;v=1/*"]}, "path_globs"),
        ("token-refuse-glob-relative", {"path_globs": ["videos/*"]}, "path_globs"),
        ("token-refuse-glob-space", {"path_globs": ["/my videos/*"]}, "path_globs"),
        ("token-refuse-glob-separator", {"path_globs": ok_globs, "glob_separator": ";"}, "glob_separator"),
        # a separator is one character; the surfaces that take text refuse more
        ("token-refuse-glob-separator-two", {"path_globs": ok_globs, "glob_separator": ";;"}, "glob_separator"),
        # a separator that is neither is refused whatever the token's scope
        ("token-refuse-glob-separator-no-globs",
         {"url_prefix": "https://media.example.com/videos/", "glob_separator": ";"}, "glob_separator"),
        ("token-refuse-urlprefix-not-http", {"url_prefix": "media.example.com/videos/"}, "url_prefix"),
        ("token-refuse-urlprefix-fragment", {"url_prefix": "https://media.example.com/v/#x"}, "url_prefix"),
        ("token-refuse-fullpath-relative", {"full_path": "videos/a.m3u8"}, "full_path"),
        ("token-refuse-fullpath-query", {"full_path": "/videos/a.m3u8?x=1"}, "full_path"),
        ("token-refuse-session-empty", {"path_globs": ok_globs, "session_id": ""}, "session_id"),
        ("token-refuse-session-tilde", {"path_globs": ok_globs, "session_id": "a~b"}, "session_id"),
        ("token-refuse-session-too-long", {"path_globs": ok_globs, "session_id": "s" * 1025}, "session_id"),
        ("token-refuse-data-ampersand", {"path_globs": ok_globs, "data": "a&b=c"}, "data"),
        ("token-refuse-data-empty", {"path_globs": ok_globs, "data": ""}, "data"),
        ("token-refuse-data-non-ascii", {"path_globs": ok_globs, "data": "café"}, "data"),
        ("token-refuse-header-name-colon", {"path_globs": ok_globs, "headers": [("X-Id:", "1")]}, "headers"),
        ("token-refuse-header-name-comma", {"path_globs": ok_globs, "headers": [("X,Id", "1")]}, "headers"),
        # The token travels in a query or cookie: '&' would end it (found by fuzzing).
        ("token-refuse-header-name-ampersand", {"path_globs": ok_globs, "headers": [("X&Id", "1")]}, "headers"),
        ("token-refuse-header-value-tilde", {"path_globs": ok_globs, "headers": [("X-Id", "a~b")]}, "headers"),
        ("token-refuse-header-value-starts-pair", {"path_globs": ok_globs, "headers": [("X-Id", "a,X-B=b")]}, "headers"),
        ("token-refuse-header-value-newline", {"path_globs": ok_globs, "headers": [("X-Id", "1\r\nX: y")]}, "headers"),
        ("token-refuse-header-duplicate", {"path_globs": ok_globs, "headers": [("X-Id", "1"), ("x-id", "2")]}, "headers"),
        ("token-refuse-header-empty-value", {"path_globs": ok_globs, "headers": [("X-Id", "")]}, "headers"),
        ("token-refuse-six-ip-ranges", {"path_globs": ok_globs, "ip_ranges": [f"10.0.{i}.0/24" for i in range(6)]}, "ip_ranges"),
        ("token-refuse-ip-prefix-33", {"path_globs": ok_globs, "ip_ranges": ["10.0.0.0/33"]}, "ip_ranges"),
        ("token-refuse-ip-garbage", {"path_globs": ok_globs, "ip_ranges": ["not-an-ip"]}, "ip_ranges"),
        ("token-refuse-ip-empty-list", {"path_globs": ok_globs, "ip_ranges": []}, "ip_ranges"),
        ("token-refuse-expires-not-after-starts", {"path_globs": ok_globs, "starts": EXP}, "expires"),
        ("token-refuse-expires-milliseconds", {"path_globs": ok_globs, "expires": EXP * 1000}, "expires"),
        ("token-refuse-starts-negative", {"path_globs": ok_globs, "starts": -5}, "starts"),
        ("token-refuse-param-digit-first", {"path_globs": ok_globs, "param": "1token"}, "param"),
        ("token-refuse-param-65-chars", {"path_globs": ok_globs, "param": "t" * 65}, "param"),
        ("token-refuse-param-dot", {"path_globs": ok_globs, "param": "edge.token"}, "param"),
    ]
    cases = []
    for cid, kw, field in rows:
        kw = dict(kw)
        param = kw.pop("param", None)
        sep = kw.pop("glob_separator", None)
        inp = token_input("ed25519", **kw)
        if param is not None:
            inp["param"] = param
        if sep is not None:
            inp["glob_separator"] = sep
        cases.append({"id": cid, "input": inp, "expected": g.error(field, "invalid_input"), "source": "design"})
    cases.append({"id": "token-refuse-hmac-secret-15-bytes",
                  "input": token_input("hmac-sha256", key_text=g.b64url(b"0123456789abcde"), path_globs=ok_globs),
                  "expected": g.error("secret", "invalid_key"), "source": "design"})
    cases.append({"id": "token-accept-param-64-chars",
                  "input": dict(token_input("hmac-sha1", path_globs=ok_globs), param="t" * 64),
                  "expected": {"query_prefix": "t" * 64 + "="}, "source": "design"})
    return cases


# ---- verification ---------------------------------------------------------------------------

def verify_cases():
    cases = []
    seed, seed2, other = g.ED_MAIN_SEED, g.ED_SECOND_SEED, g.ED_OTHER_SEED
    host = "https://media.example.com"

    def add(cid, request, expected, keyset=KEYSET, source="design", **config):
        inp = {"op": "verify", "keyset": keyset, "request": dict({"headers": [], "now": NOW}, **request)}
        inp.update(config)
        cases.append({"id": cid, "input": inp, "expected": expected, "source": source})

    # A route allows Ed25519 alone unless it lists more (T17): HMAC cases
    # name the route's allowedSignatureAlgorithms.
    hmac_route = {"allowed_algorithms": ["ed25519", "hmac-sha1", "hmac-sha256"]}

    def ok(form, key_id, expires=EXP):
        return {"ok": True, "form": form, "key_id": key_id, "expires": expires}

    def rej(code, field=None):
        return g.error(field, code)

    # Tokens.
    _, t = token("ed25519", seed, path_globs=["/videos/*", "/thumbs/*.jpg"])
    add("verify-token-ed25519-ok", {"url": with_param(f"{host}/videos/hd/seg-1.ts", t)}, ok("token", "key-1"))
    add("verify-token-glob-star-spans-slashes", {"url": with_param(f"{host}/thumbs/a/b/c.jpg", t)}, ok("token", "key-1"))
    add("verify-token-glob-wrong-path", {"url": with_param(f"{host}/private/a.ts", t)}, rej("url_mismatch"))
    add("verify-token-glob-suffix-mismatch", {"url": with_param(f"{host}/thumbs/a.png", t)}, rej("url_mismatch"))
    add("verify-token-glob-dot-segments", {"url": with_param(f"{host}/videos/../private/a.ts", t)},
        rej("url_mismatch"))
    add("verify-token-glob-encoded-slash-dot-segments", {"url": with_param(f"{host}/videos/..%2Fprivate/a.ts", t)},
        rej("url_mismatch"))
    add("verify-token-at-expires-is-expired", {"url": with_param(f"{host}/videos/a.ts", t), "now": EXP},
        rej("expired"))
    add("verify-token-expired", {"url": with_param(f"{host}/videos/a.ts", t), "now": EXP + 37}, rej("expired"))
    add("verify-token-max-ttl-exceeded", {"url": with_param(f"{host}/videos/a.ts", t)},
        rej("timestamp_in_future", "Expires"), max_expiration_ttl=600)
    add("verify-token-within-max-ttl", {"url": with_param(f"{host}/videos/a.ts", t)}, ok("token", "key-1"),
        max_expiration_ttl=3600)
    tampered = t.replace(f"Expires={EXP}", f"Expires={EXP + 86400}")
    add("verify-token-tampered-expires", {"url": with_param(f"{host}/videos/a.ts", tampered)}, rej("bad_signature"))
    add("verify-token-tampered-glob", {"url": with_param(f"{host}/videos/a.ts", t.replace("/videos/*", "/*"))},
        rej("bad_signature"))
    add("verify-token-in-cookie", {"url": f"{host}/videos/a.ts", "cookie": f"session=1; Edge-Cache-Cookie={t}"},
        ok("token_cookie", "key-1"))
    add("verify-token-ed25519-unknown-signer",
        {"url": with_param(f"{host}/videos/a.ts", token("ed25519", other, path_globs=["/videos/*"])[1])},
        rej("bad_signature"))

    _, t2 = token("ed25519", seed2, url_prefix=f"{host}/videos/", starts=NOW - 10)
    add("verify-token-second-key-rotation", {"url": with_param(f"{host}/videos/a.m3u8", t2)}, ok("token", "key-2"))
    add("verify-token-urlprefix-outside", {"url": with_param(f"{host}/other/a.m3u8", t2)}, rej("url_mismatch"))
    add("verify-token-urlprefix-other-host", {"url": with_param("https://evil.example.com/videos/a.m3u8", t2)},
        rej("url_mismatch"))
    add("verify-token-not-yet-valid", {"url": with_param(f"{host}/videos/a.m3u8", t2), "now": NOW - 11},
        rej("not_yet_valid"))
    add("verify-token-at-starts-is-valid", {"url": with_param(f"{host}/videos/a.m3u8", t2), "now": NOW - 10},
        ok("token", "key-2"))

    _, tp = token("ed25519", seed, full_path="/videos/main.m3u8", padded=True)
    add("verify-token-fullpath-padded-signature", {"url": with_param(f"{host}/videos/main.m3u8?x=1", tp)},
        ok("token", "key-1"))
    add("verify-token-fullpath-other-path", {"url": with_param(f"{host}/videos/other.m3u8", tp)},
        rej("bad_signature"))

    _, th1 = token("hmac-sha1", g.HMAC_SHA1_SECRET, url_prefix=f"{host}/", session_id="s-1")
    add("verify-token-hmac-sha1-ok", {"url": with_param(f"{host}/a.m3u8", th1)}, ok("token", "secret-sha1"),
        **hmac_route)
    add("verify-token-hmac-refused-by-default-route", {"url": with_param(f"{host}/a.m3u8", th1)},
        rej("algorithm_not_allowed", "hmac"))
    add("verify-token-hmac-not-allowed-without-secrets", {"url": with_param(f"{host}/a.m3u8", th1)},
        rej("algorithm_not_allowed", "hmac"), keyset=KEYSET_ED_ONLY)
    add("verify-token-hmac-allowed-without-secrets", {"url": with_param(f"{host}/a.m3u8", th1)},
        rej("unknown_key"), keyset=KEYSET_ED_ONLY, **hmac_route)
    add("verify-token-hmac-algorithm-disabled", {"url": with_param(f"{host}/a.m3u8", th1)},
        rej("algorithm_not_allowed", "hmac"), allowed_algorithms=["ed25519", "hmac-sha256"])
    add("verify-token-hmac-tampered-tag", {"url": with_param(f"{host}/a.m3u8", th1[:-1] + ("0" if th1[-1] != "0" else "1"))},
        rej("bad_signature"), **hmac_route)

    hdrs = [("X-Client-Id", "abc123")]
    _, th2 = token("hmac-sha256", g.HMAC_SHA256_SECRET, full_path="/a/b.mpd", headers=hdrs,
                   ip_ranges=["198.51.100.0/24", "2001:db8::/32"])
    u = with_param(f"{host}/a/b.mpd", th2)
    add("verify-token-hmac-sha256-headers-ip-ok", {"url": u, "headers": [["x-client-id", "abc123"]],
                                                   "client_ip": "198.51.100.7"}, ok("token", "secret-sha256"), **hmac_route)
    add("verify-token-ipv6-in-range", {"url": u, "headers": [["X-Client-Id", "abc123"]],
                                       "client_ip": "2001:db8:1::5"}, ok("token", "secret-sha256"), **hmac_route)
    add("verify-token-wrong-ip", {"url": u, "headers": [["X-Client-Id", "abc123"]], "client_ip": "192.0.2.1"},
        rej("ip_not_allowed"), **hmac_route)
    add("verify-token-no-client-ip", {"url": u, "headers": [["X-Client-Id", "abc123"]]}, rej("ip_not_allowed"), **hmac_route)
    add("verify-token-header-missing", {"url": u, "client_ip": "198.51.100.7"}, rej("header_mismatch", "Headers"), **hmac_route)
    add("verify-token-header-wrong-value", {"url": u, "headers": [["X-Client-Id", "zzz"]],
                                            "client_ip": "198.51.100.7"}, rej("bad_signature"), **hmac_route)
    # A bound header sent twice is refused, not joined (T22).
    add("verify-token-header-repeated", {"url": u, "headers": [["X-Client-Id", "abc"], ["X-Client-Id", "123"]],
                                         "client_ip": "198.51.100.7"}, rej("malformed", "Headers"), **hmac_route)

    # Issue 13, finding 1: request data pasted into the signed value must not
    # stand in for token fields (T22). Each legitimate token is signed here
    # with Python cryptography; the forged request edits it as an attacker
    # would so that the rebuilt signed value is byte-identical.
    two = [("X-A", "a"), ("X-B", "b")]
    net = g.b64url(b"203.0.113.0/24")
    _, legit = token("ed25519", seed, path_globs=["/v/*"], headers=two, ip_ranges=["203.0.113.0/24"])
    add("verify-token-headers-ok", {"url": with_param(f"{host}/v/a.ts", legit),
                                    "headers": [["X-A", "a"], ["X-B", "b"]], "client_ip": "203.0.113.9"},
        ok("token", "key-1"))
    dropped = legit.replace(f"~IPRanges={net}", "")
    add("verify-forged-ipranges-moved-into-header",
        {"url": with_param(f"{host}/v/a.ts", dropped),
         "headers": [["X-A", "a"], ["X-B", f"b~IPRanges={net}"]], "client_ip": "198.51.100.9"},
        rej("malformed", "Headers"))
    _, legit2 = token("ed25519", seed, path_globs=["/v/*"], headers=two)
    folded = legit2.replace("Headers=X-A,X-B", "Headers=X-A")
    add("verify-forged-header-folded-into-another",
        {"url": with_param(f"{host}/v/a.ts", folded), "headers": [["X-A", "a,X-B=b"]]},
        rej("malformed", "Headers"))
    add("verify-forged-header-folded-by-repetition",
        {"url": with_param(f"{host}/v/a.ts", folded), "headers": [["X-A", "a"], ["X-A", "X-B=b"]]},
        rej("malformed", "Headers"))
    add("verify-token-header-list-value-ok",
        {"url": with_param(f"{host}/v/a.ts", token("ed25519", seed, path_globs=["/v/*"],
                                                   headers=[("Accept-Encoding", "gzip, br,zstd")])[1]),
         "headers": [["accept-encoding", "gzip, br,zstd"]]},
        ok("token", "key-1"))
    # A name listed twice in Headers (the second copy's value would be
    # hashed again for every key tried, and the list could read two ways).
    signed_twice = f"PathGlobs=/v/*~Expires={EXP}~Headers=X-A=a,x-a=a"
    twice = f"PathGlobs=/v/*~Expires={EXP}~Headers=X-A,x-a~Signature={sig_text(seed, signed_twice, False)}"
    add("verify-token-header-named-twice", {"url": with_param(f"{host}/v/a.ts", twice), "headers": [["X-A", "a"]]},
        rej("malformed", "Headers"))
    big = "v" * 1025
    add("verify-token-header-value-too-long",
        {"url": with_param(f"{host}/v/a.ts", token("ed25519", seed, path_globs=["/v/*"], headers=[("X-A", big)])[1]),
         "headers": [["X-A", big]]},
        rej("malformed", "Headers"))
    # Finding 2: a FullPath token's Starts moved into the request path (T23).
    _, fp = token("ed25519", seed, full_path="/v/a.ts", starts=NOW + 1000)
    add("verify-token-fullpath-not-yet-valid", {"url": with_param(f"{host}/v/a.ts", fp)}, rej("not_yet_valid"))
    moved = fp.replace(f"~Starts={NOW + 1000}", "")
    add("verify-forged-fullpath-starts-moved-into-path",
        {"url": with_param(f"{host}/v/a.ts~Starts={NOW + 1000}", moved)}, rej("malformed", "FullPath"))
    _, tilde = token("ed25519", seed, full_path="/~user/a~b.ts")
    add("verify-token-fullpath-tilde-path-ok", {"url": with_param(f"{host}/~user/a~b.ts", tilde)},
        ok("token", "key-1"))

    # IPv4-mapped ranges and clients are IPv4 (core/src/ip.rs, the rule every
    # provider shares; Google's docs are silent on mapped addresses).
    _, tm = token("ed25519", seed, path_globs=["/videos/*"], ip_ranges=["::ffff:203.0.113.0/120", "::/0"])
    um = with_param(f"{host}/videos/a.ts", tm)
    add("verify-token-ip-mapped-range-admits-ipv4", {"url": um, "client_ip": "203.0.113.5"}, ok("token", "key-1"))
    add("verify-token-ip-mapped-range-admits-mapped", {"url": um, "client_ip": "::ffff:203.0.113.5"},
        ok("token", "key-1"))
    add("verify-token-ip-mapped-range-outside", {"url": um, "client_ip": "203.0.114.5"}, rej("ip_not_allowed"))
    add("verify-token-ip-ipv6-range-not-for-ipv4", {"url": with_param(
        f"{host}/videos/a.ts", token("ed25519", seed, path_globs=["/videos/*"], ip_ranges=["::/0"])[1]),
        "client_ip": "::ffff:203.0.113.5"}, rej("ip_not_allowed"))
    add("verify-token-ip-ipv4-range-admits-mapped", {"url": with_param(f"{host}/a/b.mpd", th2),
                                                     "headers": [["X-Client-Id", "abc123"]],
                                                     "client_ip": "::ffff:198.51.100.7"}, ok("token", "secret-sha256"),
        **hmac_route)

    _, tc = token("hmac-sha256", g.HMAC_SHA256_SECRET, path_globs=["/*"], data="free-tier")
    add("verify-token-custom-param", {"url": with_param(f"{host}/x.ts", tc, "tok")}, ok("token", "secret-sha256"),
        param="tok", **hmac_route)
    add("verify-token-custom-param-not-configured", {"url": with_param(f"{host}/x.ts", tc, "tok")},
        rej("missing_credential"), **hmac_route)

    _, ta = token("ed25519", seed, path_globs=["/videos/*"], session_id="s-9", data="d",
                  names={"PathGlobs": "acl", "SessionID": "id", "Data": "payload"})
    add("verify-token-aliases", {"url": with_param(f"{host}/videos/a.ts", ta)}, ok("token", "key-1"))
    add("verify-token-alias-scope-applies", {"url": with_param(f"{host}/music/a.ts", ta)}, rej("url_mismatch"))

    def raw_token(fields, key=seed):
        signed = "~".join(fields)
        return f"{signed}~Signature={sig_text(key, signed, False)}"
    add("verify-token-unknown-field", {"url": with_param(f"{host}/v/a.ts", raw_token(["PathGlobs=/*", f"Expires={EXP}", "Color=red"]))},
        rej("malformed", "token"))
    add("verify-token-duplicate-field", {"url": with_param(f"{host}/v/a.ts", raw_token(["PathGlobs=/*", f"Expires={EXP}", f"Expires={EXP}"]))},
        rej("malformed", "Expires"))
    add("verify-token-two-path-fields", {"url": with_param(f"{host}/v/a.ts", raw_token(["PathGlobs=/*", "FullPath", f"Expires={EXP}"]))},
        rej("malformed", "scope"))
    add("verify-token-no-path-field", {"url": with_param(f"{host}/v/a.ts", raw_token([f"Expires={EXP}"]))},
        rej("malformed", "scope"))
    add("verify-token-no-expires", {"url": with_param(f"{host}/v/a.ts", raw_token(["PathGlobs=/*"]))},
        rej("malformed", "Expires"))
    add("verify-token-six-globs", {"url": with_param(f"{host}/a", raw_token(["PathGlobs=/a,/b,/c,/d,/e,/f", f"Expires={EXP}"]))},
        rej("malformed", "PathGlobs"))
    add("verify-token-no-signature", {"url": with_param(f"{host}/v/a.ts", f"PathGlobs=/*~Expires={EXP}")},
        rej("malformed", "Signature"))
    add("verify-token-expires-not-a-number", {"url": with_param(f"{host}/v/a.ts", raw_token(["PathGlobs=/*", "Expires=soon"]))},
        rej("malformed", "Expires"))

    # Google's all-parameters tokens, verified with Google's sample keys.
    for alg, tok in G_DT_ALL.items():
        if alg == "ed25519":
            ks = {"name": "sample", "public_keys": [{"id": "sample-ed25519",
                  "value": g.keyset_value(g.b64_any_decode(G_DT_ED_KEY))}], "shared_keys": []}
            kid = "sample-ed25519"
        else:
            ks = {"name": "sample", "public_keys": [], "shared_keys": [{"id": "sample-secret",
                                                                        "secret_b64": G_DT_HMAC_KEY}]}
            kid = "sample-secret"
        add(f"verify-google-sample-all-params-{alg}",
            {"url": with_param("http://10.20.30.40/example.m3u8", tok), "headers": [["foo", "bar"], ["Baz", "quux"]],
             "client_ip": "203.0.113.50", "now": G_DT_STARTS + 60},
            ok("token", kid, G_DT_EXPIRES), keyset=ks, source="google-sample",
            **({} if alg == "ed25519" else hmac_route))

    # Signature forms.
    s_url = sign_url(seed, "key-1", f"{host}/content/manifest.m3u8", EXP)[1]
    add("verify-signed-url-ok", {"url": s_url}, ok("signed_url", "key-1"))
    s_pad = sign_url(seed, "key-1", f"{host}/content/manifest.m3u8?q=1", EXP, padded=True)[1]
    add("verify-signed-url-padded-ok", {"url": s_pad}, ok("signed_url", "key-1"))
    # The Signature's padding is not signed: both spellings verify (S12).
    add("verify-signed-url-padding-stripped-ok", {"url": s_pad.rstrip("=")}, ok("signed_url", "key-1"))
    add("verify-signed-url-tampered-path", {"url": s_url.replace("manifest", "secret")}, rej("bad_signature"))
    add("verify-signed-url-expired", {"url": s_url, "now": EXP + 1}, rej("expired"))
    add("verify-signed-url-unknown-key-name", {"url": sign_url(seed, "nope", f"{host}/a", EXP)[1]},
        rej("unknown_key", "KeyName"))
    add("verify-signed-url-keyset-name", {"url": sign_url(seed2, KEYSET_NAME, f"{host}/a", EXP)[1]},
        ok("signed_url", "key-2"))
    add("verify-signed-url-param-after-signature", {"url": s_url + "&x=1"}, rej("malformed", "Signature"))
    add("verify-signed-url-wrong-key", {"url": sign_url(other, "key-1", f"{host}/a", EXP)[1]}, rej("bad_signature"))
    add("verify-signed-url-hmac-keys-unused", {"url": sign_url(seed, "key-1", f"{host}/a", EXP)[1]},
        ok("signed_url", "key-1"), keyset={"name": KEYSET_NAME, "public_keys": KEYSET["public_keys"][:1],
                                           "shared_keys": KEYSET["shared_keys"]})

    s_pre = sign_prefix(seed, "key-1", f"{host}/videos/a.m3u8", f"{host}/videos/", EXP)[1]
    add("verify-signed-prefix-ok", {"url": s_pre}, ok("signed_prefix", "key-1"))
    query = s_pre.split("?", 1)[1]
    add("verify-signed-prefix-reused-on-sibling", {"url": f"{host}/videos/b/seg.ts?{query}"},
        ok("signed_prefix", "key-1"))
    add("verify-signed-prefix-outside", {"url": f"{host}/private/x.ts?{query}"}, rej("url_mismatch"))
    s_pre_pad = sign_prefix(seed, "key-1", f"{host}/videos/a.m3u8", f"{host}/videos/", EXP, padded=True)[1]
    add("verify-signed-prefix-padded-ok", {"url": s_pre_pad}, ok("signed_prefix", "key-1"))
    # URLPrefix is inside the signed value: its padding must stay as signed.
    p31 = f"{host}/video/"
    s_p31 = sign_prefix(seed, "key-1", p31 + "a.m3u8", p31, EXP, padded=True)[1]
    enc = g.b64url(p31.encode(), padded=True)
    assert enc.endswith("=")
    add("verify-signed-prefix-padded-urlprefix-ok", {"url": s_p31}, ok("signed_prefix", "key-1"))
    add("verify-signed-prefix-urlprefix-padding-stripped", {"url": s_p31.replace(enc, enc.rstrip("="))},
        rej("bad_signature"))

    s_path = sign_path(seed, "key-1", f"{host}/video/", "manifest.m3u8", EXP)[1]
    add("verify-path-component-ok", {"url": s_path}, ok("path_component", "key-1"))
    add("verify-path-component-relative-child", {"url": s_path.rsplit("/", 1)[0] + "/hd/seg-7.ts"},
        ok("path_component", "key-1"))
    add("verify-path-component-tampered-prefix", {"url": s_path.replace("/video/", "/vide0/")}, rej("bad_signature"))
    add("verify-path-component-expired", {"url": s_path, "now": EXP + 5}, rej("expired"))

    ck = sign_cookie(seed, "key-1", f"{host}/videos/", EXP)[1]
    add("verify-cookie-ok", {"url": f"{host}/videos/a.m3u8", "cookie": f"a=b; Edge-Cache-Cookie={ck}"},
        ok("cookie", "key-1"))
    add("verify-cookie-other-prefix", {"url": f"{host}/music/a.mp3", "cookie": f"Edge-Cache-Cookie={ck}"},
        rej("url_mismatch"))
    add("verify-cookie-expired", {"url": f"{host}/videos/a.m3u8", "cookie": f"Edge-Cache-Cookie={ck}",
                                  "now": EXP + 100}, rej("expired"))
    ck_pad = sign_cookie(seed2, "key-2", f"{host}/videos/", EXP, padded=True)[1]
    add("verify-cookie-padded-second-key", {"url": f"{host}/videos/a.m3u8", "cookie": f"Edge-Cache-Cookie={ck_pad}"},
        ok("cookie", "key-2"))
    add("verify-cookie-tampered", {"url": f"{host}/videos/a.m3u8",
                                   "cookie": "Edge-Cache-Cookie=" + ck.replace(f"Expires={EXP}", f"Expires={EXP + 1}")},
        rej("bad_signature"))

    add("verify-no-credential", {"url": f"{host}/videos/a.m3u8"}, rej("missing_credential"))

    # Google's padded signed URL (snippets_test.py), verified with the sample key.
    gseed = g.b64_any_decode(G_SIG_KEY)
    add("verify-google-sample-signed-url-padded", {"url": G_SIG[2][2], "now": G_SIG_EXP - 1},
        ok("signed_url", "my-key", G_SIG_EXP),
        keyset={"name": "sample", "public_keys": [{"id": "my-key", "value": g.keyset_value(gseed)}],
                "shared_keys": []}, source="google-sample")
    return cases


def build():
    cases = (key_cases() + signature_cases() + google_signature_cases() + signature_refusals()
             + token_cases() + google_token_cases() + token_refusals() + verify_cases())
    return {
        "description": (
            "Google Media CDN signed requests and tokens, computed from the documented formulas "
            "(core/src/mediacdn/RULES.md) by tests/vectors/generate/google_mediacdn.py with Python "
            "cryptography + hmac; cases with source google-sample reproduce outputs Google publishes in "
            "python-docs-samples. Keys in tests/vectors/keys/. Error cases: expected.error = "
            "{field, code}; verify cases: expected.ok with the form and the matching key id, or the "
            "rejection code. `now` is input.request.now (default the top-level now)."),
        "now": NOW,
        "default_param": PARAM,
        "cases": cases,
    }


if __name__ == "__main__":
    g.emit(build(), OUT, "google_mediacdn.py")
