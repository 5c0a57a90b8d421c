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
PITCH, TILE, PAD = 64, 60, 2  # distance between tiles, tile side, margin around the grid (viewBox units)
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
    tiles = []
    for name in geo.PROVINCES:
        col, row_no, short = TILES[name]
        row = by_name.get(name, {"name": name, "route": "", "count": 0})
        x, y = PAD + col * PITCH, PAD + row_no * PITCH
        shade = shade_of(row["count"], steps)
        tiles.append({"name": name, "short": short, "route": row["route"], "count": row["count"],
                      "count_text": charts.angka(row["count"]), "x": x, "y": y, "size": TILE,
                      "label_x": x + TILE // 2, "label_y": y + 24, "count_y": y + 47,
                      "css": f"map-{shade}", "tip": tip(name, row["count"])})
    cols = 1 + max(c for c, _, _ in TILES.values())
    rows_count = 1 + max(r for _, r, _ in TILES.values())
    legend = [{"css": "map-0", "label": "belum ada catatan"}]
    legend += [{"css": f"map-{n}", "label": f"{charts.angka(low)}–{charts.angka(high)} unit" if low != high
                else f"{charts.angka(low)} unit"} for n, (low, high) in enumerate(steps, start=1)]
    held = [row for row in rows if row["count"]]
    desc = (f"Peta petak 38 provinsi Indonesia. {charts.angka(len(held))} provinsi memiliki unit kerja tercatat "
            f"di registri ini, {charts.angka(38 - len(held))} provinsi belum ada catatan.")
    if held:
        top = max(held, key=lambda r: (r["count"], -geo.PROVINCES.index(r["name"])))
        desc += f" Terbanyak {top['name']} dengan {charts.angka(top['count'])} unit."
    return {"id": "peta-provinsi", "title": "Peta unit kerja tercatat per provinsi", "desc": desc,
            "width": 2 * PAD + cols * PITCH - (PITCH - TILE), "height": 2 * PAD + rows_count * PITCH - (PITCH - TILE),
            "tiles": tiles, "legend": legend}


def tip(name: str, count: int) -> str:
    """A tile's accessible name: the province and what is recorded there."""
    return f"{name}: {charts.angka(count)} unit tercatat" if count else f"{name}: belum ada catatan"
