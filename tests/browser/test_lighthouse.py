"""Lighthouse 12.2.3 (npm, pinned) with Debian's Chromium on the home, unit and search pages, mobile preset.

The pages are served by nginx with gzip, as a static host would. Scores go to
test-artifacts/lighthouse/scores.json (0-100) beside the full reports; accessibility must be 100 and
performance at least 90.
"""

from __future__ import annotations

import json

import pytest

from tests.browser import gates
from tests.browser.site import UNIT, Deploy
from tests.tools.lighthouse import LighthouseResult, run_lighthouse
from tests.tools.paths import ARTIFACTS_DIR

PAGES = {"home": "", "unit": UNIT, "search": "cari/?q=polres+gresik"}
SCORES_FILE = ARTIFACTS_DIR / "lighthouse" / "scores.json"


@pytest.fixture(scope="module")
def lighthouse(root_deploy: Deploy) -> dict[str, LighthouseResult]:
    """Audit each page once (mobile), and write every score to scores.json."""
    results = {name: run_lighthouse(root_deploy.at(route), f"{name}-mobile") for name, route in PAGES.items()}
    scores = {
        name: {
            "url": "/" + PAGES[name],
            **{cat: None if score is None else round(score * 100) for cat, score in result.scores.items()},
            "report": result.html_path.name,
        }
        for name, result in results.items()
    }
    SCORES_FILE.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    gates.record("lighthouse (mobile)", {n: {k: v for k, v in s.items() if k not in ("url", "report")}
                                         for n, s in scores.items()})
    return results


@pytest.mark.parametrize("name", PAGES)
def test_lighthouse_accessibility_is_100(lighthouse: dict[str, LighthouseResult], name: str) -> None:
    result = lighthouse[name]
    assert result.scores["accessibility"] == 1, "\n".join(result.failing_audits("accessibility"))


@pytest.mark.parametrize("name", PAGES)
def test_lighthouse_performance_is_at_least_90(lighthouse: dict[str, LighthouseResult], name: str) -> None:
    result = lighthouse[name]
    score = result.scores["performance"]
    assert score is not None and score >= 0.9, f"{score}: " + "\n".join(result.failing_audits("performance"))
