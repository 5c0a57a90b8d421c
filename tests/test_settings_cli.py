"""One validation for every way a setting arrives: a value site.yaml refuses is refused the same way from
the command line (and so from make, whose BASE_URL=, BASE_PATH= and CORRECTIONS= come from the environment)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from build import main
from tests.conftest import REPO

BASE = REPO / "tests" / "invalid" / "_base"
HOSTILE = "javascript:alert(document.domain)"


def problems_of(capsys: pytest.CaptureFixture) -> list[str]:
    """The problem lines (without the hints and the footer) build.py printed."""
    return [line for line in capsys.readouterr().err.splitlines() if not line.startswith(("    hint:", "build "))]


@pytest.mark.parametrize(("option", "field"), [("--base-url", "base_url"), ("--corrections", "corrections")])
def test_a_javascript_address_is_refused_from_the_command_line_as_from_site_yaml(
        option: str, field: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["check", "--root", str(BASE), option, HOSTILE]) == 1
    from_cli = problems_of(capsys)
    assert from_cli and all(line.startswith(f"{option}: ") for line in from_cli)
    assert any(HOSTILE in line for line in from_cli)
    root = shutil.copytree(BASE, tmp_path / "registry")
    (root / "site.yaml").write_text(f"title: Registri\n{field}: \"{HOSTILE}\"\n", encoding="utf-8")
    assert main(["check", "--root", str(root)]) == 1
    assert any(line.startswith("site.yaml:2:") and HOSTILE in line for line in problems_of(capsys))


@pytest.mark.parametrize("base_path", ["x y", "/a/../b/", "/<script>/"])
def test_a_bad_base_path_is_a_problem_not_a_traceback(base_path: str, capsys: pytest.CaptureFixture) -> None:
    assert main(["check", "--root", str(BASE), "--base-path", base_path]) == 1
    [line] = problems_of(capsys)
    assert line.startswith("--base-path: base path segment")


def test_make_passes_its_environment_through_the_same_check(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "BASE_URL": HOSTILE}  # as a CI job's environment sets it
    done = subprocess.run(["make", "-s", "site", f"ROOT={BASE}", f"OUT={tmp_path / 'public'}"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert f"--base-url: 'base_url' must be a web address, not '{HOSTILE}'" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "public").exists()


def test_make_deploy_never_pastes_its_destination_into_the_shell(tmp_path: Path) -> None:
    canary = tmp_path / "ran"
    recipe = subprocess.run(["make", "-n", "deploy", f"DEST=host:/x;touch {canary}", f"DEPLOY_OUT=out;touch {canary}"],
                            cwd=REPO, capture_output=True, text=True, timeout=60, check=True).stdout
    assert f"touch {canary}" not in recipe  # the values reach the recipe quoted, through the environment
    assert 'scripts/deploy.sh "$DEPLOY_OUT" "$DEST"' in recipe
