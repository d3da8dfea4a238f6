"""Messages for the user, in Chinese, that point at a place in a content file."""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Diagnostic:
    message: str
    file: Path | None = None
    line: int | None = None
    key: str | None = None
    column: int | None = None
    code: str | None = None  # machine-readable kind, e.g. "coverage", "title-lines"
    details: dict | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.line is not None:
            where.append(f"第 {self.line} 行" + (f"第 {self.column} 列" if self.column else ""))
        if self.key:
            where.append(f"键 {self.key}")
        prefix = "，".join(where)
        return f"{prefix}：{self.message}" if prefix else self.message

    def as_dict(self) -> dict:
        """For machine-readable reports (bulletin check --json)."""
        record = {"message": self.message, "file": str(self.file) if self.file else None,
                  "line": self.line, "column": self.column, "key": self.key, "code": self.code}
        return record | (self.details or {})


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
