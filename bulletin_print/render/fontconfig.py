"""Let WeasyPrint see the project's font folders by family name, without copying fonts.

@font-face url() makes WeasyPrint copy every font file (tens of MB) into a temporary
folder on each render; a fontconfig file that adds our folders to the system ones is twice
as fast and embeds the fonts under their real names.
"""

import os
from pathlib import Path
from xml.sax.saxutils import escape

SYSTEM_CONFIG = "/etc/fonts/fonts.conf"


def use_font_dirs(font_dirs: list[Path], cache_dir: Path) -> Path:
    """Write the config and point fontconfig at it (before WeasyPrint creates its first one)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    config = cache_dir / "fonts.conf"
    dirs = "".join(f"<dir>{escape(str(d.resolve()))}</dir>" for d in font_dirs if d.is_dir())
    text = ('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
            f'<fontconfig><include ignore_missing="yes">{SYSTEM_CONFIG}</include>{dirs}'
            f"<cachedir>{escape(str(cache_dir.resolve()))}</cachedir></fontconfig>")
    if not config.is_file() or config.read_text(encoding="utf-8") != text:
        config.write_text(text, encoding="utf-8")
    os.environ["FONTCONFIG_FILE"] = str(config)
    return config
