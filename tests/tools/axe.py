"""axe-core accessibility checks inside a Playwright page, working under a strict CSP."""

from __future__ import annotations

from functools import cache
from typing import Any

from playwright.sync_api import Page

from tests.tools.paths import AXE_JS, require_file

SERIOUS_IMPACTS = frozenset({"serious", "critical"})
DEFAULT_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# axe ships its WCAG 2.2 target-size rule (2.5.8, every target 24x24 px or spaced so) switched off: the gate
# switches it on, so a link or control too small for a thumb fails like any serious violation.
DEFAULT_OPTIONS = {"runOnly": {"type": "tag", "values": DEFAULT_TAGS}, "rules": {"target-size": {"enabled": True}}}
RUN_AXE_JS = "async ([context, options]) => await window.axe.run(context || document, options)"


@cache
def axe_source() -> str:
    """Read axe.min.js from node_modules once per test session."""
    return require_file(AXE_JS, "axe-core").read_text(encoding="utf-8")


def inject_axe(page: Page) -> None:
    """Load axe into the page's main world via CDP evaluation, which a page CSP does not block."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # A <script> tag (add_script_tag) is refused by script-src 'self'; Runtime.evaluate is not.
        page.evaluate(axe_source())


def run_axe(page: Page, context: str | None = None, options: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run axe on the page (or the `context` selector) and return its violations."""
    inject_axe(page)
    opts = options if options is not None else DEFAULT_OPTIONS
    result = page.evaluate(RUN_AXE_JS, [context, opts])
    return list(result["violations"])


def serious_violations(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep only violations whose impact is serious or critical."""
    return [v for v in violations if v.get("impact") in SERIOUS_IMPACTS]


def format_violations(violations: list[dict[str, Any]], max_nodes: int = 5) -> str:
    """Render violations as readable lines for an assertion message."""
    lines = []
    for v in violations:
        targets = [" ".join(map(str, node.get("target", []))) for node in v.get("nodes", [])]
        shown = ", ".join(targets[:max_nodes]) + (" ..." if len(targets) > max_nodes else "")
        lines.append(f"{v['id']} ({v.get('impact')}): {v.get('help')} [{len(targets)} node(s): {shown}]")
    return "\n".join(lines)
