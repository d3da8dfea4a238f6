"""Build issues: load → compose → render, one PDF per issue; a failure never stops the rest."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import ContentError, Diagnostic
from ..fonts import FontError, resolve_fonts
from ..layout import compose
from ..layout.dates import issue_label
from ..model import NOT_ISSUES, Issue, find_issue_files, load_issue
from ..render import Renderer

try:
    import resource
except ImportError:  # Windows has no getrusage
    resource = None

DEFAULT_NAME = "{name}-{year}年{label}"
_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
PDF_A = "pdf/a-2b"  # archival: fonts embedded, output intent, XMP metadata


@dataclass
class BuildResult:
    source: Path
    output: Path | None = None
    pages: int = 0
    warnings: list[Diagnostic] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    status: str = "built"  # "built", "unchanged" (skipped: its PDF is current) or "failed"
    peak_rss_mib: float = 0.0  # of the process that built it

    @property
    def ok(self) -> bool:
        return not self.errors


NAME_FIELDS = ("name", "year", "number", "label", "date")


def name_pattern_problem(pattern: str) -> str | None:
    """Why a --name pattern cannot work (in Chinese), or None."""
    try:
        pattern.format(**dict.fromkeys(NAME_FIELDS, ""))
    except (KeyError, IndexError, ValueError) as error:
        fields = " ".join("{" + f + "}" for f in NAME_FIELDS)
        return f"文件名格式「{pattern}」不对（{error}）：只能使用 {fields}。"
    return None


def output_name(issue: Issue, pattern: str = DEFAULT_NAME) -> str:
    """File name of an issue's PDF, e.g. 周口精神文明建设简报-2023年第17期.pdf"""
    fields = {
        "name": issue.bulletin.name, "year": issue.date.year, "number": issue.number,
        "label": issue_label(issue.number, issue.content.kind), "date": issue.date.isoformat(),
    }
    # The schema already refuses such names; the pattern is the user's, so check again here.
    return _UNSAFE_IN_NAMES.sub("_", pattern.format(**fields)) + ".pdf"


def issue_paths(paths: list[Path]) -> Iterator[Path]:
    """Issue files named directly, and every issue file inside named bulletin folders."""
    for path in paths:
        if path.name in NOT_ISSUES and path.is_file():
            raise ContentError([Diagnostic(
                f"{path.name} 是简报的设置文件，不是期刊文件：请写某一期的文件（如 2023/017.yaml），"
                "或写简报文件夹以排其中每一期。", path)])
        yield from find_issue_files(path) if path.is_dir() else [path]


class Builder:
    """Builds issues one after another with fonts and WeasyPrint kept warm."""

    def __init__(self, out_dir: Path, pattern: str = DEFAULT_NAME, pdf_a: bool = False):
        self.out_dir, self.pattern = out_dir, pattern
        self.variant = PDF_A if pdf_a else None
        self.renderer = Renderer.for_project()

    def build(self, path: Path) -> BuildResult:
        result = BuildResult(path)
        try:
            issue = load_issue(path)
            composition = compose(issue, resolve_fonts())
            result.warnings = composition.warnings
            target = self.out_dir / output_name(issue, self.pattern)
            rendered = self.renderer.write(composition, target, self.variant)
            result.output, result.pages = rendered.path, rendered.pages
        except ContentError as error:
            result.errors = error.diagnostics
        except FontError as error:
            result.errors = [Diagnostic(str(error))]
        if result.errors:
            result.status = "failed"
        if resource:
            result.peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return result
