"""Shared helpers for the cdnsign Python suite (runs against the installed wheel).
A plain module, not conftest.py, so that its name cannot clash with the Flask example's."""

import json
import os
import pathlib
from typing import Any, Callable, Dict, Optional, Type

import pytest

import cdnsign

REPO = pathlib.Path(__file__).resolve().parents[2]
VECTORS = REPO / "tests" / "vectors"


def load_vectors(name: str) -> Dict[str, Any]:
    with open(VECTORS / name, encoding="utf-8") as f:
        data: Dict[str, Any] = json.load(f)
    return data


def vector_file(rel: str) -> str:
    return (VECTORS / rel).read_text(encoding="utf-8")


def vector_bytes(rel: str) -> bytes:
    return (VECTORS / rel).read_bytes()


def raises_code(
    fn: Callable[[], Any], code: str, cls: Optional[Type[BaseException]] = None
) -> cdnsign.CdnSignError:
    """Runs fn, asserts it raises a CdnSignError with `.code == code` (and of class cls)."""
    with pytest.raises(cdnsign.CdnSignError) as info:
        fn()
    err = info.value
    assert err.code == code, f"code {err.code!r} ({type(err).__name__}): {err}"
    assert type(err) is cdnsign.errors.error_class(code, code not in ("invalid_input", "invalid_key", "internal"))
    if cls is not None:
        assert isinstance(err, cls)
    return err


def ids(cases: Any) -> Any:
    return [c["id"] for c in cases]
