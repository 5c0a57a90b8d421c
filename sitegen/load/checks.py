"""Warnings: things a build can publish but an editor should look at, grouped so repeats stay readable."""

from __future__ import annotations

from collections.abc import Mapping

from sitegen.load.config import Config
from sitegen.model.records import Registry, Unit

EXAMPLES = 3


Flags = tuple[bool, bool]  # what a unit is warned of: (WBBM without WBK, untitled source)


def collect_warnings(reg: Registry, config: Config) -> list[str]:
    """Every warning of this build, one line per kind, with a few examples."""
    return warnings_of(reg, config, {uid: unit_flags(unit) for uid, unit in reg.units.items()})


def warnings_of(reg: Registry, config: Config, flags: Mapping[str, Flags]) -> list[str]:
    """The warnings, from what each unit is warned of (unit_flags of every unit, by id)."""
    warnings = []
    if not config.base_url:
        warnings.append("base_url is not set: canonical links, feeds and the sitemap use site-relative addresses "
                        "(set it in site.yaml or with --base-url before deploying)")
    if not config.corrections:
        warnings.append("corrections is not set: no page offers a way to send a record or a correction (set it "
                        "in site.yaml or with --corrections: github:OWNER/REPO, mailto:... or a web form's https:// "
                        "address)")
    warnings += grouped("WBBM award(s) without an earlier WBK award in the registry (coverage gap, not an error)",
                        sorted(uid for uid, (gap, _) in flags.items() if gap))
    warnings += grouped("award(s) whose source has no title",
                        sorted(uid for uid, (_, untitled) in flags.items() if untitled))
    warnings += list(reg.place_warnings)
    return warnings


def grouped(kind: str, items: list[str]) -> list[str]:
    """One line for a kind of warning: its count and the first few examples."""
    if not items:
        return []
    more = f" and {len(items) - EXAMPLES} more" if len(items) > EXAMPLES else ""
    return [f"{len(items)} {kind}: {', '.join(items[:EXAMPLES])}{more}"]


def vanished_unit_pages(routes_before: list[str]) -> list[str]:
    """The warning for unit addresses the last build published and this one leaves with neither a page nor a
    redirect: a link someone saved to them now fails."""
    return grouped("unit address(es) of the last build now lead nowhere, no page and no redirect (if the unit "
                   "was renamed or moved, list its old name under former_names, its old institution under "
                   "former_institutions or its old id under former_ids in data/units.yaml)",
                   ["/" + route for route in routes_before])


def unit_flags(unit: Unit) -> Flags:
    """What one unit is warned of."""
    return wbbm_without_wbk(unit), has_untitled_source(unit)


def wbbm_without_wbk(unit: Unit) -> bool:
    """The unit's first WBBM has no WBK before it here: the rules require WBK first, so a record is missing."""
    first_wbbm = next((a for a in unit.awards if a.predicate == "WBBM"), None)
    if first_wbbm is None:
        return False
    return not any(a.predicate == "WBK" and (a.year is None or (first_wbbm.year or 0) > a.year) for a in unit.awards)


def has_untitled_source(unit: Unit) -> bool:
    """Some award's first source has no title (readers then see a bare address)."""
    return any(not a.sources[0].title for a in unit.awards)
