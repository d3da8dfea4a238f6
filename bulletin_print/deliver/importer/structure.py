"""What the importer recognised in a back issue, and its report of what it did with each line."""

import datetime as dt
from dataclasses import dataclass, field

UNPLACED, NOTE = "unplaced", "note"


@dataclass
class Finding:
    """One entry of the report: lines of the source and what happened to them (in Chinese)."""

    lines: tuple[int, ...]
    message: str
    kind: str = NOTE
    text: str = ""   # the source text concerned, quoted in the report


@dataclass
class Article:
    title: str
    line: int
    contents_title: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    source: str | None = None


@dataclass
class Section:
    title: str
    line: int | None
    style: str = "full"
    articles: list[Article] = field(default_factory=list)


@dataclass
class Masthead:
    title: str
    subtitle: str | None = None


@dataclass
class ParsedIssue:
    """One back issue: the issue's own content and what the bulletin's issues share."""

    issue: int
    date: dt.date
    total: int | None = None
    kind: str | None = None
    date_style: str = "arabic"
    masthead: Masthead | None = None
    publisher: str | None = None
    marks: list[str] = field(default_factory=list)
    distribution: dict[str, list[str]] = field(default_factory=dict)   # 报/送/发, in that order
    copies: int | None = None
    extra: list[str] = field(default_factory=list)
    editor_note: str | None = None
    contents: bool = True
    sections: list[Section] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def name(self) -> str | None:
        """The bulletin's full name: masthead title and subtitle, e.g. 周口精神文明建设简报."""
        if self.masthead is None:
            return None
        title, subtitle = self.masthead.title, self.masthead.subtitle or ""
        return title if title.endswith(subtitle) else title + subtitle

    @property
    def unplaced(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.kind == UNPLACED]
