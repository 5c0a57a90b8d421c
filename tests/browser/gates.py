"""The counts a closing note needs, gathered while the gates run and written to test-artifacts/quality-gates.json."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest

from tests.tools.paths import ARTIFACTS_DIR, SCREENSHOTS_DIR

SUMMARY_FILE = ARTIFACTS_DIR / "quality-gates.json"
JOURNEY_MODULE = "tests/browser/test_journeys.py::"
WIDTH_ID = re.compile(r"\b(\d+)px\b")

_counts: dict[str, Any] = {}
_journeys: Counter[str] = Counter()
_journey_runs: Counter[str] = Counter()


def record(key: str, value: Any) -> None:
    """Keep one reported number (or mapping) under `key`."""
    _counts[key] = value


def add(key: str, amount: int) -> None:
    """Add to a running total under `key`."""
    _counts[key] = int(_counts.get(key, 0)) + amount


def record_journey(report: pytest.TestReport) -> None:
    """Count a journey test's outcome under its width (360px, 1280px)."""
    if report.when != "call" or not report.nodeid.startswith(JOURNEY_MODULE):
        return
    match = WIDTH_ID.search(report.nodeid)
    width = f"{match.group(1)} px" if match else "any width"
    _journey_runs[width] += 1
    if report.passed:
        _journeys[width] += 1


def summary() -> dict[str, Any]:
    """Everything recorded so far."""
    journeys = {w: f"{_journeys[w]}/{_journey_runs[w]}" for w in sorted(_journey_runs, key=lambda w: int(w.split()[0]))}
    return {**_counts, "journeys passed": journeys} if journeys else dict(_counts)


def summary_lines() -> list[str]:
    """The summary as lines for the terminal; also written as JSON."""
    data = summary()
    if not data:
        return []
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    SUMMARY_FILE.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items()]
    if SCREENSHOTS_DIR.is_dir():
        lines.append(f"screenshots: {SCREENSHOTS_DIR} ({len(list(SCREENSHOTS_DIR.glob('*.png')))} files)")
    return [*lines, f"written to {SUMMARY_FILE}"]
