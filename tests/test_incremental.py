"""Incremental builds: after any sequence of edits the output is byte-identical to a clean build's.

A rebuild with no change writes nothing (every mtime stays put); an edit re-renders only the pages
that depend on it; the state beside the output is safe to delete or damage. No timing asserts here:
speed is measured by `make bench` on generated data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen import write
from sitegen.cache import forkload, memo, runner, search_table, session, state
from sitegen.cache.session import Session
from sitegen.errors import DataError
from sitegen.load import identity, registry
from sitegen.pipeline import BuildOptions, BuildSummary, build
from tests.conftest import MINI, REPO, copy_registry

EXTRA_AWARD = """  - unit: Kantor Alfa Sidoarjo
    institution: alfa
    predicate: WBK
    province: Jawa Timur
    city: Sidoarjo
    source_url: "https://contoh.invalid/alfa-sidoarjo"
    source_kind: resmi
    set_by: kemenpanrb
"""
EXTRA_REVOCATION = """- unit: alfa/kantor-alfa-malang
  predicate: WBBM
  revoked_on: 2022-02-01
  reason: Contoh pencabutan.
  source_url: "https://contoh.invalid/cabut-malang"
"""


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder (None) below folder."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
            for p in sorted(folder.rglob("*"))}


def mtimes(folder: Path) -> dict[str, int]:
    """The mtime of every file below folder."""
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.fixture()
def site(tmp_path: Path) -> dict[str, Path]:
    """A writable copy of the mini registry and of the templates."""
    root = copy_registry(MINI, tmp_path / "root")
    templates = shutil.copytree(REPO / "templates", tmp_path / "templates")
    return {"root": root, "templates": templates, "out": tmp_path / "out" / "public", "tmp": tmp_path}


def build_site(site: dict[str, Path], out: Path | None = None, sess: Session | None = None,
               **options: object) -> BuildSummary:
    """Build the copy with the cache (a command-line build's unless sess is given), into site['out'] unless
    another folder is given."""
    return build(BuildOptions(root=site["root"], out=out or site["out"], templates=site["templates"], **options),
                 sess or Session())


def clean_tree(site: dict[str, Path], name: str, **options: object) -> dict[str, bytes | None]:
    """What a clean build of the copy's current state gives, in a fresh folder."""
    out = site["tmp"] / "clean" / name / "public"
    build_site(site, out, **options)
    return tree(out)


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a file, which must contain it."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def add_award(site: dict[str, Path]) -> None:
    """A new unit in the 2021 round."""
    path = site["root"] / "data" / "awards" / "2021.yaml"
    path.write_text(path.read_text() + EXTRA_AWARD)


def rename_unit(site: dict[str, Path]) -> None:
    """The current name of a unit with history changes; its earlier names stay its own."""
    units = site["root"] / "data" / "units.yaml"
    edit(units, "name: Kantor Alfa Malang Raya", "name: Kantor Alfa Malang Kota")
    edit(units, "former_names: [Kantor Alfa Malang]", "former_names: [Kantor Alfa Malang, Kantor Alfa Malang Raya]")


def add_revocation(site: dict[str, Path]) -> None:
    """A second revocation, with a later date: the data's last-changed date moves too."""
    path = site["root"] / "data" / "revocations.yaml"
    path.write_text(path.read_text() + EXTRA_REVOCATION)


def remove_revocations(site: dict[str, Path]) -> None:
    """Every revocation is taken back: the units hold their predicates again."""
    (site["root"] / "data" / "revocations.yaml").write_text("[]\n")


def delete_round(site: dict[str, Path]) -> None:
    """The undated round goes away."""
    (site["root"] / "data" / "awards" / "tanpa-tahun.yaml").unlink()


def edit_template(site: dict[str, Path]) -> None:
    """A template change reaches every page."""
    edit(site["templates"] / "base.html", "</footer>", "<!-- diubah --></footer>")


def edit_news(site: dict[str, Path]) -> None:
    """News text changes."""
    news = next((site["root"] / "site_src" / "news").glob("*.md"))
    news.write_text(news.read_text() + "\nParagraf tambahan.\n")


def edit_award_source(site: dict[str, Path]) -> None:
    """Only an award's source changes: no search row does."""
    edit(site["root"] / "data" / "awards" / "2021.yaml", 'source_url: "https://contoh.invalid/lapas-kudus-2021"',
         'source_url: "https://contoh.invalid/lapas-kudus-2021-sk"')


def move_city(site: dict[str, Path]) -> None:
    """A unit's latest record names another kabupaten/kota: its place pages change, one may go away."""
    edit(site["root"] / "data" / "awards" / "2021.yaml", "city: Kudus", "city: Kota Semarang")


EDITS: list[Callable[[dict[str, Path]], None]] = [add_award, rename_unit, add_revocation, edit_award_source,
                                                   move_city, remove_revocations, delete_round, edit_template,
                                                   edit_news]


def change_predicate(site: dict[str, Path]) -> None:
    """An award's predicate changes: search filters and rows, the downloads, the feed."""
    edit(site["root"] / "data" / "awards" / "2021.yaml", "predicate: WBBM\n    province: Jawa Tengah",
         "predicate: WBK\n    province: Jawa Tengah")


def rename_institution(site: dict[str, Path]) -> None:
    """A (former) institution's name changes: it shows in search terms, downloads and feed lines of its units."""
    edit(site["root"] / "data" / "institutions.yaml", "name: Badan Beta\n", "name: Badan Beta Raya\n")


def move_unit(site: dict[str, Path]) -> None:
    """A unit's latest award names another province and city."""
    edit(site["root"] / "data" / "awards" / "2021.yaml", "province: Jawa Tengah\n    city: Kudus",
         "province: Jawa Timur\n    city: Kota Batu")


def remove_award(site: dict[str, Path]) -> None:
    """The last award of a round goes away."""
    path = site["root"] / "data" / "awards" / "2021.yaml"
    text = path.read_text()
    path.write_text(text[:text.rindex("  - unit:")])


def delete_memo(site: dict[str, Path]) -> None:
    """The remembered pieces beside the output are deleted, and a unit's city is renamed."""
    cache = site["out"].with_name(site["out"].name + ".registri-cache")
    for folder in cache.glob("memo-*"):
        shutil.rmtree(folder)
    edit(site["root"] / "data" / "awards" / "2020.yaml", "city: Surabaya", "city: Kota Surabaya")


def damage_memo(site: dict[str, Path]) -> None:
    """The remembered pieces beside the output are overwritten with garbage, and an award is added."""
    cache = site["out"].with_name(site["out"].name + ".registri-cache")
    for path in cache.glob("memo-*/*"):
        path.write_bytes(b"not a pickle")
    add_award(site)


def rename_in_award(site: dict[str, Path]) -> None:
    """The name a round gives a unit changes: another unit takes its awards of that round."""
    edit(site["root"] / "data" / "awards" / "2020.yaml", "unit: Kantor Alfa Surabaya",
         "unit: Kantor Alfa Surabaya Kota")


def move_to_institution(site: dict[str, Path]) -> None:
    """A unit moves to another institution: its lines name another current institution, in other years' blocks."""
    edit(site["root"] / "data" / "units.yaml", "- id: alfa/kantor-alfa-malang\n",
         "- id: alfa/kantor-alfa-malang\n  institution: alfa-baru\n  former_institutions: [alfa]\n")


def add_round(site: dict[str, Path]) -> None:
    """A new round's file: a year the downloads, the feed and the search filters had no block for."""
    (site["root"] / "data" / "awards" / "2022.yaml").write_text(
        "year: 2022\nceremony: {date: 2022-12-12}\nawards:\n"
        "  - unit: Kantor Alfa Surabaya\n    institution: alfa\n    predicate: WBBM\n    province: Jawa Timur\n"
        "    city: Surabaya\n    source_url: \"https://contoh.invalid/alfa-surabaya-2022\"\n"
        "    source_kind: resmi\n    set_by: kemenpanrb\n"
        "  - unit: Kantor Alfa Kediri\n    institution: alfa\n    predicate: WBK\n    province: Jawa Timur\n"
        "    city: Kediri\n    source_url: \"https://contoh.invalid/alfa-kediri-2022\"\n"
        "    source_kind: resmi\n    set_by: kemenpanrb\n")


def edit_undated(site: dict[str, Path]) -> None:
    """An award without a year changes: the block listed last in the downloads."""
    edit(site["root"] / "data" / "awards" / "tanpa-tahun.yaml", "province: Bali", "province: Bali\n    city: Denpasar")


def settle_place(site: dict[str, Path]) -> None:
    """An editor settles a bare "Semarang" as Kota Semarang (places.py): the unit moves from its province's list
    onto the kota's page, and its search words and downloads' place columns change."""
    edit(site["root"] / "data" / "awards" / "2019.yaml", "    city: Semarang\n",
         "    city: \"Semarang, Kota Semarang\"\n")


MEMO_EDITS: list[Callable[[dict[str, Path]], None]] = [
    edit_award_source, change_predicate, rename_institution, move_unit, remove_award, delete_memo, damage_memo,
    rename_unit, add_revocation, rename_in_award, move_to_institution, add_round, edit_undated, delete_round,
    settle_place]


@pytest.mark.parametrize("resident", [False, True], ids=["command-line", "dev-server"])
def test_site_wide_files_put_together_from_remembered_pieces_are_a_clean_builds(
        site: dict[str, Path], resident: bool) -> None:
    sess = Session(resident=True) if resident else None
    build_site(site, sess=sess)
    for number, change in enumerate(MEMO_EDITS):
        change(site)
        build_site(site, sess=sess)
        assert tree(site["out"]) == clean_tree(site, f"{number}-{change.__name__}"), change.__name__


def test_an_unchanged_search_index_is_found_without_being_built_again(site: dict[str, Path],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "workers_for", lambda *_: 1)  # every job in this process, where it is counted
    build_site(site)
    cache = site["out"].with_name(site["out"].name + ".registri-cache")
    assert {p.name for p in cache.glob("memo-*/*.pickle")} == {"export.pickle", "search.pickle", "warm.pickle"}
    built = []
    real = search_table.index_files
    monkeypatch.setattr(search_table, "index_files", lambda *args: built.append(1) or real(*args))
    edit_award_source(site)
    build_site(site)
    assert built == []  # no search row changed: the whole index came from the memo
    change_predicate(site)
    build_site(site)
    assert built == [1]


@pytest.mark.parametrize("share", [0.0, 1.0], ids=["whole-tree-swap", "changes-only-commit"])
def test_a_sequence_of_edits_gives_exactly_what_a_clean_build_gives(site: dict[str, Path], share: float,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session, "CHANGES_ONLY_SHARE", share)
    build_site(site)
    for number, change in enumerate(EDITS):
        change(site)
        summary = build_site(site)
        assert tree(site["out"]) == clean_tree(site, f"{number}-{change.__name__}"), change.__name__
        assert 0 < summary.written < summary.files, change.__name__


def test_a_rebuild_with_no_change_writes_no_file_and_keeps_every_mtime(site: dict[str, Path]) -> None:
    build_site(site)
    before = mtimes(site["out"])
    summary = build_site(site)
    assert summary.written == 0 and summary.files == len(before) - 1  # all but the marker .registri-site
    assert mtimes(site["out"]) == before


def test_one_award_re_renders_its_unit_year_institution_and_province_and_nothing_unrelated(
        site: dict[str, Path]) -> None:
    build_site(site)
    before = mtimes(site["out"])
    edit(site["root"] / "data" / "awards" / "2021.yaml", 'source_url: "https://contoh.invalid/lapas-kudus-2021"',
         'source_url: "https://contoh.invalid/lapas-kudus-2021-sk"')
    summary = build_site(site)
    after = mtimes(site["out"])
    changed = {path for path in after if after[path] != before.get(path)}
    assert {"unit/beta/lapas-beta-kudus/index.html", "unit/beta/lapas-beta-kudus/index.json",
            "data/penghargaan.csv", "data/penghargaan.json"} <= changed
    assert "unit/alfa/kantor-alfa-surabaya/index.html" not in changed  # a unit of another institution
    assert not any(path.startswith("static/") for path in changed)
    assert summary.written == len(changed) and summary.rendered < summary.jobs / 2


def test_state_that_is_deleted_or_damaged_only_costs_work(site: dict[str, Path]) -> None:
    build_site(site)
    add_award(site)
    state = site["out"].with_name("public.registri-state.json")
    state.write_text("{not json")
    build_site(site)
    assert tree(site["out"]) == clean_tree(site, "damaged")
    rename_unit(site)
    tables = site["out"].with_name("public.registri-cache") / "state.marshal"
    tables.write_bytes(tables.read_bytes()[:-40] + bytes(40))
    build_site(site)
    assert tree(site["out"]) == clean_tree(site, "damaged-tables")
    add_revocation(site)
    state.unlink()
    shutil.rmtree(site["out"].with_name("public.registri-cache"))
    build_site(site)
    assert tree(site["out"]) == clean_tree(site, "deleted")


@pytest.mark.parametrize("apart", [False, True], ids=["checked-while-planning", "checked-in-a-child"])
def test_files_changed_or_added_by_hand_in_public_are_put_right(site: dict[str, Path], apart: bool,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session, "CHECK_APART_FROM", 0 if apart else 1 << 62)
    build_site(site)
    page = site["out"] / "unit" / "alfa" / "kantor-alfa-surabaya" / "index.html"
    page.write_text("diubah tangan")
    (site["out"] / "unit" / "stray.html").write_text("tidak dibangun")
    (site["out"] / "tahun" / "index.html").unlink()
    build_site(site)
    assert tree(site["out"]) == clean_tree(site, "by-hand")


@pytest.mark.parametrize("mode", ["command-line", "dev-server", "no-incremental"])
def test_a_unit_address_the_last_build_published_that_now_leads_nowhere_is_warned_of(site: dict[str, Path],
                                                                                      mode: str) -> None:
    sess = Session(resident=True) if mode == "dev-server" else None

    def build_site(site: dict[str, Path], sess: Session | None) -> BuildSummary:
        cache = None if mode == "no-incremental" else sess or Session()
        return build(BuildOptions(root=site["root"], out=site["out"], templates=site["templates"]), cache)

    assert not [w for w in build_site(site, sess=sess).warnings if "lead nowhere" in w]
    edit(site["root"] / "data" / "awards" / "2020.yaml", "unit: Dinas Gamma",
         "unit: Dinas Gamma Raya")  # renamed, with nothing kept of the old name
    [warning] = [w for w in build_site(site, sess=sess).warnings if "lead nowhere" in w]
    assert warning.startswith("1 unit address(es) of the last build now lead nowhere")
    assert warning.endswith(": /unit/pemkot-gamma/dinas-gamma/") and "former_names" in warning
    units = site["root"] / "data" / "units.yaml"
    units.write_text(units.read_text() + "- id: pemkot-gamma/dinas-gamma-raya\n  name: Dinas Gamma Raya\n"
                     "  former_names: [Dinas Gamma]\n")
    summary = build_site(site, sess=sess)  # the old address is a redirect again
    assert not [w for w in summary.warnings if "lead nowhere" in w]
    assert (site["out"] / "unit" / "pemkot-gamma" / "dinas-gamma" / "index.html").is_file()


def test_a_config_change_rebuilds_everything_that_shows_it(site: dict[str, Path]) -> None:
    build_site(site)
    before = mtimes(site["out"])
    summary = build_site(site, base_path="/registri/")
    assert tree(site["out"]) == clean_tree(site, "base-path", base_path="/registri/")
    assert summary.rendered >= summary.pages
    assert mtimes(site["out"])["unit/alfa/kantor-alfa-surabaya/index.html"] != \
        before["unit/alfa/kantor-alfa-surabaya/index.html"]


def test_one_session_rebuilding_in_memory_matches_clean_builds(site: dict[str, Path]) -> None:
    dev = Session(resident=True)  # the dev server's: records, units and digests kept from build to build
    build_site(site, sess=dev)
    for number, change in enumerate(EDITS):
        change(site)
        build_site(site, sess=dev)
        assert tree(site["out"]) == clean_tree(site, f"session-{number}")
    dev.wait_for_save()
    assert dev.rounds(site["out"]).hits > 0  # unchanged round files were not parsed again
    assert dev.rounds(site["out"]).unit_memo.reused > 0  # nor were units made from them made again


def test_rendering_on_every_core_gives_the_same_site(site: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    expected = clean_tree(site, "serial")
    monkeypatch.setattr(runner, "PARALLEL_MIN_JOBS", 1)
    monkeypatch.setattr(runner, "workers_for", lambda *_: 2)
    build_site(site)
    assert tree(site["out"]) == expected


def test_a_commit_killed_halfway_is_finished_by_the_next_build(site: dict[str, Path],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session, "CHANGES_ONLY_SHARE", 1.0)
    build_site(site)
    add_award(site)

    def die_halfway(out: Path, staging: Path, moves: list[str], deletions: list[str]) -> None:
        write.write_journal(out.with_name(out.name + write.JOURNAL_NAME),
                          {"staging": os.fspath(staging), "moves": moves, "deletions": deletions})
        for rel in moves[: len(moves) // 2]:
            os.replace(staging / rel, out / rel)
        raise SystemExit("killed")

    monkeypatch.setattr(write, "commit_changes", die_halfway)
    monkeypatch.setattr(write.SiteWriter, "discard", lambda self: None)  # SIGKILL: no clean-up runs
    with pytest.raises(SystemExit):
        build_site(site)
    monkeypatch.undo()
    assert site["out"].with_name("public" + write.JOURNAL_NAME).exists()
    build_site(site)
    assert tree(site["out"]) == clean_tree(site, "after-kill")
    assert not site["out"].with_name("public" + write.JOURNAL_NAME).exists()


def test_a_registry_loaded_in_a_child_process_builds_the_same_site_and_reports_the_same_errors(
        site: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    expected = clean_tree(site, "in-process")
    monkeypatch.setattr(forkload, "APART_FROM_BYTES", 0)
    build_site(site)
    assert tree(site["out"]) == expected
    edit(site["root"] / "data" / "awards" / "2020.yaml", "predicate: WBBM", "predicate: WBX")
    with pytest.raises(DataError, match=r"data/awards/2020.yaml:8:16: predicate 'WBX' is not one of WBK, WBBM"):
        build_site(site)


def test_a_template_error_met_on_the_second_core_fails_the_build_with_its_line(
        site: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "workers_for", lambda *_: 2)
    monkeypatch.setattr(runner, "CHUNK", 1)  # many chunks, so both processes render unit pages
    edit(site["templates"] / "unit.html", "{% block content %}", "{% block content %}{{ no_such_value }}")
    with pytest.raises(DataError, match=r"templates/unit.html:\d+: template error: 'no_such_value' is undefined"):
        build_site(site)
    assert not site["out"].exists()


def test_a_registry_too_big_for_memos_keeps_none_and_builds_the_same_site(site: dict[str, Path],
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    build_site(site)  # memos kept at this size
    cache = site["out"].with_name(site["out"].name + ".registri-cache")
    assert list(cache.glob("memo-*/*.pickle"))
    monkeypatch.setattr(memo, "MAX_UNITS", 2)  # the mini registry's 7 units are now "too many"
    edit_award_source(site)
    build_site(site)
    assert not list(cache.glob("memo-*/*.pickle"))  # the old ones are gone, none written
    assert tree(site["out"]) == clean_tree(site, "no-memo")


def test_the_dev_server_remakes_only_the_unit_whose_record_changed(site: dict[str, Path]) -> None:
    dev = Session(resident=True)
    build_site(site, sess=dev)
    memo_of_units = dev.rounds(site["out"]).unit_memo
    before = memo_of_units.reused
    edit(site["root"] / "data" / "awards" / "2021.yaml", "https://contoh.invalid/lapas-kudus-2021",
         "https://contoh.invalid/lapas-kudus-2021-baru")  # the other record of that file is untouched
    summary = build_site(site, sess=dev)
    dev.wait_for_save()
    assert memo_of_units.reused - before == summary.units - 1
    assert tree(site["out"]) == clean_tree(site, "one-record")


def test_pages_that_show_counts_and_the_sitemap_depend_on_the_counts_not_on_every_unit(site: dict[str, Path],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "workers_for", lambda *_: 1)  # every job in this process, where it is seen
    build_site(site)
    ran = []
    real = runner.run_job
    monkeypatch.setattr(runner, "run_job", lambda job, reg, ctx: ran.append(job.key) or real(job, reg, ctx))
    edit_award_source(site)  # no count changes
    build_site(site)
    counting = {"page:home_page:", "page:years_page:", "page:provinces_page:", "page:anticorruption_day_page:",
                "page:open_data_page:"}
    assert "page:unit_page:beta/lapas-beta-kudus" in ran and not counting & set(ran)
    assert "sitemap" not in ran  # the unit page's lastmod did not change, so the list of pages did not
    ran.clear()
    change_predicate(site)  # the counts change: the pages showing them run again
    build_site(site)
    assert counting - {"page:open_data_page:"} <= set(ran)
    assert tree(site["out"]) == clean_tree(site, "counts")


def test_the_dev_server_checks_public_once_then_trusts_what_its_own_builds_wrote(
        site: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    dev = Session(resident=True)
    build_site(site, sess=dev)  # a first build in the session looks at every file (see the test above)

    def every_file_stated(*args: object) -> set[str]:
        raise AssertionError("the dev server stat'ed every output file again")

    monkeypatch.setattr(session, "unchanged_files", every_file_stated)
    monkeypatch.setattr(session, "CHANGES_ONLY_SHARE", 1.0)  # as an edit among 20,000 jobs is published
    monkeypatch.setattr(write.SiteWriter, "keep_all", every_file_stated)  # all files carried over in one copy
    for change in (edit_award_source, rename_institution):
        change(site)
        build_site(site, sess=dev)
    assert build_site(site, sess=dev).written == 0
    monkeypatch.undo()
    assert tree(site["out"]) == clean_tree(site, "trusted")


def test_the_dev_server_writes_its_state_once_idle_and_a_command_line_build_then_runs_nothing(
        site: dict[str, Path]) -> None:
    dev = Session(resident=True)
    build_site(site, sess=dev)
    edit_award_source(site)
    build_site(site, sess=dev)
    timer = dev._saving
    assert timer is not None and not timer.finished.is_set()  # not written while the edit waited for its page
    assert "2021.yaml" in dev.rounds(site["out"]).unwritten
    timer.join()
    assert not dev.rounds(site["out"]).unwritten
    on_disk, in_memory = state.load_state(site["out"]), dev.state(site["out"])
    assert on_disk.inputs == in_memory.inputs and on_disk.jobs == in_memory.jobs
    assert (on_disk.deps, on_disk.files, on_disk.dirs) == (in_memory.deps, in_memory.files, in_memory.dirs)
    summary = build_site(site)  # a fresh process reads that state
    assert (summary.rendered, summary.written) == (0, 0)


def test_an_edit_that_moves_no_unit_is_taken_in_without_resolving_or_linking_every_unit_again(
        site: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    dev = Session(resident=True)
    build_site(site, sess=dev)

    def done_again(*args: object) -> None:
        raise AssertionError("every record resolved, or every unit linked, for an edit that moves no unit")

    monkeypatch.setattr(identity.UnitIndex, "resolve", done_again)
    monkeypatch.setattr(registry, "link_registry", done_again)
    edit_award_source(site)
    build_site(site, sess=dev)
    monkeypatch.undo()
    assert tree(site["out"]) == clean_tree(site, "in-place")
    for number, change in enumerate((change_predicate, move_unit, remove_award, edit_another_source)):
        change(site)  # counts and indexes change, or where records stand: resolved and linked again
        build_site(site, sess=dev)
        assert tree(site["out"]) == clean_tree(site, f"again-{number}")


def edit_another_source(site: dict[str, Path]) -> None:
    """Only the source of another award of 2021 changes."""
    edit(site["root"] / "data" / "awards" / "2021.yaml", 'alfa-malang-raya"', 'alfa-malang-raya-sk"')


def test_the_dev_server_reports_a_bad_record_again_after_an_edit_elsewhere(site: dict[str, Path]) -> None:
    dev = Session(resident=True)
    build_site(site, sess=dev)
    edit(site["root"] / "data" / "awards" / "2021.yaml", "institution: alfa-baru", "institution: tidak-ada")
    with pytest.raises(DataError) as failed:
        build_site(site, sess=dev)
    assert "unknown institution id 'tidak-ada'" in str(failed.value)
    edit_another_source(site)  # the bad record itself stays as it is
    with pytest.raises(DataError) as failed:
        build_site(site, sess=dev)
    assert "unknown institution id 'tidak-ada'" in str(failed.value)
    edit(site["root"] / "data" / "awards" / "2021.yaml", "institution: tidak-ada", "institution: alfa-baru")
    build_site(site, sess=dev)
    assert tree(site["out"]) == clean_tree(site, "put-right")


def test_a_command_line_build_after_the_dev_server_starts_from_the_memos_it_wrote(site: dict[str, Path]) -> None:
    dev = Session(resident=True)
    build_site(site, sess=dev)
    for change in (rename_in_award, add_round):
        change(site)
        build_site(site, sess=dev)
    dev.wait_for_save()  # the memos are written after the build, with the state
    cache = site["out"].with_name(site["out"].name + ".registri-cache")
    assert {p.name for p in cache.glob("memo-*/*.pickle")} == {"export.pickle", "search.pickle"}
    change_predicate(site)
    build_site(site)
    assert tree(site["out"]) == clean_tree(site, "after-dev-server")


@pytest.mark.parametrize("resident", [False, True], ids=["command-line", "dev-server"])
def test_only_the_dev_server_runs_an_edits_few_jobs_without_forking(site: dict[str, Path], resident: bool,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner.child, "cores", lambda: 2)
    sess = Session(resident=True) if resident else None
    build_site(site, sess=sess)
    forks = []
    real = runner.run_parallel
    monkeypatch.setattr(runner, "run_parallel", lambda *args: forks.append(1) or real(*args))
    edit_award_source(site)  # its unit page and twin, its year, institution and province pages, exports, search
    summary = build_site(site, sess=sess)
    assert summary.rendered < summary.jobs / 2
    assert forks == ([] if resident else [1])  # a process reads and writes its memos: the heavy jobs gain
    assert tree(site["out"]) == clean_tree(site, "few-jobs")


def test_the_dev_servers_first_build_over_a_built_site_writes_nothing_and_readies_the_first_edit(
        site: dict[str, Path]) -> None:
    build_site(site)  # public/ was built from the command line before the server started
    before = mtimes(site["out"])
    dev = Session(resident=True)
    first = build_site(site, sess=dev)
    assert (first.rendered, first.written) == (0, 0)
    assert mtimes(site["out"]) == before
    edit_award_source(site)
    build_site(site, sess=dev)
    assert dev.rounds(site["out"]).unit_memo.reused == first.units - 1  # the first edit already reuses units
    assert tree(site["out"]) == clean_tree(site, "first-edit")


def test_an_edit_that_only_shifts_lines_re_renders_only_that_awards_pages(site: dict[str, Path]) -> None:
    path = site["root"] / "data" / "awards" / "2021.yaml"
    build_site(site)
    edit(path, "    city: Kepanjen\n", "    city: Kepanjen\n    note: Catatan pertama.\n")  # shifts the next award
    shifted = build_site(site).rendered
    edit(path, "Catatan pertama.", "Catatan kedua.")  # the same award's pages, no line moves
    in_place = build_site(site).rendered
    assert shifted == in_place
    assert tree(site["out"]) == clean_tree(site, "shifted")


def test_the_dev_servers_table_of_shared_dependencies_stays_bounded(site: dict[str, Path],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "workers_for", lambda *_: 1)
    monkeypatch.setattr(runner, "INTERNED_KEPT", 5)
    monkeypatch.setattr(runner, "_INTERNED", {})
    dev = Session(resident=True)
    build_site(site, sess=dev)
    rename_unit(site)
    build_site(site, sess=dev)
    dev.wait_for_save()
    every_dep = dev.state(site["out"]).deps
    assert len(every_dep) > 20 and len(runner._INTERNED) < len(every_dep)
    assert tree(site["out"]) == clean_tree(site, "bounded")


def test_a_command_line_build_that_finds_nothing_changed_loads_nothing_that_renders(tmp_path: Path) -> None:
    root, out = copy_registry(MINI, tmp_path / "root"), tmp_path / "public"
    look = ("import sys, build; code = build.main(['build', '--root', sys.argv[1], '--out', sys.argv[2]]); "
            "print(sorted(m for m in ('jinja2', 'sitegen.pipeline', 'sitegen.render.pages') if m in sys.modules))")
    runs = [subprocess.run([sys.executable, "-c", look, str(root), str(out)], cwd=REPO, capture_output=True,
                           text=True, timeout=300, check=True).stdout for _ in range(2)]
    assert "(0 written)" not in runs[0]
    assert runs[0].strip().endswith("['jinja2', 'sitegen.pipeline', 'sitegen.render.pages']")  # the first build renders
    assert "(0 written)" in runs[1] and runs[1].strip().endswith("[]")  # the second only looked


def test_both_modes_give_the_same_warnings_after_a_rename(site: dict[str, Path]) -> None:
    plain_out = site["tmp"] / "plain" / "public"
    options = {"root": site["root"], "templates": site["templates"]}

    def both() -> list[str]:
        incremental = build(BuildOptions(out=site["out"], **options), Session())
        plain = build(BuildOptions(out=plain_out, **options))
        assert incremental.warnings == plain.warnings
        return plain.warnings

    assert not any("lead nowhere" in w for w in both())
    edit(site["root"] / "data" / "awards" / "2020.yaml", "unit: Dinas Gamma\n", "unit: Dinas Gamma Raya\n")
    assert any("lead nowhere" in w for w in both())
