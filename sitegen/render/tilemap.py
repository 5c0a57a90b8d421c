"""Indonesia's 38 provinces as a tile-grid cartogram: one square per province, placed roughly where it lies.

Plain geometry made at build time, drawn as inline SVG by templates/partials/tilemap.html: each tile is a
link to its province page, coloured by how many units the registry holds there. No outlines are shipped,
so there is no licence to note; the same figures are always given as a table beside the map.
"""

from __future__ import annotations

import math

from sitegen.model import geo
from sitegen.render import charts

# (column, row, short label) of every province: Sumatra on the left, Papua on the right, Java at the bottom.
TILES: dict[str, tuple[int, int, str]] = {
    "Aceh": (0, 0, "Aceh"), "Sumatera Utara": (0, 1, "Sumut"), "Riau": (1, 1, "Riau"),
    "Kepulauan Riau": (2, 1, "Kepri"), "Sumatera Barat": (0, 2, "Sumbar"), "Jambi": (1, 2, "Jambi"),
    "Kepulauan Bangka Belitung": (2, 2, "Babel"), "Bengkulu": (0, 3, "Bengkulu"),
    "Sumatera Selatan": (1, 3, "Sumsel"), "Lampung": (1, 4, "Lampung"),
    "DKI Jakarta": (3, 4, "DKI"), "Banten": (2, 5, "Banten"), "Jawa Barat": (3, 5, "Jabar"),
    "Jawa Tengah": (4, 5, "Jateng"), "DI Yogyakarta": (4, 6, "DIY"), "Jawa Timur": (5, 5, "Jatim"),
    "Bali": (6, 5, "Bali"), "Nusa Tenggara Barat": (7, 5, "NTB"), "Nusa Tenggara Timur": (8, 5, "NTT"),
    "Kalimantan Utara": (5, 1, "Kaltara"), "Kalimantan Barat": (4, 2, "Kalbar"),
    "Kalimantan Timur": (5, 2, "Kaltim"), "Kalimantan Tengah": (4, 3, "Kalteng"),
    "Kalimantan Selatan": (5, 3, "Kalsel"), "Gorontalo": (7, 1, "Gorontalo"), "Sulawesi Utara": (8, 1, "Sulut"),
    "Sulawesi Barat": (6, 2, "Sulbar"), "Sulawesi Tengah": (7, 2, "Sulteng"),
    "Sulawesi Selatan": (6, 3, "Sulsel"), "Sulawesi Tenggara": (7, 3, "Sultra"),
    "Maluku Utara": (9, 1, "Malut"), "Maluku": (9, 2, "Maluku"), "Papua Barat Daya": (10, 2, "PBD"),
    "Papua Barat": (11, 2, "Pabar"), "Papua": (12, 2, "Papua"), "Papua Tengah": (11, 3, "Papteng"),
    "Papua Pegunungan": (12, 3, "Papeg"), "Papua Selatan": (12, 4, "Papsel"),
}
# The same provinces on six columns for a phone: all 38 fit a 328 px wide screen without scrolling, each tile a
# 49 px target with an 11 px label (the wide map would need 13 columns of 24 px tiles and 6 px labels there).
PHONE_TILES: dict[str, tuple[int, int]] = {
    "Aceh": (0, 0), "Sumatera Utara": (1, 0), "Riau": (2, 0), "Kepulauan Riau": (3, 0),
    "Kalimantan Utara": (4, 0), "Sulawesi Utara": (5, 0),
    "Sumatera Barat": (0, 1), "Jambi": (1, 1), "Kepulauan Bangka Belitung": (2, 1), "Kalimantan Barat": (3, 1),
    "Kalimantan Timur": (4, 1), "Gorontalo": (5, 1),
    "Bengkulu": (0, 2), "Sumatera Selatan": (1, 2), "Lampung": (2, 2), "Kalimantan Tengah": (3, 2),
    "Kalimantan Selatan": (4, 2), "Sulawesi Tengah": (5, 2),
    "Banten": (0, 3), "DKI Jakarta": (1, 3), "Jawa Barat": (2, 3), "Sulawesi Barat": (3, 3),
    "Sulawesi Selatan": (4, 3), "Sulawesi Tenggara": (5, 3),
    "Jawa Tengah": (0, 4), "DI Yogyakarta": (1, 4), "Jawa Timur": (2, 4), "Maluku Utara": (3, 4),
    "Maluku": (4, 4), "Papua Barat Daya": (5, 4),
    "Bali": (0, 5), "Nusa Tenggara Barat": (1, 5), "Nusa Tenggara Timur": (2, 5), "Papua Barat": (3, 5),
    "Papua Tengah": (4, 5), "Papua": (5, 5),
    "Papua Pegunungan": (4, 6), "Papua Selatan": (5, 6),
}
PITCH, TILE, PAD = 64, 60, 2  # distance between tiles, tile side, margin around the grid (viewBox units)
LONG_LABEL, LABEL_FIT = 7, 54  # a label longer than this many letters is fitted into this width on a phone
SHADES = 4  # colour steps for provinces with records; a fifth shade for none


def shade_steps(largest: int) -> list[tuple[int, int]]:
    """Count ranges (low, high) of the shades, equal steps up to the largest count; fewer when counts are small."""
    if largest <= 0:
        return []
    step = math.ceil(largest / SHADES)
    return [(low, min(low + step - 1, largest)) for low in range(1, largest + 1, step)]


def shade_of(count: int, steps: list[tuple[int, int]]) -> int:
    """0 for no records, else the 1-based step whose range holds count."""
    for number, (low, high) in enumerate(steps, start=1):
        if low <= count <= high:
            return number
    return 0


def province_map(rows: list[dict]) -> dict:
    """The map's tiles, legend and description from rows of {"name", "route", "count"}, one per province."""
    by_name = {row["name"]: row for row in rows}
    steps = shade_steps(max((row["count"] for row in rows), default=0))
    tiles = [tile(name, TILES[name][:2], TILES[name][2], by_name, steps) for name in geo.PROVINCES]
    phone = [tile(name, PHONE_TILES[name], TILES[name][2], by_name, steps) for name in geo.PROVINCES]
    width, height = extent(TILES.values())
    legend = [{"css": "map-0", "label": "belum ada catatan"}]
    legend += [{"css": f"map-{n}", "label": f"{charts.angka(low)}–{charts.angka(high)} unit" if low != high
                else f"{charts.angka(low)} unit"} for n, (low, high) in enumerate(steps, start=1)]
    held = [row for row in rows if row["count"]]
    desc = (f"Peta petak 38 provinsi Indonesia. {charts.angka(len(held))} provinsi memiliki unit kerja tercatat "
            f"di registri ini, {charts.angka(38 - len(held))} provinsi belum ada catatan.")
    if held:
        top = max(held, key=lambda r: (r["count"], -geo.PROVINCES.index(r["name"])))
        desc += f" Terbanyak {top['name']} dengan {charts.angka(top['count'])} unit."
    phone_width, phone_height = extent(PHONE_TILES.values())
    return {"id": "peta-provinsi", "title": "Peta unit kerja tercatat per provinsi", "desc": desc,
            "width": width, "height": height, "tiles": tiles, "legend": legend,
            "phone": {"width": phone_width, "height": phone_height, "tiles": phone}}


def tile(name: str, at: tuple[int, int], short: str, by_name: dict[str, dict], steps: list[tuple[int, int]]) -> dict:
    """One province's tile at (column, row) of a grid: its link, label, count and shade."""
    col, row_no = at
    row = by_name.get(name, {"name": name, "route": "", "count": 0})
    x, y = PAD + col * PITCH, PAD + row_no * PITCH
    return {"name": name, "short": short, "route": row["route"], "count": row["count"],
            "count_text": charts.angka(row["count"]), "x": x, "y": y, "size": TILE,
            "label_x": x + TILE // 2, "label_y": y + 24, "count_y": y + 47,
            "fit": LABEL_FIT if len(short) > LONG_LABEL else None,
            "css": f"map-{shade_of(row['count'], steps)}", "tip": tip(name, row["count"])}


def extent(cells) -> tuple[int, int]:
    """The viewBox width and height of a grid holding these (column, row, ...) cells."""
    cols = 1 + max(c[0] for c in cells)
    rows = 1 + max(c[1] for c in cells)
    return 2 * PAD + cols * PITCH - (PITCH - TILE), 2 * PAD + rows * PITCH - (PITCH - TILE)


def tip(name: str, count: int) -> str:
    """A tile's accessible name: the province and what is recorded there."""
    return f"{name}: {charts.angka(count)} unit tercatat" if count else f"{name}: belum ada catatan"
