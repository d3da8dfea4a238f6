"""Compact copies of large CJK collection faces: their GB 2312 characters only.

A Noto CJK face holds 65,535 glyphs and WeasyPrint keeps glyph ids when it subsets, so a
title set in it embeds some 150 KB of empty glyph slots and makes every build read a 27 MB
collection. A copy restricted to GB 2312 (7,445 characters), under a family name of its
own, embeds a few KB. Characters outside GB 2312 fall to the gap-filler, the full face,
so nothing looks different. Made once by `make setup` (python -m bulletin_print.fonts.compact)
with HarfBuzz's hb-subset.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from fontTools.ttLib import TTFont

from .. import paths
from .roles import load_roles
from .system import system_fonts

COMPACT_DIR = "compact"
_NAME_IDS = {1: "family", 4: "full", 6: "postscript", 16: "family"}


def gb2312_characters() -> list[int]:
    found = set(range(0x20, 0x7F))
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return sorted(found)


def compact_path(family: str, style: str) -> Path:
    return paths.font_cache_dir() / COMPACT_DIR / f"{family.replace(' ', '')}-{style}.otf"


def make_compact(source_family: str, style: str, family: str) -> Path | None:
    """The compact copy of an installed face (made if missing); None if the face is not installed."""
    target = compact_path(family, style)
    if target.is_file():
        return target
    source = next((c for c in system_fonts() if c.has_family(source_family) and c.has_style(style)), None)
    if source is None:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        unicodes = Path(work, "unicodes.txt")
        unicodes.write_text(",".join(f"{code:X}" for code in gb2312_characters()), encoding="ascii")
        subset = Path(work, "subset.otf")
        subprocess.run(["hb-subset", f"--font-file={source.path}", f"--face-index={source.index}",
                        f"--unicodes-file={unicodes}", "--layout-features=*", "--name-IDs=*",
                        "--name-languages=*", "--no-hinting", f"--output-file={subset}"], check=True)
        _rename(subset, family, style)
        os.replace(subset, target)
    return target


def _rename(path: Path, family: str, style: str) -> None:
    names = {"family": family, "full": f"{family} {style}", "postscript": f"{family}-{style}".replace(" ", "")}
    with TTFont(path, lazy=True) as font:
        table = font["name"]
        for record in list(table.names):
            if record.nameID in _NAME_IDS:
                table.setName(names[_NAME_IDS[record.nameID]], record.nameID, record.platformID,
                              record.platEncID, record.langID)
        font.save(path)


def main() -> int:
    for wanted in load_roles().compact:
        made = make_compact(wanted.source, wanted.style, wanted.family)
        print(f"{wanted.family} {wanted.style}: {made or '源字体未安装，跳过'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
