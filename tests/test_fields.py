"""Each record kind is declared once (sitegen/model/fields.py), and everything that reads a record follows it.

What cannot be derived is kept in step here: the typed dataclasses of records.py and the published JSON
schema. What is derived is checked through the real pipeline: a field declared plain reaches validation,
the unit page, the downloads, the twin and the importer without any of them naming it.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from markupsafe import escape

from sitegen.errors import Problems
from sitegen.importer.row_check import PLAIN, check_row
from sitegen.importer.rows import new_award
from sitegen.importer.tables import HEADERS, IGNORED, REQUIRED, column_of, header_key
from sitegen.load.read import parse_yaml
from sitegen.load.schema import read_record
from sitegen.model import fields, routes
from sitegen.model.fields import AWARD, AWARD_COLUMNS, AWARD_IMPORT, Field
from sitegen.model.records import Award, Ceremony, Handover, Institution, ReportedTotal, Revocation, Source, Unit
from sitegen.render.award_lines import AWARD_FIELDS
from sitegen.render.export import UNIT_SCHEMA
from tests.conftest import MINI, build_into, copy_registry, read_page

# Each declaration, its model, and the model's fields that no record key gives (worked out when loading).
MODELS = (
    (fields.AWARD, Award, {"unit_id", "year", "file", "line"}),
    (fields.INSTITUTION, Institution, set()),
    (fields.REVOCATION, Revocation, {"line"}),
    (fields.UNIT, Unit, {"province", "city", "awards", "revocations"}),
    (fields.EXTRA_SOURCE, Source, set()),
    (fields.HANDOVER, Handover, set()),
    (fields.CEREMONY, Ceremony, set()),
    (fields.REPORTED_TOTAL, ReportedTotal, {"line"}),
)


@pytest.mark.parametrize(("declared", "model", "worked_out"), MODELS, ids=lambda v: getattr(v, "__name__", ""))
def test_the_model_carries_exactly_the_declared_fields_with_their_defaults(declared, model, worked_out) -> None:
    attrs = {f.model_attr: f for f in declared if f.model_attr is not None}
    model_fields = {f.name: f for f in dataclasses.fields(model)}
    assert set(attrs) == set(model_fields) - worked_out, "records.py and model/fields.py drifted apart"
    for attr, spec in attrs.items():
        default = model_fields[attr].default
        if default is not dataclasses.MISSING and not spec.required:
            assert spec.default == default, f"{model.__name__}.{attr}: the model's default is not the declared one"


def test_the_declarations_are_well_formed() -> None:
    for declared, _, _ in MODELS:
        assert len({f.name for f in declared}) == len(declared)
        assert all(f.kind in fields.KINDS for f in declared)
    names = [c.column_name for c in AWARD_COLUMNS]
    assert len(names) == len(set(names)), "two award columns share a name"
    assert fields.column_names(AWARD_COLUMNS)[:len(fields.AWARD_COLUMN_ORDER) - 1] == tuple(
        n for n in fields.AWARD_COLUMN_ORDER if n != "editor_note"), "a published column moved"


RECORD = """- unit: Kantor Uji
  institution: alfa
  predicate: WBK
  source_url: "https://contoh.invalid/uji"
  source_kind: resmi
  set_by: kemenpanrb
"""


def read_award(text: str, declared: tuple[Field, ...] = AWARD) -> tuple[dict | None, list[str]]:
    """One award record read against a declaration: its values and the problems as file:line:col lines."""
    problems = Problems()
    data = parse_yaml(text, Path("data/awards/2021.yaml"), problems).data
    values = read_record(data[0], declared, "award", Path("data/awards/2021.yaml"), problems, (1, 3))
    return values, [str(p).split(" | ")[0].split("\n")[0] for p in problems.items]


def test_validation_follows_the_declaration_defaults_included() -> None:
    values, problems = read_award(RECORD)
    assert problems == []
    assert {f.name: values[f.name] for f in AWARD if f.name not in RECORD} == \
        {f.name: f.default for f in AWARD if f.name not in RECORD}
    assert values["year_basis"] == "stated" and values["note"] == "" and values["secondary"] is False


def test_a_field_declared_once_is_validated_by_its_kind_with_file_and_line() -> None:
    declared = (*AWARD, Field("decided_on", "date"), Field("register", "text", True))
    _, problems = read_award(RECORD + "  decided_on: 12 Desember 2024\n", declared)
    assert problems == [
        "data/awards/2021.yaml:7:15: 'decided_on' must be a date, not '12 Desember 2024'",
        "data/awards/2021.yaml:1:3: award is missing the required field 'register'",
    ]
    _, problems = read_award(RECORD + "  decided_on: 2024-12-12\n")  # the shipped declaration lacks it
    assert problems == ["data/awards/2021.yaml:7:3: award has an unknown field 'decided_on'"]


def test_the_importer_reads_every_declared_header_and_sets_the_downloads_own_columns_aside() -> None:
    for column in AWARD_IMPORT:
        assert HEADERS[column.column_name][0] == header_key(column.column_name)
        for header in (column.column_name, *column.headers):
            assert column_of(header) == column.column_name, header
            assert column_of(header.upper()) == column.column_name, header
    for name in fields.column_names(AWARD_COLUMNS):
        assert column_of(name) == (name if name in HEADERS else ""), name
    assert set(REQUIRED) == {c.column_name for c in AWARD_IMPORT if c.header_required}
    assert "no" in IGNORED and column_of("Nomor SK Penetapan") is None  # an unknown column stays an error


def test_the_downloads_have_the_declared_columns(mini_site: Path) -> None:
    for name, columns in (("penghargaan", AWARD_COLUMNS), ("instansi", fields.INSTITUTION_COLUMNS),
                          ("pencabutan", fields.REVOCATION_COLUMNS)):
        header = (mini_site / "data" / f"{name}.csv").read_bytes().decode().split("\r\n", 1)[0]
        assert tuple(header.split(",")) == fields.column_names(columns), name
    page = read_page(mini_site, "data/")
    for name, about in AWARD_FIELDS:
        assert f"<code>{name}</code>" in page and str(escape(about)) in page, name


def test_the_unit_schema_names_every_declared_twin_key_with_its_choices() -> None:
    schema = json.loads(UNIT_SCHEMA.read_text(encoding="utf-8"))
    award = schema["$defs"]["award"]
    for spec in (f for f in AWARD if f.twin):
        prop = award["properties"][spec.model_attr]
        prop = schema["$defs"][prop["$ref"].rsplit("/", 1)[1]] if set(prop) == {"$ref"} else prop
        assert spec.model_attr in award["required"], spec.name
        if spec.choices:
            assert prop["enum"] == list(spec.choices), spec.name
        if spec.kind in fields.SCALAR_KINDS and spec.default is None and "type" in prop:
            assert "null" in prop["type"], f"{spec.name} may be left out, so the schema must allow null"


# The values a test record states for each plain field, by kind: distinct, so each can be found where it lands.
SAMPLES = {"text": "Nilai uji {name} 7f3a", "url": "https://contoh.invalid/uji/{name}", "date": dt.date(2024, 3, 5)}


def plain_fields() -> list[Field]:
    """Every optional award field a record states as a plain value (a text, an address, a date): the fields a new
    column of the registry is most often, checked end to end below without naming any of them."""
    return [f for f in AWARD if not f.required and f.kind in SAMPLES and not f.choices and not f.name_of_page
            and f.name not in ("province",)]


def sample(spec: Field) -> object:
    """The test value of one field."""
    value = SAMPLES[spec.kind]
    return value.format(name=spec.name) if isinstance(value, str) else value


def test_a_plain_field_stated_by_a_record_reaches_the_page_the_downloads_and_the_twin(tmp_path: Path) -> None:
    plain = plain_fields()
    assert {"note", "editor_note", "source_title"} <= {f.name for f in plain}
    root = copy_registry(MINI, tmp_path / "registry")
    path = root / "data" / "awards" / "2021.yaml"
    stated = "".join(f"    {f.name}: {json.dumps(str(sample(f)))}\n" if f.kind != "date" else
                     f"    {f.name}: {sample(f).isoformat()}\n" for f in plain)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    set_by: kemenpanrb\n", "    set_by: kemenpanrb\n" + stated, 1), encoding="utf-8")
    public = build_into(root, tmp_path / "public")
    rows = list(csv.DictReader(io.StringIO((public / "data" / "penghargaan.csv").read_bytes().decode())))
    row = next(r for r in rows if r["unit"] == "Kantor Alfa Malang Raya" and r["year"] == "2021")
    page = read_page(public, routes.unit(row["unit_id"]))
    twin = json.loads((public / routes.unit_json(row["unit_id"])).read_text(encoding="utf-8"))
    twin_award = next(a for a in twin["awards"] if a["year"] == 2021)
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in public.rglob("*") if p.is_file())
    for spec in plain:
        shown = str(sample(spec))
        never_published = spec.model_attr is None and not (spec.column_name and spec.exported)
        if spec.column_name and spec.exported:
            assert row[spec.column_name] == shown, spec.name
        if spec.twin:
            assert str(twin_award[spec.model_attr]) == shown, spec.name
        if spec.shown:  # under its declared Indonesian label
            assert f"{escape(spec.label)}: {escape(shown)}" in page, spec.name
        if never_published:
            assert shown not in everything, f"{spec.name} is never published, yet the site carries it"


def test_a_plain_import_column_is_checked_by_its_kind_and_written_under_its_key() -> None:
    assert {f.name for f in PLAIN} >= {"note", "editor_note"}
    raw = {"year": "2021", "predicate": "WBK", "institution": "alfa", "unit": "Kantor Uji",
           "source_url": "https://contoh.invalid/uji"}
    cells = {f.name: sample(f).isoformat() if f.kind == "date" else str(sample(f)) for f in PLAIN if f.kind in SAMPLES}
    problems = Problems()
    row = check_row(2, {**raw, **cells}, Path("daftar.csv"), problems)
    assert problems.items == [] and row is not None
    award = new_award(row, "alfa", "kemenpanrb")
    for spec in PLAIN:
        if spec.name in cells:
            assert award[spec.name] == sample(spec), spec.name
    bad = {f.name: "bukan-alamat" if f.kind == "url" else "5 Maret 2024" for f in PLAIN if f.kind in ("url", "date")}
    if bad:
        problems = Problems()
        assert check_row(2, {**raw, **bad}, Path("daftar.csv"), problems) is None
        assert all(any(f"row 2: {name} " in p.message for p in problems.items) for name in bad)
