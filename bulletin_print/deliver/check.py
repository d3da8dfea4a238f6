"""Check content without writing anything: validate, resolve fonts, check glyphs, lay out.

`Checker.check(path)` takes an issue file, a bulletin.yaml or a units.yaml and returns
its errors and warnings; `check_targets(paths)` expands folders into every file to check.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import ContentError, Diagnostic
from ..fonts import FontError, resolve_fonts
from ..layout import compose
from ..model import BULLETIN_FILE, find_issue_files, load_bulletin, load_issue
from ..model.units import UNITS_FILE, load_units
from ..render import Renderer
from ..render.inspect import layout_warnings
from ..render.limits import time_limit


@dataclass
class CheckResult:
    source: Path
    kind: str  # "issue", "bulletin" or "units"
    pages: int | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)

    def ok(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)


def check_targets(paths: list[Path]) -> Iterator[Path]:
    """Files named directly; for a folder, every issue (each checks bulletin.yaml too, so
    bulletin.yaml is checked alone only when there is no issue) and units.yaml."""
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        issues = find_issue_files(path)
        if not issues and (path / BULLETIN_FILE).is_file():
            yield path / BULLETIN_FILE
        if (path / UNITS_FILE).is_file():
            yield path / UNITS_FILE
        yield from issues


class Checker:
    """Checks files one after another with fonts and WeasyPrint kept warm."""

    def __init__(self):
        self.renderer = Renderer.for_project()

    def check(self, path: Path) -> CheckResult:
        kind = {BULLETIN_FILE: "bulletin", UNITS_FILE: "units"}.get(path.name, "issue")
        result = CheckResult(path, kind)
        try:
            if not path.exists():
                raise ContentError([Diagnostic("找不到这个文件或文件夹，请检查路径。", path)])
            {"bulletin": self._bulletin, "units": self._units, "issue": self._issue}[kind](path, result)
        except ContentError as error:
            result.errors = error.diagnostics
        except FontError as error:
            result.errors = [Diagnostic(str(error), code="fonts")]
        return result

    def _bulletin(self, path: Path, result: CheckResult) -> None:
        _, source = load_bulletin(path.parent)
        result.warnings = source.warnings

    def _units(self, path: Path, result: CheckResult) -> None:
        load_units(path.parent)

    def _issue(self, path: Path, result: CheckResult) -> None:
        issue = load_issue(path)
        fonts = resolve_fonts()
        with time_limit(self.renderer.seconds):
            composition = compose(issue, fonts)
            document = self.renderer.layout(composition)
        result.pages = len(document.pages)
        result.warnings = [*composition.warnings, *layout_warnings(document, issue)]
