"""Glyph coverage, horizontal advances and weight of one face, from its raw font tables.

fontTools loads the face lazily; the tables are then decoded here straight from their
raw bytes into arrays, because fontTools' own decompiling takes ~200 ms for a CJK face.
"""

import sys
from array import array
from bisect import bisect_left, bisect_right
from functools import cache
from pathlib import Path
from struct import unpack_from

from fontTools.ttLib import TTFont

from .errors import FontError


class FaceMetrics:
    """Maps a character to its glyph and its advance in em; knows the face's weight."""

    def __init__(self, cmap: bytes, hmtx: bytes, head: bytes, hhea: bytes, os2: bytes | None):
        self._units_per_em = unpack_from(">H", head, 18)[0]
        self._advances = _advances(hmtx, unpack_from(">H", hhea, 34)[0])
        self._lookup = _cmap_lookup(cmap)
        self.weight = _css_weight(unpack_from(">H", os2, 4)[0] if os2 else 400)

    def glyph(self, char: str) -> int:
        """The glyph id of `char` (one code point); 0 when the face lacks it."""
        return self._lookup(ord(char))

    def advance(self, char: str) -> float | None:
        glyph = self.glyph(char)
        if glyph == 0:
            return None
        advance = self._advances[min(glyph, len(self._advances) - 1)]
        return advance / self._units_per_em


@cache
def face_metrics(path: Path, index: int) -> FaceMetrics:
    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            raw = [font.reader[tag] for tag in ("cmap", "hmtx", "head", "hhea")]
            raw.append(font.reader["OS/2"] if "OS/2" in font.reader else None)
    except Exception as error:  # fontTools raises many kinds on a damaged file
        raise FontError(f"无法读取字体文件 {path}（编号 {index} 的字体）：{error}") from error
    return FaceMetrics(*raw)


def _css_weight(weight_class: int) -> int:
    """OS/2 usWeightClass as a CSS weight (old fonts use 1–9), e.g. 400, 700."""
    weight = weight_class * 100 if weight_class < 10 else weight_class
    return min(900, max(100, round(weight / 100) * 100))


def _uint_array(code: str, data: bytes) -> array:
    values = array(code)
    values.frombytes(data[: len(data) // values.itemsize * values.itemsize])
    if sys.byteorder == "little":
        values.byteswap()
    return values


def _advances(hmtx: bytes, count: int) -> array:
    pairs = _uint_array("H", hmtx[: 4 * count])
    return pairs[0::2] or array("H", [0])


def _cmap_lookup(cmap: bytes):
    """A function code point → glyph id, from the best Unicode subtable (format 12, else 4)."""
    subtables = _unicode_subtables(cmap)
    if 12 in subtables:
        return _format12(cmap, subtables[12])
    if 4 in subtables:
        return _format4(cmap, subtables[4])
    return lambda code: 0


def _unicode_subtables(cmap: bytes) -> dict[int, int]:
    found: dict[int, int] = {}
    count = unpack_from(">H", cmap, 2)[0]
    for i in range(count):
        platform, encoding, offset = unpack_from(">HHI", cmap, 4 + 8 * i)
        unicode = platform == 0 or (platform == 3 and encoding in (1, 10))
        if unicode:
            found.setdefault(unpack_from(">H", cmap, offset)[0], offset)
    return found


def _format12(cmap: bytes, offset: int):
    count = unpack_from(">I", cmap, offset + 12)[0]
    groups = _uint_array("I", cmap[offset + 16 : offset + 16 + 12 * count])
    starts, ends, glyphs = groups[0::3], groups[1::3], groups[2::3]

    def lookup(code: int) -> int:
        i = bisect_right(starts, code) - 1
        return glyphs[i] + code - starts[i] if i >= 0 and code <= ends[i] else 0

    return lookup


def _format4(cmap: bytes, offset: int):
    segments = unpack_from(">H", cmap, offset + 6)[0] // 2
    words = _uint_array("H", cmap[offset + 14 :])
    ends = words[:segments]
    starts = words[segments + 1 : 2 * segments + 1]
    deltas = words[2 * segments + 1 : 3 * segments + 1]
    range_offsets = words[3 * segments + 1 : 4 * segments + 1]

    def lookup(code: int) -> int:
        i = bisect_left(ends, code)
        if code > 0xFFFF or i >= segments or starts[i] > code:
            return 0
        if range_offsets[i] == 0:
            return (code + deltas[i]) & 0xFFFF
        at = 3 * segments + 1 + i + range_offsets[i] // 2 + code - starts[i]
        glyph = words[at] if at < len(words) else 0
        return (glyph + deltas[i]) & 0xFFFF if glyph else 0

    return lookup
