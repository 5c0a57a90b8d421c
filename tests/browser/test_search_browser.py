"""Search in Debian's Chromium on the built real site (and a generated one for unit types the real data lacks).

Queries are typed letter by letter into the search box, as a citizen would; the expected unit must be in the
top results and unrelated units must not be there at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import REPO, build_into

TOP = 5
LISTBOX = "header [role=listbox]"
HEADER_INPUT = "header form.search-box input[name=q]"


@pytest.fixture(scope="module")
def real_base(real_site: Path, static_server_factory: Callable[..., str]) -> str:
    """The real site served by nginx at the root."""
    return static_server_factory(real_site)


@pytest.fixture(scope="module")
def sample_base(tmp_path_factory: pytest.TempPathFactory, static_server_factory: Callable[..., str]) -> str:
    """A generated registry of 3,000 units (every unit type), built and served."""
    from bench.sample import write_sample_registry

    root = tmp_path_factory.mktemp("sample-search")
    write_sample_registry(root / "registry", 3000, seed=7)
    return static_server_factory(build_into(root / "registry", root / "public"))


def type_query(page: Page, base: str, query: str) -> list[str]:
    """Type `query` into the header box of the home page; the names suggested, best first."""
    page.goto(base)
    box = page.locator(HEADER_INPUT)
    box.click()
    page.keyboard.type(query, delay=15)
    last = page.locator(f"{LISTBOX} li[role=option]").last
    expect(last).to_contain_text(query.strip(), timeout=5000)
    return page.locator(f"{LISTBOX} .zi-option-name").all_inner_texts()


def search_page_names(page: Page) -> list[str]:
    """Result names on /cari/ once drawn."""
    expect(page.locator("#hasil .zi-count")).to_be_visible(timeout=5000)
    return page.locator("#hasil .zi-result-name").all_inner_texts()


# (query, expected in the top results, unrelated units that must not appear)
REAL_CASES: list[tuple[str, list[str], list[str]]] = [
    ("tanjung perak", ["Otoritas Pelabuhan Utama Tanjung Perak"], ["Otoritas Pelabuhan Utama Tanjung Priok"]),
    ("kemenhub surabaya", ["Otoritas Pelabuhan Utama Tanjung Perak"], ["Kejaksaan Negeri Surabaya"]),
    ("polri gresik", ["Polres Gresik"], ["Kejaksaan Negeri Gresik", "KSOP Gresik"]),
    ("bpk jateng", ["BPK Perwakilan Provinsi Jawa Tengah"], ["BNN Provinsi Jawa Tengah"]),
    ("ma surabaya", ["Pengadilan Negeri Surabaya"], ["Kejaksaan Negeri Surabaya"]),
    ("kejagung surabaya", ["Kejaksaan Negeri Surabaya"], ["Pengadilan Negeri Surabaya"]),
    ("kemenag salatiga", ["Kantor Kementerian Agama Kota Salatiga"], []),
    ("kemenkeu maluku", ["Kanwil Ditjen Perbendaharaan (DJPb) Provinsi Maluku Utara"], ["Pengadilan Agama Tual"]),
    ("kemenkumham mojokerto", ["Lapas Kelas IIB Mojokerto"], ["Polres Mojokerto"]),
    ("kanim batam", ["Kantor Imigrasi Kelas I Khusus Batam"], ["Loka Rehabilitasi BNN Batam"]),
    ("pa ngawi", ["Pengadilan Agama Ngawi"], []),
    ("pn surabaya", ["Pengadilan Negeri Surabaya"], ["Kejaksaan Negeri Surabaya"]),
    ("kejari gresik", ["Kejaksaan Negeri Gresik"], ["Polres Gresik"]),
    ("lembaga pemasyarakatan mojokerto", ["Lapas Kelas IIB Mojokerto"], ["Polres Mojokerto"]),
    ("rumah tahanan tanjungpinang", ["Rutan Kelas I Tanjungpinang"], []),
    ("rsud madiun", ["RSUD Dr. Soedono Madiun"], ["Polres Madiun"]),
    ("gresik", ["Polres Gresik", "Kejaksaan Negeri Gresik", "KSOP Gresik"], ["Polres Jombang"]),
    ("kaltim kejaksaan", ["Kejaksaan Negeri Kutai Timur"], ["Kejaksaan Negeri Gresik"]),
    ("sumut lapas", ["Lapas Kelas IIB Tebing Tinggi"], ["Lapas Kelas IIB Mojokerto"]),
    ("diy", ["Balai Bahasa Provinsi Daerah Istimewa Yogyakarta"], ["Polres Gresik"]),
    ("pengadilan negri surabaya", ["Pengadilan Negeri Surabaya"], ["Pengadilan Agama Ngawi"]),
    ("kementrian agama", ["Kantor Kementerian Agama Kota Salatiga"], []),
    ("sudono", ["RSUD Dr. Soedono Madiun"], []),
    ("sukarno hatta", ["Karantina Pertanian Soekarno-Hatta"], ["Karantina Pertanian Belawan"]),
    ("POLRES GRÉSIK", ["Polres Gresik"], ["Polres Jombang"]),
]


@pytest.mark.parametrize(("query", "wanted", "unrelated"), REAL_CASES, ids=[c[0] for c in REAL_CASES])
def test_typed_query_on_real_site(page: Page, real_base: str, query: str, wanted: list[str],
                                  unrelated: list[str]) -> None:
    """Every kind of query finds its unit as the citizen types it."""
    names = type_query(page, real_base, query)
    for name in wanted:
        assert name in names[:TOP], f"{query!r}: {name!r} not in top {TOP}: {names}"
    for name in unrelated:
        assert name not in names, f"{query!r}: unrelated {name!r} suggested: {names}"


def test_words_that_do_not_all_match_show_partial_matches_under_their_own_heading(page: Page, real_base: str) -> None:
    """No immigration office in Medan is recorded: "imigrasi medan" says so, keeps the honest note, and offers
    the immigration offices and the Medan units under "Cocok sebagian"; the header box says it too."""
    page.goto(f"{real_base}cari/?q=imigrasi+medan")
    expect(page.locator("#hasil .zi-count")).to_have_text("Tidak ada unit yang cocok dengan semua kata.", timeout=5000)
    expect(page.locator("#hasil h2.zi-partial")).to_have_text("Cocok sebagian")
    expect(page.locator("#hasil .zi-empty")).to_contain_text("Tidak tercatat di sini bukan berarti tidak berpredikat")
    names = page.locator("#hasil .zi-result-name").all_inner_texts()
    assert any("Imigrasi" in n for n in names) and any("Medan" in n for n in names), names
    suggested = type_query(page, real_base, "imigrasi medan")
    assert suggested
    expect(page.locator(f"{LISTBOX} li[role=option]").last).to_contain_text("Cocok sebagian")


def test_ranking_exact_name_first(page: Page, real_base: str) -> None:
    """Exact name first, then names starting with the query."""
    names = type_query(page, real_base, "polres malang")
    assert names[:2] == ["Polres Malang", "Polres Malang Kota"]


# abbreviation typed -> every top suggestion must be of that unit type
SAMPLE_TYPES: list[tuple[str, str]] = [
    ("kpp prat", r"^(KPP|Kantor Pelayanan Pajak) Pratama"),
    ("kanim", r"^Kantor Imigrasi"),
    ("kejati", r"^Kejaksaan Tinggi"),
    ("polda", r"^Polda"),
    ("kantah", r"^Kantor Pertanahan"),
    ("pn ", r"^Pengadilan Negeri"),
    ("pa ", r"^Pengadilan Agama"),
    ("bps", r"^BPS"),
]


@pytest.mark.parametrize(("query", "pattern"), SAMPLE_TYPES, ids=[q.strip() for q, _ in SAMPLE_TYPES])
def test_unit_type_abbreviations(page: Page, sample_base: str, query: str, pattern: str) -> None:
    """A unit-type abbreviation finds only units of that type."""
    names = type_query(page, sample_base, query)
    assert len(names) >= 3, names
    assert all(re.search(pattern, n) for n in names), names


def test_institution_and_province_abbreviations_on_generated_site(page: Page, sample_base: str) -> None:
    """'kemenkeu jatim' suggests only Kemenkeu units in Jawa Timur."""
    type_query(page, sample_base, "kemenkeu jatim")
    metas = page.locator(f"{LISTBOX} .zi-option-meta").all_inner_texts()
    assert metas and all("Kementerian Keuangan" in m and "Jawa Timur" in m for m in metas), metas


def query_of(url: str) -> dict[str, list[str]]:
    """The query parameters of a URL."""
    return parse_qs(urlsplit(url).query)


def test_filters_live_in_the_url_and_back_works(page: Page, real_base: str) -> None:
    """Filters without a query, then a query; each state is a URL and the back button restores it."""
    page.goto(real_base + "cari/")
    page.select_option("#f-predikat", "WBBM")
    page.select_option("#f-tahun", "2019")
    expect(page).to_have_url(re.compile(r"predikat=WBBM&tahun=2019$"))
    names = search_page_names(page)
    assert "KBRI Seoul" in names and "Polres Bojonegoro" not in names
    page.locator("#q-cari").fill("kejaksaan")
    expect(page).to_have_url(re.compile(r"\?q=kejaksaan&predikat=WBBM&tahun=2019$"))
    expect(page.locator("#hasil .zi-result-name").first).to_have_text(re.compile("Kejaksaan"))
    names = search_page_names(page)
    assert "Kejaksaan Negeri Surabaya" in names and "KBRI Seoul" not in names
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?predikat=WBBM&tahun=2019$"))
    expect(page.locator("#q-cari")).to_have_value("")
    expect(page.locator("#hasil")).to_contain_text("KBRI Seoul")
    page.go_back()
    expect(page.locator("#f-tahun")).to_have_value("")


def test_shared_url_with_every_filter(page: Page, real_base: str) -> None:
    """A shared URL opens with the form filled and the same results."""
    page.goto(real_base + "cari/?q=bpk+jateng&predikat=WBK&tahun=2017&kategori=lembaga&provinsi=jawa-tengah")
    assert search_page_names(page) == ["BPK Perwakilan Provinsi Jawa Tengah"]
    expect(page.locator("#q-cari")).to_have_value("bpk jateng")
    expect(page.locator("#f-provinsi")).to_have_value("jawa-tengah")
    expect(page.locator("#f-kategori")).to_have_value("lembaga")
    page.goto(real_base + "cari/?kategori=kota&predikat=WBK")
    names = search_page_names(page)
    assert "RSUD Kardinah" in names and "Polres Gresik" not in names


def test_keyboard_only(page: Page, real_base: str) -> None:
    """Tab to the box, type, arrow down, Enter opens the unit; Escape closes the list."""
    page.goto(real_base)
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('header input[name=q]')"):
            break
    else:
        pytest.fail("the header search box is not reachable with Tab")
    page.keyboard.type("polres gresik", delay=15)
    box = page.locator(HEADER_INPUT)
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page.locator(LISTBOX)).to_be_hidden()
    page.keyboard.press("ArrowDown")
    expect(page.locator(LISTBOX)).to_be_visible()
    page.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    expect(page.locator(f"#{active}")).to_contain_text("Polres Gresik")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/unit/polri/polres-gresik/")


def test_results_are_announced(page: Page, real_base: str) -> None:
    """Type-ahead counts go to a status region; /cari/ results live in an aria-live region."""
    type_query(page, real_base, "gresik")
    status = page.locator("header form.search-box [role=status]")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_contain_text("unit cocok")
    box = page.locator(HEADER_INPUT)
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-controls") == page.locator(LISTBOX).get_attribute("id")
    page.goto(real_base + "cari/")
    expect(page.locator("#hasil")).to_have_attribute("aria-live", "polite")
    page.locator("#q-cari").fill("gresik")
    expect(page.locator("#hasil")).to_contain_text("unit ditemukan")
    page.locator("#q-cari").fill("zzzzqx")
    expect(page.locator("#hasil")).to_contain_text("Tidak ada unit yang cocok")


def test_without_javascript_the_box_leads_to_browse_pages(browser: Browser, real_base: str) -> None:
    """No JavaScript: the box submits to /cari/, which offers institutions, provinces, years and predicates."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(real_base)
        page.locator(HEADER_INPUT).fill("polres gresik")
        with page.expect_navigation():
            page.locator(HEADER_INPUT).press("Enter")
        assert urlsplit(page.url).path.endswith("/cari/") and query_of(page.url)["q"] == ["polres gresik"]
        for section in ("jelajah-instansi", "jelajah-provinsi", "jelajah-tahun", "jelajah-predikat"):
            expect(page.locator(f"#{section}")).to_be_visible()
        links = page.locator(".zi-browse a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        assert "/instansi/#kat-lembaga" in links and "/instansi/" in links
        assert "/provinsi/jawa-timur/" in links and "/tahun/2019/" in links and "/daftar-unit/p/" in links
        with page.expect_navigation():
            page.locator(".zi-browse").get_by_role("link", name="Lembaga", exact=True).click()
        with page.expect_navigation():
            page.locator("section[aria-labelledby=kat-lembaga] a[href$='/instansi/polri/']").click()
        expect(page.locator("main")).to_contain_text("Polres Gresik")
    finally:
        context.close()


def test_under_a_base_path(browser: Browser, tmp_path_factory: pytest.TempPathFactory,
                           static_server_factory: Callable[..., str]) -> None:
    """Deployed under /registri/, search fetches its index and links units under the base path."""
    public = build_into(REPO, tmp_path_factory.mktemp("based") / "public", base_path="/registri/")
    base = static_server_factory(public, "/registri/")
    page = browser.new_page()
    try:
        names = type_query(page, base, "polres gresik")
        assert names[0] == "Polres Gresik"
        page.goto(base + "cari/?q=polres+gresik")
        expect(page.locator("#hasil a").first).to_have_attribute("href", "/registri/unit/polri/polres-gresik/")
    finally:
        page.close()
