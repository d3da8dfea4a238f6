"""Layout: an Issue and the fonts by role → one HTML document in the official look.

The look itself is data: layouts/<name>/ holds layout.yaml (sizes, red, grid), the Jinja2
templates and the CSS. This module only prepares what the templates print: lines already
broken and justified on the grid, the masthead fitted to the text block, the 版记 lists.
Public API: `compose(issue, fonts) -> Composition`.
"""

import functools
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..diagnostics import Diagnostic
from ..model import BULLETIN_FILE, Issue
from .coverage import Coverage
from .dates import format_date, issue_label, issue_title
from .justify import Measure, Paragraph, Run, balance, justify
from .markup import parse_body
from .params import PT_MM, Layout, find_layout
from .pictures import Picture, place_picture
from .warnings import masthead_warnings

TEMPLATE = "issue.html.j2"
STYLESHEET = "style.css.j2"
VOLUME_TEMPLATE = "volume.html.j2"
SENTENCE_END = "。！？…"


@dataclass
class Composition:
    html: str
    title: str
    layout: Layout
    base_dir: Path
    warnings: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class VolumePlace:
    """Where an issue stands in an annual volume: its first page number, its bookmark."""

    first_page: int
    label: str


def compose(issue: Issue, fonts, volume: VolumePlace | None = None) -> Composition:
    """The issue's HTML; inside a volume its pages continue the volume's numbering."""
    layout = find_layout(issue.bulletin.layout, issue.bulletin_dir)
    composer = _Composer(issue, fonts, layout)
    context = composer.context()
    context["volume"] = volume
    context["spacings"] = composer.spacings
    environment = _environment(layout.folder)
    context["stylesheet"] = environment.get_template(STYLESHEET).render(context)
    html = environment.get_template(TEMPLATE).render(context)
    warnings = [*issue.warnings, *composer.coverage.diagnostics(issue.locate),
                *masthead_warnings(issue, context["masthead"])]
    return Composition(html, context["meta"]["title"], layout, issue.bulletin_dir, warnings)


def font_families(fonts) -> dict:
    """CSS font-family (the role's font, then its gap-filler) and weight for each role."""
    return {role_font.role: {
        "family": f'"{role_font.face.family}", "{role_font.gap_filler.family}"',
        "weight": role_font.face.weight,
    } for role_font in fonts}


def compose_volume_front(bulletin, bulletin_dir: Path, year: int, entries: list[dict], fonts) -> Composition:
    """Cover and cumulative contents of an annual volume; entries: issue label, date, articles."""
    layout = find_layout(bulletin.layout, bulletin_dir)
    title = f"{bulletin.name} {year}年合订本"
    context = {"params": layout.params, "grid": layout.grid, "fonts": font_families(fonts),
               "bulletin": bulletin, "year": year, "entries": entries, "title": title}
    html = _environment(layout.folder).get_template(VOLUME_TEMPLATE).render(context)
    return Composition(html, title, layout, bulletin_dir)


@functools.cache
def _environment(folder: Path) -> jinja2.Environment:
    """One per layout folder, so templates are compiled once per process."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=jinja2.select_autoescape(["html", "html.j2"], default_for_string=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


class _Composer:
    def __init__(self, issue: Issue, fonts, layout: Layout):
        self.issue, self.fonts = issue, fonts
        self.params, self.grid = layout.params, layout.grid
        self.coverage = Coverage(fonts, issue.path)
        self.spacings: dict[str, tuple[float, float]] = {}  # CSS class → letter-, word-spacing

    def context(self) -> dict:
        return {
            "meta": self.meta(),
            "params": self.params,
            "grid": self.grid,
            "fonts": font_families(self.fonts),
            "masthead": self.masthead(),
            "contents": self.contents() if self.issue.content.contents else [],
            "editor_note": self.editor_note(),
            "sections": [self.section(i, s) for i, s in enumerate(self.issue.sections)],
            "record": self.record(),
        }

    # -- document ---------------------------------------------------------------------------
    def meta(self) -> dict:
        issue, bulletin = self.issue, self.issue.bulletin
        titles = [a.listed_title for s in issue.sections for a in s.articles]
        return {
            "title": issue_title(bulletin.name, issue.date.year, issue.number, issue.content.kind),
            "author": bulletin.publisher,
            "subject": "本期要目：" + "；".join(titles),
            "keywords": ", ".join(s.title for s in issue.sections),
            "created": issue.date.isoformat(),
        }

    # -- masthead ---------------------------------------------------------------------------
    def masthead(self) -> dict:
        issue, bulletin, params = self.issue, self.issue.bulletin, self.params["masthead"]
        self.coverage.where = (BULLETIN_FILE, "masthead")
        content = issue.content
        number = issue_label(issue.number, content.kind)
        return {
            "marks": issue.marks,
            "title": self.fit(bulletin.masthead.title, params["title_size"], params["title_spacing"]),
            "subtitle": bulletin.masthead.subtitle and self.fit(
                bulletin.masthead.subtitle, params["subtitle_size"], params["subtitle_spacing"]),
            "number": number,
            "total": f"（总第{content.total}期）" if content.total else "",
            "publisher": bulletin.publisher,
            "date": format_date(issue.date, bulletin.date_style),
            "rows": params["rows"],
        }

    def fit(self, text: str, size_pt: float, spacing_em: float) -> dict:
        """Shrink a masthead line until it (with its letter-spacing) fits the text block."""
        glyphs = sum(self.coverage.advance(char, "title") for char in text)
        width_mm = (glyphs + spacing_em * (len(text) + 1)) * size_pt * PT_MM
        scale = min(1.0, self.grid.width / width_mm)
        return {"text": text, "size": size_pt * scale, "spacing": spacing_em, "shrunk": scale < 1.0}

    # -- contents, editor's note ------------------------------------------------------------
    def contents(self) -> list[dict]:
        indent = self.grid.cells(2)
        entries = []
        for index, section in enumerate(self.issue.sections):
            self.coverage.where = ("sections", index, "title")
            titles = []
            for number, article in enumerate(section.articles):
                self.coverage.where = ("sections", index, "articles", number, "title")
                titles.append(self.body_lines([Run(article.listed_title)], indent=0,
                                              width=self.grid.width - indent))
            entries.append({"title": self.heading(section.title), "titles": titles})
        return entries

    def editor_note(self) -> Paragraph | None:
        note = self.issue.content.editor_note
        if not note:
            return None
        self.coverage.where = ("editor_note",)
        return self.body_lines([Run("编者按：", "hei", "hei"), Run(note, "kai", "kai")])

    def heading(self, title: str) -> str:
        text = f"【{title}】"
        self.coverage.check(text, "hei")
        return text

    # -- sections and articles --------------------------------------------------------------
    def section(self, index: int, section) -> dict:
        self.coverage.where = ("sections", index, "title")
        articles = [self.article(index, number, article, section.style)
                    for number, article in enumerate(section.articles)]
        return {"title": section.title, "heading": self.heading(section.title),
                "style": section.style, "articles": articles}

    def article(self, section_index: int, number: int, article, style: str) -> dict:
        where = ("sections", section_index, "articles", number)
        self.coverage.where = (*where, "title")
        title_lines = self.title_lines(article.title) if style == "full" else []
        self.coverage.where = (*where, "body")
        blocks = parse_body(article.body)
        if style == "brief":
            blocks[0].runs.insert(0, self.run_in(article.title))
        paragraphs = [(block.kind, self.body_lines(block.runs)) for block in blocks]
        self.coverage.where = (*where, "images")
        return {
            "title": article.title,
            "title_lines": title_lines,
            "paragraphs": paragraphs,
            "pictures": [self.picture(image, (*where, "images", i)) for i, image in enumerate(article.images)],
            "source": article.source and self.body_lines([Run(article.source)], indent=0),
        }

    def title_lines(self, title: str) -> list[str]:
        measure = Measure(self.coverage.advance, self.params["sizes"]["title"] * PT_MM)
        return balance([Run(title, "title")], measure, self.grid.width)

    def run_in(self, title: str) -> Run:
        """A brief item's title, run into its first paragraph: bold, closed by 。"""
        text = title if title[-1] in SENTENCE_END else title + "。"
        return Run(text, "hei", "run-in")

    def picture(self, image, where: tuple) -> Picture:
        caption = None
        if image.caption:
            self.coverage.where = (*where, "caption")
            caption = self.body_lines([Run(image.caption, "kai", "kai")], indent=0)
        return place_picture(self.issue, image, where, caption, self.params["images"], self.grid)

    # -- 版记 -------------------------------------------------------------------------------
    def record(self) -> dict:
        issue = self.issue
        groups = issue.distribution.groups() if issue.distribution else []
        if issue.content.extra:
            groups.append(("本期增发", issue.content.extra))
        own = issue.content.distribution is not None
        self.coverage.where = ("distribution",) if own else (BULLETIN_FILE, "distribution")
        return {
            "groups": [self.record_lines(label, units) for label, units in groups],
            "copies": f"（共印{issue.copies}份）" if issue.copies else "",
        }

    def record_lines(self, label: str, units: list[str]) -> dict:
        """`报：甲，乙。` with the lines after the first aligned after the colon."""
        size_mm = self.params["sizes"]["record"] * PT_MM
        measure = Measure(self.coverage.advance, size_mm)
        head = f"{label}："
        head_width = sum(measure(char, "body") for char in head)
        inner = self.grid.width - 2 * size_mm  # one character free at the left and the right
        text = "，".join(units) + "。"
        lines = self.spaced(justify([Run(head), Run(text)], measure, inner, inner - head_width))
        return {"lines": lines, "hang": head_width}

    # -- shared -----------------------------------------------------------------------------
    def body_lines(self, runs: list[Run], indent: float = 2, width: float | None = None) -> Paragraph:
        """Body-size text on the grid: first line indented `indent` characters."""
        grid = self.grid
        width = grid.width if width is None else width
        measure = Measure(self.coverage.advance, grid.em)
        return self.spaced(justify(runs, measure, width - grid.cells(indent), width, grid.spacing))

    def spaced(self, paragraph: Paragraph) -> Paragraph:
        """Remember the spacing classes the paragraph's lines use, for the stylesheet."""
        self.spacings.update(paragraph.spacing_rules())
        return paragraph
