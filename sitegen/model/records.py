"""The registry as frozen dataclasses: what validation produces and every later stage reads.

The records there are one or more of per unit (awards, sources, revocations, places) have slots: a
__dict__ each would cost tens of MiB at 100k units, in the build process and again in every render
helper that reads them. A Unit keeps its __dict__ for the cached properties pages ask often.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from sitegen.model.places import Place, Resolution

PREDICATES = ("WBK", "WBBM")
CATEGORIES = ("kementerian", "lembaga", "provinsi", "kabupaten", "kota")
CATEGORY_LABELS = {
    "kementerian": "Kementerian",
    "lembaga": "Lembaga",
    "provinsi": "Pemerintah Provinsi",
    "kabupaten": "Pemerintah Kabupaten",
    "kota": "Pemerintah Kota",
}
DEFAULT_SETTER = "kemenpanrb"
SETTER_UNSTATED = "tidak-disebut"  # the source says a unit holds a predicate, not who set it
# How an award's year is known: stated by a source, or derived from a date the source gives.
YEAR_BASES = ("stated", "handover_date", "decree_date")
DEFAULT_YEAR_BASIS = "stated"
# What a source is: an official document (decree, lampiran, release or website of the awarding body or of
# the unit's institution) or a news report.
SOURCE_KINDS = ("resmi", "berita")


@dataclass(frozen=True, slots=True)
class Source:
    """A document a record was read in: what kind it is, when an editor last checked it, an archived copy."""

    url: str
    title: str = ""
    kind: str = ""
    checked_on: dt.date | None = None
    archive_url: str = ""

    @property
    def official(self) -> bool:
        """Whether the source is an official document rather than a news report."""
        return self.kind == "resmi"


@dataclass(frozen=True, slots=True)
class Handover:
    """One unit's own handover of its predicate, as the named source (one of the award's) states it."""

    source: str
    date: dt.date | None = None
    place: str = ""
    by: str = ""


@dataclass(frozen=True, slots=True)
class Correction:
    """A change an editor made to a published record: when, what, and the source that called for it."""

    date: dt.date
    note: str
    source: Source | None = None


@dataclass(frozen=True)
class Institution:
    """A parent that builds Zona Integritas and proposes its units."""

    id: str
    name: str
    category: str
    short_name: str | None = None
    province: str | None = None
    succeeded_by: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Award:
    """One predicate given to one unit in one round (year None: the source gives no year)."""

    unit_id: str
    year: int | None
    predicate: str
    set_by: str
    sources: tuple[Source, ...]
    name_as_awarded: str
    institution_as_awarded: str
    province: str | None = None
    city: str | None = None
    secondary: bool = False
    note: str = ""
    year_basis: str = DEFAULT_YEAR_BASIS
    first_seen: dt.date | None = None  # the day the record was first published (the change feed's date)
    corrections: tuple[Correction, ...] = ()
    handover: Handover | None = None
    # Where the record was read, for messages and a stable order; left out of repr and equality, so a
    # value digest (fingerprint.value_digest) does not change when an edit above only shifts lines.
    file: str = field(default="", repr=False, compare=False)
    line: int = field(default=0, repr=False, compare=False)

    @property
    def news_only(self) -> bool:
        """Whether the award is known from news reports alone (marked so, or every source a news report)."""
        return self.secondary or all(s.kind == "berita" for s in self.sources)

    @property
    def set_internally(self) -> bool:
        """Whether an institution set this predicate itself (WBK Mandiri) rather than KemenPANRB."""
        return self.set_by not in (DEFAULT_SETTER, SETTER_UNSTATED)

    @property
    def setter_kind(self) -> str:
        """kemenpanrb, internal (WBK Mandiri), or unstated when the source does not say who set it."""
        if self.set_by == DEFAULT_SETTER:
            return "kemenpanrb"
        return "unstated" if self.set_by == SETTER_UNSTATED else "internal"


@dataclass(frozen=True, slots=True)
class Revocation:
    """A predicate taken back, with why and where that was reported."""

    unit_id: str
    predicate: str
    revoked_on: dt.date | int
    reason: str
    source_url: str
    first_seen: dt.date | None = None  # the day the record was first published (the change feed's date)
    line: int = field(default=0, repr=False, compare=False)  # for messages only, like Award.line

    @property
    def year(self) -> int:
        """The year it was revoked in (a source may give only the year)."""
        return self.revoked_on if isinstance(self.revoked_on, int) else self.revoked_on.year


@dataclass(frozen=True)
class Unit:
    """A work unit: its fixed id, current name and place, and its whole history."""

    id: str
    name: str
    institution_id: str
    province: str | None
    city: str | None
    awards: tuple[Award, ...]
    revocations: tuple[Revocation, ...] = ()
    former_names: tuple[str, ...] = ()
    former_institutions: tuple[str, ...] = ()
    former_ids: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """The part of the id after the institution."""
        return self.id.split("/", 1)[1]

    def is_revoked(self, predicate: str) -> bool:
        """Whether this predicate was taken back after it was last given."""
        return bool(self.revocations) and predicate in self.revoked_predicates

    @cached_property
    def revoked_predicates(self) -> frozenset[str]:
        """The predicates taken back after they were last given (worked out once: pages ask it often)."""
        return frozenset(r.predicate for r in self.revocations if self._revoked(r.predicate))

    def _revoked(self, predicate: str) -> bool:
        last = max((a.year or 0 for a in self.awards if a.predicate == predicate), default=None)
        return any(rev.predicate == predicate and (last is None or last <= rev.year) for rev in self.revocations)

    @cached_property
    def latest_award(self) -> Award:
        """The last award recorded: the latest dated one, WBBM before WBK in one year; undated ones come first.

        The registry knows what was recorded, not what is still held, so pages call this "terakhir tercatat".
        """
        return max(self.awards, key=lambda a: (a.year is not None, a.year or 0, PREDICATES.index(a.predicate)))

    @property
    def latest_predicate(self) -> str:
        """The predicate of the last award recorded."""
        return self.latest_award.predicate

    @property
    def latest_revoked(self) -> bool:
        """Whether a revocation was recorded for the last award's predicate after it was given."""
        return self.is_revoked(self.latest_award.predicate)

    @property
    def status_key(self) -> str:
        """The latest recorded predicate, or "revoked" when a revocation of it was recorded: what lists count by."""
        return "revoked" if self.latest_revoked else self.latest_predicate


@dataclass(frozen=True)
class ReportedTotal:
    """A national total for one round, as one source reported it."""

    source_url: str
    wbk: int | None = None
    wbbm: int | None = None
    total: int | None = None
    proposed: int | None = None
    note: str = ""
    outlet: str = ""
    institution: str | None = None  # None: the national total; else that institution's own count
    set_by: str = DEFAULT_SETTER  # who set the predicates counted (an institution's WBK Mandiri count)
    line: int = 0

    @property
    def national(self) -> bool:
        """Whether this is KemenPANRB's national count rather than one institution's."""
        return self.institution is None and self.set_by == DEFAULT_SETTER


@dataclass(frozen=True)
class Ceremony:
    """Where, when and by whom a round's predicates were handed over."""

    date: dt.date | None = None
    place: str = ""
    handed_over_by: str = ""
    theme: str = ""
    note: str = ""
    source_url: str = ""
    outlet: str = ""


@dataclass(frozen=True)
class Round:
    """One year's award round."""

    year: int
    ceremony: Ceremony
    reported_totals: tuple[ReportedTotal, ...]
    file: str = ""


@dataclass(frozen=True)
class Article:
    """A news item, Markdown already rendered and sanitised."""

    slug: str
    title: str
    date: dt.date
    source: str
    source_url: str
    html: str
    year: int | None = None
    institutions: tuple[str, ...] = ()
    source_note: str = ""
    summary: str = ""


@dataclass(frozen=True)
class ProsePage:
    """A page of prose from site_src/pages."""

    slug: str
    title: str
    html: str
    description: str = ""


@dataclass(frozen=True)
class Redirect:
    """A former URL of a unit that now points at its page."""

    old_id: str
    unit_id: str


@dataclass(frozen=True)
class Registry:
    """Everything the site shows, cross-linked once before any page is rendered."""

    institutions: dict[str, Institution]
    units: dict[str, Unit]
    rounds: dict[int, Round]
    revocations: tuple[Revocation, ...]
    articles: tuple[Article, ...]
    pages: dict[str, ProsePage]
    redirects: tuple[Redirect, ...] = ()
    units_by_institution: dict[str, tuple[str, ...]] = field(default_factory=dict)
    units_by_year: dict[int, tuple[str, ...]] = field(default_factory=dict)
    units_by_province: dict[str, tuple[str, ...]] = field(default_factory=dict)
    last_changed: dt.date | None = None
    # Counts worked out once when linking, so a page that shows them reads (and depends on) these small
    # values instead of every unit; see registry.link_registry.
    round_counts: dict[int, dict[str, int]] = field(default_factory=dict)  # awards held per round, by predicate
    province_counts: dict[str, dict[str, int]] = field(default_factory=dict)  # units per province, by latest predicate
    # Kabupaten/kota pages (places.py): how each located unit's city resolved, the units of each (province,
    # place slug), every official kabupaten/kota of each province by name, each place's units by latest
    # predicate, the records whose place stays ambiguous (warnings), and former place slugs that now redirect.
    place_of: dict[str, Resolution] = field(default_factory=dict)
    units_by_place: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    places_by_province: dict[str, tuple[Place, ...]] = field(default_factory=dict)
    place_counts: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    place_warnings: tuple[str, ...] = ()
    place_aliases: dict[tuple[str, str], str] = field(default_factory=dict)
    summary: dict[str, object] = field(default_factory=dict)  # site-wide counts and lists, see registry.link_registry
