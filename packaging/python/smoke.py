"""Smoke test of an installed cdnsign: one credential of every provider,
signed and verified, with only the installed package and the standard library.

Run by packaging/python/test.sh in a fresh venv, outside the source tree, so
it proves the wheel or sdist carries everything the import needs.
Usage: python smoke.py EXPECTED_VERSION
"""

import subprocess
import sys
import time

import cdnsign
from cdnsign import cloudcdn, cloudfront, mediacdn, stream, webhook


def rsa_pem() -> str:
    # The stdlib has no RSA generator; openssl is on every machine that builds
    # this, and a fresh key keeps a private key out of the repository.
    return subprocess.run(
        ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        check=True, capture_output=True, text=True,
    ).stdout


def main() -> None:
    expected = sys.argv[1]
    assert cdnsign.__version__ == expected, f"cdnsign.__version__ {cdnsign.__version__!r} != {expected!r}"
    assert "site-packages" in cdnsign.__file__, f"imported from {cdnsign.__file__}, not an install"
    now = int(time.time())
    pem = rsa_pem()

    signer = cloudfront.Signer("KSMOKE", pem)
    url = signer.sign_url("https://d111111abcdef8.cloudfront.net/a.mp4", expires=now + 60)
    cloudfront.Verifier({"KSMOKE": signer.public_key_pem()}).verify_url(url)
    print("cloudfront ok")

    key = stream.SigningKey("0123456789abcdef0123456789abcdef", pem)
    uid = "6b9e68b07dfee8cc2d116e4c51d6a957"
    token = key.sign(uid, expires=now + 60)
    key.verifier().verify(token, video_uid=uid)
    print("stream ok")

    body = b'{"uid":"6b9e68b07dfee8cc2d116e4c51d6a957","readyToStream":true}'
    header = webhook.sign("whsec", body, time=now)
    webhook.Verifier(["whsec"]).verify(header, body)
    print("webhook ok")

    generated = mediacdn.generate_key()
    signed = mediacdn.TokenSigner(private_key=generated["seed"]).sign_url(
        "https://media.example.com/v/master.m3u8", expires=now + 60,
        url_prefix="https://media.example.com/v/")
    mediacdn.Verifier(public_keys={"k": generated["keyset_value"]}).verify(signed.url)
    print("mediacdn ok")

    ckey = cloudcdn.generate_key()
    curl = cloudcdn.Signer("k", ckey).sign_url("https://cdn.example.com/a.mp4", expires=now + 60)
    cloudcdn.Verifier({"k": ckey}).verify(curl.url)
    print("cloudcdn ok")

    # A wrong key must fail: the round trips above prove nothing if verify
    # accepted everything.
    try:
        cloudcdn.Verifier({"k": cloudcdn.generate_key()}).verify(curl.url)
    except cdnsign.SignatureMismatchError:
        print("refusal ok")
    else:
        raise AssertionError("a Cloud CDN URL verified under the wrong key")


if __name__ == "__main__":
    main()
