"""The deploy recipes: GitHub Pages (a workflow), hosts that read _headers, and `make deploy` with rsync."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from sitegen.load.config import HEADER_ONLY_CSP, PAGE_CSP, REDIRECT_CSP, SECURITY_HEADERS
from tests.conftest import MINI, REPO, copy_registry

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
pytestmark = pytest.mark.skipif(shutil.which("rsync") is None or shutil.which("make") is None,
                                reason="make and rsync come with scripts/install-test-deps.sh")


def directives(policy: str) -> set[str]:
    """A policy's directives, whatever the spacing."""
    return {" ".join(d.split()) for d in policy.split(";") if d.strip()}


def headers_of(public: Path) -> tuple[str, dict[str, str]]:
    """The path pattern and the headers of the one rule in _headers."""
    pattern, *lines = (public / "_headers").read_text(encoding="utf-8").splitlines()
    return pattern, dict(line.strip().split(": ", 1) for line in lines)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder and its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=600)


def test_the_headers_file_sends_the_policy_every_page_declares(mini_site: Path) -> None:
    pattern, headers = headers_of(mini_site)
    assert pattern == "/*"
    assert directives(headers["Content-Security-Policy"]) == set(PAGE_CSP) | set(HEADER_ONLY_CSP)
    assert {name: headers[name] for name, _ in SECURITY_HEADERS} == dict(SECURITY_HEADERS)
    pages = [p for p in mini_site.rglob("*.html")]
    declared = {p.relative_to(mini_site).as_posix(): CSP_META.findall(p.read_text(encoding="utf-8")) for p in pages}
    redirects = {rel for rel, found in declared.items() if found and directives(found[0]) == set(REDIRECT_CSP)}
    assert redirects, "the mini registry has renamed units, so redirect pages"
    for rel, found in declared.items():
        assert len(found) == 1, f"{rel} declares {len(found)} policies"
        if rel not in redirects:  # what the page says is what the header says, less what only a header can say
            assert directives(found[0]) == directives(headers["Content-Security-Policy"]) - set(HEADER_ONLY_CSP), rel


def test_the_github_pages_workflow_runs_the_readme_build_with_the_pages_address() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    pages = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages@"))
    build = next(s for s in steps if "make site" in s.get("run", ""))
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert build["env"] == {"BASE_URL": f"${{{{ steps.{pages['id']}.outputs.origin }}}}",
                            "BASE_PATH": f"${{{{ steps.{pages['id']}.outputs.base_path }}}}",
                            "CORRECTIONS": "github:${{ github.repository }}"}  # its own issue forms
    assert upload["with"]["path"] == "public"
    assert "make site" in (REPO / "README.md").read_text(encoding="utf-8")
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_the_pages_build_step_builds_a_project_site_under_its_subpath(tmp_path: Path) -> None:
    build = next(s for s in yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
                 if "make site" in s.get("run", ""))
    out = tmp_path / "public"
    env = {**os.environ, "BASE_URL": "https://contoh.github.io", "BASE_PATH": "/registri",  # what Pages gives
           "CORRECTIONS": "github:contoh/registri",
           "ROOT": str(MINI), "OUT": str(out)}  # make reads these from the environment: the mini registry, a temp dir
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", build["run"]], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://contoh.github.io/registri/">' in home
    assert 'href="/registri/static/' in home and 'href="/static/' not in home
    assert headers_of(out)[0] == "/registri/*"
    assert "<loc>https://contoh.github.io/registri/" in (out / "sitemap.xml").read_text(encoding="utf-8")
    unit = (out / "unit" / "alfa" / "kantor-alfa-surabaya" / "index.html").read_text(encoding="utf-8")
    assert ('href="https://github.com/contoh/registri/issues/new?template=koreksi.yml&amp;title=Koreksi%3A%20alfa%2F'
            'kantor-alfa-surabaya&amp;unit_id=alfa%2Fkantor-alfa-surabaya&amp;unit_url=https%3A%2F%2Fcontoh.github.io'
            '%2Fregistri%2Funit%2Falfa%2Fkantor-alfa-surabaya%2F"') in unit


def test_make_deploy_uploads_the_whole_build_then_only_what_changed(tmp_path: Path) -> None:
    root, built, dest = copy_registry(MINI, tmp_path / "reg"), tmp_path / "built", tmp_path / "host" / "www"
    dest.parent.mkdir()
    settings = [f"ROOT={root}", f"DEPLOY_OUT={built}", f"DEST={dest}"]
    first = make("deploy", *settings)
    assert first.returncode == 0, first.stderr
    assert tree(dest) == tree(built) and "index.html" in tree(dest) and "_headers" in tree(dest)
    sent_first = [line for line in first.stdout.splitlines() if line.startswith(">f")]
    assert len(sent_first) == len(tree(built))

    again = make("deploy", *settings)
    assert again.returncode == 0, again.stderr
    assert [line for line in again.stdout.splitlines() if line.startswith((">f", "*deleting"))] == []

    article = next((root / "site_src" / "news").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nParagraf tambahan.\n", encoding="utf-8")
    changed = make("deploy", *settings)
    assert changed.returncode == 0, changed.stderr
    sent = [line.split(" ", 1)[1] for line in changed.stdout.splitlines() if line.startswith(">f")]
    assert f"berita/{article.stem}/index.html" in sent
    assert 0 < len(sent) < len(sent_first) // 2  # unit, institution and year pages stay where they were
    assert tree(dest) == tree(built)


def test_a_folder_without_a_finished_build_is_never_uploaded(tmp_path: Path) -> None:
    half = tmp_path / "half"
    (half / "unit").mkdir(parents=True)
    (half / "unit" / "index.html").write_text("<p>half</p>", encoding="utf-8")
    done = subprocess.run(["bash", str(REPO / "scripts" / "deploy.sh"), str(half), str(tmp_path / "www")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "holds no finished build" in done.stderr
    assert not (tmp_path / "www").exists()


def test_make_deploy_without_a_destination_says_how() -> None:
    done = make("deploy", "DEPLOY_OUT=/nonexistent")
    assert done.returncode == 2 and "usage: make deploy DEST=user@host:/path" in done.stderr
