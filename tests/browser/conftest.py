"""Browser quality gates over the real registry: the shared tool fixtures plus the built sites they run on.

The real registry in data/ is built twice per session into temporary folders (never ./public): once at
the root and once under the subpath /registri/, each served by its own nginx.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = str(Path(__file__).resolve().parents[2])
if REPO_ROOT not in sys.path:  # `pytest` (not `python -m pytest`) may not put the repo root on sys.path
    sys.path.insert(0, REPO_ROOT)

from playwright.sync_api import Browser, Page  # noqa: E402

from tests.browser import gates  # noqa: E402
from tests.browser.site import WIDTHS, Deploy, open_page  # noqa: E402
from tests.conftest import REPO, build_into  # noqa: E402
from tests.tools.fixtures import StaticServerFactory, register  # noqa: E402

SUBPATH = "/registri/"


def pytest_configure(config: pytest.Config) -> None:
    """Register the fixtures plugin once, whichever of tests/tools and tests/browser loads first."""
    register(config)


@pytest.fixture(scope="session")
def real_site_subpath(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real registry built with `--base-path /registri/`."""
    return build_into(REPO, tmp_path_factory.mktemp("real-subpath") / "public", base_path=SUBPATH)


@pytest.fixture(scope="session")
def root_deploy(real_site: Path, static_server_factory: StaticServerFactory) -> Deploy:
    """The real registry served by nginx at /."""
    return Deploy("root", "/", real_site, static_server_factory(real_site, "/"))


@pytest.fixture(scope="session")
def subpath_deploy(real_site_subpath: Path, static_server_factory: StaticServerFactory) -> Deploy:
    """The real registry built for and served by nginx under /registri/."""
    return Deploy("subpath", SUBPATH, real_site_subpath, static_server_factory(real_site_subpath, SUBPATH))


@pytest.fixture(params=["root", "subpath"])
def deploy(request: pytest.FixtureRequest) -> Deploy:
    """Each journey runs against both deploys."""
    return request.getfixturevalue(f"{request.param}_deploy")


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def width(request: pytest.FixtureRequest) -> int:
    """A 360 px phone and a 1280 px desktop."""
    return int(request.param)


@pytest.fixture
def wpage(browser: Browser, width: int) -> Iterator[Page]:
    """A fresh page at `width`, JavaScript on, external requests blocked and the console watched."""
    page = open_page(browser, width)
    yield page
    page.context.close()


@pytest.fixture
def nojs_page(browser: Browser, width: int) -> Iterator[Page]:
    """A fresh page at `width` with JavaScript disabled."""
    page = open_page(browser, width, java_script_enabled=False)
    yield page
    page.context.close()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count journeys that passed, per width, for the closing summary."""
    gates.record_journey(report)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Print the quality-gate counts and write them to test-artifacts/quality-gates.json."""
    lines = gates.summary_lines()
    if lines:
        terminalreporter.section("quality gates")
        for line in lines:
            terminalreporter.write_line(line)
