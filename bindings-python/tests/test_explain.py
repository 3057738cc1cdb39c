"""explain(): every provider decodes its own credentials without a key and names the problem."""

import time

from cdnsign import cloudcdn, cloudfront, mediacdn, stream, webhook

from cdnsign_testutil import vector_file

NOW = 1767290400


def test_each_module_explains_its_credentials_and_ignores_the_others():
    cf_url = cloudfront.Signer("K2JCJMDEHXQW5F", vector_file("keys/cloudfront-rsa2048.pem")).sign_url(
        "https://d111111abcdef8.cloudfront.net/a.mp4", expires=NOW)
    token = stream.SigningKey.from_api_response(vector_file("keys/stream-key.json")).sign("vid", expires=NOW + 60, now=NOW)
    header = webhook.sign("secret-0123456789", b"{}", time=NOW)
    mc_url = mediacdn.Signer("key-1", vector_file("keys/mediacdn-ed25519.seed.b64url-nopad")).sign_url(
        "https://media.example.com/a.m3u8", expires=NOW).url
    cc_url = cloudcdn.Signer("k", vector_file("keys/cloudcdn-key.b64url")).sign_url("https://cdn.example.com/a", expires=NOW).url

    e = cloudfront.explain(cf_url, now=NOW + 37)
    assert e is not None and "text" in e and "37 s" in e["text"]
    assert any("expire" in p for p in e["problems"]), e
    e = stream.explain(token, now=NOW)
    assert e is not None and "vid" in e["text"]
    e = webhook.explain(header, now=NOW + 400, body_len=2)
    assert e is not None and e["problems"], e
    assert mediacdn.explain(mc_url, now=NOW - 10) is not None
    assert cloudcdn.explain(cc_url, now=NOW - 10) is not None
    assert cloudfront.explain("hello", now=NOW) is None
    assert stream.explain(cf_url) is None
    assert isinstance(cloudfront.explain(cf_url)["text"], str)  # now defaults to the clock
    assert time.time() > NOW
