"""Render: a composed HTML document → PDF with WeasyPrint, written atomically.

Public API: `Renderer` (keeps fonts warm across issues) and `write_atomically`.
Safety: WeasyPrint reads only through the confined fetcher, every render runs under a
time limit (render/limits.py), and attachments are removed before a PDF is written.
"""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..layout import Composition
from ..paths import font_cache_dir, fontconfig_cache_dir, user_fonts_dir
from .fetcher import confined_fetcher
from .fontconfig import use_font_dirs
from .limits import RenderTimeout, time_limit  # noqa: F401  (RenderTimeout: part of the API)
from .weasy import weasyprint


@dataclass
class Rendered:
    path: Path
    pages: int


class Renderer:
    """One per process: the WeasyPrint font configuration is reused for every issue."""

    def __init__(self, font_roots: list[Path], fontconfig_cache: Path, seconds: float | None = None):
        self.font_roots = font_roots
        self.fontconfig_cache = fontconfig_cache
        self.seconds = seconds  # time limit per issue; None: BULLETIN_RENDER_TIMEOUT or the default
        self._font_config = None

    @classmethod
    def for_project(cls) -> "Renderer":
        """Fonts from the office's fonts/ folder and the free-font cache."""
        return cls([user_fonts_dir(), font_cache_dir()], fontconfig_cache_dir())

    def font_config(self):
        if self._font_config is None:
            use_font_dirs(self.font_roots, self.fontconfig_cache)
            self._font_config = weasyprint().text.fonts.FontConfiguration()
        return self._font_config

    def layout(self, composition: Composition):
        """Lay the pages out (no PDF yet): the Document, for checks and for writing."""
        with time_limit(self.seconds):
            return self._layout(composition)

    def write(self, composition: Composition, target: Path, variant: str | None = None) -> Rendered:
        """Write the PDF; `variant` e.g. "pdf/a-2b" for archival copies."""
        with time_limit(self.seconds):
            document = self._layout(composition)
            write_atomically(target, lambda tmp: document.write_pdf(tmp, pdf_variant=variant))
        return Rendered(target, len(document.pages))

    def _layout(self, composition: Composition):
        weasy = weasyprint()
        roots = [composition.base_dir, composition.layout.folder, *self.font_roots]
        html = weasy.HTML(string=composition.html, base_url=composition.base_dir.as_uri() + "/",
                          url_fetcher=confined_fetcher(weasy, roots))
        return without_attachments(html.render(font_config=self.font_config()))


def without_attachments(document):
    """No PDF carries a file: drop <link rel=attachment> files and attachment links."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links[:] = [link for link in page.links if link[0] != "attachment"]
    return document


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(target: Path, write) -> None:
    """Call write(temp_path) beside the target, then rename: never a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        write(temp)
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
