"""Lighthouse (pinned in package-lock.json) run against Debian's Chromium, reports kept as artifacts."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.tools.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    chromium_missing_message,
    is_chromium_available,
)
from tests.tools.paths import ARTIFACTS_DIR, LIGHTHOUSE_BIN, artifact_name, require_file

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TIMEOUT = 300


@dataclass
class LighthouseResult:
    """Category scores (0..1) plus the full JSON report and where it was saved."""

    scores: dict[str, float | None]
    report: dict[str, Any]
    json_path: Path
    html_path: Path

    def failing_audits(self, category: str) -> list[str]:
        """Audits of `category` that scored below 1, as `id (score): title` lines."""
        audits = self.report["audits"]
        lines = []
        for ref in self.report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                lines.append(f"{ref['id']} ({audit['score']}): {audit.get('title')}")
        return lines


def lighthouse_command(url: str, out_stem: Path, categories: tuple[str, ...], preset: str) -> list[str]:
    """Build the lighthouse CLI invocation for Debian Chromium in headless mode."""
    cmd = [
        str(require_file(LIGHTHOUSE_BIN, "lighthouse")),
        url,
        "--quiet",
        "--output=json",
        "--output=html",
        f"--output-path={out_stem}",
        f"--only-categories={','.join(categories)}",
        f"--chrome-flags={' '.join(['--headless=new', *CHROMIUM_ARGS])}",
    ]
    return [*cmd, "--preset=desktop"] if preset == "desktop" else cmd


def run_lighthouse(
    url: str,
    name: str,
    categories: tuple[str, ...] = CATEGORIES,
    preset: str = "mobile",
) -> LighthouseResult:
    """Audit `url` (mobile by default, or preset="desktop"); save test-artifacts/lighthouse/<name>.report.*."""
    if not is_chromium_available():
        raise FileNotFoundError(chromium_missing_message())
    out_dir = ARTIFACTS_DIR / "lighthouse"
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / artifact_name(name)
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    cmd = lighthouse_command(url, stem, categories, preset)
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    json_path = stem.with_name(stem.name + ".report.json")
    if proc.returncode != 0 or not json_path.is_file():
        raise RuntimeError(f"lighthouse failed with status {proc.returncode}:\n{proc.stderr[-4000:]}")
    report = json.loads(json_path.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse could not audit {url}: {report['runtimeError']}")
    scores = {key: cat.get("score") for key, cat in report["categories"].items()}
    return LighthouseResult(scores, report, json_path, stem.with_name(stem.name + ".report.html"))
