"""The resolved fonts: one RoleFont per role, in the order of roles.yaml."""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from .face import FontFace


@dataclass(frozen=True)
class RoleFont:
    role: str  # "title", "body", "hei", "kai", "song"
    label: str  # Chinese label from roles.yaml
    face: FontFace
    gap_filler: FontFace  # serves characters `face` lacks


class FontSet:
    def __init__(self, fonts: list[RoleFont]):
        self._fonts = {font.role: font for font in fonts}

    def __getitem__(self, role: str) -> RoleFont:
        return self._fonts[role]

    def __iter__(self) -> Iterator[RoleFont]:
        return iter(self._fonts.values())

    def __len__(self) -> int:
        return len(self._fonts)

    def fingerprint(self) -> str:
        """Changes when any role's font file (or gap-filler) changes: a key for build caches."""
        digest = hashlib.sha256()
        for font in self:
            for face in (font.face, font.gap_filler):
                stat = face.path.stat()
                line = f"{font.role}\0{face.path}\0{face.index}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
                digest.update(line.encode("utf-8", errors="surrogateescape"))
        return digest.hexdigest()
