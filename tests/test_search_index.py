"""The search index matches as required: the real search-core.js runs under node on a built fixture index."""

from __future__ import annotations

import json
import shutil
import subprocess
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sitegen.model import routes, wilayah
from sitegen.model.geo import CITY_SHORT_FORMS
from sitegen.model.search_text import fold, tokens
from sitegen.render import search
from sitegen.render.search import (
    B64,
    BUNDLE,
    CARRY_ROWS,
    CHUNK_ROWS,
    KEYS_SCRIPT,
    SearchRow,
    build_search_files,
    order_key,
    vlq,
)
from sitegen.render.search_slips import slip_keys, slip_lists
from tests.search_fixture import fixture_rows, unit_id

REPO = Path(__file__).resolve().parent.parent
HARNESS = REPO / "tests" / "js" / "search_queries.mjs"
PREFETCH_HARNESS = REPO / "tests" / "js" / "search_prefetch.mjs"
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


def write_index(out: Path, files: dict[str, bytes]) -> Path:
    """Write index files below `out`; the index directory."""
    for path, body in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    return out / routes.search_index("")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture registry's search index written to a temporary directory."""
    return write_index(tmp_path_factory.mktemp("site"), build_search_files(fixture_rows()))


def unvlq(text: str) -> list[int]:
    """Decode `vlq` output back into row numbers."""
    ids: list[int] = []
    prev, gap, shift = -1, 0, 0
    for ch in text:
        value = B64.index(ch)
        gap |= (value & 31) << shift
        if value & 32:
            shift += 5
            continue
        prev = prev + gap + 1
        ids.append(prev)
        gap, shift = 0, 0
    return ids


def order_rows(rows: list[SearchRow]) -> list[SearchRow]:
    """Rows in index order (order_key)."""
    return sorted(rows, key=order_key)


def run_queries(index_dir: Path, queries: list[dict[str, object]]) -> list[dict[str, object]]:
    """Run queries through search-core.js under node; one result per query."""
    proc = subprocess.run([str(NODE), str(HARNESS), str(index_dir)], input=json.dumps(queries),
                          capture_output=True, text=True, timeout=60, check=True)
    return list(json.loads(proc.stdout))


def top_ids(result: dict[str, object]) -> list[str]:
    """Unit ids of a result's top rows, from their paths."""
    return [str(row["path"]).removeprefix("unit/").rstrip("/") for row in result["top"]]  # type: ignore[index, union-attr]


def uid(name: str, inst: str) -> str:
    """Shorthand for a fixture unit's id."""
    return unit_id(name, inst)


KPP_WONOKROMO = uid("KPP Pratama Surabaya Wonokromo", "kemenkeu")
KPP_SAWAHAN = uid("KPP Pratama Surabaya Sawahan", "kemenkeu")
KPP_GORONTALO = uid("Kantor Pelayanan Pajak Pratama Gorontalo", "kemenkeu")
BPK_GORONTALO = uid("BPK Perwakilan Provinsi Gorontalo", "bpk")
BPKP_GORONTALO = uid("BPKP Perwakilan Provinsi Gorontalo", "bpkp")
KANIM_SURABAYA = uid("Kantor Imigrasi Kelas I TPI Surabaya", "kemenkumham")
KANIM_BALIKPAPAN = uid("Kantor Imigrasi Kelas I TPI Balikpapan", "kemenkumham")
PA_SURABAYA = uid("Pengadilan Agama Surabaya", "mahkamah-agung")
PN_SURABAYA = uid("Pengadilan Negeri Surabaya", "mahkamah-agung")
PN_SIDOARJO = uid("Pengadilan Negeri Sidoarjo", "mahkamah-agung")
KEJARI = uid("Kejaksaan Negeri Bojonegoro", "kejaksaan")
KEJATI = uid("Kejaksaan Tinggi Jawa Tengah", "kejaksaan")
LAPAS = uid("Lembaga Pemasyarakatan Kelas IIB Mojokerto", "kemenkumham")
RUTAN = uid("Rutan Kelas I Surakarta", "kemenkumham")
SOETOMO = uid("RSUD Dr. Soetomo", "pemprov-jawa-timur")
RSUD_YOGYA = uid("RSUD Kota Yogyakarta", "pemkot-yogyakarta")
SARDJITO = uid("RSUP Dr. Sardjito", "kemenkes")
CIPTO = uid("RSUP Dr. Cipto Mangunkusumo", "kemenkes")
POLRES = uid("Polres Bojonegoro", "polri")
POLSEK = uid("Polsek Bojonegoro Kota", "polri")
POLDA = uid("Polda Jawa Timur", "polri")
KANTAH = uid("Kantor Pertanahan Kabupaten Sleman", "kementerian-atr-bpn")
KEMENAG_PATI = uid("Kantor Kementerian Agama Kabupaten Pati", "kemenag")
KUPP = uid("Kantor Unit Penyelenggara Pelabuhan Kelas I Tanjung Perak", "kemenhub")
BPS = uid("BPS Kabupaten Deli Serdang", "bps")
KANWIL_HAM = uid("Kantor Wilayah Kementerian Hukum dan HAM Jawa Timur", "kemenkumham")
IMI_MALANG = uid("Imigrasi Malang", "kemenkumham")
IMI_RAYA = uid("Imigrasi Malang Raya", "kemenkumham")
IMI_BALAI = uid("Balai Imigrasi Malang", "kemenkumham")
IMI_KANTOR = uid("Kantor Imigrasi Kelas I TPI Malang", "kemenkumham")

# query -> (units that must be in the top 5, units that must not appear at all)
CASES: dict[str, tuple[list[str], list[str]]] = {
    # part of a unit's name, case and accent insensitive
    "wonokromo": ([KPP_WONOKROMO], [KPP_SAWAHAN]),
    "SURABAYÁ WONOKROMO": ([KPP_WONOKROMO], [KPP_SAWAHAN]),
    "Tanjung Perak": ([KUPP], [KPP_WONOKROMO]),
    # prefixes as you type, every word must match
    "kpp prat": ([KPP_WONOKROMO, KPP_SAWAHAN, KPP_GORONTALO], [KANIM_SURABAYA, BPK_GORONTALO]),
    "kpp pratama sura": ([KPP_WONOKROMO, KPP_SAWAHAN], [KPP_GORONTALO]),
    "wonok": ([KPP_WONOKROMO], [KPP_SAWAHAN]),
    # institution and its abbreviation
    "kementerian keuangan gorontalo": ([KPP_GORONTALO], [BPK_GORONTALO]),
    "kemenkeu surabaya": ([KPP_WONOKROMO, KPP_SAWAHAN], [KANIM_SURABAYA, PN_SURABAYA]),
    "kemenhub perak": ([KUPP], []),
    "kemenag pati": ([KEMENAG_PATI], []),
    "kemenkumham balikpapan": ([KANIM_BALIKPAPAN], [KANIM_SURABAYA]),
    "polri bojonegoro": ([POLRES, POLSEK], [KEJARI]),
    "bpn sleman": ([KANTAH], [SARDJITO]),
    "bpk gorontalo": ([BPK_GORONTALO], [BPKP_GORONTALO, KPP_GORONTALO]),
    "bps deli": ([BPS], []),
    "ma surabaya": ([PN_SURABAYA, PA_SURABAYA], [KPP_WONOKROMO]),
    "kejagung bojonegoro": ([KEJARI], [POLRES]),
    # unit-type abbreviations, both ways
    "kpp gorontalo": ([KPP_GORONTALO], [BPK_GORONTALO]),
    "kantor pelayanan pajak wonokromo": ([KPP_WONOKROMO], []),
    "kanim surabaya": ([KANIM_SURABAYA], [KPP_WONOKROMO]),
    "pa surabaya": ([PA_SURABAYA], [PN_SURABAYA]),
    "pn surabaya": ([PN_SURABAYA], [PA_SURABAYA]),
    "kejari bojonegoro": ([KEJARI], [POLRES]),
    "kejati jateng": ([KEJATI], [KEJARI]),
    "lapas mojokerto": ([LAPAS], []),
    "rumah tahanan surakarta": ([RUTAN], []),
    "rsud yogyakarta": ([RSUD_YOGYA], [SARDJITO]),
    "rumah sakit umum daerah soetomo": ([SOETOMO], []),
    "polres bojonegoro": ([POLRES], [POLSEK, KEJARI]),
    "polda jatim": ([POLDA], [POLRES]),
    "kantah sleman": ([KANTAH], [SARDJITO]),
    # city and province, with province abbreviations
    "gorontalo": ([BPK_GORONTALO, BPKP_GORONTALO, KPP_GORONTALO], [KPP_WONOKROMO]),
    "jatim lapas": ([LAPAS], [RUTAN]),
    "diy rsud": ([RSUD_YOGYA], [SOETOMO]),
    "jogja rsud": ([RSUD_YOGYA], [SOETOMO]),
    "sumut bps": ([BPS], []),
    "kaltim imigrasi": ([KANIM_BALIKPAPAN], [KANIM_SURABAYA]),
    "jateng kejaksaan": ([KEJATI], [KEJARI]),
    "jabar": ([], [KPP_WONOKROMO, KEJATI]),
    # common misspellings within one edit
    "kementrian agama pati": ([KEMENAG_PATI], []),
    "pengadilan negri surabaya": ([PN_SURABAYA], [PA_SURABAYA]),
    "pengadilan negri": ([PN_SURABAYA, PN_SIDOARJO], [PA_SURABAYA]),
    # old spelling both ways
    "sutomo": ([SOETOMO], []),
    "Soetomo": ([SOETOMO], []),
    "sarjito": ([SARDJITO], []),
    "tjipto": ([CIPTO], []),
    # former names
    "lapas kelas iii mojokerto": ([LAPAS], []),
}


@needs_node
@pytest.mark.parametrize("query", list(CASES))
def test_query_kind_finds_expected_unit(index_dir: Path, query: str, js_results: dict[str, dict[str, object]]) -> None:
    """Each query finds its unit in the top five and none of the unrelated ones."""
    wanted, unwanted = CASES[query]
    result = js_results[query]
    ids = top_ids(result)
    for unit in wanted:
        assert unit in ids[:5], f"{query!r}: {unit} not in top 5 {ids}"
    for unit in unwanted:
        assert unit not in ids, f"{query!r}: unrelated {unit} in {ids}"


@pytest.fixture(scope="module")
def js_results(index_dir: Path) -> dict[str, dict[str, object]]:
    """All CASES run at once (one node process)."""
    queries: list[dict[str, object]] = [{"q": q, "top": 30} for q in CASES]
    return dict(zip(CASES, run_queries(index_dir, queries), strict=True))


@needs_node
def test_ranking_exact_then_prefix_then_rest(index_dir: Path) -> None:
    """Exact name first, then names starting with the query, then the rest."""
    [result] = run_queries(index_dir, [{"q": "imigrasi malang", "top": 10}])
    assert top_ids(result) == [IMI_MALANG, IMI_RAYA, IMI_BALAI, IMI_KANTOR]


@needs_node
def test_exact_name_first_even_when_typed_with_abbreviation(index_dir: Path) -> None:
    """The unit whose name is the query comes first."""
    results = run_queries(index_dir, [{"q": "polres bojonegoro"}, {"q": "pn surabaya"}])
    assert top_ids(results[0])[0] == POLRES
    assert top_ids(results[1])[0] == PN_SURABAYA


@needs_node
def test_a_city_the_source_gives_bare_is_found_by_its_place_name(tmp_path: Path) -> None:
    """Records say "Kudus" or "Surabaya"; a reader types "kabupaten kudus", "kab kudus" or "kota surabaya".
    A bare name that may be the kota or the kabupaten ("Malang") is found by neither kind."""
    from sitegen.load.registry import load_registry
    from sitegen.render.search_rows import search_rows

    registry, _ = load_registry(REPO / "tests" / "fixtures" / "mini")
    for path, body in build_search_files(search_rows(registry)).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(body)
    queries = ["kabupaten kudus", "kab. kudus", "kota surabaya", "kabupaten surabaya", "kota malang", "malang"]
    results = run_queries(tmp_path / routes.search_index(""), [{"q": q} for q in queries])
    names = {q: [row["name"] for row in r["top"]] if not r["partial"] else [] for q, r in
             zip(queries, results, strict=True)}  # only whole matches count here
    assert names["kabupaten kudus"] == names["kab. kudus"] == ["Lapas Beta Kudus"]
    assert names["kota surabaya"] == ["Kantor Alfa Surabaya"]
    assert names["kabupaten surabaya"] == []
    assert names["malang"] == ["Kantor Alfa Malang Raya"] and names["kota malang"] == []  # Kepanjen: the kabupaten


PA_UNITS = [unit_id(n, "mahkamah-agung") for n in ("Pengadilan Agama Surabaya", "Pengadilan Agama Marabahan",
                                                   "Pengadilan Agama Tegal", "Pengadilan Agama Slawi")]
DUKCAPIL = unit_id("Dinas Kependudukan dan Pencatatan Sipil (Disdukcapil) Kota Semarang", "pemkot-semarang")
PIP = unit_id("Politeknik Ilmu Pelayaran (PIP) Semarang", "kemenhub")
BDK = unit_id("Balai Diklat Keagamaan Semarang", "kemenag")
SOESELO = unit_id("RSUD Dr. Soeselo", "pemkab-tegal")
MEDAN = unit_id("Polrestabes Medan", "polri")


@needs_node
@pytest.mark.parametrize("typed", ["pengadilan agma", "pengadilan agma ", "pengadlan agama", "pngadilan agama",
                                   "epngadilan agama", "pengadilan agaam"])
def test_a_word_of_four_letters_or_more_may_carry_one_typo_anywhere(index_dir: Path, typed: str) -> None:
    """A citizen's slip (a letter dropped, two swapped, even in the first letters) finds what the right
    spelling finds."""
    meant, found = run_queries(index_dir, [{"q": "pengadilan agama", "top": 30}, {"q": typed, "top": 30}])
    assert found["total"] == meant["total"] == len(PA_UNITS) and not found["partial"]
    assert sorted(top_ids(found)) == sorted(top_ids(meant)) == sorted(PA_UNITS)


@needs_node
def test_a_lone_misspelt_word_finds_everything_its_right_spelling_finds(index_dir: Path) -> None:
    meant, found = run_queries(index_dir, [{"q": "agama ", "top": 60}, {"q": "agma ", "top": 60}])
    assert set(PA_UNITS) <= set(top_ids(meant)) == set(top_ids(found))
    [typing] = run_queries(index_dir, [{"q": "agma", "top": 60}])  # still being typed: a prefix, one typo
    assert set(top_ids(meant)) <= set(top_ids(typing))


@needs_node
def test_a_word_of_three_letters_carries_no_typo(index_dir: Path) -> None:
    [result] = run_queries(index_dir, [{"q": "agm "}])
    assert result["total"] == 0


@needs_node
def test_a_known_short_form_inside_a_word_is_found(index_dir: Path) -> None:
    """ "capil" is inside "Disdukcapil"; "dukcapil" too."""
    for query in ("capil", "dukcapil", "capil semarang"):
        [result] = run_queries(index_dir, [{"q": query}])
        assert top_ids(result) == [DUKCAPIL], query


@needs_node
def test_a_query_whose_words_do_not_all_match_shows_the_best_partial_matches(index_dir: Path) -> None:
    """No immigration office in Medan: the offices and the Medan unit are offered as partial matches, and the
    result says so (search.js heads them "Cocok sebagian")."""
    [result, whole] = run_queries(index_dir, [{"q": "imigrasi medan", "top": 30}, {"q": "imigrasi malang"}])
    assert result["partial"] and result["total"] > 0
    ids = top_ids(result)
    assert MEDAN in ids and KANIM_SURABAYA in ids
    assert not whole["partial"]  # a query every word of which matches is never partial
    [nothing] = run_queries(index_dir, [{"q": "zzzz"}])
    assert nothing["total"] == 0 and not nothing["partial"]  # one word: nothing to match partly


@needs_node
def test_partial_matches_of_the_rarer_word_come_first(index_dir: Path) -> None:
    """Of units matching as many words, those matching the word fewer units match come first: for "imigrasi
    medan" the one unit in Medan before the immigration offices (which come first by name), either word order."""
    results = run_queries(index_dir, [{"q": q, "top": 30} for q in ("imigrasi medan", "medan imigrasi")])
    for result in results:
        ids = top_ids(result)
        assert result["partial"] and ids[0] == MEDAN and KANIM_SURABAYA in ids[1:]


@needs_node
def test_place_words_match_the_resolved_kabupaten_or_kota(index_dir: Path) -> None:
    """ "kota semarang" finds every unit of Kota Semarang however the record spelled it, never the bare
    "Semarang" no rule settled; "kabupaten tegal" finds the units in Slawi, not Kota Tegal's."""
    kota, kabupaten, bare = run_queries(index_dir, [{"q": "kota semarang", "top": 30},
                                                    {"q": "kabupaten tegal", "top": 30}, {"q": "semarang", "top": 30}])
    assert {DUKCAPIL, PIP, KEJATI} <= set(top_ids(kota)) and BDK not in top_ids(kota)
    assert sorted(top_ids(kabupaten)) == sorted([unit_id("Pengadilan Agama Slawi", "mahkamah-agung"), SOESELO])
    assert BDK in top_ids(bare)


@needs_node
def test_a_place_is_found_by_the_name_people_use_for_it(index_dir: Path) -> None:
    """ "solo" finds the units of Kota Surakarta (geo.CITY_SHORT_FORMS), whose names never say Solo."""
    solo, surakarta = run_queries(index_dir, [{"q": "solo", "top": 30}, {"q": "surakarta", "top": 30}])
    rutan = unit_id("Rutan Kelas I Surakarta", "kemenkumham")
    assert rutan in top_ids(surakarta) and set(top_ids(surakarta)) <= set(top_ids(solo))


def test_every_everyday_city_name_stands_for_an_official_kabupaten_or_kota() -> None:
    """A short form naming no official place would find nothing, silently: each is a name of wilayah.tsv."""
    official = {region.name for regions in wilayah.official().regions.values() for region in regions}
    assert CITY_SHORT_FORMS and set(CITY_SHORT_FORMS.values()) <= official


@needs_node
def test_filters_without_query(index_dir: Path) -> None:
    """'All WBBM units of 2020' needs no query; filters combine with AND."""
    queries: list[dict[str, object]] = [
        {"q": "", "filters": {"predikat": "WBBM", "tahun": "2020"}, "top": 50},
        {"q": "", "filters": {"kategori": "lembaga", "provinsi": "gorontalo"}, "top": 50},
        {"q": "bpk", "filters": {"predikat": "WBBM", "tahun": "2020", "kategori": "lembaga",
                                 "provinsi": "gorontalo"}, "top": 50},
        {"q": "", "filters": {"predikat": "WBBM"}, "top": 50},
        {"q": "", "filters": {"tahun": "1999"}, "top": 50},
    ]
    wbbm_2020, lembaga_gtlo, full, wbbm, none = run_queries(index_dir, queries)
    assert sorted(top_ids(wbbm_2020)) == sorted([BPK_GORONTALO, KANIM_SURABAYA, KUPP])
    assert sorted(top_ids(lembaga_gtlo)) == sorted([BPK_GORONTALO, BPKP_GORONTALO])
    assert top_ids(full) == [BPK_GORONTALO]
    assert SOETOMO in top_ids(wbbm) and KANIM_SURABAYA in top_ids(wbbm)
    assert none["total"] == 0


@needs_node
def test_single_letter_waits_for_more(index_dir: Path) -> None:
    """One letter alone is too short to search; a trailing one-letter word is ignored until it grows."""
    short, trailing = run_queries(index_dir, [{"q": "k"}, {"q": "kpp p"}])
    assert short["tooShort"] and short["total"] == 0
    assert KPP_WONOKROMO in top_ids(trailing)


PREFETCHED = [
    {"q": "kemenkeu surabaya"}, {"q": "kpp pratama"}, {"q": "pengadilan negri jakarta"}, {"q": "kua"},
    {"q": "wbbm 2021"}, {"q": "wbk jatim"}, {"q": "bpk", "filters": {"kategori": "lembaga", "provinsi": "gorontalo"}},
    {"q": "", "filters": {"predikat": "WBBM", "tahun": "2020"}}, {"q": "zzqx"}, {"q": "k"},
    {"q": "wbbm 2021", "filters": {"predikat": "WBK"}},
]


@needs_node
def test_shared_link_requests_its_shards_at_once_and_nothing_more(index_dir: Path) -> None:
    """With the search page's meta.json script, a query never fetches meta.json, requests every term shard and
    filter list it reads at once, and then only row files: the files it would request without the script."""
    proc = subprocess.run([str(NODE), str(PREFETCH_HARNESS), str(index_dir)], input=json.dumps(PREFETCHED),
                          capture_output=True, text=True, timeout=60, check=True)
    results = json.loads(proc.stdout)
    for query, found in zip(PREFETCHED, results, strict=True):
        assert all(path.startswith(("t/", "f/")) for path in found["early"]), (query, found)
        # a word that matches nothing as typed ("zzqx") looks for a slip in its first letters through the slip
        # lists of its keys (here none), never in the whole shard bundle before the first results
        assert [p for p in found["later"] if not p.startswith("r/")] == [], (query, found)
        assert sorted(["meta.json", *found["early"], *found["later"]]) == sorted(found["without"]), (query, found)
    by_query = {q["q"] + str(q.get("filters", "")): r for q, r in zip(PREFETCHED, results, strict=True)}
    assert len(by_query["kemenkeu surabaya"]["early"]) == 2
    assert by_query["kemenkeu surabaya"]["later"] == [], "every result is a row its shards carry"
    assert by_query["wbbm 2021"]["early"] == ["f/tahun-2021-wbbm.json"]


def test_meta_script_holds_meta_json() -> None:
    """cari/indeks/kunci.js sets globalThis.ziSearchMeta to meta.json's content."""
    files = build_search_files(fixture_rows())
    meta = json.loads(files[routes.search_index("meta.json")])
    script = files[routes.search_index(KEYS_SCRIPT)].decode()
    prefix = "globalThis.ziSearchMeta = "
    assert script.startswith(prefix) and script.endswith(";\n")
    assert json.loads(script[len(prefix):-2]) == meta


@needs_node
def test_counts_are_grouped_the_indonesian_way() -> None:
    """The results count reads like toLocaleString("id-ID"), without loading the locale (search-core groupDigits)."""
    script = ("import {groupDigits} from './site_src/static/search-core.js';"
              "console.log(JSON.stringify([0, 7, 999, 1000, 12345, 100000, 1234567].map(groupDigits)));")
    out = subprocess.run([str(NODE), "--input-type=module", "-e", script], cwd=REPO, capture_output=True,
                         text=True, timeout=60, check=True).stdout
    assert json.loads(out) == ["0", "7", "999", "1.000", "12.345", "100.000", "1.234.567"]


@needs_node
def test_js_fold_matches_python() -> None:
    """search-core.js folds and tokenises exactly like sitegen.model.search_text."""
    samples = ["RSUD Dr. Soetomo", "Djokdjakarta Tjilatjap", "Ma'arif Ñandú", "KPP  Pratama–Surabaya", "Ğİşçö 12"]
    script = ("import {fold, tokens} from './site_src/static/search-core.js';"
              f"const s = {json.dumps(samples)};"
              "console.log(JSON.stringify(s.map(x => [fold(x), tokens(x)])));")
    out = subprocess.run([str(NODE), "--input-type=module", "-e", script], cwd=REPO, capture_output=True,
                         text=True, timeout=60, check=True).stdout
    assert json.loads(out) == [[fold(s), tokens(s)] for s in samples]


@pytest.mark.parametrize("ids", [[0, 1, 2, 31, 32, 33, 1000, 99_999, 1_048_575], [5, 6, 38, 70, 1094, 2118], [],
                                 list(range(0, 3000, 7))], ids=["large", "up-to-1024", "none", "steady"])
def test_vlq_round_trip(ids: list[int]) -> None:
    """Row gaps survive encoding, including large ones, each in as few characters as it needs."""
    assert unvlq(vlq(ids)) == ids
    assert set(vlq(ids)) <= set(B64)
    assert len(vlq(ids)) == sum(1 + (gap >= 32) + (gap >= 1024) + (gap >= 32768) + (gap >= 1 << 20)
                                for gap in (row - before - 1 for before, row in pairwise([-1, *ids])))


def test_build_is_deterministic_and_under_cari_indeks() -> None:
    """Same rows, same bytes; every file under cari/indeks/."""
    first, second = build_search_files(fixture_rows()), build_search_files(list(reversed(fixture_rows())))
    assert first == second
    assert all(path.startswith("cari/indeks/") for path in first)
    assert "cari/indeks/meta.json" in first


def test_rows_are_ordered_by_folded_name() -> None:
    """A name sorts right before its longer namesakes, so ties rank the exact name first."""
    names = [row.name for row in order_rows(fixture_rows())]
    assert names.index("Imigrasi Malang") + 1 == names.index("Imigrasi Malang Raya")


def test_index_terms_include_abbreviations() -> None:
    """Unit-type, institution and province short forms are indexed as words of the unit."""
    files = build_search_files(fixture_rows())
    terms: set[str] = set()
    for path, body in files.items():
        if "/t/" in path and not path.endswith(BUNDLE):
            terms.update(json.loads(body)["t"])
    assert {"kpp", "kantor", "pelayanan", "pajak", "kanim", "pn", "pa", "kejari", "kejati", "lapas", "rutan",
            "rsud", "polres", "polda", "kantah", "kemenkeu", "kemenhub", "kemenag", "kemenkumham", "polri",
            "bpn", "bpk", "bps", "ma", "kejagung", "jatim", "jateng", "diy", "sumut", "kaltim", "sutomo"} <= terms


def test_small_index_bundles_every_shard() -> None:
    """A small registry gets all shards in one file, each exactly as its own file has it."""
    files = build_search_files(fixture_rows())
    meta = json.loads(files[routes.search_index("meta.json")])
    bundle = json.loads(files[routes.search_index(meta["bundle"])])
    assert set(bundle) == set(meta["keys"].split())
    for key, shard in bundle.items():
        own = json.loads(files[routes.search_index(f"t/{key}.json")])
        own.pop("r", None)
        own.pop("y", None)
        assert shard == own, "the bundle holds each shard without its carried rows and slip list"


def test_shards_carry_the_display_rows_of_their_terms_with_few_rows() -> None:
    """A shard's `r` holds every row of its terms with at most CARRY_ROWS rows, each as its row file has it."""
    files = build_search_files(fixture_rows())
    meta = json.loads(files[routes.search_index("meta.json")])
    carrying = 0
    for key in meta["keys"].split():
        shard = json.loads(files[routes.search_index(f"t/{key}.json")])
        few = sorted({r for rows, _ in shard["t"].values() if len(ids := unvlq(rows)) <= CARRY_ROWS for r in ids})
        gaps, entries = shard.get("r", ["", []])
        assert unvlq(gaps) == few, key
        for row, entry in zip(few, entries, strict=True):
            chunk = json.loads(files[routes.search_index(f"r/{row // CHUNK_ROWS}.json")])
            assert entry == chunk[row % CHUNK_ROWS], (key, row)
        carrying += bool(few)
    assert carrying


@needs_node
def test_carried_rows_change_no_result(index_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every query shows the same rows, in the same order, whether drawn from carried rows, from row files, or
    from both (a limit of 2 leaves some results carried and some not)."""
    built = {}
    for limit in (0, 2):
        monkeypatch.setattr(search, "CARRY_ROWS", limit)
        built[limit] = write_index(tmp_path / str(limit), build_search_files(fixture_rows()))
    assert "r" not in json.loads((built[0] / "t" / "su.json").read_text())
    queries: list[dict[str, object]] = [{"q": q, "top": 30} for q in [*CASES, "ke", "pe", "kpp", "polres b"]]
    queries.append({"q": "", "filters": {"predikat": "WBBM"}, "top": 30})
    expected = run_queries(built[0], queries)
    assert run_queries(index_dir, queries) == expected
    assert run_queries(built[2], queries) == expected


def test_a_shard_that_would_carry_more_than_two_pages_of_rows_is_split(monkeypatch: pytest.MonkeyPatch) -> None:
    """A two-letter shard is split by third letter when it would carry more than SPLIT_CARRIED rows, however small
    it gzips: a query fetches its words' own sub-shards, not the carried rows of every word sharing two letters."""
    monkeypatch.setattr(search, "SPLIT_CARRIED", 3)
    files = build_search_files(fixture_rows())
    meta = json.loads(files[routes.search_index("meta.json")])
    split = meta["split"].split()
    assert "ke" in split and "kem" in meta["keys"].split()
    for key in meta["keys"].split():
        carried = unvlq(json.loads(files[routes.search_index(f"t/{key}.json")]).get("r", [""])[0])
        assert len(key) != 2 or key in split or len(carried) <= 3, key  # one letter: never split


@pytest.fixture(scope="module")
def split_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture index with every two-letter shard split by third letter and no shard bundle, as a large
    registry's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SPLIT_BYTES", 0)
        patch.setattr(search, "BUNDLE_BYTES", 0)
        return write_index(tmp_path_factory.mktemp("split"), build_search_files(fixture_rows()))


@needs_node
@pytest.mark.parametrize(("typed", "shards"), [
    ("pengadilan agaam", ["t/aga.json", "t/pen.json"]),  # a slip after the third letter: the word's own sub-shard
    ("pengadilan agma", ["t/ag.json", "t/aga.json", "t/agr.json", "t/agu.json", "t/pen.json"]),  # third: all ag*
])
def test_a_misspelt_word_is_looked_for_in_its_own_shard_first(split_index_dir: Path, typed: str,
                                                              shards: list[str]) -> None:
    """A slip is looked for nearest first, so a slip late in a word fetches one shard, not every shard sharing
    its first two letters; what it finds is what the right spelling finds."""
    meant, found = run_queries(split_index_dir, [{"q": "pengadilan agama", "top": 30}, {"q": typed, "top": 30}])
    assert sorted(top_ids(found)) == sorted(top_ids(meant)) == sorted(PA_UNITS)
    proc = subprocess.run([str(NODE), str(PREFETCH_HARNESS), str(split_index_dir)], input=json.dumps([{"q": typed}]),
                          capture_output=True, text=True, timeout=60, check=True)
    [requested] = json.loads(proc.stdout)
    assert sorted(p for p in requested["without"] if p.startswith("t/")) == shards


EDITS = ("substitute", "delete", "insert", "swap")


@given(word=st.text(alphabet="abcdefghij", min_size=3, max_size=8), edit=st.sampled_from(EDITS),
       at=st.integers(0, 1), letter=st.sampled_from("abcdefghijk"))
def test_every_slip_in_the_first_two_letters_meets_the_word_through_the_slip_lists(word: str, edit: str, at: int,
                                                                                      letter: str) -> None:
    """Whatever one edit in a word's first two letters gives (a typed word of four letters or more whose first two
    letters differ), the word is listed under one of the keys slipHits looks up (the typed word's own two letters,
    its second and third, its first and third), or it is the typed word less its first or second letter."""
    typed = {"substitute": word[:at] + letter + word[at + 1:], "delete": word[:at] + word[at + 1:],
             "insert": word[:at] + letter + word[at:], "swap": word[1] + word[0] + word[2:] if at == 0
             else word[0] + word[2] + word[1] + word[3:]}[edit]
    assume(len(typed) >= 4 and typed[:2] != word[:2])
    looked_up = {typed[:2], typed[1:3], typed[0] + typed[2]}
    assert slip_keys(word) & looked_up or word in (typed[1:], typed[0] + typed[2:])


def test_a_word_is_listed_under_its_first_three_letters_without_the_first_or_the_second() -> None:
    """ "semarang" is listed under "em" and "sm", each list sorted, and a key's file holds its list."""
    assert slip_keys("semarang") == {"em", "sm"} and slip_keys("aab") == {"ab"} and slip_keys("ab") == set()
    assert slip_lists(["semarang", "samarinda", "ema"]) == {"am": "samarinda", "em": "semarang", "ma": "ema",
                                                            "ea": "ema", "sm": "samarinda semarang"}
    files = build_search_files(fixture_rows())
    shard = json.loads(files[routes.search_index("t/sm.json")])
    assert "semarang" in shard["y"].split() and sorted(shard["y"].split()) == shard["y"].split()


@needs_node
@pytest.mark.parametrize("typed", ["bengadilan agama", "pwngadilan agama", "pngadilan agama", "engadilan agama",
                                   "ppengadilan agama", "pxengadilan agama", "epngadilan agama", "pnegadilan agama"])
def test_a_slip_in_the_first_letters_fetches_only_shards_that_can_hold_the_word(split_index_dir: Path,
                                                                                 typed: str) -> None:
    """Without a shard bundle, a slip in a word's first letters is looked for only in the shards whose key is
    within one edit of its first letters (the shard of "pengadilan" among them), not in every shard sharing a
    letter with it; and it finds what the right spelling finds."""
    meant, found = run_queries(split_index_dir, [{"q": "pengadilan agama", "top": 30}, {"q": typed, "top": 30}])
    assert sorted(top_ids(found)) == sorted(top_ids(meant)) == sorted(PA_UNITS)
    meta = json.loads((split_index_dir / "meta.json").read_text())
    proc = subprocess.run([str(NODE), str(PREFETCH_HARNESS), str(split_index_dir)], input=json.dumps([{"q": typed}]),
                          capture_output=True, text=True, timeout=60, check=True)
    [requested] = json.loads(proc.stdout)
    shards = {p.removeprefix("t/").removesuffix(".json") for p in requested["without"] if p.startswith("t/")}
    assert "pen" in shards and "aga" in shards
    assert len(shards) <= 8 < len(meta["keys"].split()) // 10, sorted(shards)


PA_MARABAHAN = uid("Pengadilan Agama Marabahan", "mahkamah-agung")
KUA_GENTENG = uid("KUA Kecamatan Genteng", "kemenag")
DJPB_JATIM = uid("Kanwil DJPb Provinsi Jawa Timur", "kemenkeu")
DJP_JATIM = uid("Kantor Wilayah DJP Jawa Timur I", "kemenkeu")


def awards_of(row: dict[str, object]) -> set[tuple[int | None, str]]:
    """A result row's awards as (year, predicate) pairs."""
    return {(year, predicate) for year, predicate in row["awards"]}  # type: ignore[union-attr, misc]


@needs_node
@pytest.mark.parametrize("query", ["wbbm 2021", "2021 wbbm", "WBBM 2021 ", "tahun 2021 wbbm"])
def test_predicate_and_year_words_are_filters(index_dir: Path, query: str) -> None:
    """'wbbm 2021' returns exactly the units with a WBBM of 2021, in any word order."""
    [result] = run_queries(index_dir, [{"q": query, "top": 50}])
    wanted = {r.id for r in fixture_rows() if (2021, "WBBM") in r.awards}
    if query.startswith("tahun"):  # "tahun" is an ordinary word, matching no unit here
        assert result["total"] == 0
        return
    assert set(top_ids(result)) == wanted and len(wanted) >= 2
    assert all((2021, "WBBM") in awards_of(row) for row in result["top"])  # type: ignore[union-attr]
    assert result["fromQuery"] == {"predikat": "WBBM", "tahun": "2021"}


@needs_node
def test_predicate_word_with_province_short_form(index_dir: Path) -> None:
    """'wbk jatim' is every WBK unit of Jawa Timur, and nothing else."""
    [result] = run_queries(index_dir, [{"q": "wbk jatim", "top": 50}])
    wanted = {r.id for r in fixture_rows() if r.province == "Jawa Timur" and any(p == "WBK" for _, p in r.awards)}
    assert set(top_ids(result)) == wanted
    assert all(row["province"] == "Jawa Timur" for row in result["top"])  # type: ignore[union-attr, index]


@needs_node
def test_query_filters_meet_form_filters(index_dir: Path) -> None:
    """A predicate typed in the query and another chosen in the form contradict: nothing matches. The same
    one in both, or a year in the form, narrows as usual."""
    conflict, same, year = run_queries(index_dir, [
        {"q": "wbbm", "filters": {"predikat": "WBK"}}, {"q": "wbbm jatim", "filters": {"predikat": "WBBM"}},
        {"q": "wbbm", "filters": {"tahun": "2021"}, "top": 50}])
    assert conflict["total"] == 0
    assert SOETOMO in top_ids(same) and BPK_GORONTALO not in top_ids(same)
    assert set(top_ids(year)) == {r.id for r in fixture_rows() if (2021, "WBBM") in r.awards}


@needs_node
def test_predicate_or_year_still_being_typed_waits(index_dir: Path) -> None:
    """'wb' and '202' may become 'wbbm' and '2021': alone they wait, after a word they are left out."""
    wb, kpp_year, kpp_wb = run_queries(index_dir, [{"q": "wb"}, {"q": "kpp pratama 202"}, {"q": "kpp pratama wb"}])
    assert wb["tooShort"] and wb["total"] == 0
    assert KPP_WONOKROMO in top_ids(kpp_year) and KPP_WONOKROMO in top_ids(kpp_wb)


@needs_node
def test_abbreviation_is_not_found_inside_a_place_name(index_dir: Path) -> None:
    """'kua' is a KUA, not a court in Barito Kuala; typed in full, a place still matches ('kuala')."""
    kua, kuala = run_queries(index_dir, [{"q": "kua"}, {"q": "kuala"}])
    assert top_ids(kua) == [KUA_GENTENG]
    assert top_ids(kuala) == [PA_MARABAHAN]


@needs_node
def test_abbreviation_of_own_name_ranks_first(index_dir: Path) -> None:
    """'kanwil djp' puts the DJP regional office (its name's own abbreviation, whole) above the DJPb office
    (a longer word of its name that starts with the query's letters)."""
    [result] = run_queries(index_dir, [{"q": "kanwil djp"}])
    assert top_ids(result) == [DJP_JATIM, DJPB_JATIM]


@needs_node
def test_whole_name_word_ranks_above_place_prefix(index_dir: Path) -> None:
    """A unit named by the word ranks above units only located in a place starting with it."""
    [result] = run_queries(index_dir, [{"q": "surabaya", "top": 30}])
    ids = top_ids(result)
    named = [i for i, row in enumerate(result["top"]) if "Surabaya" in str(row["name"])]  # type: ignore[union-attr, index]
    placed = [i for i, row in enumerate(result["top"]) if "Surabaya" not in str(row["name"])]  # type: ignore[union-attr, index]
    assert named and placed and max(named) < min(placed), ids


@needs_node
def test_an_office_is_found_by_its_directorate_general(index_dir: Path) -> None:
    """'djp' and 'ditjen pajak' find tax offices (KPP), whose names do not say DJP; the office whose own name
    says it ranks first, and a directorate word narrows like an institution word ('djp gorontalo')."""
    djp, spelled, gorontalo = run_queries(index_dir, [{"q": "djp", "top": 30}, {"q": "ditjen pajak", "top": 30},
                                                      {"q": "djp gorontalo"}])
    assert top_ids(djp)[0] == DJP_JATIM
    for result in (djp, spelled):
        assert {KPP_WONOKROMO, KPP_SAWAHAN, KPP_GORONTALO} <= set(top_ids(result))
    assert top_ids(gorontalo) == [KPP_GORONTALO]
