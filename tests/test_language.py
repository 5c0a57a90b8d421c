"""Published notes are formal Indonesian: no English research note reaches a page, the CSV or the JSON."""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import pytest

from tests.language import english_words, is_english

NOTE_PARAGRAPH = re.compile(r'<p class="note">(.*?)</p>', re.S)
SMALL_NOTE = re.compile(r"<small>(.*?)</small>", re.S)
TAG = re.compile(r"<[^>]+>")


@pytest.mark.parametrize(("text", "english"), [
    ("was WBK previous year", True),
    ("ceremony 10 Dec 2018; city = seat named in unit", True),
    ("internal handover by Menteri Kebudayaan Fadli Zon, Rabu 11 Feb 2026", True),
    ("Diserahkan Menteri PANRB di Jakarta pada 11 Februari 2026.", False),
    ('Sumber menulis "the best unit" untuk unit ini.', False),
    ("Penghargaan diberitakan oleh The Jakarta Post.", False),
])
def test_the_english_check_tells_research_notes_from_indonesian(text: str, english: bool) -> None:
    assert is_english(text) is english, english_words(text)


def page_notes(public: Path) -> list[tuple[str, str]]:
    """Every note paragraph of every page, with the page it is on."""
    found = []
    for page in sorted(public.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for match in [*NOTE_PARAGRAPH.findall(text), *SMALL_NOTE.findall(text)]:
            found.append((str(page.relative_to(public)), html.unescape(TAG.sub("", match))))
    return found


def test_no_published_note_on_a_page_is_english(real_site: Path) -> None:
    notes = page_notes(real_site)
    assert notes, "the real site shows notes; the pattern must find them"
    english = [(page, note) for page, note in notes if is_english(note)]
    assert english == []


def test_no_note_in_the_award_csv_is_english(real_site: Path) -> None:
    with (real_site / "data" / "penghargaan.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert any(row["note"] for row in rows)
    assert [(row["unit"], row["note"]) for row in rows if is_english(row["note"])] == []


def test_no_note_in_the_json_twins_is_english(real_site: Path) -> None:
    notes = []
    for twin in sorted((real_site / "unit").rglob("index.json")):
        data = json.loads(twin.read_text(encoding="utf-8"))
        notes += [(data["id"], a["note"]) for a in data["awards"] if a["note"]]
        notes += [(data["id"], r["reason"]) for r in data["revocations"]]
    assert notes
    assert [(uid, note) for uid, note in notes if is_english(note)] == []
