"""The masthead block of page 1: marks, masthead lines, 第X期（总第X期）, publisher and date."""

import re
from dataclasses import dataclass, field

from ...diagnostics import ContentError, Diagnostic
from .dates import NUMBER, FoundDate, find_date, number
from .lines import Line, ascii_digits, squeeze
from .patterns import BYLINE, CONTENTS_HEADING, EDITOR_NOTE, is_closed, section_title
from .structure import Finding, Masthead, UNPLACED

HEADER_MAX_LINES = 15
_MARK = re.compile(
    r"内部资料|注意保存|内部刊物|内部参阅|内部文件|妥善保管|注意保密|内部发行"
    r"|(?:绝密|机密|秘密)(?:★(?:[0-9〇一二三四五六七八九十]+年|长期))?")
_MARK_SEPARATORS = re.compile(r"[\s·、，,]*")
_ISSUE = re.compile(rf"(?:(\d{{4}})年)?第({NUMBER})期")
_TOTAL = re.compile(rf"[（(]?总第({NUMBER})期[）)]?")
_KIND = re.compile(r"[（(]?(增刊|特刊)[）)]?")
_PUBLISHER_PREFIX = re.compile(r"^(?:编印单位|主办单位|编印|主办|编发单位)[:：]?")
_PUBLISHER_SUFFIX = re.compile(r"(?:编印|主办|编发|印发|(?<=[办委局部室心会院厅])编)$")
_UNIT_END = re.compile(r"(?:办|委|局|部|厅|室|处|中心|会|院|所|站|队|组|政府|公司|馆|社)$")


@dataclass
class Header:
    issue: int | None = None
    total: int | None = None
    kind: str | None = None
    date: FoundDate | None = None
    publisher: str | None = None
    marks: list[str] = field(default_factory=list)
    masthead_lines: list[str] = field(default_factory=list)

    def masthead(self) -> Masthead | None:
        lines = self.masthead_lines
        if not lines:
            return None
        if len(lines) == 1:
            return Masthead(lines[0])
        return Masthead("".join(lines[:-1]), lines[-1])


def marks_in(text: str) -> list[str] | None:
    """内部资料 注意保存 → [内部资料, 注意保存]; None unless the whole line is marks."""
    text = re.sub(r"^密级[:：]", "", squeeze(text))
    marks, position = [], 0
    while position < len(text):
        match = _MARK.match(text, position)
        if not match:
            return None
        marks.append(match.group())
        position = _MARK_SEPARATORS.match(text, match.end()).end()
    return marks or None


def publisher_name(text: str) -> str:
    """周口市文明办编印 → 周口市文明办; 编印单位：周口市文明办 → 周口市文明办"""
    return _PUBLISHER_SUFFIX.sub("", _PUBLISHER_PREFIX.sub("", text)).strip()


def _looks_like_publisher(text: str) -> bool:
    plain = squeeze(text)
    return (len(plain) <= 30 and not is_closed(plain)
            and bool(_PUBLISHER_PREFIX.match(plain) or _PUBLISHER_SUFFIX.search(plain)
                     or _UNIT_END.search(publisher_name(plain))))


def _starts_content(text: str) -> bool:
    plain = squeeze(text)
    return bool(section_title(plain) or CONTENTS_HEADING.fullmatch(plain) or EDITOR_NOTE.match(plain)
                or BYLINE.fullmatch(plain) or len(plain) > 60 or "。" in plain)


def read_header(lines: list[Line], findings: list[Finding], path) -> tuple[Header, int]:
    """Read page 1's masthead block; return it and the index of the first line after it."""
    header = Header()
    index = 0
    while index < min(len(lines), HEADER_MAX_LINES):
        line = lines[index]
        if _starts_content(line.text):
            break
        if header.issue and header.date and (header.publisher or not _looks_like_publisher(line.text)):
            break
        _read_header_line(line, header, findings)
        index += 1
    _require(header, path)
    return header, index


def _read_header_line(line: Line, header: Header, findings: list[Finding]) -> None:
    text = ascii_digits(squeeze(line.text)).replace("(", "（").replace(")", "）")
    marks = marks_in(text)
    if marks:
        header.marks += [mark for mark in marks if mark not in header.marks]
        return
    date = find_date(text)
    if date and header.date is None:
        header.date = date
        text = text[:date.start] + " " + text[date.end:]
    total = _TOTAL.search(text)
    if total and header.total is None:
        header.total = number(total.group(1))
        text = text[:total.start()] + " " + text[total.end():]
    issue = _ISSUE.search(text)
    if issue and header.issue is None:
        header.issue = number(issue.group(2))
        before, after = text[:issue.start()].strip(), text[issue.end():].strip()
        if before and not header.masthead_lines:
            header.masthead_lines.append(before)
            before = ""
        text = f"{before} {after}"
    kind = _KIND.search(text)
    if kind and header.kind is None:
        header.kind = kind.group(1)
        text = text[:kind.start()] + " " + text[kind.end():]
    rest = text.strip(" 　·、，")
    if not rest:
        return
    if header.issue is None:
        header.masthead_lines.append(rest.replace(" ", ""))
    elif header.publisher is None:
        header.publisher = publisher_name(rest.replace(" ", ""))
    else:
        findings.append(Finding((line.number,), "报头部分无法识别的文字", UNPLACED, line.text))


def _require(header: Header, path) -> None:
    if header.issue is None:
        raise ContentError([Diagnostic(
            "这不像是一期简报：开头的报头部分没有找到期号（如“第 17 期”）。请确认导入的是简报的文字或 Word 文件。", path)])
    if header.date is None:
        raise ContentError([Diagnostic(
            "没有找到出刊日期：报头部分应有“2023年6月20日”“2023.6.20”或“二〇二三年六月二十日”这样的日期。",
            path)])
    if header.date.value is None:
        raise ContentError([Diagnostic(f"报头中的日期“{header.date.text}”不存在，请在原文中改正后再导入。", path)])
    if header.issue <= 0:
        raise ContentError([Diagnostic("期号应为正整数（如“第 17 期”）。", path)])
