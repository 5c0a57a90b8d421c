"""No promise without a channel: one `corrections` setting names it, and pages offer only what it gives."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from build import main
from sitegen.model.channel import EMAIL, GITHUB, WEB, Channel, parse_channel
from sitegen.pipeline import BuildOptions, build
from tests.conftest import MINI, REPO, copy_registry, read_page

UNIT = "unit/alfa/kantor-alfa-surabaya/"


@pytest.mark.parametrize(("value", "kind", "address"), [
    ("github:contoh/registri", GITHUB, "contoh/registri"),
    ("https://github.com/contoh/registri", GITHUB, "contoh/registri"),
    ("https://github.com/contoh/registri/issues/new", GITHUB, "contoh/registri"),
    ("mailto:koreksi@contoh.id", EMAIL, "koreksi@contoh.id"),
    ("koreksi@contoh.id", EMAIL, "koreksi@contoh.id"),
    ("https://formulir.contoh.id/registri", WEB, "https://formulir.contoh.id/registri"),
])
def test_a_setting_names_one_of_three_kinds_of_channel(value: str, kind: str, address: str) -> None:
    assert parse_channel(value) == Channel(kind, address)


@pytest.mark.parametrize("value", ["koreksi di kantor kami", "http://formulir.contoh.id", "github:contoh",
                                   "javascript:alert(1)", "mailto:bukan-alamat"])
def test_anything_else_is_no_channel(value: str) -> None:
    assert parse_channel(value) is None


def test_a_github_correction_opens_the_correction_form_with_the_unit_filled_in() -> None:
    link = Channel(GITHUB, "contoh/registri").correction_link("alfa/kantor-alfa", "https://r.id/unit/alfa/kantor-alfa/")
    parts = urlsplit(link)
    assert (parts.netloc, parts.path) == ("github.com", "/contoh/registri/issues/new")
    assert parse_qs(parts.query) == {"template": ["koreksi.yml"], "title": ["Koreksi: alfa/kantor-alfa"],
                                     "unit_id": ["alfa/kantor-alfa"], "unit_url": ["https://r.id/unit/alfa/kantor-alfa/"]}


def test_an_email_correction_carries_the_correction_form_as_its_body() -> None:
    link = Channel(EMAIL, "koreksi@contoh.id").correction_link("alfa/kantor-alfa", "/unit/alfa/kantor-alfa/")
    assert link.startswith("mailto:koreksi@contoh.id?")
    body = unquote(parse_qs(urlsplit(link).query)["body"][0])
    assert "### Kode unit\n\nalfa/kantor-alfa\n\n### Alamat halaman unit\n\n/unit/alfa/kantor-alfa/" in body
    assert "### Tautan sumber" in body


def built(tmp_path: Path, site_yaml: str, **options) -> Path:
    """The mini registry built with this site.yaml and these options."""
    root = copy_registry(MINI, tmp_path / "reg")
    (root / "site.yaml").write_text(site_yaml, encoding="utf-8")
    out = tmp_path / "public"
    build(BuildOptions(root=root, out=out, **options))
    return out


def pages_linking(public: Path, href_start: str) -> list[str]:
    """Every HTML page with a link whose href starts so."""
    return sorted(str(p.relative_to(public)) for p in public.rglob("*.html")
                  if f'href="{href_start}' in p.read_text(encoding="utf-8"))


def test_without_a_channel_no_page_offers_one(tmp_path: Path) -> None:
    public = built(tmp_path, "title: Registri\n")
    assert pages_linking(public, "/kirim/") == []
    assert pages_linking(public, "mailto:") == []
    assert not any("Laporkan kesalahan" in p.read_text(encoding="utf-8") for p in public.rglob("*.html"))
    kirim = read_page(public, "kirim/")
    assert "tidak menyediakan saluran pengiriman" in kirim and "Usulkan catatan baru" not in kirim


def test_with_a_channel_every_unit_page_and_sheet_links_to_it_and_to_kirim(tmp_path: Path) -> None:
    public = built(tmp_path, "title: Registri\ncorrections: github:contoh/registri\n")
    for route in (UNIT, UNIT + "periksa/"):
        page = read_page(public, route)
        assert 'href="https://github.com/contoh/registri/issues/new?template=koreksi.yml&amp;' in page
        assert 'href="/kirim/"' in page
    assert 'href="/kirim/"' in read_page(public, "tahun/")  # the coverage table asks for records
    assert 'href="/kirim/"' in read_page(public, "cari/")  # in the empty answer's template
    kirim = read_page(public, "kirim/")
    assert 'href="https://github.com/contoh/registri/issues/new?template=usulan-catatan.yml' in kirim
    assert "memerlukan akun GitHub" in kirim


def test_an_email_channel_is_named_on_kirim_with_a_prefilled_new_record(tmp_path: Path) -> None:
    kirim = read_page(built(tmp_path, "title: Registri\ncorrections: mailto:koreksi@contoh.id\n"), "kirim/")
    assert "surel ke koreksi@contoh.id" in kirim
    assert 'href="mailto:koreksi@contoh.id?subject=Usulan%20catatan%20baru&amp;body=%23%23%23%20Nama%20unit' in kirim


def test_kirim_states_a_review_time_only_when_the_publisher_sets_one(tmp_path: Path) -> None:
    kirim = read_page(built(tmp_path, "title: R\ncorrections: github:a/b\nreview_days: 14\n"), "kirim/")
    assert "dalam 14 hari kerja" in kirim
    other = read_page(built(tmp_path / "2", "title: R\ncorrections: github:a/b\n"), "kirim/")
    assert "hari kerja" not in other and "tidak menetapkan batas waktu" in other


def test_a_deploy_build_without_a_channel_fails_unless_the_editor_says_so(tmp_path: Path, capsys) -> None:
    root = copy_registry(MINI, tmp_path / "reg")
    out = tmp_path / "public"
    args = ["build", "--root", str(root), "--out", str(out), "--base-url", "https://registri.contoh.id"]
    assert main(args) == 1
    assert "no corrections channel is configured" in capsys.readouterr().err and not out.exists()
    assert main([*args, "--no-corrections"]) == 0
    assert pages_linking(out, "/kirim/") == [] and not any("Laporkan kesalahan" in p.read_text(encoding="utf-8")
                                                           for p in out.rglob("*.html"))


def test_the_shipped_about_page_promises_the_unit_link_only_on_a_condition(real_site: Path) -> None:
    text = re.sub(r"<[^>]+>", "", read_page(real_site, "tentang/"))
    for sentence in re.split(r"(?<=\.)\s+", text):
        if "Laporkan kesalahan atau kirim sumber" in sentence:
            assert sentence.startswith("Jika penerbit menyediakan saluran"), sentence


def test_coverage_on_years_and_institution_pages_asks_for_records(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(BuildOptions(root=REPO, out=out, corrections="github:contoh/registri"))
    years = read_page(out, "tahun/")
    table_end = years.index("</table>", years.index('id="cakupan"'))
    assert 'href="/kirim/">Kirim catatannya beserta sumbernya</a>' in years[table_end:table_end + 400]
    kemenkeu = read_page(out, "instansi/kemenkeu/")
    start = kemenkeu.index('id="dilaporkan"')
    section = kemenkeu[start:kemenkeu.index("</section>", start)]
    assert "tercatat di sini" in section
    assert 'href="/kirim/">Kirim catatan unit Kemenkeu beserta sumbernya</a>' in section
