"""What changed in the registry, for people who follow it: /perubahan/ and its Atom feed /perubahan/atom.xml.

Every entry comes from a date kept in data/, so a fresh clone builds the same feed: an award's or a
revocation's `first_seen` (the day it was first published; the importer sets it), and each dated
`corrections` item of an award. A record without `first_seen` is not in the feed (docs/data-format.md says
what the shipped records carry).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sitegen.model import routes
from sitegen.model.records import Award, Registry, Source
from sitegen.render.views import internal_label, setter_label

PAGE_ENTRIES = 500  # the page shows the latest changes (the feed fewer: export.CHANGES_IN_FEED), data/ all
ADDED, REVOKED, CORRECTED = "ditambahkan", "dicabut", "dikoreksi"


@dataclass(frozen=True)
class Change:
    """One change: its day, what happened, to which unit, and the source that says so."""

    date: dt.date
    kind: str
    unit_id: str
    unit_name: str
    what: str  # "WBK 2021", with the internal-award mark where it applies
    text: str
    source: Source | None

    @property
    def key(self) -> str:
        """A stable id for the feed entry: the same change keeps it in every build."""
        what = re.sub(r"[^\w]+", "-", self.what.casefold()).strip("-")
        return f"{routes.changes()}{self.kind}/{self.unit_id}/{what}/{self.date.isoformat()}"


def award_what(award: Award) -> str:
    """The award as the feed names it: predicate, year, and the internal-award mark."""
    year = "tahun tidak diketahui" if award.year is None else str(award.year)
    return f"{award.predicate} {year}" + (f" · {internal_label(award.predicate)}" if award.set_internally else "")


def changes(reg: Registry) -> list[Change]:
    """Every dated change, newest first (then by unit and kind, so the order never depends on file order)."""
    found = []
    for unit in reg.units.values():
        for award in unit.awards:
            what = award_what(award)
            if award.first_seen:
                found.append(Change(award.first_seen, ADDED, unit.id, unit.name, what,
                                    f"Predikat {what} untuk {unit.name} dicatat; ditetapkan oleh "
                                    f"{setter_label(reg, award.set_by, award.predicate)}.", award.sources[0]))
            for fix in award.corrections:
                found.append(Change(fix.date, CORRECTED, unit.id, unit.name, what,
                                    f"Catatan {what} untuk {unit.name} dikoreksi: {fix.note}", fix.source))
    for rev in reg.revocations:
        if rev.first_seen and rev.unit_id in reg.units:
            name = reg.units[rev.unit_id].name
            found.append(Change(rev.first_seen, REVOKED, rev.unit_id, name, rev.predicate,
                                f"Pencabutan predikat {rev.predicate} {name} dicatat: {rev.reason}",
                                Source(rev.source_url)))
    return sorted(found, key=lambda c: (-c.date.toordinal(), c.unit_id, c.kind, c.what))


def change_view(change: Change) -> dict:
    """A change as the page shows it (plain data; the template escapes every text)."""
    return {"date": change.date, "kind": change.kind, "unit": {"name": change.unit_name,
                                                                "route": routes.unit(change.unit_id)},
            "what": change.what, "text": change.text,
            "source": {"url": change.source.url, "title": change.source.title or change.source.url}
            if change.source else None}
