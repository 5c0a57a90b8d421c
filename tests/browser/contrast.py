"""WCAG contrast arithmetic, and what the browser paints around an element, for the focus and control checks."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page

RGBA = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)")
SHADOW = re.compile(r"(rgba?\([^)]*\))\s+(-?[\d.]+)px\s+(-?[\d.]+)px\s+([\d.]+)px\s+(-?[\d.]+)px(\s+inset)?")
NON_TEXT_MINIMUM = 3.0  # WCAG 2.1 SC 1.4.11: UI components and focus indicators

# An element's outline, border and background, and the colour painted just outside it on each side:
# outside its focus ring (ring = true) or right next to its border box (ring = false).
# The colour behind a point is the first opaque background in the stack of elements painted there.
SURROUNDINGS_JS = """(el, ring = true) => {
  const style = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const outline = style.outlineStyle === 'none' ? 0 : (parseFloat(style.outlineWidth) || 0);
  const reach = ring ? (parseFloat(style.outlineOffset) || 0) + outline + 1 : 2;
  const behind = (x, y) => {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
    for (const node of document.elementsFromPoint(x, y)) {
      if (node === el || el.contains(node)) continue;
      const bg = getComputedStyle(node).backgroundColor;
      if (bg && !/^rgba\\(.*,\\s*0\\)$/.test(bg) && bg !== 'transparent') return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  const midX = r.left + r.width / 2, midY = r.top + r.height / 2;
  const around = [behind(r.left - reach, midY), behind(r.right + reach, midY),
                  behind(midX, r.top - reach), behind(midX, r.bottom + reach)].filter(Boolean);
  const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  return {
    name, text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineColor: style.outlineColor, boxShadow: style.boxShadow,
    background: style.backgroundColor, borderColor: style.borderTopColor,
    borderWidth: parseFloat(style.borderTopWidth) || 0,
    rect: {x: r.left, y: r.top, width: r.width, height: r.height}, around,
    viewport: {width: innerWidth, height: innerHeight},
  };
}"""


def parse_color(value: str) -> tuple[float, float, float, float]:
    """'rgb(1, 2, 3)' or 'rgba(1, 2, 3, 0.5)' as (r, g, b, alpha)."""
    match = RGBA.search(value)
    if not match:
        raise ValueError(f"not an rgb() colour: {value!r}")
    alpha = match.group(4)
    a = 1.0 if alpha is None else float(alpha[:-1]) / 100 if alpha.endswith("%") else float(alpha)
    return float(match.group(1)), float(match.group(2)), float(match.group(3)), a


def blend(front: str, back: str) -> tuple[float, float, float]:
    """The colour seen when `front` (maybe translucent) is painted over opaque `back`."""
    fr, fg, fb, fa = parse_color(front)
    br, bg, bb, _ = parse_color(back)
    return fr * fa + br * (1 - fa), fg * fa + bg * (1 - fa), fb * fa + bb * (1 - fa)


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance."""
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(front: str, back: str) -> float:
    """WCAG contrast ratio of colour `front` painted over `back`."""
    lighter, darker = sorted((luminance(blend(front, back)), luminance(blend(back, back))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def surroundings(page: Page, selector: str | None = None) -> dict[str, Any]:
    """Outline, border, background and neighbouring colours of the focused element (or of `selector`)."""
    if selector is None:
        return page.evaluate_handle("() => document.activeElement").evaluate(SURROUNDINGS_JS)
    return page.locator(selector).evaluate(SURROUNDINGS_JS)


def focus_bands(info: dict[str, Any]) -> list[str]:
    """Colours of the focus indicator's solid bands 2 px or wider: the outline and any spread box-shadow ring."""
    bands = []
    if info["outlineStyle"] not in ("none", "hidden") and info["outlineWidth"] >= 2:
        bands.append(info["outlineColor"])
    for match in SHADOW.finditer(info["boxShadow"] or ""):
        color, blur, spread, inset = match.group(1), float(match.group(4)), float(match.group(5)), match.group(6)
        if not inset and blur == 0 and spread >= 2:
            bands.append(color)
    return bands


def focus_problem(info: dict[str, Any]) -> str | None:
    """Why the focus indicator of an element is not clearly visible, or None.

    Visible means: on screen, and on every side some band of the indicator (outline or box-shadow ring,
    2 px or wider) differs 3:1 from the colour it is painted over, i.e. from the same pixels unfocused
    (WCAG 2.1 SC 1.4.11; the measure of WCAG 2.2 SC 2.4.13). A two-tone ring passes on any background.
    """
    where = f"{info['name']} {info['text']!r}"
    rect, view = info["rect"], info["viewport"]
    off_screen = rect["y"] + rect["height"] <= 0 or rect["y"] >= view["height"] or rect["x"] >= view["width"]
    if rect["width"] <= 0 or off_screen:
        return f"{where}: focused but not on screen ({rect})"
    bands = focus_bands(info)
    if not bands:
        return f"{where}: no focus outline or ring of 2 px or more ({info['outlineStyle']} {info['outlineWidth']}px)"
    for bg in info["around"]:
        best = max(contrast(band, bg) for band in bands)
        if best < NON_TEXT_MINIMUM:
            return f"{where}: focus indicator {bands} stands out only {best:.2f}:1 from {bg}"
    return None


def control_problem(info: dict[str, Any]) -> str | None:
    """Why a form control's boundary does not stand out 3:1 from what surrounds it, or None."""
    sides = []
    for bg in info["around"]:
        fill = contrast(info["background"], bg)
        edge = contrast(info["borderColor"], bg) if info["borderWidth"] >= 1 else 1.0
        sides.append(max(fill, edge))
    worst = min(sides, default=21.0)
    if worst < NON_TEXT_MINIMUM:
        return (f"{info['name']} {info['text']!r}: background {info['background']} and border {info['borderColor']} "
                f"stand out only {worst:.2f}:1 from {info['around']} (WCAG 1.4.11 needs {NON_TEXT_MINIMUM}:1)")
    return None
