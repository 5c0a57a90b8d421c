"""Make the shared browser fixtures (tests/tools/fixtures.py) available to these tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = str(Path(__file__).resolve().parents[2])
if REPO_ROOT not in sys.path:  # `pytest` (not `python -m pytest`) may not put the repo root on sys.path
    sys.path.insert(0, REPO_ROOT)

from tests.tools.fixtures import register  # noqa: E402 - needs REPO_ROOT on sys.path first


def pytest_configure(config: pytest.Config) -> None:
    """Register the fixtures plugin once, whichever of tests/tools and tests/browser loads first."""
    register(config)
