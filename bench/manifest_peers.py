"""A 10,000-segment HLS playlist signed for CloudFront, in one process: cdnsign's
`cloudfront.Signer.sign_manifest` against the straightforward Python version
(issue 17): the `m3u8` package parses the playlist, botocore's CloudFrontSigner
signs one wildcard policy over the folder once, and its query is appended to
every segment URI.

    python bench/manifest_peers.py [--seconds 0.5] [--rounds 7]

Both sides are checked to give playlists whose every segment carries the same
credential before timing. Rounds alternate, each rate is the median. Run it
against a release wheel (`make bench` builds one); the dev wheel of
`make test-python` understates cdnsign.
"""

import argparse
import os
import statistics
import time
from typing import Callable, Dict, List

import m3u8
from botocore.signers import CloudFrontSigner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from cdnsign import cloudfront

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEM = open(os.path.join(ROOT, "tests", "vectors", "keys", "cloudfront-rsa2048.pem"), "rb").read()
KEY_ID = "K2JCJMDEHXQW5F"
FOLDER = "https://d111111abcdef8.cloudfront.net/videos/show/"
URL = FOLDER + "main.m3u8"
EXPIRES = 1_767_229_200
SEGMENTS = 10_000


def playlist() -> str:
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:6", "#EXT-X-MEDIA-SEQUENCE:0"]
    for i in range(SEGMENTS):
        lines += ["#EXTINF:6.000,", f"seg{i:05d}.ts"]
    lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"


def peer_factory() -> Callable[[str], str]:
    key = serialization.load_pem_private_key(PEM, password=None)
    signer = CloudFrontSigner(KEY_ID, lambda m: key.sign(m, padding.PKCS1v15(), hashes.SHA1()))

    def sign(text: str) -> str:
        pl = m3u8.loads(text, uri=URL)
        policy = signer.build_policy(FOLDER + "*", _utc(EXPIRES))
        signed = signer.generate_presigned_url(FOLDER, policy=policy)
        query = signed.split("?", 1)[1]
        for seg in pl.segments:
            seg.uri = f"{seg.uri}?{query}"
        return pl.dumps()

    return sign


def _utc(t: int):  # botocore takes a datetime
    import datetime

    return datetime.datetime.fromtimestamp(t, tz=datetime.timezone.utc)


def ours_factory() -> Callable[[str], str]:
    signer = cloudfront.Signer(KEY_ID, PEM)

    def sign(text: str) -> str:
        return signer.sign_manifest(text, url=URL, expires=EXPIRES).manifest

    return sign


def uris(text: str) -> List[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def rate(fn: Callable[[str], str], text: str, seconds: float) -> float:
    n, start = 0, time.perf_counter()
    while True:
        fn(text)
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=0.5)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    text = playlist()
    contenders: Dict[str, Callable[[str], str]] = {
        "m3u8 + botocore CloudFrontSigner (one wildcard policy)": peer_factory(),
        "cdnsign cloudfront.Signer.sign_manifest": ours_factory(),
    }
    # the same credential on every segment, on both sides
    outs = {name: uris(fn(text)) for name, fn in contenders.items()}
    a, b = outs.values()
    assert len(a) == len(b) == SEGMENTS and a == b, "the two playlists differ"
    rates: Dict[str, List[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for r in range(args.rounds):
        for name in names[r % 2 :] + names[: r % 2]:
            rates[name].append(rate(contenders[name], text, args.seconds))
    med = {name: statistics.median(v) for name, v in rates.items()}
    peer, ours = names
    print(f"{SEGMENTS}-segment HLS media playlist, CloudFront, one signature per playlist")
    for name in names:
        print(f"  {name}: {1000 / med[name]:.2f} ms per playlist")
    print(f"  ratio (peer time / cdnsign time): {med[ours] / med[peer]:.1f}x")


if __name__ == "__main__":
    main()
