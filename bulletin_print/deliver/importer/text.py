"""A back issue's lines → ParsedIssue: masthead block, contents, articles, 版记, and the report."""

from collections import Counter
from pathlib import Path

from ...diagnostics import ContentError, Diagnostic
from .body import read_body
from .header import read_header
from .lines import Line, squeeze
from .patterns import PAGE_NUMBER, is_closed
from .record import find_record, read_record
from .structure import Finding, NOTE, ParsedIssue


def parse_lines(lines: list[Line], path: Path) -> ParsedIssue:
    """Recognise one back issue; ContentError when it is not a bulletin at all."""
    findings: list[Finding] = []
    kept = []
    for line in lines:
        if not line.text:
            continue
        if PAGE_NUMBER.fullmatch(squeeze(line.text)):
            findings.append(Finding((line.number,), "页码，已略去", NOTE, line.text))
            continue
        kept.append(line)
    header, start = read_header(kept, findings, path)
    end = find_record(kept, start)
    record = read_record(kept[end:], findings)
    body = read_body(kept[start:end], findings)
    if not body.sections:
        raise ContentError([Diagnostic("没有找到任何文章（标题和正文），无法导入。", path)])
    if not body.contents:
        findings.append(Finding((), "原刊没有目录，已写 contents: false（排版时不印目录）", NOTE))
    if _hard_wrapped(kept):
        findings.append(Finding((), "这份文字像是按版面逐行提取的（多数行一样长、行末没有标点），而导入时按“每段一行”识别："
                                    "段落和标题可能分错，请仔细核对；最好先把每段合成一行再导入", NOTE))
    findings.sort(key=lambda finding: (finding.lines or (0,))[0])
    return ParsedIssue(
        issue=header.issue, date=header.date.value, total=header.total, kind=header.kind,
        date_style=header.date.style, masthead=header.masthead(), publisher=header.publisher,
        marks=header.marks, distribution=record.distribution, copies=record.copies, extra=record.extra,
        editor_note=body.editor_note, contents=body.contents, sections=body.sections, findings=findings)


def _width(text: str) -> int:
    """Printed width in half-character cells: 2 for a hanzi or full-width mark, 1 for ASCII."""
    return sum(1 if char.isascii() else 2 for char in text)


def _hard_wrapped(lines: list[Line]) -> bool:
    """Most long lines end at one same width without closing punctuation: one line per printed line."""
    long = [squeeze(line.text) for line in lines if len(squeeze(line.text)) >= 15]
    if len(long) < 8:
        return False
    widths = Counter(_width(text) for text in long)
    full = max(widths)
    at_full = [text for text in long if _width(text) >= full - 4]
    open_ends = [text for text in at_full if not is_closed(text)]
    return len(at_full) >= 0.4 * len(long) and len(open_ends) >= 0.7 * len(at_full)
