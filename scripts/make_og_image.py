"""Draw site_src/static/og.png, the picture link previews show (og:image), with the standard library only.

Run once after changing the design: `python3 scripts/make_og_image.py`. The output is byte-identical on
every run (no dates, no randomness, fixed zlib level), so the shipped PNG can be checked against this
script (tests/test_statics.py). Letters come from the 5x7 bitmap font below, scaled up as square blocks.
"""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

WIDTH, HEIGHT = 1200, 630
BRAND, DARK, WHITE = (0x8A, 0x1C, 0x1C), (0x6E, 0x15, 0x15), (0xFF, 0xFF, 0xFF)
WBK, WBBM = (0x1F, 0x5F, 0x8B), (0x1E, 0x6B, 0x3A)
OUT = Path(__file__).resolve().parents[1] / "site_src" / "static" / "og.png"

FONT = {  # 5 columns x 7 rows per letter, "#" = ink
    "A": (" ### ", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"),
    "B": ("#### ", "#   #", "#   #", "#### ", "#   #", "#   #", "#### "),
    "D": ("#### ", "#   #", "#   #", "#   #", "#   #", "#   #", "#### "),
    "E": ("#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#####"),
    "G": (" ####", "#    ", "#    ", "#  ##", "#   #", "#   #", " ####"),
    "I": ("#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "#####"),
    "J": ("  ###", "    #", "    #", "    #", "    #", "#   #", " ### "),
    "K": ("#   #", "#  # ", "# #  ", "##   ", "# #  ", "#  # ", "#   #"),
    "M": ("#   #", "## ##", "# # #", "# # #", "#   #", "#   #", "#   #"),
    "N": ("#   #", "##  #", "# # #", "#  ##", "#   #", "#   #", "#   #"),
    "O": (" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "),
    "R": ("#### ", "#   #", "#   #", "#### ", "# #  ", "#  # ", "#   #"),
    "S": (" ####", "#    ", "#    ", " ### ", "    #", "    #", "#### "),
    "T": ("#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  "),
    "U": ("#   #", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "),
    "W": ("#   #", "#   #", "#   #", "# # #", "# # #", "## ##", "#   #"),
    "Y": ("#   #", "#   #", " # # ", "  #  ", "  #  ", "  #  ", "  #  "),
    "Z": ("#####", "    #", "   # ", "  #  ", " #   ", "#    ", "#####"),
    " ": ("     ",) * 7,
}


class Canvas:
    """An RGB picture as rows of bytearrays."""

    def __init__(self, width: int, height: int, colour: tuple[int, int, int]) -> None:
        self.width, self.height = width, height
        self.rows = [bytearray(bytes(colour) * width) for _ in range(height)]

    def rect(self, x: int, y: int, w: int, h: int, colour: tuple[int, int, int]) -> None:
        """Fill a rectangle, clipped to the picture."""
        x0, x1 = max(0, x), min(self.width, x + w)
        for row in self.rows[max(0, y):min(self.height, y + h)]:
            row[3 * x0:3 * x1] = bytes(colour) * (x1 - x0)

    def text(self, x: int, y: int, words: str, scale: int, colour: tuple[int, int, int]) -> int:
        """Write capital letters from FONT with blocks of scale pixels; returns the x after the text."""
        for letter in words:
            for r, line in enumerate(FONT[letter]):
                for c, ink in enumerate(line):
                    if ink == "#":
                        self.rect(x + c * scale, y + r * scale, scale, scale, colour)
            x += 6 * scale
        return x

    def png(self) -> bytes:
        """The picture as a PNG file (8-bit RGB, no filter, zlib level 9)."""
        raw = b"".join(b"\0" + bytes(row) for row in self.rows)

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + \
            chunk(b"IEND", b"")


def text_width(words: str, scale: int) -> int:
    """How wide text() draws words (without the space after the last letter)."""
    return 6 * scale * len(words) - scale


def draw() -> bytes:
    """The link preview: the ZI mark, the site's name, and the two predicates."""
    canvas = Canvas(WIDTH, HEIGHT, BRAND)
    canvas.rect(0, HEIGHT - 90, WIDTH, 90, DARK)
    canvas.rect(90, 90, 190, 190, WHITE)  # the ZI mark, as in the header
    canvas.text(90 + (190 - text_width("ZI", 14)) // 2, 90 + (190 - 7 * 14) // 2, "ZI", 14, BRAND)
    canvas.text(330, 110, "REGISTRI", 10, WHITE)
    canvas.text(330, 200, "ZONA INTEGRITAS", 8, WHITE)
    for x, label, colour in ((90, "WBK", WBK), (330, "WBBM", WBBM)):
        canvas.rect(x, 350, 210, 110, colour)
        canvas.text(x + (210 - text_width(label, 8)) // 2, 350 + (110 - 56) // 2, label, 8, WHITE)
    canvas.text(90, HEIGHT - 90 + (90 - 42) // 2, "UNIT KERJA DAN SUMBERNYA", 6, WHITE)
    return canvas.png()


def main() -> int:
    """Write the picture, or with --check say whether the shipped one is what this script draws."""
    data = draw()
    if "--check" in sys.argv[1:]:
        same = OUT.is_file() and OUT.read_bytes() == data
        print(f"{OUT}: {'up to date' if same else 'differs from what scripts/make_og_image.py draws'}")
        return 0 if same else 1
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
