"""Checking a banner: a unit's status badge (SVG) and its printable verification sheet with a QR code.

Both are made from the unit's record only, so they change exactly when the record does: the badge
bytes and the QR code are deterministic (segno with a fixed mask: any mask scans, and choosing the best
of eight is most of segno's work). A QR code holds the page's absolute address, so it is drawn only
once base_url is set (a deploy); a build without one (tests, previews) draws none.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from sitegen.model import routes
from sitegen.model.records import DEFAULT_SETTER, Registry, Unit
from sitegen.render.citations import source_item
from sitegen.render.views import internal_mark, setter_phrase

QR_MASK = 4
COLOURS = {"WBK": "#1f5f8b", "WBBM": "#1e6b3a", "revoked": "#8a1c1c"}
LABEL = "Registri Zona Integritas · terakhir tercatat"


def badge_lines(reg: Registry, unit: Unit) -> tuple[str, str, str | None, bool]:
    """(label, status, setter line or None, revoked) as the badge shows them."""
    award = unit.latest_award  # the model's rule, as every page states "terakhir tercatat"
    year = str(award.year) if award.year is not None else "tahun tidak diketahui"
    revoked = unit.latest_revoked
    mark = internal_mark(reg, award)
    status = f"{award.predicate} {year}" + (f" · {mark}" if mark else "") + (" · DICABUT" if revoked else "")
    setter = None if award.set_by == DEFAULT_SETTER else setter_phrase(reg, award.set_by, award.predicate)
    return LABEL, status, setter, revoked


def _text_width(text: str, size: float, bold: bool) -> int:
    """A generous width estimate for sans-serif text (no font metrics at build time: same bytes everywhere)."""
    per = 0.62 if bold else 0.56
    return round(len(text) * size * per)


def badge_text(label: str, status: str, setter: str | None) -> list[tuple[str, int, bool]]:
    """The badge's lines as (text, font size, bold)."""
    return [(label, 11, False), (status, 15, True)] + ([(setter, 11, False)] if setter else [])


def badge_size(lines: list[tuple[str, int, bool]]) -> tuple[int, int]:
    """(width, height) of a badge with these lines, as written on it and in the embed code."""
    width = max(_text_width(text, size, bold) for text, size, bold in lines) + 20
    return width, 14 + sum(round(size * 1.35) for _, size, _ in lines)


def badge_svg(reg: Registry, unit: Unit) -> bytes:
    """The unit's status badge: the latest recorded predicate and year, DICABUT once revoked, and who set
    it when that was not KemenPANRB. Every text is escaped for XML."""
    label, status, setter, revoked = badge_lines(reg, unit)
    colour = COLOURS["revoked"] if revoked else COLOURS[unit.latest_predicate]
    lines = badge_text(label, status, setter)
    width, height = badge_size(lines)
    spoken = f"{unit.name}: predikat terakhir tercatat {status}" + (f", {setter}" if setter else "")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(spoken)}">',
           f"<title>{escape(spoken)}</title>",
           f'<rect width="{width}" height="{height}" rx="4" fill="{colour}"/>',
           '<g font-family="DejaVu Sans,Verdana,Arial,sans-serif">']
    y = 7
    for text, size, bold in lines:
        y += round(size * 1.35)
        weight = ' font-weight="700"' if bold else ""
        out.append(f'<text x="10" y="{y - round(size * 0.3)}" font-size="{size}"{weight} fill="#fff">'
                   f"{escape(text)}</text>")
    out += ["</g>", "</svg>", ""]
    return "\n".join(out).encode()


QR_BORDER = 4  # the quiet zone the QR standard asks for, in modules
_DARK_RUN = re.compile(rb"\x01+")


def qr_matrix(url: str) -> tuple[bytearray, ...]:
    """The QR code of url as rows of modules (1 dark), without the quiet zone: segno, error level M, fixed mask."""
    import segno  # only a build with base_url draws QR codes; the others need not load it

    return segno.make_qr(url, error="m", mask=QR_MASK).matrix


def qr_path(matrix: tuple[bytearray, ...]) -> str:
    """An SVG path drawing every run of dark modules as one horizontal stroke (runs found in C by re;
    segno's own writer costs as much as the encoding)."""
    parts = []
    for y, row in enumerate(matrix):
        for run in _DARK_RUN.finditer(row):
            parts.append(f"M{run.start() + QR_BORDER} {y + QR_BORDER}.5h{run.end() - run.start()}")
    return "".join(parts)


@lru_cache(maxsize=4096)
def qr_svg(url: str) -> str:
    """A QR code of url as inline SVG, deterministic, scaled by its viewBox, named for screen readers by the
    address it holds."""
    matrix = qr_matrix(url)
    size = len(matrix) + 2 * QR_BORDER
    label = escape(f"Kode QR berisi alamat {url}")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" class="qr" role="img" '
            f'aria-label="{label}"><rect width="{size}" height="{size}" fill="#fff"/>'
            f'<path stroke="#000" d="{qr_path(matrix)}"/></svg>')


def sheet_view(reg: Registry, unit: Unit) -> dict:
    """What the verification sheet shows besides the unit's facts: the badge's lines and where things are."""
    _, status, setter, revoked = badge_lines(reg, unit)
    award = unit.latest_award
    revocation = next((r for r in unit.revocations if r.predicate == award.predicate and revoked), None)
    return {"status": status, "setter": setter and setter[0].upper() + setter[1:], "revoked": revoked,
            "revoked_on": revocation.revoked_on if revocation else None,
            "source": source_item(award.sources[0]) if award.sources else None, "news_only": award.news_only,
            "badge_route": routes.unit_badge(unit.id), "unit_route": routes.unit(unit.id),
            "badge_size": badge_size(badge_text(LABEL, status, setter))}
