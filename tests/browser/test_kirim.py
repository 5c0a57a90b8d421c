"""/kirim/ and a unit page's correction link, on a deploy whose channel is this repository's issue forms, at
360 px and 1280 px. Screenshots: test-artifacts/screenshots/kirim-github-<width>.png and
unit-correction-<width>.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sitegen.pipeline import BuildOptions, build
from tests.browser.site import UNIT, Deploy, assert_clean, goto, overflow_width, widest_elements
from tests.conftest import REPO
from tests.tools.browser import save_screenshot
from tests.tools.fixtures import StaticServerFactory

CHANNEL = "github:contoh/registri"


@pytest.fixture(scope="module")
def channel_deploy(tmp_path_factory: pytest.TempPathFactory, static_server_factory: StaticServerFactory) -> Deploy:
    """The real registry built with a GitHub channel, served by nginx at /."""
    out = tmp_path_factory.mktemp("channel") / "public"
    build(BuildOptions(root=REPO, out=out, corrections=CHANNEL))
    return Deploy("channel", "/", out, static_server_factory(out, "/"))


def test_kirim_names_the_channel_and_fits_the_screen(wpage: Page, channel_deploy: Deploy, width: int) -> None:
    page = goto(wpage, channel_deploy, "kirim/")
    action = page.get_by_role("link", name="Usulkan catatan baru")
    expect(action).to_be_visible()
    assert action.get_attribute("href").startswith(
        "https://github.com/contoh/registri/issues/new?template=usulan-catatan.yml")
    expect(page.get_by_role("heading", name="Sumber yang diterima")).to_be_visible()
    save_screenshot(page, f"kirim-github-{width}")
    assert overflow_width(page) <= width, widest_elements(page, width)
    assert_clean(page)


def test_a_unit_page_offers_its_prefilled_correction_and_the_way_to_kirim(wpage: Page, channel_deploy: Deploy,
                                                                          width: int) -> None:
    page = goto(wpage, channel_deploy, UNIT)
    report = page.get_by_role("link", name="Laporkan kesalahan atau kirim sumber")
    report.scroll_into_view_if_needed()
    expect(report).to_be_visible()
    unit_id = UNIT.removeprefix("unit/").rstrip("/").replace("/", "%2F")
    assert f"template=koreksi.yml&title=Koreksi%3A%20{unit_id}&unit_id={unit_id}" in report.get_attribute("href")
    expect(page.locator("p.correction").get_by_role("link", name="Cara mengirim")).to_have_attribute("href", "/kirim/")
    save_screenshot(page, f"unit-correction-{width}", full_page=False)
    assert overflow_width(page) <= width, widest_elements(page, width)
    assert_clean(page)


def test_the_shipped_build_without_a_channel_offers_none(wpage: Page, root_deploy: Deploy, width: int) -> None:
    page = goto(wpage, root_deploy, UNIT)
    expect(page.get_by_role("link", name="Laporkan kesalahan atau kirim sumber")).to_have_count(0)
    assert Path(root_deploy.public, "kirim", "index.html").is_file()
