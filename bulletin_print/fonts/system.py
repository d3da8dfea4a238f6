"""Installed fonts, as fontconfig lists them (asked once per process).

Setting BULLETIN_SYSTEM_FONTS=0 (or off/no/false) hides installed fonts: the tool then
uses only fonts/ and the font cache, which makes output independent of the machine
(and lets tests see a machine with no fonts at all).
"""

import logging
import os
import subprocess
from functools import cache
from pathlib import Path

from .candidates import FONT_SUFFIXES, Candidate, by_normal_form, normalize

log = logging.getLogger(__name__)

_FORMAT = "%{family}\t%{style}\t%{stylelang}\t%{file}\t%{index}\n"
_OFF = {"0", "off", "no", "false"}


def system_fonts() -> list[Candidate]:
    if os.environ.get("BULLETIN_SYSTEM_FONTS", "").strip().lower() in _OFF:
        return []
    return _fontconfig_fonts()


@cache
def _fontconfig_fonts() -> list[Candidate]:
    output = _run_fc_list()
    found = (_parse_line(line) for line in output.splitlines())
    return [c for c in found if c is not None]


def _run_fc_list() -> str:
    try:
        done = subprocess.run(
            ["fc-list", "--format", _FORMAT], capture_output=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError) as error:
        log.debug("fc-list unavailable: %s", error)
        return ""
    return done.stdout.decode("utf-8", errors="surrogateescape")


def _parse_line(line: str) -> Candidate | None:
    fields = line.split("\t")
    if len(fields) != 5:
        return None
    families, styles, style_langs, file, index = fields
    path = Path(file)
    # Indexes of 0x10000 and up are named instances of a variable font: skip them.
    if path.suffix.lower() not in FONT_SUFFIXES or not index.isdigit() or int(index) > 0xFFFF:
        return None
    return Candidate(
        families=by_normal_form(_values(families)),
        styles=frozenset(normalize(s) for s in _values(styles)),
        style=_english(_values(styles), _values(style_langs)),
        path=path,
        index=int(index),
    )


def _values(field: str) -> list[str]:
    return [v.strip() for v in field.split(",") if v.strip()]


def _english(styles: list[str], langs: list[str]) -> str:
    for style, lang in zip(styles, langs):
        if lang.startswith("en"):
            return style
    return styles[0] if styles else ""
