"""The real registry in data/: every shipped record is published with its source, every page exists."""

from __future__ import annotations

import csv
import hashlib
import html as html_lib
import re
from pathlib import Path

import pytest

from sitegen.load.identity import name_key
from sitegen.load.registry import load_registry
from tests.conftest import REAL_CSV, REPO, build_into, read_page
from tests.language import english_words
from tests.tools.crawl import crawl_site

SEED_ROUTE = "berita/2020-12-21-763-unit-kerja-diganjar-wbk-dan-wbbm/"
LATEST_ROUTE = "berita/2026-02-11-zona-integritas-2025/"  # the news item of the latest round
MORE_CSV = REPO / "data" / "imported" / "more_awards.csv"  # the curated second batch of real rows


def csv_rows(path: Path = REAL_CSV) -> list[dict]:
    """The real award rows the shipped data was imported from."""
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def unit_route_for(row: dict) -> str:
    """The unit page a CSV row belongs to, found through the registry's own identity rules."""
    registry, _ = load_registry(REPO)
    for unit in registry.units.values():
        names = {name_key(unit.name), *(name_key(n) for n in unit.former_names)}
        insts = {registry.institutions[i].name for i in (unit.institution_id, *unit.former_institutions)}
        if name_key(row["unit"]) in names and row["institution"] in insts:
            return f"unit/{unit.id}/"
    raise AssertionError(f"no unit page for {row['unit']} ({row['institution']})")


def history_items(page: str) -> list[str]:
    """The items of a unit page's predicate history, newest first."""
    return page.split('<ol class="history">', 1)[1].split("</ol>", 1)[0].split('<li class="history-item">')[1:]


def cited_urls(page: str, item: str) -> set[str]:
    """The source addresses an item's footnote numbers point at in the page's numbered source list."""
    sources = page.split('<ol class="source-list">', 1)[1].split("</ol>", 1)[0]
    urls = dict(re.findall(r'<li id="sumber-(\d+)"><a href="([^"]+)"', sources))
    return {html_lib.unescape(urls[n]) for n in re.findall(r'href="#sumber-(\d+)"', item)}


def test_every_dated_csv_record_is_on_its_unit_page_with_year_and_source(real_site: Path) -> None:
    rows = [r for r in csv_rows() if r["year"]]
    assert len(rows) == 151
    for row in rows:
        page = read_page(real_site, unit_route_for(row))
        assert f'href="/tahun/{row["year"]}/">{row["year"]}</a>' in page, row["unit"]
        item = next(li for li in history_items(page)
                    if f">{row['year']}</a>" in li and f"badge-{row['predicate'].lower()}" in li)
        assert row["source_url"] in cited_urls(page, item), (row["unit"], row["source_url"])


def test_every_dated_curated_record_is_on_its_unit_page_with_year_and_source(real_site: Path) -> None:
    rows = [r for r in csv_rows(MORE_CSV) if r["year"]]
    assert len(rows) == 62
    for row in rows:
        page = read_page(real_site, unit_route_for(row))
        assert f'href="/tahun/{row["year"]}/">{row["year"]}</a>' in page, row["unit"]
        assert html_lib.escape(row["source_url"]) in page, (row["unit"], row["source_url"])


def test_internally_set_predicates_name_who_set_them(real_site: Path) -> None:
    registry, _ = load_registry(REPO)
    named = {(u.id, a.set_by, a.predicate) for u in registry.units.values() for a in u.awards
             if a.set_by != "kemenpanrb"}
    assert sum(1 for _, by, _ in named if by == "mahkamah-agung") == 19  # as MARINews reports for 2025
    assert ("polri/rumah-sakit-bhayangkara-palangkaraya", "polri", "WBBM") in named  # Polri's own WBBM
    for unit_id, by, predicate in named:
        page = read_page(real_site, f"unit/{unit_id}/")
        if by == "tidak-disebut":
            assert "penetap tidak disebut sumber" in page, unit_id
            continue
        inst = registry.institutions[by]
        how = "WBK Mandiri" if predicate == "WBK" else "penetapan internal"
        assert f"ditetapkan oleh {inst.short_name or inst.name} ({how})" in page, unit_id


def test_no_unit_page_says_kemenpanrb_set_an_award_whose_record_does_not_say_so(real_site: Path) -> None:
    registry, _ = load_registry(REPO)
    unstated = [(u, a) for u in registry.units.values() for a in u.awards if a.set_by == "tidak-disebut"]
    assert unstated
    for unit, award in unstated:
        page = read_page(real_site, f"unit/{unit.id}/")
        [item] = [li for li in history_items(page) if f"badge-{award.predicate.lower()}" in li
                  and (f">{award.year}</a>" in li if award.year else "tahun tidak diketahui" in li)]
        assert "ditetapkan oleh KemenPANRB" not in item and "penetap tidak disebut sumber" in item, unit.id
        if unit.latest_award is award:
            assert "ditetapkan oleh KemenPANRB" not in page.split('<ol class="history">')[0], unit.id


def test_no_unit_page_shows_a_ceremony_its_award_does_not_record(real_site: Path) -> None:
    from sitegen.render.jinja import tanggal

    registry, _ = load_registry(REPO)
    for unit in registry.units.values():
        page = read_page(real_site, f"unit/{unit.id}/")
        history = re.sub(r'<p class="note">.*?</p>', "", page.split('<ol class="history">')[1].split("</ol>")[0],
                         flags=re.S)  # a published note may quote a date; the page's own facts may not
        own = {a.handover.date for a in unit.awards if a.handover}
        for award in unit.awards:
            ceremony = registry.rounds[award.year].ceremony if award.year in registry.rounds else None
            if ceremony is not None and ceremony.date is not None and ceremony.date not in own:
                assert tanggal(ceremony.date) not in history, unit.id
            if ceremony is not None and ceremony.handed_over_by:
                assert ceremony.handed_over_by not in history, unit.id
        assert history.count('class="handover"') == sum(1 for a in unit.awards if a.handover), unit.id


def test_a_year_derived_from_the_handover_says_so(real_site: Path) -> None:
    registry, _ = load_registry(REPO)
    derived = [(u, a) for u in registry.units.values() for a in u.awards if a.year_basis == "handover_date"]
    assert derived
    for unit, award in derived:
        page = read_page(real_site, f"unit/{unit.id}/")
        assert f'<a href="/tahun/{award.year}/">{award.year}</a> (tahun menurut tanggal penyerahan' in page, unit.id
        if award.handover is not None and award.handover.date is not None:
            assert award.handover.date.year == award.year  # never paired with a date from another year


def test_no_published_note_in_the_data_reads_as_english() -> None:
    registry, _ = load_registry(REPO)
    notes = [a.note for u in registry.units.values() for a in u.awards if a.note]
    assert len(notes) > 150
    # Stricter than the page test: in a note of ours even one English function word is a leftover.
    english = [n for n in notes if english_words(n)]
    assert english == []


def test_the_undated_record_is_published_without_a_year(real_site: Path) -> None:
    row = next(r for r in csv_rows() if not r["year"])
    page = read_page(real_site, unit_route_for(row))
    assert "tahun tidak diketahui" in page and html_lib.escape(row["source_url"]) in page


def test_four_real_revocations_are_published(real_site: Path) -> None:
    page = read_page(real_site, "pencabutan/")
    for unit in ("Pengadilan Negeri Surabaya", "Dinas Penanaman Modal dan Perizinan (DPMP) Kota Yogyakarta",
                 "KBRI Singapura", "Polres Ogan Komering Ulu Timur"):
        assert unit in page
    assert "3 Februari 2022" in read_page(real_site, "unit/mahkamah-agung/pengadilan-negeri-surabaya/")


@pytest.mark.parametrize("route", [
    "", "unit/polri/polres-gresik/", "instansi/", "instansi/polri/", "tahun/", "tahun/2020/", "provinsi/",
    "provinsi/jawa-timur/", "hari-antikorupsi/", "berita/", SEED_ROUTE, "tentang/", "cari/", "404.html", "data/",
    "pencabutan/",
])
def test_every_page_kind_exists(real_site: Path, route: str) -> None:
    assert '<html lang="id"' in read_page(real_site, route)


def test_seed_article_is_verbatim_with_its_source_and_linked_from_2020_and_hakordia(real_site: Path) -> None:
    page = read_page(real_site, SEED_ROUTE)
    assert "PAREPOS" in page and "21 Desember 2020" in page
    assert "Making Change, Making History" in page and "(rls/ade)" in page
    for route in ("tahun/2020/", "hari-antikorupsi/"):
        assert f'href="/{SEED_ROUTE}"' in read_page(real_site, route), route


def test_home_page_shows_counts_rounds_news_search_and_next_hakordia(real_site: Path) -> None:
    page = read_page(real_site, "")
    assert "unit kerja tercatat" in page and 'href="/tahun/2025/"' in page
    assert f'href="/{LATEST_ROUTE}"' in page and 'action="/cari/"' in page
    assert "9 Desember 2026" in page  # the next one after the data's latest date, 11 February 2026


def test_about_page_names_all_six_change_areas(real_site: Path) -> None:
    page = read_page(real_site, "tentang/")
    for area in ("Manajemen Perubahan", "Penataan Tatalaksana", "Manajemen SDM", "Akuntabilitas Kinerja",
                 "Penguatan Pengawasan", "Kualitas Pelayanan Publik"):
        assert area in page, area


def test_crawl_finds_no_broken_link_or_foreign_load(real_site: Path) -> None:
    report = crawl_site(real_site)
    assert report.ok, "\n".join(report.problems()[:20])


def tree_digest(public: Path) -> dict[str, str]:
    """Every file's content hash."""
    return {p.relative_to(public).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(public.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(real_site: Path, tmp_path: Path) -> None:
    again = build_into(REPO, tmp_path / "public")
    first, second = tree_digest(real_site), tree_digest(again)
    differing = sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))
    assert not differing, f"files that differ between two builds: {differing[:10]}"
