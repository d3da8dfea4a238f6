"""Dates and issue numbers as printed: 2023年6月20日, 二〇二三年六月二十日, 第17期."""

import datetime as dt

_DIGITS = "〇一二三四五六七八九"


def chinese_number(value: int) -> str:
    """1..99 the way dates are read: 十, 十二, 二十, 三十一."""
    tens, ones = divmod(value, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def format_date(date: dt.date, style: str = "arabic") -> str:
    if style == "chinese":
        year = "".join(_DIGITS[int(d)] for d in str(date.year))
        return f"{year}年{chinese_number(date.month)}月{chinese_number(date.day)}日"
    return f"{date.year}年{date.month}月{date.day}日"


def issue_label(number: int, kind: str | None = None) -> str:
    """第17期, or 增刊第1期 for a supplement (numbered apart from regular issues)."""
    return f"{kind or ''}第{number}期"


def issue_title(name: str, year: int, number: int, kind: str | None = None) -> str:
    """周口精神文明建设简报 2023年第17期 — PDF title and mail subject."""
    return f"{name} {year}年{issue_label(number, kind)}"
