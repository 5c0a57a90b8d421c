"""The mini fixture registry, page by page: what each page kind must show."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import MINI, build_into, copy_registry, read_page


def text_of(html: str) -> str:
    """Visible text with tags removed and spaces folded, for readable assertions."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_unit_with_wbk_then_wbbm_shows_both_years_and_sources(mini_site: Path) -> None:
    html = read_page(mini_site, "unit/alfa/kantor-alfa-surabaya/")
    text = text_of(html)
    assert "WBBM 2020" in text and "WBK 2019" in text
    assert 'href="https://contoh.invalid/alfa-surabaya-2019"' in html
    assert 'href="https://contoh.invalid/alfa-surabaya-2020"' in html
    assert 'href="https://contoh.invalid/alfa-surabaya-2020-b"' in html
    assert "Predikat terakhir tercatat: WBBM (2020), ditetapkan oleh KemenPANRB. [1] [2]" in text
    assert "Tidak ada pencabutan tercatat." in text
    assert "Aktif" not in text and "aktif" not in text
    assert "ditetapkan oleh KemenPANRB" in text
    assert "21 Desember 2020" not in text  # the round's ceremony is the round's, not this unit's handover
    assert "Penyerahan kepada unit ini: 10 Desember 2019, Hotel Contoh, Jakarta, oleh Menteri Contoh. [3]" in text


def test_revoked_unit_shows_date_reason_and_source(mini_site: Path) -> None:
    html = read_page(mini_site, "unit/beta/pengadilan-beta-semarang/")
    text = text_of(html)
    assert "Pencabutan tercatat: predikat WBK dicabut sejak 1 Maret 2021" in text
    assert "Pejabat unit ditetapkan sebagai tersangka." in text
    assert 'href="https://contoh.invalid/cabut"' in html
    assert "Aktif" not in text


def test_revocation_is_marked_wherever_the_unit_appears(mini_site: Path) -> None:
    for route in ("tahun/2019/", "provinsi/jawa-tengah/", "pencabutan/", "instansi/beta/"):
        assert "dicabut" in text_of(read_page(mini_site, route)), route


def test_renamed_unit_keeps_its_url_and_its_new_name_redirects(mini_site: Path) -> None:
    text = text_of(read_page(mini_site, "unit/alfa/kantor-alfa-malang/"))
    assert "Kantor Alfa Malang Raya" in text and "Nama sebelumnya: Kantor Alfa Malang" in text
    assert "WBK 2019" in text and "WBBM 2021" in text
    redirect = read_page(mini_site, "unit/alfa/kantor-alfa-malang-raya/")
    assert 'http-equiv="refresh" content="0; url=/unit/alfa/kantor-alfa-malang/"' in redirect
    assert '<link rel="canonical" href="/unit/alfa/kantor-alfa-malang/">' in redirect
    assert '<a href="/unit/alfa/kantor-alfa-malang/">' in redirect


def test_moved_unit_shows_its_new_institution_and_old_one_redirects(mini_site: Path) -> None:
    text = text_of(read_page(mini_site, "unit/beta/lapas-beta-kudus/"))
    assert "Kementerian Alfa Baru" in text and "sebelumnya Badan Beta" in text
    # its WBBM was set by the institution itself: a penetapan internal, not "WBK Mandiri" (a WBK programme)
    assert "ditetapkan oleh Kemenalfabaru (penetapan internal)" in text and "(WBK Mandiri)" not in text
    sheet = text_of(read_page(mini_site, "unit/beta/lapas-beta-kudus/periksa/"))
    assert "Ditetapkan oleh Kemenalfabaru (penetapan internal)." in sheet  # the name keeps its capitals
    redirect = read_page(mini_site, "unit/alfa-baru/lapas-beta-kudus/")
    assert "url=/unit/beta/lapas-beta-kudus/" in redirect


def test_undated_award_is_shown_as_unknown_year_never_invented(mini_site: Path) -> None:
    text = text_of(read_page(mini_site, "unit/alfa/kantor-alfa-bali/"))
    assert "tahun tidak diketahui" in text
    assert "Diketahui dari pemberitaan saja" in text
    assert "Tahun tidak diketahui" in text_of(read_page(mini_site, "instansi/alfa/"))
    assert "Kantor Alfa Bali" in text_of(read_page(mini_site, "tahun/"))
    for year in ("2019", "2020", "2021"):
        assert "Kantor Alfa Bali" not in read_page(mini_site, f"tahun/{year}/")


def test_record_text_is_escaped(mini_site: Path) -> None:
    html = read_page(mini_site, "unit/alfa/pusat-r-d-alfa/")
    assert "Pusat R&amp;D &lt;Alfa&gt;" in html
    assert "<Alfa>" not in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; catatan" in html


def test_news_markdown_is_sanitised_and_internal_links_work(mini_site: Path) -> None:
    html = read_page(mini_site, "berita/2020-12-21-contoh-berita/")
    article = html.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
    assert "<script" not in article and "onerror" not in article and "javascript:" not in article
    assert re.search(r'<a href="/tahun/2020/"[^>]*>putaran 2020</a>', article)
    assert '<img src="/static/logo.svg" alt="logo">' in article
    assert "Kantor Berita Contoh" in html and 'href="https://contoh.invalid/berita"' in html


def test_year_page_shows_ceremony_totals_with_sources_and_coverage(mini_site: Path) -> None:
    html = read_page(mini_site, "tahun/2019/")
    text = text_of(html)
    assert "10 Desember 2019" in text and "Hotel Contoh, Jakarta" in text and "Menteri Contoh" in text
    assert 'href="https://contoh.invalid/total-2019-a"' in html and 'href="https://contoh.invalid/total-2019-b"' in html
    # 2 WBK, 0 WBBM, 2 in all held here: Pengadilan Beta Semarang's source does not say who set it
    assert "Tercatat di registri ini, ditetapkan KemenPANRB 2 0 2" in text
    assert "Selain itu 1 predikat tercatat tanpa keterangan siapa yang menetapkannya" in text
    assert ("Sumber tidak sepakat: total 105 menurut Kantor Berita Contoh, 103 menurut contoh.invalid; "
            "WBK 100 menurut Kantor Berita Contoh, 98 menurut contoh.invalid.") in text
    assert 'rel="next" href="/tahun/2020/"' in html


def test_a_wbk_mandiri_is_counted_apart_from_kemenpanrb_and_beside_its_own_total(tmp_path: Path) -> None:
    root = copy_registry(MINI, tmp_path / "reg")
    rounds = root / "data" / "awards" / "2020.yaml"
    text = rounds.read_text(encoding="utf-8").replace(
        'proposed: 3691, source_url: "https://contoh.invalid/total-2020"}',
        'proposed: 3691, source_url: "https://contoh.invalid/total-2020"}\n'
        '  - {institution: beta, set_by: beta, wbk: 2, source_url: "https://contoh.invalid/beta-mandiri", '
        'note: keputusan Kepala Badan Beta}')
    text = text.replace('    source_url: "https://contoh.invalid/lapas-kudus"\n'
                        '    source_kind: resmi\n    set_by: kemenpanrb\n',
                        '    set_by: beta\n    year_basis: handover_date\n    source_kind: resmi\n'
                        '    editor_note: year from the handover date\n    source_url: "https://contoh.invalid/lapas-kudus"\n')
    rounds.write_text(text, encoding="utf-8")
    site = build_into(root, tmp_path / "public")
    year = text_of(read_page(site, "tahun/2020/"))
    assert "Tercatat di registri ini, ditetapkan KemenPANRB 1 1 2" in year  # Pusat R&D: setter not stated
    assert "Ditetapkan oleh BB: 1 WBK, 0 WBBM tercatat di registri ini." in year
    assert "Badan Beta BB (WBK Mandiri) 2 WBK ( contoh.invalid ) keputusan Kepala Badan Beta 1 WBK, 0 WBBM" in year
    unit = text_of(read_page(site, "unit/beta/lapas-beta-kudus/"))
    assert "WBK 2020 (tahun menurut tanggal penyerahan) · ditetapkan oleh BB (WBK Mandiri)" in unit
    assert "Penyerahan 21 Desember 2020" not in unit  # KemenPANRB's ceremony is not this award's
    assert "handover date" not in unit  # the editor's note is never published
    institution = text_of(read_page(site, "instansi/beta/"))
    assert "2020 , ditetapkan oleh BB (WBK Mandiri): dilaporkan 2 WBK menurut contoh.invalid" in institution


def test_the_home_page_keeps_wbk_mandiri_apart_from_the_national_comparison(mini_site: Path) -> None:
    home = text_of(read_page(mini_site, ""))  # the latest round, 2021, holds one WBK Mandiri
    assert ("1 catatan penetapan KemenPANRB di registri ini. Selain itu 1 predikat WBK Mandiri yang ditetapkan "
            "instansi sendiri tercatat terpisah dan tidak termasuk angka nasional.") in home


def test_year_page_lists_changes_since_previous_round(mini_site: Path) -> None:
    text = text_of(read_page(mini_site, "tahun/2020/"))
    assert "1 unit naik dari WBK ke WBBM: Kantor Alfa Surabaya" in text
    assert "3 unit baru tercatat" in text
    assert "Contoh berita penganugerahan 2020" in text  # that round's news


def test_institution_page_groups_units_by_year_and_shows_lineage(mini_site: Path) -> None:
    text = text_of(read_page(mini_site, "instansi/alfa/"))
    assert "Unitnya kini berada di bawah: Kementerian Alfa Baru" in text
    assert "Meneruskan unit dari: Kementerian Alfa" in text_of(read_page(mini_site, "instansi/alfa-baru/"))


def test_every_page_kind_exists(mini_site: Path) -> None:
    for route in ("", "instansi/", "instansi/alfa/", "tahun/", "tahun/2020/", "provinsi/", "provinsi/jawa-timur/",
                  "hari-antikorupsi/", "berita/", "berita/2020-12-21-contoh-berita/", "tentang/", "cari/",
                  "data/", "pencabutan/", "404.html", "unit/alfa/kantor-alfa-surabaya/"):
        html = read_page(mini_site, route)
        assert '<html lang="id"' in html, route
        assert 'class="search-box"' in html, route
        assert "Kebijakan sumber." in html, route


def test_404_page_links_work_from_any_depth(mini_site: Path) -> None:
    html = read_page(mini_site, "404.html")
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs and all(h.startswith(("/", "https://", "#", "mailto:")) for h in hrefs)


def test_unit_json_twin_matches_the_page(mini_site: Path) -> None:
    data = json.loads((mini_site / "unit/alfa/kantor-alfa-surabaya/index.json").read_text())
    assert data["id"] == "alfa/kantor-alfa-surabaya"
    assert [(a["year"], a["predicate"]) for a in data["awards"]] == [(2019, "WBK"), (2020, "WBBM")]
    assert data["awards"][1]["sources"][1]["url"] == "https://contoh.invalid/alfa-surabaya-2020-b"
