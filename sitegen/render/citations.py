"""A unit page's numbered sources, and which of them states each fact the page shows.

Every source of every award of the unit gets one number (newest award first, each award's sources in
their order, one number per address). A fact cites the numbers of the sources that state it: the
predicate, its year and who set it cite the award's sources; the handover cites the one source the
record names for it; the place cites the sources of the award the place was read from.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sitegen.model import routes
from sitegen.model.records import Award, Source, Unit

KIND_LABELS = {"resmi": "dokumen resmi", "berita": "pemberitaan"}


def outlet_of(url: str) -> str:
    """A source's host without 'www.', for a source whose outlet is not named."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.").removeprefix("m.")


def numbered_sources(unit: Unit) -> dict[str, int]:
    """Each source address of the unit and its number on the page."""
    numbers: dict[str, int] = {}
    for award in reversed(unit.awards):
        for source in award.sources:
            numbers.setdefault(source.url, len(numbers) + 1)
    return numbers


def source_list(unit: Unit, numbers: dict[str, int]) -> list[dict]:
    """The unit page's list of sources, in number order, each with its kind, check date and archived copy."""
    by_url: dict[str, Source] = {}
    for award in reversed(unit.awards):
        for source in award.sources:
            by_url.setdefault(source.url, source)
    return [source_item(by_url[url], number) for url, number in sorted(numbers.items(), key=lambda kv: kv[1])]


def source_item(source: Source, number: int | None = None) -> dict:
    """One source as pages show it: link, outlet, kind, when it was checked, and an archived copy."""
    return {"number": number, "url": source.url, "title": source.title or source.url,
            "outlet": outlet_of(source.url) if source.title else "", "kind": KIND_LABELS.get(source.kind, ""),
            "checked_on": source.checked_on,
            "archive": routes.archived_copy(source.url, source.archive_url, source.checked_on)}


def award_cites(award: Award, numbers: dict[str, int]) -> list[int]:
    """The numbers of the sources that state an award (its predicate, year and who set it)."""
    return sorted({numbers[s.url] for s in award.sources})


def place_cites(unit: Unit, numbers: dict[str, int]) -> dict[str, list[int]]:
    """The sources of the place shown: the latest award that gives the province, and the one that gives the city."""
    found = {}
    for key in ("province", "city"):
        award = next((a for a in reversed(unit.awards) if getattr(a, key)), None)
        found[key] = award_cites(award, numbers) if award is not None else []
    return found


def handover_view(award: Award, numbers: dict[str, int]) -> dict | None:
    """The award's own handover with the number of the source that states it; None when it records none."""
    handover = award.handover
    if handover is None:
        return None
    return {"date": handover.date, "place": handover.place, "by": handover.by, "cite": [numbers[handover.source]]}
