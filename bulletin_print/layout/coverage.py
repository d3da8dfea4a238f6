"""Glyph coverage: which characters a role's font lacks, where they occur, who fills in."""

from dataclasses import dataclass, field

from ..diagnostics import Diagnostic


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

    def diagnostics(self, locate) -> list[Diagnostic]:
        """One warning per (character, role): the character, its code point, where, and who fills in.

        `locate(*where)` gives (file, line, key path), e.g. Issue.locate."""
        return [self._diagnostic(char, role, where, locate) for (char, role), where in self.missing.items()]

    def _diagnostic(self, char: str, role: str, where: tuple, locate) -> Diagnostic:
        role_font = self.fonts[role]
        filler = role_font.gap_filler
        fallback = filler.family if filler.has_glyph(char) else None
        served = f"由 {fallback} 代替" if fallback else "备用字体也没有，将由系统任意字体代替或显示为方框"
        message = (f"字符「{char}」（U+{ord(char):04X}）在{role_font.label}字体 "
                   f"{role_font.face.family} 中没有，{served}。")
        details = {"character": char, "codepoint": f"U+{ord(char):04X}", "role": role,
                   "font": role_font.face.family, "fallback": fallback}
        file, line, key = locate(*where)
        return Diagnostic(message, file, line, key or None, code="coverage", details=details)
