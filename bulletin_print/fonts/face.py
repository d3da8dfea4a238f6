"""One font face: which file and face it is, its weight and its glyph metrics."""

from dataclasses import dataclass
from pathlib import Path

from .metrics import face_metrics


@dataclass(frozen=True)
class FontFace:
    family: str  # the family name as fontconfig and users know it, e.g. "FandolFang"
    path: Path
    index: int  # face index inside a .ttc collection (0 otherwise)
    source: str  # "user" (fonts/ folder), "system" (installed), "fallback" (free font)
    official: bool  # True when it is one of the official names
    style: str = ""  # the face's style as the font names it, e.g. "Regular", "Bold"

    @property
    def weight(self) -> int:
        """The CSS font-weight of the face (OS/2 usWeightClass), e.g. 400, or 700 for Bold."""
        return face_metrics(self.path, self.index).weight

    def has_glyph(self, char: str) -> bool:
        """Whether the face has a glyph for `char` (a single code point)."""
        return face_metrics(self.path, self.index).glyph(char) != 0

    def advance(self, char: str) -> float | None:
        """Horizontal advance of `char` in em (hmtx / unitsPerEm), None if no glyph."""
        return face_metrics(self.path, self.index).advance(char)
