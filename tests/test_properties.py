"""Property tests over generated registries (hypothesis): what holds for every valid registry, not one fixture.

- every valid registry builds;
- every unit appears on its institution's, its years' and its province's pages, its name escaped;
- every internal link and resource of the built site resolves, and nothing loads from another origin;
- a CSV imported into an empty registry and then built loses no row.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from slugify import slugify

from sitegen.importer.run import import_file
from sitegen.importer.unit_names import LIKELY, score
from sitegen.importer.yamlout import dump
from sitegen.load.identity import name_key, unit_slug
from sitegen.model import routes
from sitegen.model.geo import PROVINCES
from sitegen.model.records import CATEGORIES, PREDICATES
from sitegen.model.wilayah import official
from tests.conftest import LIST_COLUMNS as COLUMNS
from tests.conftest import build_into, read_page
from tests.tools.crawl import crawl_site

PROPERTY_SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YEARS = (None, 2018, 2019, 2020, 2021, 2022)
REGIONAL = ("provinsi", "kabupaten", "kota")
HOSTILE = ("R&D <Pusat>", "<script>window.__pwned=1</script>", "<img src=x onerror=alert(1)>",
           "javascript:alert(1)", "\" onmouseover=\"alert(1)", "'; alert(1); '", "no", "NO", "010", "null",
           "Kantor ../../etc", "Ünïcödé 東京 Ψ", "a/b\\c", "{{ 7*7 }}", "{% raw %}", "#hash", "- dash", "`tick`")


def clean(text: str) -> str:
    """A name as validation keeps it: runs of whitespace folded to one space."""
    return " ".join(text.split())


names = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=24),
).filter(lambda n: clean(n) and unit_slug(clean(n)))
provinces = st.sampled_from(PROVINCES)
inst_ids = st.from_regex(r"[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,3})?", fullmatch=True)


@st.composite
def registries(draw: st.DrawFn) -> dict:
    """Institutions, and units each with one or more (year, predicate) awards; valid by construction."""
    ids = draw(st.lists(inst_ids, min_size=1, max_size=3, unique=True))
    institutions = []
    for inst_id in ids:
        category = draw(st.sampled_from(CATEGORIES))
        institutions.append({"id": inst_id, "name": clean(draw(names)), "category": category,
                             "province": draw(provinces) if category in REGIONAL else None})
    units: dict[str, dict] = {}
    seen_names: set[tuple[str, str]] = set()
    for inst_id, name, province in draw(st.lists(st.tuples(st.sampled_from(ids), names, st.none() | provinces),
                                                 min_size=1, max_size=8)):
        name = clean(name)
        uid = f"{inst_id}/{unit_slug(name)}"
        if uid in units or (inst_id, name_key(name)) in seen_names:
            continue  # one URL per unit: a second name with the same slug would (rightly) be a collision
        seen_names.add((inst_id, name_key(name)))
        years = draw(st.lists(st.sampled_from(YEARS), min_size=1, max_size=3, unique=True))
        awards = {year: draw(st.sampled_from(PREDICATES)) for year in years}
        units[uid] = {"institution": inst_id, "name": name, "province": province, "awards": awards,
                      "note": draw(st.sampled_from(HOSTILE))}
    return {"institutions": institutions, "units": units}


def write_registry(spec: dict, root: Path) -> None:
    """The registry as YAML files, written by the same writer the importer uses."""
    (root / "data" / "awards").mkdir(parents=True)
    (root / "data" / "institutions.yaml").write_text(dump(spec["institutions"]), encoding="utf-8")
    rounds: dict[int | None, list] = {}
    for number, unit in enumerate(unit for _, unit in sorted(spec["units"].items())):
        for year, predicate in sorted(unit["awards"].items(), key=lambda kv: kv[0] or 0):
            award = {"unit": unit["name"], "institution": unit["institution"], "predicate": predicate}
            if unit["province"]:
                award["province"] = unit["province"]
            award |= {"source_url": f"https://contoh.invalid/{number}/{year}", "source_kind": "resmi",
                      "set_by": "kemenpanrb", "note": unit["note"]}
            rounds.setdefault(year, []).append(award)
    for year, awards in rounds.items():
        name = "tanpa-tahun" if year is None else str(year)
        (root / "data" / "awards" / f"{name}.yaml").write_text(dump({"year": year, "awards": awards}),
                                                               encoding="utf-8")
    write_about_page(root)
    first_uid = sorted(spec["units"])[0]
    news = root / "site_src" / "news"
    news.mkdir(parents=True)
    (news / "2022-12-09-berita.md").write_text(
        "---\n" + dump({"title": spec["units"][first_uid]["name"], "date": dt.date(2022, 12, 9), "source": "Contoh",
                        "source_url": "https://contoh.invalid/berita"})
        + f"---\nLihat [unit ini](/{routes.unit(first_uid)}) dan [semua tahun](/tahun/).\n", encoding="utf-8")


def write_about_page(root: Path) -> None:
    """The about page every footer links to (a registry without it is invalid)."""
    pages = root / "site_src" / "pages"
    pages.mkdir(parents=True)
    (pages / "tentang.md").write_text("---\ntitle: Tentang\n---\n## Cara kami menyusun registri\n\nBersumber.\n\n"
                                      "## Apa yang diketahui registri\n\nPredikat terakhir tercatat.\n\n"
                                      "## Mengirim koreksi atau sumber\n\nSertakan sumber.\n")


@contextmanager
def scratch() -> Iterator[Path]:
    """A temporary folder per example (pytest's tmp_path is one per test, not per example)."""
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


@PROPERTY_SETTINGS
@given(registries())
def test_every_valid_registry_builds_with_every_unit_on_its_pages_and_no_broken_link(spec: dict) -> None:
    with scratch() as tmp:
        write_registry(spec, tmp / "registry")
        public = build_into(tmp / "registry", tmp / "public")
        for uid, unit in spec["units"].items():
            href = f'href="/{routes.unit(uid)}"'
            page = read_page(public, routes.unit(uid))
            assert f"<h1>{escape(unit['name'])}</h1>" in page, uid
            assert href in read_page(public, routes.institution(unit["institution"])), uid
            for year in unit["awards"]:
                if year is not None:
                    assert href in read_page(public, routes.year(year)), (uid, year)
            if unit["province"]:
                assert href in read_page(public, routes.province(unit["province"])), uid
            for payload in ("<script>window.__pwned", "<img src=x", 'onmouseover="alert'):
                assert payload not in page
        report = crawl_site(public)
        assert report.ok, "\n".join(report.problems()[:10])


csv_rows = st.lists(
    st.fixed_dictionaries({
        "year": st.sampled_from(YEARS), "predicate": st.sampled_from(("WBK", "WBBM", "Menuju WBK", "wbbm")),
        "institution": st.sampled_from(("Kementerian Alfa", 'Badan "R&D" <Nasional>', "Pemerintah Kota Gamma")),
        "province": st.none() | provinces, "city": st.sampled_from(("", "Kota Contoh", "010")),
        "unit": names, "source_title": st.sampled_from(HOSTILE), "note": st.sampled_from(("", *HOSTILE)),
    }),
    min_size=1, max_size=10,
)
CATEGORY_OF = {"Kementerian Alfa": "kementerian", 'Badan "R&D" <Nasional>': "lembaga",
               "Pemerintah Kota Gamma": "kota"}


def predicate_of(word: str) -> str:
    return "WBBM" if "wbbm" in word.casefold() else "WBK"


def consistent(rows: list[dict]) -> list[dict]:
    """Drop rows the importer must refuse: one unit with two predicates in a round, or two names on one URL.

    A row creating a city government must say its province (the importer refuses it otherwise), and a city
    given with a province must be one of its official kabupaten/kota (the build refuses it otherwise): such a
    row takes the province's first one; a city without a province stays as drawn. Every row of one unit
    gives the place its first row gives: the importer fills what one row of an award leaves empty from
    another, so a city drawn for one row and a province for the next would make a pair no list holds.
    """
    predicate: dict[tuple, str] = {}
    name_of: dict[str, str] = {}
    place_of: dict[str, tuple] = {}
    kept = []
    for row in rows:
        if CATEGORY_OF[row["institution"]] == "kota" and not row["province"]:
            row = {**row, "province": "Jawa Tengah"}
        if row["province"] and row["city"]:
            row = {**row, "city": official().regions[row["province"]][0].name}
        uid = f"{slugify(row['institution'])}/{unit_slug(clean(row['unit']))}"
        province, city = place_of.setdefault(uid, (row["province"], row["city"]))
        row = {**row, "province": province, "city": city}
        key = (uid, row["year"])
        if name_of.setdefault(uid, name_key(row["unit"])) != name_key(row["unit"]):
            continue
        if any(k["institution"] == row["institution"] and name_key(k["unit"]) != name_key(row["unit"])
               and score(k["unit"], row["unit"]) >= LIKELY for k in kept):
            continue  # a likely duplicate of a unit already in the list: the importer asks about it
        if predicate.setdefault(key, predicate_of(row["predicate"])) != predicate_of(row["predicate"]):
            continue
        kept.append(row)
    return kept


@PROPERTY_SETTINGS
@given(csv_rows)
def test_a_csv_imported_into_an_empty_registry_and_built_loses_no_row(rows: list[dict]) -> None:
    rows = consistent(rows)
    with scratch() as tmp:
        root = tmp / "registry"
        (root / "data" / "awards").mkdir(parents=True)
        (root / "data" / "institutions.yaml").write_text("[]\n")
        write_about_page(root)
        source = tmp / "awards.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            for number, row in enumerate(rows):
                writer.writerow({**row, "year": row["year"] or "", "province": row["province"] or "",
                                 "institution_category": CATEGORY_OF[row["institution"]],
                                 "source_url": f"https://contoh.invalid/{number}?a=1&b=2", "source_kind": "berita"})
        report = import_file(source, root)
        assert report.rows == len(rows)
        public = build_into(root, tmp / "public")
        for number, row in enumerate(rows):
            uid = f"{slugify(row['institution'])}/{unit_slug(clean(row['unit']))}"
            page = read_page(public, routes.unit(uid))
            assert f'href="https://contoh.invalid/{number}?a=1&amp;b=2"' in page, (number, row)
            year = row["year"]
            assert (f'href="/{routes.year(year)}"' if year else "tahun tidak diketahui") in page, (number, row)
