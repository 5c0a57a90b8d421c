"""Accessibility of every page kind at 360 px and 1280 px: axe-core, lang, skip link, landmarks, focus, contrast.

axe-core (tags wcag2a/aa, wcag21a/aa, wcag22aa, best-practice, and the target-size rule axe ships switched off:
WCAG 2.2 2.5.8, every target 24x24 px or spaced so) must find no serious or critical violation.
What axe cannot see is checked here directly: the skip link works, every Tab stop shows a focus outline
with 3:1 contrast against what surrounds it, and form controls stand out 3:1 (WCAG 2.1 SC 1.4.11).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser import gates
from tests.browser.contrast import SURROUNDINGS_JS, contrast, control_problem, focus_problem, surroundings
from tests.browser.site import PAGE_KINDS, UNIT, UNIT_QUERY, Deploy, goto, open_kind, wait_until_drawn
from tests.tools.axe import format_violations, run_axe, serious_violations

MAX_TAB_STOPS = 400
FOCUS_ROUTES = {"home": "", "unit": UNIT, "search-results": "cari/?q=polres+gresik", "search": "cari/"}
MARK_SEEN_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'body';
  if (el.dataset.ziFocusSeen) return 'seen';
  el.dataset.ziFocusSeen = '1';
  return 'new';
}"""


def check_axe(page: Page) -> None:
    """Run axe, count what it found for the summary, and fail on serious or critical violations."""
    violations = run_axe(page)
    serious = serious_violations(violations)
    gates.add("axe runs", 1)
    gates.add("axe serious or critical violations", len(serious))
    gates.add("axe violations of lower impact", len(violations) - len(serious))
    assert serious == [], f"{page.url}\n{format_violations(serious)}"


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_serious_or_critical_violation(wpage: Page, root_deploy: Deploy, kind: str) -> None:
    check_axe(open_kind(wpage, root_deploy, kind))


def test_axe_finds_no_serious_violation_with_suggestions_open(wpage: Page, root_deploy: Deploy) -> None:
    page = goto(wpage, root_deploy, "")
    box = page.locator("header form.search-box input[name=q]")
    box.click()
    box.press_sequentially(UNIT_QUERY, delay=10)
    expect(page.locator("header [role=listbox] [role=option]").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    check_axe(page)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_lang_skip_link_and_landmarks(wpage: Page, root_deploy: Deploy, kind: str) -> None:
    page = open_kind(wpage, root_deploy, kind)
    expect(page.locator("html")).to_have_attribute("lang", "id")
    for role in ("banner", "main", "contentinfo"):
        expect(page.get_by_role(role), f"one {role} landmark").to_have_count(1)
    assert page.get_by_role("navigation").count() >= 1, "no navigation landmark"
    assert page.get_by_role("search").count() >= 1, "no search landmark"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Langsung ke konten")
    main_id = page.get_by_role("main").get_attribute("id")
    expect(skip).to_have_attribute("href", f"#{main_id}")
    info = surroundings(page)
    assert focus_problem(info) is None, focus_problem(info)
    text_contrast = contrast(skip.evaluate("(el) => getComputedStyle(el).color"), info["background"])
    assert text_contrast >= 4.5, f"skip link text contrast {text_contrast:.2f}:1"
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


@pytest.mark.parametrize("kind", FOCUS_ROUTES)
def test_every_tab_stop_shows_a_visible_focus_outline(wpage: Page, root_deploy: Deploy, kind: str) -> None:
    page = goto(wpage, root_deploy, FOCUS_ROUTES[kind])
    wait_until_drawn(page, kind)
    problems: list[str] = []
    stops = 0
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if page.evaluate(MARK_SEEN_JS) != "new":
            break
        stops += 1
        problem = focus_problem(surroundings(page))
        if problem:
            problems.append(problem)
    gates.add("tab stops checked for a visible focus outline", stops)
    assert stops >= 15, f"only {stops} Tab stops on {kind}"
    assert problems == [], f"{len(problems)} of {stops} Tab stops on {kind}:\n" + "\n".join(problems[:20])


@pytest.mark.parametrize("kind", ["home", "search", "unit"])
def test_form_controls_stand_out_from_their_background(wpage: Page, root_deploy: Deploy, kind: str) -> None:
    page = open_kind(wpage, root_deploy, kind)
    controls = page.locator("input:visible, select:visible, textarea:visible, button:visible").all()
    assert controls, f"no form controls on {kind}"
    problems = [control_problem(c.evaluate(SURROUNDINGS_JS, False)) for c in controls]
    assert [p for p in problems if p] == []
