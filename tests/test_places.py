"""Places: one page per kabupaten/kota, never one page for two places; every province has a page; the tile map.

What a reader sees is checked on the mini registry (tests/fixtures/mini): Surabaya (Jawa Timur, a kota
only), Malang (a bare name that may be Kota or Kabupaten Malang), Semarang likewise in Jawa Tengah,
Kudus (a kabupaten only), and a Bali unit whose source names no city.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.load.markup import render_markdown
from sitegen.model import geo, routes
from sitegen.model.places import BOTH_KINDS, KABUPATEN, KOTA, places_of_province, split_kind
from sitegen.render import tilemap
from tests.conftest import REPO, read_page


def slugs(province: str, cities: list[str]) -> dict[str, str]:
    """Each city value -> the slug of its page."""
    return {city: place.slug for city, place in places_of_province(province, cities).items()}


@pytest.mark.parametrize("city,expected", [
    ("Kabupaten Gresik", (KABUPATEN, "Gresik")), ("Kab. Gresik", (KABUPATEN, "Gresik")),
    ("kab gresik", (KABUPATEN, "gresik")), ("KOTA  SURABAYA", (KOTA, "SURABAYA")),
    ("Kota Administrasi Jakarta Utara", (KOTA, "Jakarta Utara")), ("Kota Adm. Jakarta Utara", (KOTA, "Jakarta Utara")),
    ("Gresik", (None, "Gresik")), ("Kabanjahe", (None, "Kabanjahe")), ("Kotamobagu", (None, "Kotamobagu")),
])
def test_the_kind_is_read_from_the_prefix_sources_write(city: str, expected: tuple) -> None:
    assert split_kind(city) == expected


def test_the_spellings_of_one_place_share_one_page() -> None:
    found = places_of_province("Jawa Timur", ["Gresik", "Kab. Gresik", "Kabupaten Gresik", "kabupaten  gresik",
                                              "Surabaya", "Kota Surabaya", "KOTA SURABAYA"])
    assert {c: p.slug for c, p in found.items() if "resik" in c} == dict.fromkeys(
        ("Gresik", "Kab. Gresik", "Kabupaten Gresik", "kabupaten  gresik"), "gresik")
    assert {p.name for c, p in found.items() if "resik" in c} == {"Kabupaten Gresik"}
    assert {p.name for c, p in found.items() if "urabaya" in c.casefold()} == {"Kota Surabaya"}
    spaced = places_of_province("Kepulauan Bangka Belitung", ["Pangkal Pinang", "Kota Pangkalpinang"])
    assert {p.slug for p in spaced.values()} == {"pangkalpinang"}


def test_a_kota_and_a_kabupaten_of_one_name_never_share_a_page() -> None:
    found = slugs("Jawa Timur", ["Kota Malang", "Kabupaten Malang", "Kab. Malang", "Malang"])
    assert found == {"Kota Malang": "kota-malang", "Kabupaten Malang": "kabupaten-malang",
                     "Kab. Malang": "kabupaten-malang", "Malang": "malang"}
    bare = places_of_province("Jawa Timur", ["Malang"])["Malang"]
    assert bare.ambiguous and bare.name == "Malang"  # the source did not say which: no guess


def test_records_giving_one_name_both_kinds_keep_them_apart_even_where_the_table_knows_one() -> None:
    found = slugs("Jawa Timur", ["Kota Batu", "Kabupaten Batu", "Batu"])
    assert len(set(found.values())) == 3


def test_the_same_name_in_two_provinces_is_two_places() -> None:
    assert routes.place("Jawa Barat", "banjar") != routes.place("Kalimantan Selatan", "banjar")


def test_a_bare_name_the_geo_table_knows_gets_its_kind_and_spelling() -> None:
    assert places_of_province("DKI Jakarta", ["Jakarta Utara"])["Jakarta Utara"].name == "Kota Jakarta Utara"
    assert places_of_province("Jawa Timur", ["Tarempa"])["Tarempa"].name == "Tarempa"  # unknown: as written


def test_every_name_the_geo_table_gives_as_kota_and_kabupaten_is_known_to_be_ambiguous() -> None:
    for province, names in geo.REGENCIES.items():
        kinds: dict[str, set] = {}
        for full in names:
            kind, bare = split_kind(full)
            kinds.setdefault(bare, set()).add(kind)
        both = {bare for bare, found in kinds.items() if len(found) == 2}
        assert both <= BOTH_KINDS.get(province, frozenset()), province


def test_place_slugs_never_take_a_predicate_filter_word() -> None:
    assert {"wbk", "wbbm", "dicabut"} == routes.FILTER_WORDS
    assert set(slugs("Aceh", ["WBK", "Dicabut"]).values()) == {"wbk_", "dicabut_"}


def test_a_place_named_like_a_filter_never_shares_a_page_with_another() -> None:
    found = slugs("Aceh", ["WBK", "WBK Daerah", "Dicabut", "Dicabut Daerah"])
    assert len(set(found.values())) == 4, found


def test_places_do_not_depend_on_the_order_of_the_records() -> None:
    cities = ["Malang", "Kota Malang", "Gresik", "Kab. Gresik", "Kabupaten Gresik", "GRESIK", "Batu"]
    first = places_of_province("Jawa Timur", cities)
    for seed in range(5):
        shuffled = cities[:]
        random.Random(seed).shuffle(shuffled)
        assert places_of_province("Jawa Timur", shuffled) == first


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
    assert 'href="/tahun/#cakupan"' in empty and 'href="/tentang/#mengirim-koreksi-atau-sumber"' in empty
    assert listing.count("belum ada catatan</td>") == 38 - 3  # the mini registry has Jawa Timur, Jawa Tengah, Bali


def test_a_province_page_lists_its_places_and_filters_by_predicate_with_plain_links(mini_site: Path) -> None:
    html = read_page(mini_site, "provinsi/jawa-timur/")
    assert '<a href="/provinsi/jawa-timur/surabaya/">Kota Surabaya</a>' in html
    assert '<a href="/provinsi/jawa-timur/malang/">Malang</a>' in html
    assert '<a href="/provinsi/jawa-timur/wbbm/">WBBM (' in html
    wbbm = read_page(mini_site, "provinsi/jawa-timur/wbbm/")
    assert '<span aria-current="page">WBBM (' in wbbm and "badge-wbbm" in wbbm
    listed = wbbm.split('<ul class="unit-list">', 1)[1].split("</ul>", 1)[0]
    assert listed.count("<li>") >= 1
    for item in listed.split("<li>")[1:]:
        assert "WBBM" in item  # a WBBM filter lists only units whose latest recorded predicate is WBBM
    assert not (mini_site / "provinsi/jawa-timur/dicabut/index.html").exists()  # nothing to list: no page


def test_a_place_page_lists_every_unit_of_the_place_and_units_link_to_it(mini_site: Path) -> None:
    html = read_page(mini_site, "provinsi/jawa-timur/surabaya/")
    assert "<h1>Unit kerja di Kota Surabaya</h1>" in html
    units = [p for p in (mini_site / "unit").glob("*/*/index.html")
             if re.search(r'href="/provinsi/jawa-timur/surabaya/">Kota Surabaya</a>(<sup class="cite">.*?</sup>)?, '
                          r'<a href="/provinsi/jawa-timur/"', p.read_text("utf-8"))]
    assert units
    for page in units:
        route = "/" + page.parent.relative_to(mini_site).as_posix() + "/"
        assert f'<a href="{route}">' in html
    ambiguous = read_page(mini_site, "provinsi/jawa-tengah/semarang/")
    assert "tanpa keterangan kota atau kabupaten" in ambiguous


def test_prose_tables_label_every_cell_with_its_column_for_phones() -> None:
    html = render_markdown('| Tahun | Tema "x" |\n|---|---|\n| 2024 | <b>Satu</b> |\n')
    assert '<td data-label="Tahun">2024</td>' in html
    assert '<td data-label="Tema &quot;x&quot;">' in html


def test_the_shipped_og_image_is_what_the_script_draws() -> None:
    done = subprocess.run([sys.executable, "scripts/make_og_image.py", "--check"], cwd=REPO, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (REPO / "site_src/static/og.png").read_bytes()[12:24] == b"IHDR\x00\x00\x04\xb0\x00\x00\x02\x76"
