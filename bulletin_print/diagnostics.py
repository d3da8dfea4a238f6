"""Messages for the user, in Chinese, that point at a place in a content file."""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Diagnostic:
    message: str
    file: Path | None = None
    line: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.line is not None:
            where.append(f"第 {self.line} 行")
        if self.key:
            where.append(f"键 {self.key}")
        prefix = "，".join(where)
        return f"{prefix}：{self.message}" if prefix else self.message


def key_path(loc: tuple) -> str:
    """('sections', 1, 'articles', 0, 'title') → sections[1].articles[0].title"""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class ContentError(Exception):
    """Bad input: one or more diagnostics, reported together; nothing is written."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))
