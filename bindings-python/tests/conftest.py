"""pytest hooks for the cdnsign suite; helpers live in cdnsign_testutil.py."""

import os
from typing import Any

import cdnsign


def pytest_report_header(config: Any) -> str:
    return f"cdnsign {cdnsign.__version__} from {os.path.dirname(cdnsign.__file__)}"
