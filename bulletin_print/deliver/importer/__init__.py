"""Import back issues: a bulletin's text (extracted from its PDF) or .docx → issue YAML.

read_lines (text.py's lines / docx.py) → parse_lines (header, contents, body, 版记) →
writer → validated with the real content model before anything is written.
Public API: `Importer(out_dir).run(path) -> ImportResult`, `source_files(paths)`, `parse_file(path)`.
"""

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ...diagnostics import ContentError, Diagnostic
from ...layout.dates import issue_label
from ...model import BULLETIN_FILE, BulletinConfig, load_bulletin, load_issue
from .lines import Line, text_lines
from .structure import Finding, NOTE, ParsedIssue, UNPLACED
from .text import parse_lines
from .writer import bulletin_yaml, issue_yaml

__all__ = ["ImportResult", "Importer", "describe", "parse_file", "source_files", "Finding", "UNPLACED", "NOTE"]

SUPPORTED = (".txt", ".docx")
_UNSUPPORTED = {
    ".doc": "旧版 Word 文件（.doc）无法直接导入，请在 Word/WPS 中“另存为” .docx 后再导入。",
    ".wps": "WPS 文字文件（.wps）无法直接导入，请在 WPS 中“另存为” .docx 后再导入。",
    ".pdf": "PDF 无法直接导入，请先把其中的文字保存为 .txt 文件（每个段落占一行），再导入 .txt 文件。",
}
_KIND_FILE = {"增刊": "zengkan-", "特刊": "tekan-"}


@dataclass
class ImportResult:
    source: Path
    unit: str = "行"                      # what the report's numbers count: 行 (text) or 段 (Word)
    parsed: ParsedIssue | None = None
    target: Path | None = None
    bulletin_created: Path | None = None  # bulletin.yaml made from this issue
    written: bool = False
    notes: list[Finding] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def findings(self) -> list[Finding]:
        return (self.parsed.findings if self.parsed else []) + self.notes


def source_files(paths: list[Path]) -> list[Path]:
    """Files named directly, and every .txt/.docx inside named folders (in path order)."""
    files, problems = [], []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED
                           and not p.name.startswith(("~$", ".")) and not _hidden(p, path))
            if not found:
                problems.append(Diagnostic("文件夹中没有可导入的文件（.txt 或 .docx）。", path))
            files += found
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Diagnostic("找不到这个文件或文件夹。", path))
    if problems:
        raise ContentError(problems)
    return files


def _hidden(path: Path, folder: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(folder).parts[:-1])


def read_lines(path: Path) -> tuple[list[Line], list[Diagnostic], str]:
    suffix = path.suffix.lower()
    if suffix == ".txt":
        lines, warnings = text_lines(path)
        return lines, warnings, "行"
    if suffix == ".docx":
        from .docx import docx_lines
        return docx_lines(path), [], "段"
    message = _UNSUPPORTED.get(suffix, f"不支持导入“{path.suffix or '无扩展名'}”文件：只能导入文字文件（.txt）或 Word 文件（.docx）。")
    raise ContentError([Diagnostic(message, path)])


def parse_file(path: Path) -> tuple[ParsedIssue, list[Diagnostic], str]:
    """Read and recognise one back issue; ContentError when it cannot be read or is no bulletin."""
    lines, warnings, unit = read_lines(path)
    if not any(line.text for line in lines):
        raise ContentError([Diagnostic("文件是空的，没有可导入的文字。", path)])
    return parse_lines(lines, path), warnings, unit


def describe(finding: Finding, unit: str) -> str:
    """第 35、37 行：一段文字被分页断开，已合为一段"""
    numbers = finding.lines
    if len(numbers) > 3:
        where = f"第 {numbers[0]} 至 {numbers[-1]} {unit}"
    elif numbers:
        where = f"第 {'、'.join(str(n) for n in numbers)} {unit}"
    else:
        where = ""
    text = f"：“{finding.text}”" if finding.text else ""
    return f"{where}：{finding.message}{text}" if where else f"{finding.message}{text}"


class Importer:
    """Imports back issues into one bulletin folder, one after another.

    The folder's bulletin.yaml is used when it has one; otherwise the first issue imported
    makes it. With write=False (bulletin import --check) everything is done but the writing.
    """

    def __init__(self, out_dir: Path, *, write: bool = True, force: bool = False):
        self.out_dir, self.write, self.force = Path(out_dir), write, force
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise ContentError([Diagnostic("输出位置已有同名文件，不是文件夹。", self.out_dir)])
        self.bulletin: BulletinConfig | None = None
        self.bulletin_bytes = b""
        self.claimed: dict[Path, Path] = {}
        existing = self.out_dir / BULLETIN_FILE
        if existing.is_file():
            self.bulletin, _ = load_bulletin(self.out_dir)
            self.bulletin_bytes = existing.read_bytes()

    def run(self, path: Path) -> ImportResult:
        result = ImportResult(Path(path))
        try:
            parsed, result.warnings, result.unit = parse_file(result.source)
            result.parsed = parsed
            self._import(parsed, result)
        except ContentError as error:
            result.errors = error.diagnostics
        return result

    def _import(self, parsed: ParsedIssue, result: ImportResult) -> None:
        source = result.source
        bulletin, bulletin_bytes, new = self.bulletin, self.bulletin_bytes, self.bulletin is None
        if new:
            bulletin_bytes = self._new_bulletin(parsed, source).encode("utf-8")
            bulletin = _bulletin_config(bulletin_bytes, source)
        overrides = {} if new else self._compare(parsed, bulletin, result)
        relative = Path(str(parsed.date.year)) / f"{_KIND_FILE.get(parsed.kind, '')}{parsed.issue:03d}.yaml"
        target = self.out_dir / relative
        result.target = target
        if target.resolve() in self.claimed:
            raise ContentError([Diagnostic(
                f"与 {self.claimed[target.resolve()]} 是同一期（{parsed.date.year}年{issue_label(parsed.issue, parsed.kind)}），未导入。",
                source)])
        if target.exists() and not self.force:
            raise ContentError([Diagnostic(f"{target} 已存在，未覆盖；如要覆盖，请加 --force。", source)])
        unplaced = [describe(finding, result.unit) for finding in parsed.unplaced]
        text = issue_yaml(parsed, overrides, bulletin.name, source.name, unplaced)
        _validate(text, relative, bulletin_bytes, parsed, source)
        self.claimed[target.resolve()] = source
        if new:
            self.bulletin, self.bulletin_bytes = bulletin, bulletin_bytes
            result.bulletin_created = self.out_dir / BULLETIN_FILE
        if self.write:
            if new:
                _write(self.out_dir / BULLETIN_FILE, bulletin_bytes)
            _write(target, text.encode("utf-8"))
            result.written = True

    def _new_bulletin(self, parsed: ParsedIssue, source: Path) -> str:
        missing = [what for what, value in (("报头（简报名称）", parsed.masthead), ("编印单位", parsed.publisher))
                   if not value]
        if missing:
            raise ContentError([Diagnostic(
                f"输出文件夹中还没有 {BULLETIN_FILE}，需要从本期生成，但本期中没有找到{'和'.join(missing)}。"
                f"请在输出文件夹中先写好 {BULLETIN_FILE}（可参照 content/zhoukou-wenming/{BULLETIN_FILE}）。", source)])
        return bulletin_yaml(parsed, source.name)

    def _compare(self, parsed: ParsedIssue, bulletin: BulletinConfig, result: ImportResult) -> dict:
        """What this issue prints differently from bulletin.yaml: overrides, or notes."""
        overrides = {}
        if parsed.marks and parsed.marks != bulletin.marks:
            overrides["marks"] = parsed.marks
        shared = dict(bulletin.distribution.groups()) if bulletin.distribution else {}
        if parsed.distribution and parsed.distribution != shared:
            overrides["distribution"] = parsed.distribution
        if parsed.copies and parsed.copies != bulletin.copies:
            overrides["copies"] = parsed.copies
        notes = result.notes
        if parsed.name and parsed.name != bulletin.name:
            notes.append(Finding((), f"本期报头为“{parsed.name}”，与 {BULLETIN_FILE} 中的“{bulletin.name}”不同，已按 {BULLETIN_FILE} 导入"))
        if parsed.publisher and parsed.publisher != bulletin.publisher:
            notes.append(Finding((), f"本期编印单位为“{parsed.publisher}”，与 {BULLETIN_FILE} 中的“{bulletin.publisher}”不同，已按 {BULLETIN_FILE} 导入"))
        if parsed.date_style != bulletin.date_style:
            shown = {"arabic": "阿拉伯数字", "chinese": "汉字"}
            notes.append(Finding((), f"本期日期用{shown[parsed.date_style]}书写，{BULLETIN_FILE} 中为{shown[bulletin.date_style]}（date_style），已按 {BULLETIN_FILE} 导入"))
        return overrides


def _bulletin_config(content: bytes, source: Path) -> BulletinConfig:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, BULLETIN_FILE).write_bytes(content)
        try:
            config, _ = load_bulletin(Path(folder))
        except ContentError as error:
            raise _invalid(error, source) from None
    return config


def _validate(text: str, relative: Path, bulletin: bytes, parsed: ParsedIssue, source: Path) -> None:
    """Load what would be written with the real content model; it must say what was recognised."""
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, BULLETIN_FILE).write_bytes(bulletin)
        path = Path(folder) / relative
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        try:
            issue = load_issue(path)
        except ContentError as error:
            raise _invalid(error, source) from None
    loaded = [(s.title, s.style, [(a.title, a.contents_title, a.body, a.source) for a in s.articles])
              for s in issue.sections]
    expected = [(s.title, s.style, [(a.title, a.contents_title, "\n\n".join(a.paragraphs), a.source)
                                    for a in s.articles]) for s in parsed.sections]
    content = issue.content
    if (loaded != expected or content.issue != parsed.issue or content.date != parsed.date
            or content.editor_note != parsed.editor_note or content.extra != parsed.extra):
        raise _defect(ContentError([Diagnostic("写出的 YAML 与识别结果不一致")]), source)


def _invalid(error: ContentError, source: Path) -> ContentError:
    """What was recognised breaks a content rule (e.g. a masthead with : in it): say which."""
    detail = "；".join(f"{d.key}：{d.message}" if d.key else d.message for d in error.diagnostics)
    return ContentError([Diagnostic(
        f"识别出的内容不符合内容格式，未导入（{detail}）。请检查原文中对应的部分后再导入。", source)])


def _defect(error: ContentError, source: Path) -> ContentError:
    detail = "；".join(diagnostic.message for diagnostic in error.diagnostics)
    return ContentError([Diagnostic(f"导入结果未通过内容检查（这是本工具的缺陷，请报告）：{detail}", source)])


def _write(path: Path, content: bytes) -> None:
    """Write via a temporary file in the same folder, so a file is never left half written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
