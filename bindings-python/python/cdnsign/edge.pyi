import os
import subprocess
from types import TracebackType
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Type, Union

PathLike = Union[str, "os.PathLike[str]"]

__all__ = ["Edge", "EdgeError", "find_cli", "start", "fixture"]

class EdgeError(RuntimeError): ...

def find_cli(cli: Optional[PathLike] = None) -> str: ...

class Edge:
    process: subprocess.Popen[str]
    url: str
    def __init__(self, process: subprocess.Popen[str], url: str) -> None: ...
    def entries(self) -> List[Dict[str, Any]]: ...
    def wait_for_entries(self, count: int, timeout: float = 5.0) -> List[Dict[str, Any]]: ...
    def close(self) -> None: ...
    def __enter__(self) -> Edge: ...
    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None: ...

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
) -> Edge: ...
def fixture(
    *args: str, scope: str = "function", name: Optional[str] = None, **kwargs: Any
) -> Callable[..., Iterator[Edge]]: ...
