"""The contents list and the articles: sections, full articles, brief items, rejoined paragraphs.

Text extracted from a PDF breaks a paragraph where the page breaks. A line that ends
without closing punctuation is joined with the next one when the next one continues it;
every guess that may be wrong goes into the report.
"""

import difflib
import re
from dataclasses import dataclass, field

from .lines import Line, squeeze
from .patterns import (BYLINE, CONTENTS_HEADING, CONTINUED_START, EDITOR_NOTE, OPEN_END, PARAGRAPH_OPENING,
                       SUBHEADING, TITLE_MAX, is_closed, looks_like_title, section_title)
from .structure import Article, Finding, NOTE, Section, UNPLACED

DEFAULT_SECTION = "本期内容"
_ENTRY_MAX = 60
_BULLET = re.compile(r"^(?:[◆◇●○■□★☆▲△►▶※•·>]+|\d+[.．、]|（\d+）)\s*")
_LEADER = re.compile(r"\s*[.．·…—]{2,}\s*\d*$")
_FIRST_SENTENCE = re.compile(r"(.{2,80}?)([。！？])")
_BRIEF_MATCH = 0.6     # a brief item's first sentence against its contents entry
_TITLE_MATCH = 0.85    # a line against a contents entry, anywhere in the list
_NEXT_TITLE_MATCH = 0.4  # a title-like line against the entry expected next ...
_SAME_START = 4          # ... or the first characters they share


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, squeeze(a), squeeze(b)).ratio()


@dataclass
class Entry:
    """One line of the contents list: a section name or an article title."""

    line: Line
    text: str
    section: str | None = None      # the section it is listed under
    is_section: bool = False
    matched: bool = False


@dataclass
class _Paragraph:
    lines: list[Line]
    text: str
    target: str = "body"   # or "note": the editor's note

    def add(self, line: Line) -> None:
        glue = " " if self.text[-1:].isascii() and self.text[-1:].isalnum() and line.text[:1].isascii() else ""
        self.text += glue + line.text
        self.lines.append(line)


@dataclass
class Body:
    sections: list[Section] = field(default_factory=list)
    editor_note: str | None = None
    contents: bool = False


def entry_text(text: str) -> str:
    """A contents line without its bullet, numbering, dot leader and page number."""
    return _LEADER.sub("", _BULLET.sub("", text)).strip()


def _entry_like(line: Line) -> bool:
    plain = squeeze(line.text)
    if section_title(plain):
        return True
    return (0 < len(plain) <= _ENTRY_MAX and not plain.endswith("。") and "。" not in plain
            and not EDITOR_NOTE.match(plain) and not BYLINE.fullmatch(plain))


def read_contents(lines: list[Line]) -> tuple[list[Entry], int]:
    """The contents list at the top of the body, and where the articles begin.

    The list ends where one of its lines comes again (the first section or title, now
    over its article), or, after a 本期目录/本期要目 heading, where the first article starts.
    """
    start = 1 if lines and CONTENTS_HEADING.fullmatch(squeeze(lines[0].text)) else 0
    heading = start == 1
    candidates, seen, index = [], set(), start
    while index < len(lines) and _entry_like(lines[index]):
        key = squeeze(section_title(lines[index].text) or entry_text(lines[index].text))
        if key in seen:
            # A title came again: a section line just above it opens the articles, not the list.
            while not section_title(lines[index].text) and candidates and section_title(candidates[-1].text):
                candidates.pop()
                index -= 1
            return _entries(candidates), index
        seen.add(key)
        candidates.append(lines[index])
        index += 1
    titles = [line for line in candidates if not section_title(line.text)]
    if not heading and len(titles) < 3:
        return [], 0
    # The last candidates are the first article's section and title, not the list.
    end = len(candidates) - 1 if index < len(lines) else len(candidates)
    if 0 < end and section_title(candidates[end - 1].text):
        end -= 1
    return _entries(candidates[:end]), start + end


def _entries(lines: list[Line]) -> list[Entry]:
    entries, section = [], None
    for line in lines:
        name = section_title(line.text)
        if name:
            section = name
            entries.append(Entry(line, name, section, is_section=True))
        else:
            entries.append(Entry(line, entry_text(line.text), section))
    return entries


class BodyReader:
    """Reads the lines between the masthead block and the 版记 into sections and articles."""

    def __init__(self, lines: list[Line], findings: list[Finding]):
        self.findings = findings
        self.entries, start = read_contents(lines)
        self.lines = lines[start:]
        self._plain_sections()
        self.body = Body(contents=bool(self.entries))
        self.section: Section | None = None
        self.article: Article | None = None
        self.open: _Paragraph | None = None
        self.note_done = False

    def _plain_sections(self) -> None:
        """A contents line naming a section without 【】 (工作动态) is that section, not a title."""
        names = {section_title(line.text) for line in self.lines} - {None}
        section = None
        for entry in self.entries:
            if not entry.is_section and squeeze(entry.text) in names:
                entry.is_section, section = True, squeeze(entry.text)
            elif entry.is_section:
                section = entry.text
            entry.section = section

    # -- the walk -----------------------------------------------------------------------------
    def read(self) -> Body:
        index = 0
        while index < len(self.lines):
            index += self._step(index)
        self._close()
        self._finish()
        return self.body

    def _step(self, index: int) -> int:
        line = self.lines[index]
        plain = squeeze(line.text)
        name = section_title(plain)
        if name:
            self._close()
            self._new_section(name, line, index)
            return 1
        note = EDITOR_NOTE.match(line.text)
        if note and not self.note_done and not self._has_articles():
            self._close()
            self.open = _Paragraph([line], line.text[note.end():].strip(), "note")
            self.note_done = True
            return 1
        if BYLINE.fullmatch(plain) and self.article and self.article.source is None:
            self._close()
            self.article.source = line.text
            return 1
        if self.section is None or self.section.style == "full":
            taken = self._title(index)
            if taken:
                return taken
        if self.open and self._joins(self.open, line):
            self.open.add(line)
        else:
            self._close()
            self.open = _Paragraph([line], line.text)
        return 1

    def _has_articles(self) -> bool:
        return any(section.articles for section in self.body.sections)

    def _new_section(self, name: str, line: Line, index: int) -> None:
        following = self.lines[index + 1] if index + 1 < len(self.lines) else None
        brief = following is not None and not section_title(following.text) and not (
            self._entry_for(following.text, name, _TITLE_MATCH) or looks_like_title(following.text)
            or following.centered)
        self.section = Section(name, line.number, "brief" if brief else "full")
        self.body.sections.append(self.section)
        self.article = None
        for entry in self._candidates(name, sections=True):
            entry.matched = True

    # -- titles -------------------------------------------------------------------------------
    def _title(self, index: int) -> int:
        """Start an article if the line (or it and the next) is a title; return lines taken."""
        line = self.lines[index]
        following = self.lines[index + 1] if index + 1 < len(self.lines) else None
        section = self.section.title if self.section else None
        if self.entries:
            entry = self._entry_for(line.text, section, _TITLE_MATCH)
            if entry:
                self._new_article(line.text, [line], entry)
                return 1
            if following and looks_like_title(line.text + following.text):
                entry = self._entry_for(line.text + following.text, section, _TITLE_MATCH)
                if entry:
                    self._new_article(line.text + following.text, [line, following], entry)
                    return 2
        if not self._title_shaped(line, following):
            return 0
        if self.entries and not line.centered and not self._expected(line.text, section):
            self.findings.append(Finding(
                (line.number,), "这一行像标题，但目录中没有对应的条目，已按正文段落处理，请核对", NOTE, line.text))
            return 0
        lines = [line]
        after = self.lines[index + 2] if index + 2 < len(self.lines) else None
        if (following and self._title_shaped(following, after) and not self.entries
                and len(squeeze(line.text + following.text)) <= TITLE_MAX * 2):
            lines.append(following)
            self.findings.append(Finding((line.number, following.number), "两行连续的标题已合为一个标题", NOTE))
        text = "".join(item.text for item in lines)
        entry = self._expected(text, section)
        if self.entries and entry is None:
            self.findings.append(Finding(
                (line.number,), "这一行按文章标题处理，但目录中没有与之对应的条目，请核对", NOTE, line.text))
        self._new_article(text, lines, entry)
        return len(lines)

    def _expected(self, text: str, section: str | None) -> Entry | None:
        """The entry listed next, if the title may be it (the list often shortens titles)."""
        entry = self._next_entry(section)
        if entry and (similarity(text, entry.text) >= _NEXT_TITLE_MATCH
                      or squeeze(text)[:_SAME_START] == squeeze(entry.text)[:_SAME_START]):
            return entry
        return None

    def _title_shaped(self, line: Line, following: Line | None) -> bool:
        """A title: short, unpunctuated, not continuing the paragraph above, followed by text."""
        if (following is None or section_title(following.text) or BYLINE.fullmatch(squeeze(following.text))
                or following.text[:1] in CONTINUED_START and not line.hard):
            return False
        if self.open and not self.open.lines[-1].hard and self._must_join(self.open.text, line.text):
            return False
        return looks_like_title(line.text) or (line.centered and len(squeeze(line.text)) <= TITLE_MAX * 2)

    def _new_article(self, title: str, lines: list[Line], entry: Entry | None) -> None:
        self._close()
        if self.section is None:
            self._implicit_section(lines[0])
        contents_title = None
        if entry:
            entry.matched = True
            if squeeze(entry.text) != squeeze(title):
                contents_title = entry.text
        self.article = Article(title, lines[0].number, contents_title)
        self.section.articles.append(self.article)

    def _implicit_section(self, line: Line) -> None:
        listed = [entry for entry in self.entries if entry.is_section]
        name = listed[0].text if len(listed) == 1 else DEFAULT_SECTION
        if len(listed) == 1:
            listed[0].matched = True
        else:
            self.findings.append(Finding(
                (line.number,), f"原刊正文没有栏目标题（如【工作动态】），已暂定为“{DEFAULT_SECTION}”，请修改 sections 中的 title",
                NOTE))
        self.section = Section(name, None, "full")
        self.body.sections.append(self.section)

    # -- contents entries ---------------------------------------------------------------------
    def _candidates(self, section: str | None, sections: bool = False) -> list[Entry]:
        unmatched = [e for e in self.entries if not e.matched and e.is_section == sections]
        if sections:
            return [e for e in unmatched if squeeze(e.text) == squeeze(section or "")]
        own = [e for e in unmatched if e.section == section]
        return own or [e for e in unmatched if e.section is None] or unmatched

    def _entry_for(self, text: str, section: str | None, cutoff: float) -> Entry | None:
        best, score = None, cutoff
        for entry in self._candidates(section):
            ratio = similarity(text, entry.text)
            if ratio >= score:
                best, score = entry, ratio
        return best

    def _next_entry(self, section: str | None) -> Entry | None:
        candidates = self._candidates(section)
        return candidates[0] if candidates else None

    # -- paragraphs ---------------------------------------------------------------------------
    @staticmethod
    def _must_join(before: str, after: str) -> bool:
        """Sure signs that a line goes on in the next: 延伸， + 调动…; 拦车救人 + 的“感动…"""
        return bool(before) and (before[-1] in OPEN_END or after[:1] in CONTINUED_START)

    def _joins(self, paragraph: _Paragraph, line: Line) -> bool:
        before, after = paragraph.text, line.text
        if not before:
            return True
        last = paragraph.lines[-1]
        if last.hard or line.indented or is_closed(before) or SUBHEADING.match(squeeze(after)):
            return False
        if SUBHEADING.match(squeeze(last.text)) and len(squeeze(last.text)) <= TITLE_MAX:
            return False
        numbers = (last.number, line.number)
        if self._must_join(before, after):
            self.findings.append(Finding(numbers, "一段文字被分页断开，已合为一段", NOTE))
            return True
        if PARAGRAPH_OPENING.match(squeeze(after)):
            self.findings.append(Finding(
                (last.number,), "段末没有句末标点，已按段落结束处理；如这一段在原刊中跨页断开，请与下一段合并",
                NOTE, _tail(before)))
            return False
        self.findings.append(Finding(numbers, "前一行末尾没有句末标点，已与下一行合为一段，请核对", NOTE))
        return True

    def _close(self) -> None:
        paragraph, self.open = self.open, None
        if paragraph is None or not paragraph.text:
            return
        if paragraph.target == "note":
            self.body.editor_note = paragraph.text
        elif self.section is not None and self.section.style == "brief":
            self._brief(paragraph)
        elif self.article is not None:
            self.article.paragraphs.append(paragraph.text)
        else:
            self._unplaced(paragraph, "正文中找不到这段文字所属的文章（前面没有文章标题）")

    def _brief(self, paragraph: _Paragraph) -> None:
        """A brief item: its title runs into the paragraph, closed by 。"""
        text, first = paragraph.text, paragraph.lines[0]
        sentence = _FIRST_SENTENCE.match(text)
        lead = sentence.group(1) if sentence else ""
        entry = None
        if self.entries:
            for candidate in self._candidates(self.section.title):
                if text.startswith(candidate.text) or (lead and similarity(lead, candidate.text) >= _BRIEF_MATCH):
                    entry = candidate
                    break
            if entry is None and self.article is not None:
                self.article.paragraphs.append(text)
                return
        if entry and text.startswith(entry.text) and not (lead and squeeze(lead) == squeeze(entry.text)):
            title, rest = entry.text, text[len(entry.text):]
            rest = rest[1:] if rest[:1] == "。" else rest
            if rest[:1] in ("！", "？"):
                title, rest = title + rest[0], rest[1:]
        elif sentence and len(squeeze(lead)) <= TITLE_MAX * 2:
            title = lead + ("" if sentence.group(2) == "。" else sentence.group(2))
            rest = text[sentence.end():]
        elif self.article is not None:
            self.article.paragraphs.append(text)
            return
        else:
            self._unplaced(paragraph, "简讯栏目中的这段文字找不到开头的标题句")
            return
        if self.entries and entry is None:
            self.findings.append(Finding(
                (first.number,), "这一段按简讯处理，但目录中没有与之对应的条目，请核对", NOTE, title))
        contents_title = None
        if entry:
            entry.matched = True
            if squeeze(entry.text) != squeeze(title):
                contents_title = entry.text
        self.article = Article(title.strip(), first.number, contents_title)
        if rest.strip():
            self.article.paragraphs.append(rest.strip())
        self.section.articles.append(self.article)

    def _unplaced(self, paragraph: _Paragraph, message: str) -> None:
        numbers = tuple(line.number for line in paragraph.lines)
        self.findings.append(Finding(numbers, message, UNPLACED, paragraph.text))

    # -- the end ------------------------------------------------------------------------------
    def _finish(self) -> None:
        for entry in self.entries:
            if not entry.matched:
                what = "栏目" if entry.is_section else "文章"
                self.findings.append(Finding(
                    (entry.line.number,), f"目录中的这一条在正文中没有找到对应的{what}", UNPLACED, entry.line.text))
        kept = []
        for section in self.body.sections:
            articles = []
            for article in section.articles:
                if article.paragraphs:
                    articles.append(article)
                else:
                    self.findings.append(Finding(
                        (article.line,), "这篇文章只有标题、没有正文，未导入", UNPLACED, article.title))
            section.articles = articles
            if articles:
                kept.append(section)
            else:
                self.findings.append(Finding(
                    (section.line,) if section.line else (), "这个栏目下没有文章，未导入", UNPLACED, f"【{section.title}】"))
        self.body.sections = kept


def _tail(text: str, length: int = 20) -> str:
    return text if len(text) <= length else "……" + text[-length:]


def read_body(lines: list[Line], findings: list[Finding]) -> Body:
    return BodyReader(lines, findings).read()
