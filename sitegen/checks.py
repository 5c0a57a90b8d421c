"""Warnings: things a build can publish but an editor should look at, grouped so repeats stay readable."""

from __future__ import annotations

from sitegen.config import Config
from sitegen.model import Registry

EXAMPLES = 3


def collect_warnings(reg: Registry, config: Config) -> list[str]:
    """Every warning of this build, one line per kind, with a few examples."""
    warnings = []
    if not config.base_url:
        warnings.append("base_url is not set: canonical links, feeds and the sitemap use site-relative addresses "
                        "(set it in site.yaml or with --base-url before deploying)")
    warnings += grouped("WBBM award(s) without an earlier WBK award in the registry (coverage gap, not an error)",
                        wbbm_without_wbk(reg))
    warnings += grouped("award(s) whose source has no title", untitled_sources(reg))
    return warnings


def grouped(kind: str, items: list[str]) -> list[str]:
    """One line for a kind of warning: its count and the first few examples."""
    if not items:
        return []
    more = f" and {len(items) - EXAMPLES} more" if len(items) > EXAMPLES else ""
    return [f"{len(items)} {kind}: {', '.join(items[:EXAMPLES])}{more}"]


def wbbm_without_wbk(reg: Registry) -> list[str]:
    """Units whose first WBBM has no WBK before it here: the rules require WBK first, so a record is missing."""
    found = []
    for unit in reg.units.values():
        first_wbbm = next((a for a in unit.awards if a.predicate == "WBBM"), None)
        if first_wbbm is None:
            continue
        if not any(a.predicate == "WBK" and (a.year is None or (first_wbbm.year or 0) > a.year) for a in unit.awards):
            found.append(unit.id)
    return sorted(found)


def untitled_sources(reg: Registry) -> list[str]:
    """Awards whose first source has no title (readers then see a bare address)."""
    return sorted({a.unit_id for u in reg.units.values() for a in u.awards if not a.sources[0].title})
