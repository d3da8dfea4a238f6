"""Dates and numbers as back issues print them: 2023 年 6 月 20 日, 2023.6.20, 二〇二三年六月二十日, 第十七期."""

import datetime as dt
import re
from dataclasses import dataclass

from .lines import ascii_digits, squeeze

_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0, "o": 0}
_CN = "〇○Ｏ零一二三四五六七八九十百"
NUMBER = rf"\d+|[{_CN}]+"   # an issue number in either script

_ARABIC = re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日")
_DOTTED = re.compile(r"(?<![\d.])(\d{4})[.．/\-－](\d{1,2})[.．/\-－](\d{1,2})(?![\d.])")
_CHINESE = re.compile(rf"([{_CN}Oo]{{4}})年([{_CN}]{{1,3}})月([{_CN}]{{1,3}})日")


@dataclass(frozen=True)
class FoundDate:
    value: dt.date | None   # None: the text names an impossible date
    style: str               # "arabic" or "chinese"
    text: str                # as found, squeezed
    start: int
    end: int


def chinese_number(text: str) -> int | None:
    """一 → 1, 十七 → 17, 二十 → 20, 一百零五 → 105, 二〇二三 → 2023 (digit by digit)."""
    if not text or any(c not in _DIGIT and c not in "十百" for c in text):
        return None
    if "十" not in text and "百" not in text:
        value = 0
        for c in text:
            value = value * 10 + _DIGIT[c]
        return value
    total, current = 0, 0
    for c in text:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGIT[c]
    return total + current


def number(text: str) -> int | None:
    """An issue number in Arabic (17, １７) or Chinese (十七) numerals."""
    text = ascii_digits(text)
    return int(text) if text.isdigit() else chinese_number(text)


def find_date(text: str) -> FoundDate | None:
    """The first date in a line, in any of the forms back issues use."""
    text = ascii_digits(squeeze(text))
    for pattern, style in ((_ARABIC, "arabic"), (_DOTTED, "arabic"), (_CHINESE, "chinese")):
        match = pattern.search(text)
        if match:
            year, month, day = (number(part) for part in match.groups())
            try:
                value = dt.date(year, month, day)
            except (TypeError, ValueError):
                value = None
            return FoundDate(value, style, match.group(), match.start(), match.end())
    return None
