"""Signed HLS and DASH manifests: ``sign_manifest`` on the three signers,
``check_manifest`` on the three verifiers; ``str`` in gives ``str`` out,
``bytes`` in gives ``bytes`` out; every fixture of tests/manifests/ signed and
checked, a tampered reference fails the check."""

import pathlib
from typing import Any, Callable, List, Tuple

import pytest

import cdnsign
from cdnsign import cloudcdn, cloudfront, mediacdn
from cdnsign.manifest import ManifestCheck, SignedManifest
from cdnsign_testutil import REPO, vector_file

NOW = 1_767_290_400
EXP = NOW + 3600
FIXTURES = sorted(
    p for p in (REPO / "tests" / "manifests").rglob("*") if p.suffix in (".m3u8", ".mpd") and "refuse" not in p.name
)


def providers() -> List[Tuple[str, Any, Any, dict]]:
    cf_key = vector_file("keys/cloudfront-rsa2048.pem")
    cf = cloudfront.Signer("K2JCJMDEHXQW5F", cf_key)
    cf_v = cloudfront.Verifier({"K2JCJMDEHXQW5F": vector_file("keys/cloudfront-rsa2048.pub.pem")})
    md = mediacdn.TokenSigner(private_key=vector_file("keys/mediacdn-ed25519.pkcs8.pem"))
    md_v = mediacdn.Verifier(public_keys={"k": vector_file("keys/mediacdn-ed25519.pub.b64url").strip()})
    cc_key = vector_file("keys/cloudcdn-key.b64url").strip()
    cc = cloudcdn.Signer("k", cc_key)
    cc_v = cloudcdn.Verifier({"k": cc_key})
    return [
        ("cloudfront", cf, cf_v, {}),
        ("mediacdn", md, md_v, {}),
        ("mediacdn-pathglobs", md, md_v, {"path_globs": True}),
        ("cloudcdn", cc, cc_v, {}),
    ]


PROVIDERS = providers()


HOST = "https://media.example.com"


def url_of(path: pathlib.Path) -> str:
    return f"{HOST}/v/{path.parent.name}/{path.name}"


def placed(path: pathlib.Path) -> Tuple[str, dict]:
    """The URL a fixture is served from and the prefix option it needs (as
    core/tests/manifest.rs places them): the low-latency one reports a
    rendition in a sibling folder, so it is served one level down."""
    if path.name == "hls-ll-parts.m3u8":
        return f"{HOST}/v/{path.parent.name}/ll/{path.name}?_HLS_msn=267", {"prefix": f"{HOST}/v/{path.parent.name}/"}
    return url_of(path), {}


def tamper(text: str) -> str:
    at = text.index("Signature=") + len("Signature=")
    return text[:at] + ("b" if text[at] == "a" else "a") + text[at + 1 :]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
@pytest.mark.parametrize("name,signer,verifier,extra", PROVIDERS, ids=[p[0] for p in PROVIDERS])
def test_every_fixture_round_trips(fixture: pathlib.Path, name: str, signer: Any, verifier: Any, extra: dict) -> None:
    raw = fixture.read_bytes()
    url, prefix = placed(fixture)
    signed = signer.sign_manifest(raw, url=url, expires=EXP, **prefix, **extra)
    assert isinstance(signed, SignedManifest)
    assert isinstance(signed.manifest, bytes)
    assert signed.coverage == prefix.get("prefix", f"{HOST}/v/{fixture.parent.name}/")
    assert signed.references and all(r["rewritten"] != r["original"] for r in signed.references)
    report = verifier.check_manifest(signed.manifest, url=url, now=NOW)
    assert isinstance(report, ManifestCheck)
    assert report.ok, report.to_text()
    assert report and report.failed == 0 and report.checked == len(report.lines) > 0
    assert "0 failed" in report.to_text()
    bad = verifier.check_manifest(tamper(signed.manifest.decode()), url=url, now=NOW)
    assert not bad.ok and bad.failed >= 1
    failing = [line for line in bad.lines if not line["ok"]]
    assert failing[0]["code"] and failing[0]["explain"], bad.to_text()
    expired = verifier.check_manifest(signed.manifest, url=url, now=EXP + 10)
    assert not expired.ok and all(line.get("code") == "expired" for line in expired.lines)


@pytest.mark.parametrize("name,signer,verifier,extra", PROVIDERS, ids=[p[0] for p in PROVIDERS])
def test_same_type_out(name: str, signer: Any, verifier: Any, extra: dict) -> None:
    path = REPO / "tests" / "manifests" / "ffmpeg" / "hls-vod.m3u8"
    text = path.read_text()
    s = signer.sign_manifest(text, url=url_of(path), expires=EXP, absolute=True, **extra)
    assert isinstance(s.manifest, str)
    assert all(r["rewritten"].startswith(f"{HOST}/v/ffmpeg/") for r in s.references)
    b = signer.sign_manifest(text.encode(), url=url_of(path), expires=EXP, absolute=True, **extra)
    assert isinstance(b.manifest, bytes) and b.manifest.decode() == s.manifest
    assert verifier.check_manifest(s.manifest, url=url_of(path), now=NOW).ok


@pytest.mark.parametrize("name,signer,verifier,extra", PROVIDERS, ids=[p[0] for p in PROVIDERS])
def test_refusals(name: str, signer: Any, verifier: Any, extra: dict) -> None:
    path = REPO / "tests" / "manifests" / "hand" / "refuse-other-host.m3u8"
    with pytest.raises(cdnsign.InvalidInputError) as e:
        signer.sign_manifest(path.read_text(), url=url_of(path), expires=EXP, **extra)
    assert e.value.field == "manifest" and "line" in str(e.value)
    with pytest.raises(cdnsign.InvalidInputError):
        signer.sign_manifest("not a playlist", url=url_of(path), expires=EXP, **extra)
    with pytest.raises(TypeError):
        signer.sign_manifest(42, url=url_of(path), expires=EXP, **extra)
    with pytest.raises(TypeError):
        verifier.check_manifest(None, url=url_of(path), now=NOW)
    with pytest.raises(cdnsign.InvalidInputError):
        signer.sign_manifest("#EXTM3U\nseg.ts\n", url=url_of(path), expires=EXP, prefix="https://other.example/", **extra)


def test_prefix_and_repr() -> None:
    _, signer, verifier, _ = PROVIDERS[3]
    s = signer.sign_manifest(
        "#EXTM3U\n#EXTINF:4,\na/seg.ts\n", url=f"{HOST}/v/x.m3u8", expires=EXP,
        prefix=f"{HOST}/v/a/",
    )
    assert s.coverage == f"{HOST}/v/a/"
    assert "SignedManifest" in repr(s)
    r = verifier.check_manifest(s.manifest, url=f"{HOST}/v/x.m3u8", now=NOW)
    assert "ok=True" in repr(r)
