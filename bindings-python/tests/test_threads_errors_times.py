"""Cross-cutting behaviour: the error hierarchy and codes, time and key
conversions, the panic boundary, the GIL released around signing, and signers
shared across threads."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone

import pytest

import cdnsign
from cdnsign import _native, cloudfront, mediacdn, stream, webhook

from cdnsign_testutil import raises_code, vector_file

PEM = vector_file("keys/cloudfront-rsa2048.pem")
PUB = vector_file("keys/cloudfront-rsa2048.pub.pem")
URL = "https://d111111abcdef8.cloudfront.net/a.mp4"


def test_every_core_code_has_a_class_that_really_subclasses_the_base():
    codes = _native.error_codes()
    assert [c for c, _, _, _ in codes][:3] == ["invalid_input", "invalid_key", "expired"]
    for code, number, rejection, class_name in codes:
        cls = cdnsign.errors.error_class(code, rejection)
        # the core's one table names the class; errors.py must define it
        assert cls is getattr(cdnsign.errors, class_name) is getattr(cdnsign, class_name), code
        assert issubclass(cls, cdnsign.CdnSignError) and issubclass(cls, Exception)
        assert cls.default_code == code, code
        assert issubclass(cls, cdnsign.VerificationError) == rejection == (200 <= number < 300)
        err = cls("m", code=code, field="f")
        assert (err.code, err.field, err.message, str(err)) == (code, "f", "m", "m")
    assert issubclass(cdnsign.InvalidInputError, ValueError)
    assert not issubclass(cdnsign.InvalidKeyError, ValueError)
    assert cdnsign.SignatureMismatchError.default_code == "bad_signature"
    # a code added to the core later still lands in the right branch
    assert cdnsign.errors.error_class("some_new_rejection", True) is cdnsign.VerificationError
    assert cdnsign.errors.error_class("some_new_error", False) is cdnsign.CdnSignError
    names = {n for n in dir(cdnsign) if n.endswith("Error")}
    assert len(names) == len(codes) + 2  # + CdnSignError and VerificationError


@pytest.mark.parametrize("detached", [False, True])
def test_a_panic_is_an_internal_error_not_a_panic_exception(detached):
    with pytest.raises(cdnsign.InternalError) as info:
        _native._panic_for_tests(detached)
    assert isinstance(info.value, cdnsign.CdnSignError) and info.value.code == "internal"
    assert "deliberate panic" in str(info.value)
    assert type(info.value).__name__ != "PanicException"


def test_times_int_or_aware_datetime_everything_else_refused_clearly():
    s = cloudfront.Signer("K2JCJMDEHXQW5F", PEM)
    base = s.sign_url(URL, expires=1767290400)
    utc = datetime(2026, 1, 1, 18, 0, tzinfo=timezone.utc)
    assert s.sign_url(URL, expires=utc) == base
    assert s.sign_url(URL, expires=utc.astimezone(timezone(timedelta(hours=9)))) == base
    assert s.sign_url(URL, expires=utc + timedelta(microseconds=999_999)) == base  # floor to the second
    err = raises_code(lambda: s.sign_url(URL, expires=datetime(2026, 1, 1)), "invalid_input", ValueError)
    assert "naive" in str(err) and "timezone" in str(err) and err.field == "expires"
    for bad, word in ((1767290400.0, "float"), (True, "bool"), ("1767290400", "str")):
        with pytest.raises(TypeError, match=word):
            s.sign_url(URL, expires=bad)
    assert raises_code(lambda: s.sign_url(URL, expires=None), "invalid_input").field == "expires"  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="date without a time"):
        s.sign_url(URL, expires=date(2026, 1, 1))
    err = raises_code(lambda: s.sign_url(URL, expires=1767290400123), "invalid_input")
    assert "milliseconds" in str(err) and "1767290400" in str(err)
    raises_code(lambda: s.sign_url(URL, expires=-1), "invalid_input")
    raises_code(lambda: s.sign_url(URL, expires=2**70), "invalid_input")
    v = cloudfront.Verifier({"K2JCJMDEHXQW5F": PUB})
    assert v.verify_url(base, now=datetime(2026, 1, 1, 17, 59, 59, tzinfo=timezone.utc)).expires == 1767290400
    raises_code(lambda: v.verify_url(base, now=datetime(2026, 1, 1, 17, 59, 59)), "invalid_input")


def test_keys_and_bodies_str_or_bytes():
    for key in (PEM, PEM.encode(), bytearray(PEM.encode())):
        assert cloudfront.Signer("K", key).key_kind == "RSA"
    with pytest.raises(TypeError, match="str or bytes"):
        cloudfront.Signer("K", 42)  # type: ignore[arg-type]
    h = webhook.sign("secret", "{}", time=1767290400)
    assert h == webhook.sign(b"secret", b"{}", time=1767290400) == webhook.sign(bytearray(b"secret"), bytearray(b"{}"), time=1767290400)
    with pytest.raises(TypeError):
        webhook.sign("secret", {"a": 1}, time=1767290400)  # type: ignore[arg-type]


def test_signers_are_shared_across_threads():
    cf = cloudfront.Signer("K2JCJMDEHXQW5F", PEM)
    cfv = cloudfront.Verifier({"K2JCJMDEHXQW5F": cf})
    sk = stream.SigningKey.from_api_response(vector_file("keys/stream-key.json"))
    sv = sk.verifier()
    md = mediacdn.Signer("k", vector_file("keys/mediacdn-ed25519.seed.b64url-nopad"))
    mv = mediacdn.Verifier(public_keys={"k": md.public_key})
    now = int(time.time())

    def work(i):
        url = f"{URL}?n={i}"
        signed = cf.sign_url(url, expires=now + 60)
        assert cfv.verify_url(signed).request_url == url
        tok = sk.sign(f"video{i}", expires=now + 60)
        assert sv.verify(tok, video_uid=f"video{i}")["sub"] == f"video{i}"
        m = md.sign_url(f"https://media.example.com/{i}.ts", expires=now + 60)
        assert mv.verify(m.url).key_id == "k"
        return signed, tok, m.url

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(64)))
    assert len(set(results)) == 64
    # RSA PKCS#1 v1.5 and Ed25519 are deterministic: the threads' outputs equal serial ones
    assert results[:4] == [work(i) for i in range(4)]


def test_the_gil_is_released_during_rsa_work():
    """While one long RSA operation runs in Rust, another Python thread keeps running."""
    ticks = [0]
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            ticks[0] += 1

    t = threading.Thread(target=spin)
    t.start()
    try:
        # the spinning thread's rate when it has the interpreter to itself
        time.sleep(0.01)
        before, start = ticks[0], time.perf_counter()
        time.sleep(0.1)
        rate = (ticks[0] - before) / (time.perf_counter() - start)
        counted, elapsed = 0, 0.0
        for _ in range(3):
            before, start = ticks[0], time.perf_counter()
            stream.SigningKey.generate_response()  # RSA-2048 key generation: one long call
            elapsed += time.perf_counter() - start
            counted += ticks[0] - before
    finally:
        stop.set()
        t.join()
    # Held for the whole call, the GIL would let the spinning thread run only
    # until the call starts (one switch interval, 5 ms); released, it runs
    # throughout. (Checked against a call that holds the GIL, sorted() over
    # 3M floats: 0.01 of the free rate; this call: about 1.0.)
    assert counted > 0.3 * rate * elapsed, (counted, rate, elapsed)
