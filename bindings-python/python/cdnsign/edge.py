"""Start ``cdnsign edge`` (a local CDN enforcing signed-request rules) from tests.

The edge is the ``cdnsign`` command-line program; this module finds it
(``CDNSIGN_CLI``, else ``cdnsign`` on ``PATH``), starts it on a free port of
127.0.0.1 and gives its URL::

    from cdnsign import edge

    with edge.start(config="edge.toml") as e:
        requests.get(e.url + "/cf/index.m3u8", cookies=...)
        assert e.entries()[-1]["code"] == "expired"

    # conftest.py: a pytest fixture
    cdn = edge.fixture(provider="cloudfront", root="media", keys={"K1": "cf.pub.pem"})

Everything is plain Python: the package's native module is not involved.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from types import TracebackType
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Type, Union

PathLike = Union[str, "os.PathLike[str]"]

__all__ = ["Edge", "EdgeError", "find_cli", "start", "fixture"]


class EdgeError(RuntimeError):
    """The edge could not be found or did not start."""


def find_cli(cli: Optional[PathLike] = None) -> str:
    """The ``cdnsign`` program: ``cli``, else ``$CDNSIGN_CLI``, else ``cdnsign`` on ``PATH``."""
    for candidate in (cli, os.environ.get("CDNSIGN_CLI")):
        if candidate:
            path = os.fspath(candidate)
            if not (os.path.isfile(path) and os.access(path, os.X_OK)):
                raise EdgeError(f"{path} is not an executable cdnsign program")
            return path
    found = shutil.which("cdnsign")
    if found is None:
        raise EdgeError("cdnsign is not on PATH; install the CLI or set CDNSIGN_CLI to its path")
    return found


class Edge:
    """A running ``cdnsign edge``: its ``url``, its access log, ``close()``."""

    def __init__(self, process: "subprocess.Popen[str]", url: str) -> None:
        self.process = process
        self.url = url
        self._entries: List[Dict[str, Any]] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._drain, name="cdnsign-edge-log", daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            line = line.strip()
            if not line:
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                entry = {"text": line}
            with self._lock:
                self._entries.append(entry)

    def entries(self) -> List[Dict[str, Any]]:
        """The access-log entries so far (one dict per request: path, status,
        decision, code, provider, form, ...)."""
        with self._lock:
            return list(self._entries)

    def wait_for_entries(self, count: int, timeout: float = 5.0) -> List[Dict[str, Any]]:
        """The access-log entries once there are at least ``count`` (lines
        arrive just after their responses), or all there are after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            got = self.entries()
            if len(got) >= count or time.monotonic() >= deadline:
                return got
            time.sleep(0.01)

    def close(self) -> None:
        """Stops the edge (idempotent)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self._reader.join(timeout=2)
            self.process.stdout.close()

    def __enter__(self) -> "Edge":
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Edge(url={self.url!r}, pid={self.process.pid})"


def start(
    *args: str,
    config: Optional[PathLike] = None,
    root: Optional[PathLike] = None,
    provider: Optional[str] = None,
    prefix: Optional[str] = None,
    keys: Optional[Mapping[str, PathLike]] = None,
    public_url: Optional[str] = None,
    host: str = "127.0.0.1",
    cli: Optional[PathLike] = None,
    timeout: float = 10.0,
) -> Edge:
    """Starts ``cdnsign edge`` on a free port of ``host`` and returns it once it listens.

    Give a TOML ``config``, or one route with ``provider``, ``root`` and
    ``keys`` (id → key file or value); ``args`` are passed through
    (``"--dual-token", "cookie"``, ...).
    """
    argv: List[str] = [find_cli(cli), "--json", "edge", "--listen", f"{host}:0"]
    if config is not None:
        argv += ["--config", os.fspath(config)]
    if root is not None:
        argv += ["--root", os.fspath(root)]
    if provider is not None:
        argv += ["--provider", provider]
    if prefix is not None:
        argv += ["--prefix", prefix]
    for key_id, value in (keys or {}).items():
        argv += ["--key", f"{key_id}={os.fspath(value)}"]
    if public_url is not None:
        argv += ["--public-url", public_url]
    argv += list(args)
    process = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    first: List[str] = []

    def read_first() -> None:
        assert process.stdout is not None
        first.append(process.stdout.readline())

    reader = threading.Thread(target=read_first, daemon=True)
    reader.start()
    reader.join(timeout)
    line = first[0].strip() if first else ""
    if not line:
        process.kill()
        _, err = process.communicate()
        raise EdgeError(f"cdnsign edge did not start: {err.strip() or 'no output in time'}")
    try:
        url = str(json.loads(line)["url"])
    except (ValueError, KeyError, TypeError):
        process.kill()
        raise EdgeError(f"unexpected first line from cdnsign edge: {line!r}") from None
    # stderr is not read from here on: keep the pipe from filling up.
    if process.stderr is not None:
        threading.Thread(target=process.stderr.read, daemon=True).start()
    return Edge(process, url)


def fixture(*args: str, scope: str = "function", name: Optional[str] = None, **kwargs: Any) -> Callable[..., Iterator[Edge]]:
    """A pytest fixture that yields a started :class:`Edge` (``start(*args, **kwargs)``)::

        from cdnsign import edge                        # in conftest.py
        cdn = edge.fixture(config="edge.toml")
    """
    import pytest  # only needed by those who use the fixture

    def _edge() -> Iterator[Edge]:
        with start(*args, **kwargs) as e:
            yield e

    decorated: Callable[..., Iterator[Edge]] = pytest.fixture(scope=scope, name=name)(_edge)  # type: ignore[call-overload]
    return decorated
