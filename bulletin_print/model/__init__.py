"""The content model: load a bulletin's issue files, validate them, merge bulletin and issue.

Public API: `load_issue(path)`, `find_issue_files(folder)`, `Issue` and the schema types.
"""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..diagnostics import ContentError, Diagnostic, key_path
from .images import image_problems
from .messages import translate
from .schema import Article, BulletinConfig, Distribution, ImageRef, IssueFile, Section
from .source import SourceFile, read_yaml

BULLETIN_FILE = "bulletin.yaml"
NOT_ISSUES = {BULLETIN_FILE, "units.yaml"}

__all__ = [
    "Article", "BulletinConfig", "Distribution", "ImageRef", "Issue", "Section",
    "find_bulletin_dir", "find_issue_files", "load_bulletin", "load_issue", "validate",
]


@dataclass
class Issue:
    """One issue with the bulletin's shared settings merged in (the issue's own values win)."""

    bulletin: BulletinConfig
    content: IssueFile
    path: Path
    bulletin_dir: Path
    source: SourceFile
    warnings: list[Diagnostic] = field(default_factory=list)
    bulletin_source: SourceFile | None = None

    @property
    def number(self) -> int:
        return self.content.issue

    @property
    def date(self) -> dt.date:
        return self.content.date

    @property
    def marks(self) -> list[str]:
        return self.bulletin.marks if self.content.marks is None else self.content.marks

    @property
    def distribution(self) -> Distribution | None:
        return self.content.distribution or self.bulletin.distribution

    @property
    def copies(self) -> int | None:
        return self.content.copies or self.bulletin.copies

    @property
    def sections(self) -> list[Section]:
        return self.content.sections

    def line_of(self, *loc) -> int | None:
        return self.source.line_of(loc)

    def locate(self, *where) -> tuple[Path, int | None, str]:
        """(file, line, key path) of a value; a path starting with "bulletin.yaml" is in that file."""
        if where and where[0] == BULLETIN_FILE and self.bulletin_source is not None:
            return self.bulletin_source.path, self.bulletin_source.line_of(where[1:]), key_path(where[1:])
        return self.path, self.source.line_of(where), key_path(where)


def find_bulletin_dir(path: Path) -> Path:
    """The folder holding bulletin.yaml at or above `path`."""
    start = path.resolve()
    for folder in [start, *start.parents] if start.is_dir() else start.parents:
        if (folder / BULLETIN_FILE).is_file():
            return folder
    raise ContentError([Diagnostic(
        f"找不到 {BULLETIN_FILE}：期刊文件必须放在含有 {BULLETIN_FILE} 的简报文件夹之内。", path)])


def find_issue_files(folder: Path) -> list[Path]:
    """Every issue file below a bulletin folder, in path order."""
    return sorted(p for p in folder.rglob("*.yaml") if p.name not in NOT_ISSUES and not _hidden(p, folder))


def _hidden(path: Path, folder: Path) -> bool:
    """Hidden files and folders, and a bulletin's own layouts/ (layout.yaml is no issue)."""
    parts = path.relative_to(folder).parts
    return any(part.startswith(".") for part in parts) or "layouts" in parts[:-1]


def load_bulletin(folder: Path) -> tuple[BulletinConfig, SourceFile]:
    source = read_yaml(folder / BULLETIN_FILE)
    return validate(source, BulletinConfig), source


def load_issue(path: Path) -> Issue:
    """Load and validate an issue file and its bulletin.yaml; ContentError lists every problem
    of both files at once (syntax, schema, images)."""
    path = Path(path)
    folder = find_bulletin_dir(path)
    problems = []
    try:
        bulletin, bulletin_source = load_bulletin(folder)
    except ContentError as error:
        problems += error.diagnostics
    source, content, issue_problems = _load_issue_file(path, folder)
    problems += issue_problems
    if problems:
        raise ContentError(problems)
    return Issue(bulletin, content, path, folder, source, bulletin_source.warnings + source.warnings, bulletin_source)


def _load_issue_file(path: Path, folder: Path) -> tuple[SourceFile | None, IssueFile | None, list[Diagnostic]]:
    source, content, problems = None, None, []
    try:
        source = read_yaml(path)
        content = validate(source, IssueFile)
    except ContentError as error:
        problems += error.diagnostics
    if source is not None:
        problems += image_problems(source, folder)
    return source, content, sorted(problems, key=lambda d: (d.line or 0, d.column or 0))


def validate(source: SourceFile, model: type[BaseModel]):
    """The file's data as `model`; ContentError with every problem, in Chinese."""
    if source.data is None:
        raise ContentError([Diagnostic("文件是空的，请按格式填写内容（可参照 content/ 下的示例）。", source.path, 1)])
    if not isinstance(source.data, dict):
        raise ContentError([Diagnostic(
            "文件最外层应为“键: 值”的形式（例如 issue: 17），不能是列表或一段文字。", source.path, 1)])
    try:
        return model.model_validate(source.data)
    except ValidationError as error:
        raise ContentError(translate(error, source, model)) from None


_validate = validate  # the name other modules used first
