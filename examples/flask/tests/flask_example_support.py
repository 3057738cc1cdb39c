"""Constants and keys for the Flask example's tests (a plain module: conftest.py names clash)."""
import json
import pathlib
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # app.py, store.py

from app import create_app  # noqa: E402
from store import VideoStore  # noqa: E402

KEYS = HERE.parents[2] / "tests" / "vectors" / "keys"
NOW = 1767290400
API_KEY = "test-api-key-123"
WEBHOOK_SECRET = "85011ed3a913c6ad5f9cf6c5573cc0a7"


def key(name: str) -> str:
    return (KEYS / name).read_text(encoding="utf-8")


