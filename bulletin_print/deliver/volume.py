"""The annual bound volume (合订本): cover, cumulative contents, then every issue of the year.

Issues keep their own layout; their page numbers continue through the volume. Each issue
is laid out twice: once to learn its length and where its articles fall, once more with
its first page number, after the contents list is known.
"""

from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import ContentError, Diagnostic
from ..fonts import resolve_fonts
from ..layout import VolumePlace, compose, compose_volume_front
from ..layout.dates import format_date, issue_label
from ..model import Issue, find_issue_files, load_issue
from ..render import Renderer, write_atomically
from .build import PDF_A


@dataclass
class VolumeResult:
    output: Path
    issues: int
    pages: int
    warnings: list[Diagnostic] = field(default_factory=list)


def issues_of_year(folder: Path, year: int) -> list[Issue]:
    """Every issue dated in `year`, in date order (supplements after the regular issue of a day)."""
    issues, problems = [], []
    for source in find_issue_files(folder):
        try:
            issue = load_issue(source)
        except ContentError as error:
            problems += error.diagnostics
            continue
        if issue.date.year == year:
            issues.append(issue)
    if problems:
        raise ContentError(problems)
    if not issues:
        raise ContentError([Diagnostic(f"{folder} 中没有 {year} 年的期刊，无法生成合订本。")])
    return sorted(issues, key=lambda i: (i.date, i.content.kind or "", i.number))


def build_volume(folder: Path, year: int, target: Path, pdf_a: bool = False) -> VolumeResult:
    issues = issues_of_year(folder, year)
    fonts = resolve_fonts()
    renderer = Renderer.for_project()
    labels = [_label(issue) for issue in issues]
    drafts = [renderer.layout(compose(i, fonts, VolumePlace(1, label))) for i, label in zip(issues, labels, strict=True)]
    starts = _first_pages(drafts)
    entries = [_entry(issue, label, draft, start)
               for issue, label, draft, start in zip(issues, labels, drafts, starts, strict=True)]
    first = issues[0]
    front = renderer.layout(compose_volume_front(first.bulletin, first.bulletin_dir, year, entries, fonts))
    warnings = []
    documents = []
    for issue, label, start in zip(issues, labels, starts, strict=True):
        composition = compose(issue, fonts, VolumePlace(start, label))
        warnings += composition.warnings
        documents.append(renderer.layout(composition))
    pages = [*front.pages, *(page for document in documents for page in document.pages)]
    volume = front.copy(pages)
    write_atomically(target, lambda temp: volume.write_pdf(temp, pdf_variant=PDF_A if pdf_a else None))
    return VolumeResult(target, len(issues), len(pages), warnings)


def _label(issue: Issue) -> str:
    return issue_label(issue.number, issue.content.kind)


def _first_pages(drafts) -> list[int]:
    starts, page = [], 1
    for draft in drafts:
        starts.append(page)
        page += len(draft.pages)
    return starts


def _entry(issue: Issue, label: str, draft, start: int) -> dict:
    """The issue's line in the contents: its articles with their page in the volume."""
    articles = []
    for _issue_label, _target, sections, _state in draft.make_bookmark_tree():
        for _section, _target, items, _state in sections:
            for title, (page_index, *_xy), _children, _state in items:
                articles.append({"title": title, "page": start + page_index})
    return {"label": label, "date": format_date(issue.date, issue.bulletin.date_style), "articles": articles}
