"""Fonts by role: which font file serves each typographic role, and its glyph metrics.

    fonts = resolve_fonts()
    body = fonts["body"]          # RoleFont: label, face, gap_filler
    body.face.family, body.face.weight   # what CSS asks fontconfig for
    body.face.advance("中")       # 1.0 (em)

Roles and font names live in fonts/roles.yaml; SPEC §3 gives the order of preference.
"""

from .errors import FontError
from .face import FontFace
from .fontset import FontSet, RoleFont
from .resolve import resolve_fonts

__all__ = ["FontError", "FontFace", "FontSet", "RoleFont", "resolve_fonts"]
