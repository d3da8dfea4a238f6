"""Where the project's data folders live: layouts, the fonts folder and the font cache.

The tool is installed editable from its repository, so these sit beside the package.
BULLETIN_FONTS_DIR and BULLETIN_FONT_CACHE point elsewhere (tests stage fonts with them).
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def layouts_dir() -> Path:
    return PROJECT_ROOT / "layouts"


def user_fonts_dir() -> Path:
    """The folder where an office drops its licensed font files."""
    return Path(os.environ.get("BULLETIN_FONTS_DIR", PROJECT_ROOT / "fonts"))


def font_cache_dir() -> Path:
    """Free fonts fetched by `make setup` (the Fandol family)."""
    return Path(os.environ.get("BULLETIN_FONT_CACHE", PROJECT_ROOT / ".cache" / "fonts"))


def fontconfig_cache_dir() -> Path:
    """fontconfig's configuration and caches for the project's font folders."""
    return font_cache_dir().parent / "fontconfig"
