"""Charts as plain geometry: bars, labels and axis ticks computed at build time, drawn by one template macro.

A chart is a dict of rects, lines and texts in a fixed viewBox; the page scales it to its width with CSS.
Colours come from CSS classes (the CSP forbids inline styles), and every chart carries its own data as a
table, so the picture is never the only way to read the numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from babel.numbers import format_decimal

WIDTH = 360
CHAR_WIDTH = 7.0  # generous average width of one character at the 12-unit label font (DejaVu Sans is wide)
SMALL_CHAR_WIDTH = 7.0  # the same for the digits of the 11-unit axis labels
ROW_HEIGHT, BAR_HEIGHT = 24, 16
COLUMN_HEIGHT = 230
TOP, BOTTOM, LEFT = 20, 22, 26


@dataclass(frozen=True)
class Series:
    """One stacked part of every bar: its key in the row values, its label and its CSS class."""

    key: str
    label: str
    css: str


PREDICATE_SERIES = (Series("WBK", "WBK", "chart-wbk"), Series("WBBM", "WBBM", "chart-wbbm"))
HELD_SERIES = (Series("WBBM", "WBBM", "chart-wbbm"), Series("WBK", "WBK", "chart-wbk"),
               Series("revoked", "Predikat dicabut", "chart-revoked"))


def angka(value: int) -> str:
    """An Indonesian number, '1.234'."""
    return format_decimal(value, locale="id")


def num(value: float) -> str:
    """A coordinate with at most one decimal and no trailing '.0', so output stays short and stable."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_step(maximum: int, max_ticks: int = 5) -> int:
    """The smallest step of 1, 2 or 5 times a power of ten that covers maximum in max_ticks steps."""
    if maximum <= max_ticks:
        return 1
    power = 10 ** math.floor(math.log10(maximum / max_ticks))
    for factor in (1, 2, 5, 10):
        if factor * power * max_ticks >= maximum:
            return factor * power
    return 10 * power


def ticks(maximum: int) -> list[int]:
    """Axis values from 0 up to the first multiple of the step at or above maximum."""
    step = nice_step(max(maximum, 1))
    top = step * max(1, math.ceil(maximum / step))
    return list(range(0, top + 1, step))


def fit(label: str, width: float, char_width: float = CHAR_WIDTH) -> str:
    """The label, cut with an ellipsis when it would not fit in width."""
    room = int(width // char_width)
    return label if len(label) <= room else label[:max(room - 1, 1)].rstrip() + "…"


def total(row: dict, series: tuple[Series, ...]) -> int:
    """The sum of a row's stacked values."""
    return sum(row["values"].get(s.key, 0) for s in series)


def data_table(rows: list[dict], series: tuple[Series, ...], label_head: str) -> dict:
    """The chart's numbers as a table: the text alternative shown under it."""
    return {"head": [label_head, *(s.label for s in series), "Jumlah"],
            "rows": [[r["label"], *(angka(r["values"].get(s.key, 0)) for s in series), angka(total(r, series))]
                     for r in rows]}


def frame(chart_id: str, title: str, desc: str, height: float, series: tuple[Series, ...]) -> dict:
    """The parts every chart has, before any geometry."""
    return {"id": chart_id, "title": title, "desc": desc, "width": WIDTH, "height": num(height),
            "rects": [], "lines": [], "texts": [], "legend": [{"label": s.label, "css": s.css} for s in series]}


def column_chart(chart_id: str, title: str, desc: str, rows: list[dict], series: tuple[Series, ...],
                 label_head: str) -> dict:
    """Stacked vertical columns, one per row ({'label', 'values'}), with a left axis and the totals on top."""
    chart = frame(chart_id, title, desc, COLUMN_HEIGHT, series)
    chart["table"] = data_table(rows, series, label_head)
    scale = ticks(max((total(r, series) for r in rows), default=0))
    plot_w, plot_h = WIDTH - LEFT - 4, COLUMN_HEIGHT - TOP - BOTTOM
    base = TOP + plot_h
    for value in scale:
        y = base - plot_h * value / scale[-1]
        chart["lines"].append({"x1": num(LEFT), "y1": num(y), "x2": num(WIDTH - 4), "y2": num(y),
                               "css": "chart-axis" if value == 0 else "chart-grid"})
        chart["texts"].append({"x": num(LEFT - 5), "y": num(y + 4), "text": angka(value), "anchor": "end",
                               "css": "chart-tick"})
    slot = plot_w / max(len(rows), 1)
    every = label_every(rows, slot)
    for i, row in enumerate(rows):
        add_column(chart, row, series, LEFT + i * slot, slot, base, plot_h / scale[-1])
        if i % every == 0:
            chart["texts"].append({"x": num(LEFT + (i + 0.5) * slot), "y": num(COLUMN_HEIGHT - 6),
                                   "text": row["label"], "anchor": "middle", "css": "chart-tick"})
    return chart


def label_every(rows: list[dict], slot: float) -> int:
    """Label every n-th column so that the longest label never overlaps its neighbour."""
    widest = max((len(r["label"]) for r in rows), default=1) * SMALL_CHAR_WIDTH + 2
    return max(1, math.ceil(widest / slot))


def add_column(chart: dict, row: dict, series: tuple[Series, ...], x: float, slot: float, base: float,
               unit: float) -> None:
    """One stacked column, bottom series first, with its total above it."""
    bar_w = min(slot * 0.7, 40)
    left, top = x + (slot - bar_w) / 2, base
    for s in series:
        value = row["values"].get(s.key, 0)
        if value:
            top -= value * unit
            chart["rects"].append({"x": num(left), "y": num(top), "w": num(bar_w), "h": num(value * unit),
                                   "css": s.css, "tip": f"{row['label']}: {angka(value)} {s.label}"})
    if total(row, series):
        chart["texts"].append({"x": num(x + slot / 2), "y": num(top - 4), "text": angka(total(row, series)),
                               "anchor": "middle", "css": "chart-value"})


def bar_chart(chart_id: str, title: str, desc: str, rows: list[dict], series: tuple[Series, ...],
              label_head: str) -> dict:
    """Stacked horizontal bars, one per row, labelled on the left, totals at the end and a scale below."""
    height = len(rows) * ROW_HEIGHT + BOTTOM + 4
    chart = frame(chart_id, title, desc, height, series)
    chart["table"] = data_table(rows, series, label_head)
    label_w = min(WIDTH * 0.52, max((len(r["label"]) for r in rows), default=4) * CHAR_WIDTH + 6)
    left, plot_w = label_w + 6, WIDTH - label_w - 6 - 36
    scale = ticks(max((total(r, series) for r in rows), default=0))
    unit, bottom = plot_w / scale[-1], len(rows) * ROW_HEIGHT + 4
    for value in scale:
        x = left + value * unit
        chart["lines"].append({"x1": num(x), "y1": "0", "x2": num(x), "y2": num(bottom),
                               "css": "chart-axis" if value == 0 else "chart-grid"})
        chart["texts"].append({"x": num(x), "y": num(bottom + 15), "text": angka(value), "anchor": "middle",
                               "css": "chart-tick"})
    for i, row in enumerate(rows):
        add_bar(chart, row, series, left, i * ROW_HEIGHT + 4, unit)
        chart["texts"].append({"x": num(label_w), "y": num(i * ROW_HEIGHT + 4 + BAR_HEIGHT / 2 + 4.5),
                               "text": fit(row["label"], label_w), "anchor": "end", "css": "chart-label"})
    return chart


def add_bar(chart: dict, row: dict, series: tuple[Series, ...], left: float, top: float, unit: float) -> None:
    """One stacked bar, first series on the left, with its total after it."""
    x = left
    for s in series:
        value = row["values"].get(s.key, 0)
        if value:
            chart["rects"].append({"x": num(x), "y": num(top), "w": num(value * unit), "h": num(BAR_HEIGHT),
                                   "css": s.css, "tip": f"{row['label']}: {angka(value)} {s.label}"})
            x += value * unit
    chart["texts"].append({"x": num(x + 4), "y": num(top + BAR_HEIGHT / 2 + 4.5),
                           "text": angka(total(row, series)), "anchor": "start", "css": "chart-value"})
