"""Open data for journalists: the CSV round trip, the unit twins' schema, feeds, sitemap, share cards, charts."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import jsonschema
import pytest

from sitegen.importer.run import import_file
from sitegen.load.registry import load_registry
from sitegen.model import routes
from sitegen.model.records import Registry
from sitegen.render import charts
from sitegen.render.export import AWARD_COLUMNS, UNIT_SCHEMA
from sitegen.render.pages import AWARD_FIELDS
from tests.conftest import MINI, REPO, build_into, copy_registry, read_page

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE_URL = "https://registri.contoh.id"
KEPT_FILES = ("institutions.yaml", "units.yaml", "revocations.yaml")


# --- The CSV round trip: export, import into an empty registry, build, get the same registry ---------------

def empty_registry(source: Path, target: Path) -> Path:
    """A registry with the source's institutions, unit identities, revocations and prose, but no award."""
    (target / "data" / "awards").mkdir(parents=True)
    for name in KEPT_FILES:
        if (source / "data" / name).exists():
            shutil.copy(source / "data" / name, target / "data" / name)
    shutil.copytree(source / "site_src", target / "site_src")
    return target


def registry_facts(reg: Registry) -> dict:
    """Units, awards with every source, revocations and redirects: everything an award row can carry.

    Left out on purpose: where a record was written (file and line) and the rounds' ceremony and reported
    totals, which are facts of a round, not of an award, and are not award rows.
    """
    units = {}
    for uid, unit in reg.units.items():
        awards = [{k: v for k, v in dataclasses.asdict(a).items() if k not in ("file", "line")} for a in unit.awards]
        revocations = [{k: v for k, v in dataclasses.asdict(r).items() if k != "line"} for r in unit.revocations]
        units[uid] = {**dataclasses.asdict(unit), "awards": awards, "revocations": revocations}
    return {"units": units, "redirects": reg.redirects, "institutions": reg.institutions,
            "by_year": reg.units_by_year, "by_province": reg.units_by_province}


def round_trip(source: Path, public: Path, tmp_path: Path) -> tuple[Registry, Registry, Path]:
    """Import a built site's penghargaan.csv into an empty copy of its registry, and build that."""
    target = empty_registry(source, tmp_path / "reimported")
    report = import_file(public / "data" / "penghargaan.csv", target)
    assert report.unchanged == 0 and report.sources_added == 0 and not report.institutions_created
    rebuilt = build_into(target, tmp_path / "public")
    return load_registry(source)[0], load_registry(target)[0], rebuilt


@pytest.mark.parametrize("which", ["mini", "real"])
def test_the_award_csv_imports_back_into_the_same_registry(which: str, request: pytest.FixtureRequest,
                                                            tmp_path: Path) -> None:
    source, public = (MINI, request.getfixturevalue("mini_site")) if which == "mini" else \
        (REPO, request.getfixturevalue("real_site"))
    original, reimported, rebuilt = round_trip(source, public, tmp_path)
    assert sum(len(u.awards) for u in reimported.units.values()) == sum(len(u.awards) for u in original.units.values())
    assert registry_facts(reimported) == registry_facts(original)
    for name in ("penghargaan.csv", "penghargaan.json", "pencabutan.csv", "instansi.csv"):
        assert (rebuilt / "data" / name).read_bytes() == (public / "data" / name).read_bytes(), name


def test_the_round_trip_carries_renames_moves_mandiri_secondary_and_further_sources(mini_site: Path,
                                                                                    tmp_path: Path) -> None:
    _, reimported, _ = round_trip(MINI, mini_site, tmp_path)
    malang = reimported.units["alfa/kantor-alfa-malang"]
    assert [a.name_as_awarded for a in malang.awards] == ["Kantor Alfa Malang", "Kantor Alfa Malang Raya"]
    kudus = reimported.units["beta/lapas-beta-kudus"]
    assert [(a.institution_as_awarded, a.set_by) for a in kudus.awards] == [("beta", "kemenpanrb"),
                                                                           ("alfa-baru", "alfa-baru")]
    assert reimported.units["pemkot-gamma/dinas-gamma"].awards[0].secondary
    assert [s.title for s in reimported.units["alfa/kantor-alfa-surabaya"].awards[1].sources] == \
        ["Kantor Alfa Surabaya naik ke WBBM", "Berita kedua"]
    assert reimported.units["alfa/kantor-alfa-bali"].awards[0].year is None


def csv_rows(public: Path) -> list[dict]:
    """The award download as dicts."""
    return list(csv.DictReader(io.StringIO((public / "data" / "penghargaan.csv").read_text("utf-8"), newline="")))


def test_award_csv_has_the_documented_columns_and_one_row_per_award(mini_site: Path) -> None:
    raw = (mini_site / "data" / "penghargaan.csv").read_bytes()
    assert raw.startswith(",".join(AWARD_COLUMNS).encode() + b"\r\n")
    assert [name for name, _ in AWARD_FIELDS] == list(AWARD_COLUMNS)
    docs = (REPO / "docs" / "open-data.md").read_text("utf-8")
    assert all(f"`{column}`" in docs for column in AWARD_COLUMNS)
    rows = csv_rows(mini_site)
    assert len(rows) == 10
    row = next(r for r in rows if r["unit_id"] == "alfa/kantor-alfa-surabaya" and r["year"] == "2020")
    assert row["other_sources"] == \
        "https://contoh.invalid/alfa-surabaya-2020-b [berita; diperiksa 2024-05-02] Berita kedua"
    revoked = next(r for r in rows if r["unit_id"] == "beta/pengadilan-beta-semarang")
    assert revoked["revoked_on"] == "2021-03-01"
    renamed = next(r for r in rows if r["unit_id"] == "alfa/kantor-alfa-malang" and r["year"] == "2019")
    assert (renamed["unit"], renamed["current_unit"]) == ("Kantor Alfa Malang", "Kantor Alfa Malang Raya")


# --- Unit twins and their JSON Schema -----------------------------------------------------------------------

def schema_validator() -> jsonschema.protocols.Validator:
    """The published unit schema, checking formats such as dates."""
    schema = json.loads(UNIT_SCHEMA.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("which", ["mini_site", "real_site"])
def test_every_unit_twin_validates_against_the_published_schema(which: str, request: pytest.FixtureRequest) -> None:
    public = request.getfixturevalue(which)
    assert (public / "data" / "unit.schema.json").read_bytes() == UNIT_SCHEMA.read_bytes()
    validator = schema_validator()
    twins = sorted((public / "unit").rglob("index.json"))
    assert len(twins) == len(list((public / "unit").glob("*/*/index.json"))) > 0
    for twin in twins:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(json.loads(twin.read_text("utf-8")))]
        assert not errors, (twin, errors[:5])


@pytest.mark.parametrize("broken", [
    {"current_predicate": "WBX"},
    {"awards": []},
    {"data_last_changed": "21 Desember 2021"},
    {"extra": 1},
])
def test_the_schema_rejects_a_broken_twin(mini_site: Path, broken: dict) -> None:
    twin = json.loads((mini_site / "unit/alfa/kantor-alfa-surabaya/index.json").read_text("utf-8"))
    assert schema_validator().is_valid(twin)
    assert not schema_validator().is_valid(twin | broken)


def test_a_twin_carries_the_units_own_handover_never_the_rounds_ceremony(mini_site: Path) -> None:
    twin = json.loads((mini_site / "unit/alfa/kantor-alfa-surabaya/index.json").read_text("utf-8"))
    first, second = twin["awards"]
    assert first["handover"] == {"date": "2019-12-10", "place": "Hotel Contoh, Jakarta", "by": "Menteri Contoh",
                                 "source_url": "https://contoh.invalid/alfa-surabaya-2019"}
    assert "ceremony" not in first and second["handover"] is None  # 2020's round has a ceremony; not this unit's
    assert [(s["kind"], s["checked_on"]) for s in second["sources"]] == [("resmi", None), ("berita", "2024-05-02")]
    mandiri = json.loads((mini_site / "unit/beta/lapas-beta-kudus/index.json").read_text("utf-8"))["awards"][1]
    assert mandiri["set_by"] == "alfa-baru" and mandiri["handover"]["by"] == "Menteri Alfa Baru"


# --- Feeds, sitemap and robots.txt --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def absolute_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini registry built with a base_url, as a deploy with a known address."""
    return build_into(MINI, tmp_path_factory.mktemp("absolute") / "public", base_url=BASE_URL)


def atom_entries(path: Path) -> tuple[ET.Element, list[ET.Element]]:
    """Parse an Atom feed and check the elements RFC 4287 requires of the feed and of every entry."""
    feed = ET.parse(path).getroot()
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{tag}") or "").strip(), tag
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for tag in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{tag}") or "").strip(), tag
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}link").get("href")
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries)
    return feed, entries


@pytest.mark.parametrize("route,count", [("berita/atom.xml", 1), ("tahun/atom.xml", 3)])
def test_feeds_parse_as_atom_with_every_required_element(mini_site: Path, route: str, count: int) -> None:
    _, entries = atom_entries(mini_site / route)
    assert len(entries) == count
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert all((mini_site / link.lstrip("/") / "index.html").is_file() for link in links), links


def test_the_awards_feed_lists_each_rounds_units_and_marks_revocations(mini_site: Path) -> None:
    _, entries = atom_entries(mini_site / "tahun/atom.xml")
    by_title = {e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}content") for e in entries}
    assert "Pengadilan Beta Semarang (Badan Beta): WBK (dicabut)" in by_title["Penganugerahan Zona Integritas 2019"]
    assert "Lapas Beta Kudus (Kementerian Alfa Baru): WBBM" in by_title["Penganugerahan Zona Integritas 2021"]


def test_with_a_base_url_feeds_sitemap_and_robots_link_absolutely(absolute_site: Path) -> None:
    for route in ("berita/atom.xml", "tahun/atom.xml"):
        feed, _ = atom_entries(absolute_site / route)
        hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
        assert hrefs and all(h.startswith(BASE_URL + "/") for h in hrefs), hrefs
    locs = [u.findtext(f"{SITEMAP}loc") for u in ET.parse(absolute_site / "sitemap.xml").getroot()]
    assert locs and all(loc.startswith(BASE_URL + "/") for loc in locs)
    assert (absolute_site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\nSitemap: {BASE_URL}/sitemap.xml\n"


def test_sitemap_lists_every_page_with_a_lastmod_from_the_data(mini_site: Path) -> None:
    reg = load_registry(MINI)[0]
    data_dates = {r.ceremony.date.isoformat() for r in reg.rounds.values() if r.ceremony.date}
    data_dates |= {r.revoked_on.isoformat() for r in reg.revocations if not isinstance(r.revoked_on, int)}
    urls = ET.parse(mini_site / "sitemap.xml").getroot()
    pages = {p.relative_to(mini_site).as_posix().removesuffix("index.html") for p in mini_site.rglob("index.html")}
    redirects = {f"unit/{r.old_id}/" for r in reg.redirects} | {routes.place(*key) for key in reg.place_aliases}
    redirects |= {routes.place_filter(*key, word) for key in reg.place_aliases for word in routes.FILTER_WORDS}
    assert {u.findtext(f"{SITEMAP}loc").lstrip("/") for u in urls} == pages - redirects
    lastmods = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in urls}
    assert set(lastmods.values()) <= data_dates  # never today's date
    assert lastmods["/unit/beta/pengadilan-beta-semarang/"] == "2021-03-01"  # its revocation
    assert lastmods["/unit/alfa/kantor-alfa-surabaya/"] == "2020-12-21"  # its latest ceremony


# --- Old URLs keep working ----------------------------------------------------------------------------------

def follow(public: Path, route: str, hops: int = 3) -> tuple[str, str]:
    """Open a route as a browser would without JavaScript: follow meta refreshes to a real page."""
    for _ in range(hops):
        html = read_page(public, route)
        refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html)
        if not refresh:
            return route, html
        assert f'<link rel="canonical" href="{refresh.group(1)}">' in html
        assert f'<a href="{refresh.group(1)}">' in html  # the visible link
        route = urljoin("/" + route, refresh.group(1)).lstrip("/")
    raise AssertionError(f"redirect loop from {route}")


def test_renaming_and_moving_units_keeps_every_old_url_working(tmp_path: Path) -> None:
    root = copy_registry(MINI, tmp_path / "reg")
    units = root / "data" / "units.yaml"
    units.write_text(units.read_text() + (
        "- id: alfa/kantor-alfa-surabaya\n  name: Kantor Alfa Kota Surabaya\n  former_names: [Kantor Alfa Surabaya]\n"
        "- id: pemkot-gamma/dinas-gamma\n  name: Dinas Gamma\n  institution: beta\n"
        "  former_institutions: [pemkot-gamma]\n"))
    awards = root / "data" / "awards" / "2021.yaml"
    awards.write_text(awards.read_text() + (
        "  - unit: Kantor Alfa Kota Surabaya\n    institution: alfa\n    predicate: WBBM\n"
        "    source_url: \"https://contoh.invalid/alfa-kota-surabaya-2021\"\n    source_kind: resmi\n"
        "    set_by: kemenpanrb\n"))
    public = build_into(root, tmp_path / "public")
    for old, new in (("unit/alfa/kantor-alfa-surabaya/", "unit/alfa/kantor-alfa-kota-surabaya/"),
                     ("unit/pemkot-gamma/dinas-gamma/", "unit/beta/dinas-gamma/")):
        landed_old, page = follow(public, old)
        landed_new, _ = follow(public, new)
        assert landed_old == landed_new == old, (old, new)
    page = read_page(public, "unit/alfa/kantor-alfa-surabaya/")
    assert "<h1>Kantor Alfa Kota Surabaya</h1>" in page and "Nama sebelumnya: Kantor Alfa Surabaya" in page
    assert 'href="https://contoh.invalid/alfa-kota-surabaya-2021"' in page
    assert 'href="https://contoh.invalid/alfa-surabaya-2019"' in page
    assert "Badan Beta" in read_page(public, "unit/pemkot-gamma/dinas-gamma/")


def test_every_former_url_of_the_real_registry_lands_on_its_unit(real_site: Path) -> None:
    reg = load_registry(REPO)[0]
    assert any(r.old_id.startswith("kemenimipas/") for r in reg.redirects)  # the 2024 moves
    for redirect in reg.redirects:
        landed, html = follow(real_site, f"unit/{redirect.old_id}/")
        assert landed == f"unit/{redirect.unit_id}/" and '<ol class="history">' in html


# --- A unit page shows, cites and shares correctly ----------------------------------------------------------

def meta(html: str, prop: str) -> str | None:
    """The content of one <meta property|name=...> tag, unescaped."""
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', html)
    return found and found.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def linked_data(html: str) -> dict:
    """The page's JSON-LD block, checked to hold no raw '<' that could end the script element."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    assert not re.search(r"[<>&]", blocks[0])
    return json.loads(blocks[0])


def test_share_cards_name_the_page_and_link_absolutely_only_with_a_base_url(mini_site: Path,
                                                                            absolute_site: Path) -> None:
    route = "unit/alfa/pusat-r-d-alfa/"
    relative, absolute = read_page(mini_site, route), read_page(absolute_site, route)
    for html in (relative, absolute):
        assert meta(html, "og:title") == "Pusat R&D <Alfa>"
        assert meta(html, "og:description").startswith("Pusat R&D <Alfa> (Kementerian Alfa): WBK 2020.")
        assert (meta(html, "og:type"), meta(html, "og:locale"), meta(html, "twitter:card")) == \
            ("website", "id_ID", "summary_large_image")
        assert meta(html, "og:site_name") == "Registri Zona Integritas"
        assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("1200", "630")
    assert meta(relative, "og:url") is None and 'rel="canonical"' not in relative
    assert meta(relative, "og:image") == "/static/og.png"
    assert meta(absolute, "og:image") == f"{BASE_URL}/static/og.png"
    assert (absolute_site / "static" / "og.png").read_bytes().startswith(b"\x89PNG")
    assert meta(absolute, "og:url") == f"{BASE_URL}/{route}"
    assert f'<link rel="canonical" href="{BASE_URL}/{route}">' in absolute
    assert meta(read_page(mini_site, "berita/2020-12-21-contoh-berita/"), "og:type") == "article"


def test_unit_json_ld_is_a_government_organization_with_parent_and_awards(absolute_site: Path) -> None:
    data = linked_data(read_page(absolute_site, "unit/alfa/pusat-r-d-alfa/"))
    assert (data["@context"], data["@type"], data["name"]) == ("https://schema.org", "GovernmentOrganization",
                                                               "Pusat R&D <Alfa>")
    assert data["url"] == f"{BASE_URL}/unit/alfa/pusat-r-d-alfa/"
    assert data["parentOrganization"] == {"@type": "GovernmentOrganization", "name": "Kementerian Alfa",
                                          "url": f"{BASE_URL}/instansi/alfa/"}
    moved = linked_data(read_page(absolute_site, "unit/alfa/kantor-alfa-malang/"))
    assert moved["alternateName"] == ["Kantor Alfa Malang"]
    assert len(moved["award"]) == 2 and moved["address"]["addressRegion"] == "Jawa Timur"
    revoked = linked_data(read_page(absolute_site, "unit/beta/pengadilan-beta-semarang/"))
    # its source does not say who set it, so no setter is named
    assert revoked["award"] == ["Menuju Wilayah Bebas dari Korupsi (WBK) 2019, penetap tidak disebut sumber, dicabut"]


def test_json_ld_cannot_be_closed_by_record_text() -> None:
    from sitegen.render.jinja import json_script
    hostile = {"name": "</script><script>alert(1)</script> & <!--"}
    text = json_script(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == hostile


def test_data_page_describes_a_dataset_whose_downloads_exist(absolute_site: Path) -> None:
    data = linked_data(read_page(absolute_site, "data/"))
    assert data["@type"] == "Dataset" and data["temporalCoverage"] == "2019/2021"
    assert data["license"] == {"@type": "CreativeWork", "name": "CC BY 4.0"}
    assert data["dateModified"] == "2021-12-20" and len(data["description"]) >= 50
    urls = [d["contentUrl"] for d in data["distribution"]]
    assert len(urls) == 6
    for url in urls:
        assert url.startswith(f"{BASE_URL}/data/") and (absolute_site / url.removeprefix(f"{BASE_URL}/")).is_file()


def test_cite_block_is_ready_to_paste_and_works_without_javascript(absolute_site: Path) -> None:
    html = read_page(absolute_site, "unit/beta/pengadilan-beta-semarang/")
    cite = re.sub(r"<[^>]+>", "", re.search(r'<p id="kutipan" class="cite-text">(.*?)</p>', html, re.S).group(1))
    assert cite == ('Pengadilan Beta Semarang (Badan Beta). Predikat: WBK 2019 (dicabut). Sumber: "Pengadilan Beta '
                    'Semarang raih WBK", https://contoh.invalid/beta-semarang. Registri Zona Integritas, '
                    f'{BASE_URL}/unit/beta/pengadilan-beta-semarang/, data diperbarui 20 Desember 2021.')
    assert '<button type="button" class="copy-button" data-copy="kutipan" hidden>' in html
    assert f'<a class="cite-url" href="/unit/beta/pengadilan-beta-semarang/">{BASE_URL}/unit/' in html


def test_every_award_on_a_unit_page_shows_its_provenance(mini_site: Path) -> None:
    html = read_page(mini_site, "unit/beta/lapas-beta-kudus/")
    history = html.split('<ol class="history">', 1)[1].split("</ol>", 1)[0]
    items = history.split('<li class="history-item">')[1:]
    assert len(items) == 2
    assert "ditetapkan oleh Kemenalfabaru (penetapan internal)" in items[0]  # newest first; its own WBBM
    assert "ditetapkan oleh KemenPANRB" in items[1]
    assert "21 Desember 2020" not in html  # the round's ceremony is not this unit's handover
    assert all(re.search(r'<sup class="cite"><a href="#sumber-\d+"', item) for item in items)  # each cites a source
    sources = html.split('<ol class="source-list">', 1)[1].split("</ol>", 1)[0]
    assert sources.count('<li id="sumber-') == 3  # the 2021 record's two, the 2020 record's one
    assert 'Penyerahan kepada unit ini: Kudus, oleh Menteri Alfa Baru.<sup class="cite"><a href="#sumber-2"' in html
    secondary = read_page(mini_site, "unit/pemkot-gamma/dinas-gamma/")
    assert "Diketahui dari pemberitaan saja" in secondary


# --- Charts -------------------------------------------------------------------------------------------------

def svg_charts(html: str) -> list[str]:
    """Every chart SVG on a page."""
    return re.findall(r'<svg class="chart-svg".*?</svg>', html, re.S)


@pytest.mark.parametrize("route,chart_id", [("", "grafik-per-tahun"), ("tahun/2020/", "grafik-kategori-2020")])
def test_charts_are_labelled_images_with_their_numbers_as_text(mini_site: Path, route: str, chart_id: str) -> None:
    html = read_page(mini_site, route)
    [svg] = svg_charts(html)
    assert f'role="img" aria-labelledby="{chart_id}-judul {chart_id}-ket"' in svg
    assert re.search(rf'<title id="{chart_id}-judul">[^<]+</title>', svg)
    assert re.search(rf'<desc id="{chart_id}-ket">[^<]{{40,}}</desc>', svg)
    assert '<details class="chart-data">' in html.split(svg, 1)[1]
    assert "<rect" in svg and 'viewBox="0 0 360 ' in svg


def test_no_page_uses_inline_styles_the_csp_would_block(mini_site: Path) -> None:
    for page in mini_site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert not re.search(r"\sstyle=|<style", html), page


def test_the_home_chart_counts_what_the_registry_holds(mini_site: Path) -> None:
    html = read_page(mini_site, "")
    table = html.split('<details class="chart-data">', 1)[1].split("</details>", 1)[0]
    cell = r'<td data-label="[^"]+">(\d+)</td>'
    rows = re.findall(r'<tr><th scope="row">(\d+)</th>' + cell * 3 + "</tr>", table)
    assert rows == [("2019", "3", "0", "3"), ("2020", "3", "1", "4"), ("2021", "0", "2", "2")]
    assert "1 catatan tanpa tahun tidak termasuk" in html


@pytest.mark.parametrize("maximum,expected", [(0, [0, 1]), (3, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]),
                                              (44, [0, 10, 20, 30, 40, 50]), (763, [0, 200, 400, 600, 800])])
def test_axis_ticks_are_round_numbers_covering_the_largest_bar(maximum: int, expected: list[int]) -> None:
    assert charts.ticks(maximum) == expected


def test_stacked_columns_fit_the_frame_and_stack_to_their_total() -> None:
    rows = [{"label": str(y), "values": {"WBK": y - 2010, "WBBM": 1}} for y in range(2014, 2026)]
    chart = charts.column_chart("t", "T", "D", rows, charts.PREDICATE_SERIES, "Tahun")
    height = float(chart["height"])
    for rect in chart["rects"]:
        x, y, w, h = (float(rect[k]) for k in ("x", "y", "w", "h"))
        assert x >= 0 and x + w <= chart["width"] and y >= 0 and y + h <= height
    tallest = [r for r in chart["rects"] if r["tip"].startswith("2025")]
    top, bottom = min(float(r["y"]) for r in tallest), max(float(r["y"]) + float(r["h"]) for r in tallest)
    unit = (bottom - top) / 16  # 15 WBK + 1 WBBM
    assert abs(float(tallest[0]["h"]) - 15 * unit) < 0.2
    labels = [t["text"] for t in chart["texts"] if t["anchor"] == "middle" and t["css"] == "chart-tick"]
    assert labels[0] == "2014" and len(labels) >= 6


def test_long_bar_labels_are_shortened_never_cut_by_the_frame() -> None:
    rows = [{"label": "Pemerintah Kabupaten Kepulauan Siau Tagulandang Biaro", "values": {"WBK": 2}}]
    chart = charts.bar_chart("t", "T", "D", rows, charts.PREDICATE_SERIES, "Instansi")
    label = next(t for t in chart["texts"] if t["css"] == "chart-label")
    assert label["text"].endswith("…") and len(label["text"]) * charts.CHAR_WIDTH <= float(label["x"])


def test_a_revoked_predicate_is_marked_on_every_page_that_lists_the_unit(mini_site: Path) -> None:
    link = 'href="/unit/beta/pengadilan-beta-semarang/"'
    listing = mini_site / "pencabutan" / "index.html"  # the list of revocations itself
    # The unit's own verification sheet states its status as its headline ("WBK 2019 · DICABUT"); its links
    # lead back to the unit itself, so it is no list of units.
    pages = [p for p in mini_site.rglob("*.html") if link in p.read_text("utf-8") and p != listing
             and p.parent.name != "periksa"]
    assert len(pages) >= 6
    for page in pages:
        # The unit's own share links ("Salin tautan") are not a listing of it.
        for line in (li for li in page.read_text("utf-8").splitlines()
                     if link in li and "<nav" not in li and 'class="share-' not in li):
            assert re.search(r"dicabut|pencabutan", line), (page, line)
