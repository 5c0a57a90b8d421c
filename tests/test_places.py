"""Places: every record's city resolved to an official kabupaten/kota (Kemendagri list), one page per place
with units, every kabupaten/kota of a province listed; every province has a page; the tile map.

The resolution rules (sitegen/model/places.py) are checked one by one on real names; what a reader sees
on the mini registry (tests/fixtures/mini): Surabaya (a kota only), Kepanjen (a kecamatan of Kabupaten
Malang), Semarang (a bare name that stays ambiguous in Jawa Tengah), Kudus, and a Bali unit with no city;
and on the shipped registry: no page for a bare name, every located unit on its kabupaten/kota's page.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.load.markup import render_markdown
from sitegen.model import geo, routes
from sitegen.model.places import KABUPATEN, KOTA, places_of_province, resolve, split_kind
from sitegen.model.wilayah import official
from sitegen.render import tilemap
from tests.conftest import REPO, read_page

PEMKOT_TEGAL = ("kota", "Pemerintah Kota Tegal")


def code_of(province: str, city: str, unit: str = "", institution: tuple[str, str] = ("", "")) -> str | None:
    """The Kemendagri code a city value resolves to, None when it does not resolve to one place."""
    place = resolve(province, city, unit, institution).place
    return place.code if place else None


@pytest.mark.parametrize("city,expected", [
    ("Kabupaten Gresik", (KABUPATEN, "Gresik")), ("Kab. Gresik", (KABUPATEN, "Gresik")),
    ("kab gresik", (KABUPATEN, "gresik")), ("KOTA  SURABAYA", (KOTA, "SURABAYA")),
    ("Kota Administrasi Jakarta Utara", (KOTA, "Jakarta Utara")), ("Kota Adm. Jakarta Utara", (KOTA, "Jakarta Utara")),
    ("Gresik", (None, "Gresik")), ("Kabanjahe", (None, "Kabanjahe")), ("Kotamobagu", (None, "Kotamobagu")),
])
def test_the_kind_is_read_from_the_prefix_sources_write(city: str, expected: tuple) -> None:
    assert split_kind(city) == expected


def test_the_spellings_of_one_kabupaten_or_kota_resolve_to_its_official_place() -> None:
    for city in ("Gresik", "Kab. Gresik", "Kabupaten Gresik", "kabupaten  gresik", "GRESIK"):
        found = resolve("Jawa Timur", city)
        assert (found.place.name, found.place.code, found.place.slug, found.label) == \
            ("Kabupaten Gresik", "35.25", "gresik", "Kabupaten Gresik"), city
    assert {code_of("Kepulauan Bangka Belitung", c) for c in ("Pangkal Pinang", "Kota Pangkalpinang")} == {"19.71"}
    assert resolve("DKI Jakarta", "Jakarta Utara").place.name == "Kota Administrasi Jakarta Utara"


@pytest.mark.parametrize("province,city,kabupaten,code", [
    ("Jawa Tengah", "Slawi", "Kabupaten Tegal", "33.28"),
    ("Kepulauan Bangka Belitung", "Tanjungpandan", "Kabupaten Belitung", "19.02"),
    ("Kalimantan Selatan", "Marabahan", "Kabupaten Barito Kuala", "63.04"),
    ("Sulawesi Utara", "Tutuyan", "Kabupaten Bolaang Mongondow Timur", "71.10"),
])
def test_a_kecamatan_resolves_to_its_kabupaten_and_the_page_keeps_the_sources_name(
        province: str, city: str, kabupaten: str, code: str) -> None:
    found = resolve(province, city)
    assert (found.rule, found.place.name, found.place.code) == ("kecamatan", kabupaten, code)
    assert found.label == f"{city}, {kabupaten}"


@pytest.mark.parametrize("province,city,kabupaten", [
    ("Jawa Tengah", "Purwokerto", "Kabupaten Banyumas"),  # Purwokerto Utara, Selatan, Barat, Timur
    ("Kalimantan Selatan", "Amuntai", "Kabupaten Hulu Sungai Utara"),  # Amuntai Tengah, Selatan, Utara
    ("Nusa Tenggara Timur", "Soe", "Kabupaten Timor Tengah Selatan"),  # the kecamatan Kota Soe
])
def test_a_town_split_into_kecamatan_resolves_to_their_kabupaten(province: str, city: str, kabupaten: str) -> None:
    found = resolve(province, city)
    assert (found.rule, found.place.name, found.label) == ("town", kabupaten, f"{city}, {kabupaten}")


def test_a_kabupaten_or_kota_name_wins_over_a_kecamatan_of_the_same_name() -> None:
    assert resolve("Sumatera Utara", "Tebing Tinggi").place.name == "Kota Tebing Tinggi"  # not Serdang Bedagai's
    assert resolve("Sumatera Selatan", "Tebing Tinggi").place.name == "Kabupaten Empat Lawang"  # a kecamatan there


@pytest.mark.parametrize("unit,name", [
    ("Polres Malang Kota", "Kota Malang"), ("Dinas Pendidikan Kota Malang", "Kota Malang"),
    ("RSUD Kabupaten Malang", "Kabupaten Malang"), ("Kantor Kab. Malang", "Kabupaten Malang"),
])
def test_the_units_own_name_says_kota_or_kabupaten(unit: str, name: str) -> None:
    found = resolve("Jawa Timur", "Malang", unit)
    assert (found.rule, found.place.name, found.label) == ("unit-name", name, name)


def test_a_pemkot_unit_belongs_to_the_kota_and_a_pemkab_unit_to_the_kabupaten() -> None:
    found = resolve("Jawa Tengah", "Tegal", "RSUD Kardinah", PEMKOT_TEGAL)
    assert (found.rule, found.place.name, found.place.code) == ("institution", "Kota Tegal", "33.76")
    found = resolve("Jawa Tengah", "Tegal", "RSUD Dr. Soeselo", ("kabupaten", "Pemerintah Kabupaten Tegal"))
    assert found.place.name == "Kabupaten Tegal"
    # A Pemkot of another name says nothing about this one.
    assert resolve("Jawa Tengah", "Tegal", "Kantor X", ("kota", "Pemerintah Kota Semarang")).place is None


def test_a_name_no_rule_settles_stays_ambiguous_and_names_both_places() -> None:
    found = resolve("Jawa Timur", "Malang", "Pengadilan Negeri Malang")
    assert found.place is None and found.rule == "ambiguous"
    assert [p.name for p in found.candidates] == ["Kabupaten Malang", "Kota Malang"]


def test_the_editor_settles_a_name_and_keeps_the_sources_spelling() -> None:
    found = resolve("Jawa Timur", "Malang, Kota Malang", "Pengadilan Negeri Malang")
    assert (found.rule, found.place.name, found.label) == ("settled", "Kota Malang", "Kota Malang")
    found = resolve("Riau", "Siak Sri Indrapura, Kabupaten Siak")
    assert (found.place.code, found.label) == ("14.08", "Siak Sri Indrapura, Kabupaten Siak")
    assert resolve("Jawa Timur", "Malang, Kabupaten Sleman").rule == "unknown"  # settled to no place of Jawa Timur


def test_an_unknown_place_offers_the_closest_official_names() -> None:
    found = resolve("Jawa Timur", "Surabya")
    assert found.place is None and found.rule == "unknown" and found.suggestions[0] == "Kota Surabaya"
    assert "Kabupaten Siak" in resolve("Riau", "Siak Sri Indrapura").suggestions


def test_a_kota_and_a_kabupaten_of_one_name_have_two_pages_and_other_names_one() -> None:
    assert resolve("Jawa Timur", "Kota Malang").place.slug == "kota-malang"
    assert resolve("Jawa Timur", "Kab. Malang").place.slug == "kabupaten-malang"
    assert resolve("Jawa Timur", "Batu").place.slug == "batu"


def test_every_official_place_has_its_own_slug_in_its_province_and_none_takes_a_filter_word() -> None:
    assert {"wbk", "wbbm", "dicabut"} == routes.FILTER_WORDS
    assert sum(len(official().regions[p]) for p in geo.PROVINCES) == 514
    for province in geo.PROVINCES:
        slugs = [p.slug for p in places_of_province(province)]
        assert len(slugs) == len(set(slugs)), province
        assert not set(slugs) & routes.FILTER_WORDS
    assert routes.place("Jawa Barat", "banjar") != routes.place("Kalimantan Selatan", "banjar")


def test_the_tile_map_places_all_38_provinces_on_distinct_tiles_with_links() -> None:
    rows = [{"name": p, "route": routes.province(p), "count": n} for n, p in enumerate(geo.PROVINCES)]
    drawn = tilemap.province_map(rows)
    assert set(tilemap.TILES) == set(geo.PROVINCES)
    assert len({(t["x"], t["y"]) for t in drawn["tiles"]}) == 38
    for tile in drawn["tiles"]:
        assert tile["route"] == routes.province(tile["name"])
        assert tile["x"] >= 0 and tile["x"] + tile["size"] <= drawn["width"]
        assert tile["y"] >= 0 and tile["y"] + tile["size"] <= drawn["height"]
    assert drawn["tiles"][0]["css"] == "map-0" and drawn["tiles"][-1]["css"] == "map-4"
    assert "Papua Selatan dengan 37 unit" in drawn["desc"]


@pytest.mark.parametrize("largest,steps", [(0, []), (1, [(1, 1)]), (3, [(1, 1), (2, 2), (3, 3)]),
                                           (42, [(1, 11), (12, 22), (23, 33), (34, 42)])])
def test_map_shades_cover_every_count_from_one_to_the_largest(largest: int, steps: list) -> None:
    assert tilemap.shade_steps(largest) == steps
    assert all(tilemap.shade_of(n, steps) >= 1 for n in range(1, largest + 1))
    assert tilemap.shade_of(0, steps) == 0


def test_every_province_has_a_page_and_an_empty_one_says_nothing_is_recorded_yet(mini_site: Path) -> None:
    listing = read_page(mini_site, "provinsi/")
    for province in geo.PROVINCES:
        assert f'href="/{routes.province(province)}"' in listing
        assert (mini_site / routes.output_file(routes.province(province))).is_file(), province
    empty = read_page(mini_site, "provinsi/nusa-tenggara-barat/")
    assert "Belum ada catatan unit kerja berpredikat WBK atau WBBM di Nusa Tenggara Barat" in empty
    assert "tidak tercatat di sini bukan berarti tidak berpredikat" in empty
    assert 'href="/tahun/#cakupan"' in empty and 'href="/kirim/"' in empty
    assert listing.count("belum ada catatan</td>") == 38 - 3  # the mini registry has Jawa Timur, Jawa Tengah, Bali


def test_a_province_page_lists_every_kabupaten_and_kota_with_its_count_and_filters_with_plain_links(
        mini_site: Path) -> None:
    html = read_page(mini_site, "provinsi/jawa-timur/")
    listed = html.split('<ul class="place-list">', 1)[1].split("</ul>", 1)[0]
    assert listed.count("<li>") == len(official().regions["Jawa Timur"]) == 38
    assert '<a href="/provinsi/jawa-timur/surabaya/">Kota Surabaya</a> <span class="count">(1)</span>' in listed
    assert '<a href="/provinsi/jawa-timur/kabupaten-malang/">Kabupaten Malang</a>' in listed
    assert "<li>Kota Malang <span class=\"muted\">(0, belum ada catatan)</span></li>" in listed
    assert '<a href="/provinsi/jawa-timur/wbbm/">WBBM (' in html
    wbbm = read_page(mini_site, "provinsi/jawa-timur/wbbm/")
    assert '<span aria-current="page">WBBM (' in wbbm and "badge-wbbm" in wbbm
    listed = wbbm.split('<ul class="unit-list">', 1)[1].split("</ul>", 1)[0]
    assert listed.count("<li>") >= 1
    for item in listed.split("<li>")[1:]:
        assert "WBBM" in item  # a WBBM filter lists only units whose latest recorded predicate is WBBM
    assert not (mini_site / "provinsi/jawa-timur/dicabut/index.html").exists()  # nothing to list: no page


def test_a_place_page_lists_every_unit_of_the_place_with_its_code_and_units_link_to_it(mini_site: Path) -> None:
    html = read_page(mini_site, "provinsi/jawa-timur/surabaya/")
    assert "<h1>Unit kerja di Kota Surabaya</h1>" in html and '<span class="code">35.78</span>' in html
    units = [p for p in (mini_site / "unit").glob("*/*/index.html")
             if re.search(r'href="/provinsi/jawa-timur/surabaya/">Kota Surabaya</a>(<sup class="cite">.*?</sup>)?, '
                          r'<a href="/provinsi/jawa-timur/"', p.read_text("utf-8"))]
    assert units
    for page in units:
        route = "/" + page.parent.relative_to(mini_site).as_posix() + "/"
        assert f'<a href="{route}">' in html


def test_a_kecamatan_unit_is_on_its_kabupatens_page_under_the_name_the_source_gave(mini_site: Path) -> None:
    html = read_page(mini_site, "provinsi/jawa-timur/kabupaten-malang/")
    assert "Sumber menyebut tempatnya: Kepanjen." in html and "Kantor Alfa Malang Raya" in html
    unit = read_page(mini_site, "unit/alfa/kantor-alfa-malang/")
    assert 'Kepanjen, <a href="/provinsi/jawa-timur/kabupaten-malang/">Kabupaten Malang</a>' in unit


def test_an_ambiguous_name_gets_no_page_its_old_address_redirects_and_the_build_warns(
        mini_site: Path, tmp_path: Path) -> None:
    former = read_page(mini_site, "provinsi/jawa-tengah/semarang/")  # the bare name had a page: now a redirect
    assert "Halaman ini pindah" in former and 'url=/provinsi/jawa-tengah/"' in former
    assert 'url=/provinsi/jawa-timur/kabupaten-malang/"' in read_page(mini_site, "provinsi/jawa-timur/kepanjen/")
    assert "/provinsi/jawa-tengah/semarang/" not in (mini_site / "sitemap.xml").read_text("utf-8")
    done = subprocess.run([sys.executable, "build.py", "build", "--root", "tests/fixtures/mini", "--out",
                           str(tmp_path / "out")], cwd=REPO, capture_output=True, text=True)
    assert ("warning: data/awards/2019.yaml:25: city 'Semarang' of Pengadilan Beta Semarang may be Kabupaten "
            "Semarang or Kota Semarang") in done.stderr


def test_the_shipped_registry_has_no_bare_name_page_and_every_located_unit_is_on_its_place_page(
        real_site: Path) -> None:
    from sitegen.load.registry import load_registry

    reg, _ = load_registry(REPO)
    official_slugs = {(p.province, p.slug) for province in geo.PROVINCES for p in places_of_province(province)}
    assert set(reg.units_by_place) <= official_slugs  # every place page is an official kabupaten/kota
    for province in geo.PROVINCES:
        folder = real_site / routes.province(province)
        pages = {d.name for d in folder.iterdir() if d.is_dir() and d.name not in routes.FILTER_WORDS} \
            if folder.is_dir() else set()
        for slug in pages:
            html = read_page(real_site, routes.place(province, slug))
            assert (province, slug) in official_slugs or "Halaman ini pindah" in html, (province, slug)
    unsettled = {uid for uid, r in reg.place_of.items() if r.place is None}
    assert len(unsettled) == len(reg.place_warnings)  # each one warned of, naming its record
    for uid, resolution in reg.place_of.items():
        if resolution.place is not None:
            html = read_page(real_site, routes.place(resolution.place.province, resolution.place.slug))
            assert f'href="/{routes.unit(uid)}"' in html, uid
    assert "Slawi, <a href=\"/provinsi/jawa-tengah/kabupaten-tegal/\">Kabupaten Tegal</a>" in \
        read_page(real_site, "provinsi/jawa-tengah/kabupaten-tegal/")
    moved = read_page(real_site, "provinsi/kepulauan-bangka-belitung/tanjungpandan/")
    assert 'url=/provinsi/kepulauan-bangka-belitung/belitung/"' in moved


def test_prose_tables_label_every_cell_with_its_column_for_phones() -> None:
    html = render_markdown('| Tahun | Tema "x" |\n|---|---|\n| 2024 | <b>Satu</b> |\n')
    assert '<td data-label="Tahun">2024</td>' in html
    assert '<td data-label="Tema &quot;x&quot;">' in html


def test_the_shipped_og_image_is_what_the_script_draws() -> None:
    done = subprocess.run([sys.executable, "scripts/make_og_image.py", "--check"], cwd=REPO, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (REPO / "site_src/static/og.png").read_bytes()[12:24] == b"IHDR\x00\x00\x04\xb0\x00\x00\x02\x76"
