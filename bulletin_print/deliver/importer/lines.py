"""The line stream every importer reads: numbered lines of text, cleaned of extraction artefacts.

A text file gives one line per line; a Word file one per paragraph (see docx.py). Cleaning
removes what PDF text extraction adds (`2023 年 6 月`, letter-spaced `简    报`) and keeps
real spaces between Chinese words (`代代传 文明实践`).
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ...diagnostics import ContentError, Diagnostic
from ...model.source import decode


@dataclass(frozen=True)
class Line:
    number: int          # 1-based line (text) or paragraph (Word) of the source
    raw: str             # as read, for the report
    text: str            # cleaned
    indented: bool = False   # began with an indent: a paragraph start
    centered: bool = False   # Word paragraph centred: a title hint
    hard: bool = False       # a real paragraph end (Word): never rejoined with the next


CJK = r"\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Full-width punctuation: no space belongs next to it.
PUNCT = "，。、；：？！（）《》〈〉【】〔〕〖〗「」『』“”‘’—…·"
_WIDE = f"{CJK}{re.escape(PUNCT)}"
_SPACES = re.compile(r"[\s\u3000\u00a0\u2000-\u200a\u202f\u205f]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_NARROW_THEN_WIDE = re.compile(rf"(?<=[0-9A-Za-z%‰℃])\s+(?=[{_WIDE}])")
_WIDE_THEN_NARROW = re.compile(rf"(?<=[{_WIDE}])\s+(?=[0-9A-Za-z])")
_AROUND_PUNCT = re.compile(rf"\s+(?=[{re.escape(PUNCT)}])|(?<=[{re.escape(PUNCT)}])\s+")
_LETTER_SPACED = re.compile(rf"[{_WIDE}](?:\s+[{_WIDE}])+")
_INDENT = re.compile(r"^(?:\u3000|[ \t\u00a0]{2,})")


def clean(raw: str) -> str:
    """One line as it was printed: extraction spaces out, real spaces between words kept."""
    text = _CONTROL.sub("", _INVISIBLE.sub("", raw))
    text = _SPACES.sub(" ", text).strip()
    if _LETTER_SPACED.fullmatch(text):
        return text.replace(" ", "")
    text = _NARROW_THEN_WIDE.sub("", text)
    text = _WIDE_THEN_NARROW.sub("", text)
    return _AROUND_PUNCT.sub("", text)


def squeeze(text: str) -> str:
    """Text without any whitespace: for comparing titles and recognising header lines."""
    return re.sub(r"\s+", "", text)


def ascii_digits(text: str) -> str:
    """Full-width digits and letters (２０２３) as ASCII, for recognising numbers."""
    return "".join(unicodedata.normalize("NFKC", c) if "０" <= c <= "ｚ" else c for c in text)


def make_line(number: int, raw: str, **hints) -> Line:
    return Line(number, raw, clean(raw), indented=bool(_INDENT.match(raw)), **hints)


def text_lines(path: Path) -> tuple[list[Line], list[Diagnostic]]:
    """A .txt file as lines: UTF-8 (BOM or not), UTF-16 with BOM, or GB18030 with a warning."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ContentError([Diagnostic(f"无法读取文件：{error.strerror}", path)]) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, warnings = raw.decode("utf-16"), []
    elif b"\x00" in raw:
        raise ContentError([Diagnostic(
            "这不是文本文件（含有二进制内容）。请导入从 PDF 提取的文字（.txt）或 Word 文件（.docx）。", path)])
    else:
        text, warnings = decode(path, raw)
    return [make_line(number, line) for number, line in enumerate(text.splitlines(), 1)], warnings
