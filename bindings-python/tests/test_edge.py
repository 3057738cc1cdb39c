"""cdnsign.edge: starting `cdnsign edge` from Python tests (context manager and pytest fixture)."""

import os
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, Optional, Tuple

import pytest

import cdnsign
from cdnsign import edge

REPO = Path(__file__).resolve().parents[2]
KEYS = REPO / "tests" / "vectors" / "keys"
CLI = os.environ.get("CDNSIGN_CLI") or str(Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target") / "debug" / "cdnsign")


def get(url: str, headers: Optional[Dict[str, str]] = None) -> Tuple[int, Dict[str, str], bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_context_manager_serves_and_refuses(tmp_path: Path) -> None:
    (tmp_path / "v").mkdir()
    (tmp_path / "v" / "seg0.ts").write_bytes(b"\x47" * 188)
    with edge.start(provider="cloudcdn", prefix="/gc/", root=tmp_path, keys={"k1": KEYS / "cloudcdn-key.b64url"}, cli=CLI) as e:
        assert e.url.startswith("http://127.0.0.1:")
        signer = cdnsign.cloudcdn.Signer("k1", (KEYS / "cloudcdn-key.b64url").read_text())
        cookie = signer.sign_cookie(e.url + "/gc/v/", expires=int(time.time()) + 60).cookie_pair
        status, headers, body = get(e.url + "/gc/v/seg0.ts", {"Cookie": cookie})
        assert status == 200
        assert headers["content-type"] == "video/mp2t"
        assert len(body) == 188
        old = signer.sign_cookie(e.url + "/gc/v/", expires=int(time.time()) - 1).cookie_pair
        status, headers, body = get(e.url + "/gc/v/seg0.ts", {"Cookie": old})
        assert status == 403
        assert headers["x-cdnsign-code"] == "expired"
        assert b"expired" in body
        entries = e.wait_for_entries(2)
        assert [(x["decision"], x["code"]) for x in entries] == [("allow", None), ("deny", "expired")]
        assert entries[0]["provider"] == "cloudcdn"
    assert e.process.poll() is not None


def test_missing_cli_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(edge.EdgeError, match="not an executable"):
        edge.start(provider="none", root=tmp_path, cli=tmp_path / "nope")


def test_bad_config_reports_the_edge_error(tmp_path: Path) -> None:
    with pytest.raises(edge.EdgeError, match="needs keys"):
        edge.start(provider="cloudfront", root=tmp_path, cli=CLI)


open_keys = edge.fixture(provider="none", root=KEYS, cli=CLI, name="open_keys")


def test_fixture_yields_a_running_edge(open_keys: edge.Edge) -> None:
    status, headers, body = get(open_keys.url + "/cloudcdn-key.b64url")
    assert status == 200
    assert body.decode().strip() == (KEYS / "cloudcdn-key.b64url").read_text().strip()
    status, headers, _ = get(open_keys.url + "/../Cargo.toml")
    assert status in (400, 404)
