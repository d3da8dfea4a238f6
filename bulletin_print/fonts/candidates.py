"""Font faces found on disk, described by their names in every language, and how to match them."""

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

from .names import read_names

log = logging.getLogger(__name__)

FONT_SUFFIXES = {".ttf", ".otf", ".ttc"}

_FAMILY_IDS = (1, 16)  # family, typographic family
_STYLE_IDS = (2, 17)  # subfamily, typographic subfamily
_REGULAR_STYLES = {"regular", "normal", "book", "roman", "常规", "標準", "标准", "正常"}


def normalize(name: str) -> str:
    """Compare names ignoring case, spaces, "_" and "-": 仿宋_GB2312 == 仿宋 GB2312."""
    return re.sub(r"[\s_\-]+", "", name).casefold()


def by_normal_form(names) -> dict[str, str]:
    """Normalized name → the name as the font spells it."""
    return {normalize(name): name for name in names if name}


@dataclass(frozen=True, eq=False)
class Candidate:
    """One face of one font file, with its family and style names."""

    families: dict[str, str]  # normalized → as spelled in the font
    styles: frozenset[str]  # normalized
    style: str  # display style, English when the font has it, e.g. "Bold"
    path: Path
    index: int

    def has_family(self, family: str) -> bool:
        return normalize(family) in self.families

    def spelling(self, family: str) -> str:
        """How this font spells `family` (which may differ in case, spaces or "_")."""
        return self.families[normalize(family)]

    def has_style(self, style: str) -> bool:
        return normalize(style) in self.styles

    def is_regular(self) -> bool:
        return bool(self.styles & _REGULAR_STYLES)

    def is_excluded(self, prefixes: tuple[str, ...]) -> bool:
        return any(f.startswith(normalize(p)) for f in self.families for p in prefixes)


def scan_folder(folder: Path) -> list[Candidate]:
    """Every face of every .ttf/.otf/.ttc below `folder` (sorted by path)."""
    if not folder.is_dir():
        return []
    found: list[Candidate] = []
    for path in sorted(folder.rglob("*")):
        if _is_font_file(path):
            found.extend(_read_file(path))
    return found


def _is_font_file(path: Path) -> bool:
    return path.suffix.lower() in FONT_SUFFIXES and path.is_file()


def _read_file(path: Path) -> list[Candidate]:
    try:
        if path.suffix.lower() == ".ttc":
            with TTCollection(path, lazy=True) as collection:
                return [_candidate(font, path, i) for i, font in enumerate(collection.fonts)]
        with TTFont(path, lazy=True) as font:
            return [_candidate(font, path, 0)]
    except Exception as error:  # fontTools raises many kinds on a damaged file
        log.warning("无法读取字体文件 %s，已跳过：%s", path, error)
        return []


def _candidate(font: TTFont, path: Path, index: int) -> Candidate:
    records = read_names(font.reader["name"], _FAMILY_IDS + _STYLE_IDS)
    families = [text for name_id, _, text in records if name_id in _FAMILY_IDS]
    styles = [(name_id, lang, text) for name_id, lang, text in records if name_id in _STYLE_IDS]
    return Candidate(
        families=by_normal_form(families),
        styles=frozenset(normalize(text) for _, _, text in styles),
        style=_english_style(styles),
        path=path,
        index=index,
    )


def _english_style(styles: list[tuple[int, str, str]]) -> str:
    """Typographic subfamily (17) before subfamily (2); English before other languages."""
    ordered = sorted(styles, key=lambda s: (s[1] != "en", s[0] != 17))
    return ordered[0][2] if ordered else ""
