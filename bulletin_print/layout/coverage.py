"""Glyph coverage: which characters a role's font lacks, where they occur, who fills in."""

from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, key_path


@dataclass
class Coverage:
    """Answers advance widths for the line breaker and remembers every missing glyph."""

    fonts: object  # FontSet
    file: object = None
    where: tuple = ()  # key path of the content being laid out now
    missing: dict = field(default_factory=dict)  # (char, role) → (key path)

    def advance(self, char: str, role: str) -> float:
        role_font = self.fonts[role]
        width = role_font.face.advance(char)
        if width is not None:
            return width
        self._note(char, role)
        return role_font.gap_filler.advance(char) or 1.0

    def check(self, text: str, role: str) -> None:
        face = self.fonts[role].face
        for char in set(text):
            if not char.isspace() and not face.has_glyph(char):
                self._note(char, role)

    def _note(self, char: str, role: str) -> None:
        if not char.isspace():
            self.missing.setdefault((char, role), self.where)

    def diagnostics(self, line_of) -> list[Diagnostic]:
        found = []
        for (char, role), where in self.missing.items():
            role_font = self.fonts[role]
            filler = role_font.gap_filler
            served = (f"由 {filler.family} 代替" if filler.has_glyph(char)
                      else "备用字体也没有，将由系统任意字体代替或显示为方框")
            message = (f"字符「{char}」（U+{ord(char):04X}）在{role_font.label}字体 "
                       f"{role_font.face.family} 中没有，{served}。")
            found.append(Diagnostic(message, self.file, line_of(*where), key_path(where) or None))
        return found
