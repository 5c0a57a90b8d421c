"""The registry as rows for the search index (the adapter between the model and search.py)."""

from __future__ import annotations

from collections.abc import Callable

from sitegen import routes
from sitegen.fingerprint import digest
from sitegen.memo import Memo
from sitegen.memo import key as memo_key
from sitegen.model import Registry, Unit
from sitegen.search import FORMAT, SearchRow, build_search_files, row_digest


def search_rows(reg: Registry) -> list[SearchRow]:
    """One row per unit, with every name, institution alias and place search should find it by."""
    return [search_row(reg, unit) for unit in reg.units.values()]


def search_row(reg: Registry, unit: Unit) -> SearchRow:
    """The row of one unit."""
    inst = reg.institutions[unit.institution_id]
    former_insts = [reg.institutions[i] for i in unit.former_institutions]
    aliases = list(inst.aliases) + [n for i in former_insts for n in (i.name, i.short_name or "", *i.aliases) if n]
    return SearchRow(
        id=unit.id, name=unit.name, institution_id=inst.id, institution_name=inst.name, category=inst.category,
        path=routes.unit(unit.id), former_names=list(unit.former_names), institution_short=inst.short_name,
        institution_aliases=aliases, province=unit.province,
        province_slug=routes.province_slug(unit.province) if unit.province else None, city=unit.city,
        awards=[(a.year, a.predicate) for a in unit.awards],
        revoked=any(unit.is_revoked(p) for p in {a.predicate for a in unit.awards}))


def search_files(reg: Registry, memo: Memo, digest_of: Callable[[tuple], bytes] | None = None) -> dict[str, bytes]:
    """The search index files (see build_search_files, which remembers its pieces in memo).

    With digest_of (a model value's digest by dependency name, see incremental.DepDigests) each
    unit's row digest is remembered under the digests of the unit and the institutions it names,
    so when no row changed (an award's source, say) the index is found without making any row.
    """
    if digest_of is None:
        return build_search_files(search_rows(reg), memo)
    institutions = reg.institutions
    prefix = memo_key("search-row", FORMAT)
    row_digests = []
    for unit in reg.units.values():
        names = (unit.institution_id, *unit.former_institutions)
        for name in names:
            institutions.get(name)  # read here, so the job depends on it
        unit_key = prefix + digest_of(("units", unit.id)) + b"".join(digest_of(("institutions", n)) for n in names)
        found = memo.get(unit_key)
        if found is None:
            found = memo.put(unit_key, row_digest(search_row(reg, unit)))
        row_digests.append(found)
    whole = memo_key("search-index", FORMAT, digest(b"".join(row_digests)))
    found = memo.get(whole)
    if found is not None:
        memo.keep_all()
        return dict(found)
    files = build_search_files(search_rows(reg), memo)
    memo.put(whole, files)
    return files
