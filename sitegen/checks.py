"""Warnings: things a build can publish but an editor should look at, grouped so repeats stay readable."""

from __future__ import annotations

from sitegen.config import Config
from sitegen.model import Registry, Unit

EXAMPLES = 3


UnitFlags = dict[str, tuple[object, bool, bool]]  # unit id -> (the unit, WBBM without WBK, untitled source)


def collect_warnings(reg: Registry, config: Config, known: UnitFlags | None = None) -> list[str]:
    """Every warning of this build, one line per kind, with a few examples.

    known: the dev server's flags of each unit from its last build, kept for the very same unit object.
    """
    warnings = []
    if not config.base_url:
        warnings.append("base_url is not set: canonical links, feeds and the sitemap use site-relative addresses "
                        "(set it in site.yaml or with --base-url before deploying)")
    if not config.corrections:
        warnings.append("corrections is not set: unit pages have no link for reporting an error or sending a source "
                        "(set it in site.yaml, mailto:... or a web form's https:// address, or with --corrections)")
    flags = unit_flags(reg, known if known is not None else {})
    warnings += grouped("WBBM award(s) without an earlier WBK award in the registry (coverage gap, not an error)",
                        sorted(uid for uid, (_, gap, _) in flags.items() if gap))
    warnings += grouped("award(s) whose source has no title",
                        sorted(uid for uid, (_, _, untitled) in flags.items() if untitled))
    return warnings


def grouped(kind: str, items: list[str]) -> list[str]:
    """One line for a kind of warning: its count and the first few examples."""
    if not items:
        return []
    more = f" and {len(items) - EXAMPLES} more" if len(items) > EXAMPLES else ""
    return [f"{len(items)} {kind}: {', '.join(items[:EXAMPLES])}{more}"]


def unit_flags(reg: Registry, known: UnitFlags) -> UnitFlags:
    """What each unit is warned of, worked out again only for units that are not the very same object."""
    flags = {}
    for uid, unit in reg.units.items():
        old = known.get(uid)
        flags[uid] = old if old is not None and old[0] is unit else (
            unit, wbbm_without_wbk(unit), has_untitled_source(unit))
    known.clear()
    known.update(flags)
    return flags


def wbbm_without_wbk(unit: Unit) -> bool:
    """The unit's first WBBM has no WBK before it here: the rules require WBK first, so a record is missing."""
    first_wbbm = next((a for a in unit.awards if a.predicate == "WBBM"), None)
    if first_wbbm is None:
        return False
    return not any(a.predicate == "WBK" and (a.year is None or (first_wbbm.year or 0) > a.year) for a in unit.awards)


def has_untitled_source(unit: Unit) -> bool:
    """Some award's first source has no title (readers then see a bare address)."""
    return any(not a.sources[0].title for a in unit.awards)
