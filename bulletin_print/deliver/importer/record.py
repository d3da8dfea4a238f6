"""The 版记 at the end of the last page: 报：…。 送：…。 发：…。 本期增发：…。 （共印120份）"""

import re
from dataclasses import dataclass, field

from .lines import Line, ascii_digits, squeeze
from .structure import Finding, NOTE, UNPLACED

_LABEL = re.compile(r"(?:(?<=[。；;\s])|^)(抄报|抄送|分送|报送|发送|本期增发|增发|报|送|发)\s*[:：]")
_COPIES = re.compile(r"[（(]?\s*共印\s*(\d+)\s*份\s*[）)]?")
_KEYS = {"报": "报", "抄报": "报", "报送": "报", "送": "送", "抄送": "送", "分送": "送",
         "发": "发", "发送": "发", "本期增发": "增发", "增发": "增发"}
_CONTINUATION_MAX = 40   # a short line after a 版记 line may still belong to it


@dataclass
class Record:
    distribution: dict[str, list[str]] = field(default_factory=dict)
    copies: int | None = None
    extra: list[str] = field(default_factory=list)


@dataclass
class _Item:
    label: str
    text: str
    lines: list[int]

    @property
    def open(self) -> bool:
        return not self.text.rstrip().endswith(("。", "."))


def _starts_record(text: str) -> bool:
    text = ascii_digits(squeeze(text))
    return bool(_LABEL.match(text) or _COPIES.fullmatch(text))


def find_record(lines: list[Line], start: int) -> int:
    """Index of the 版记's first line in lines[start:], or len(lines) when there is none."""
    for index in range(start, len(lines)):
        if _starts_record(lines[index].text) and all(
                _starts_record(line.text) or len(squeeze(line.text)) <= _CONTINUATION_MAX
                or not lines[number - 1].text.endswith("。")
                for number, line in enumerate(lines[index + 1:], index + 1)):
            return index
    return len(lines)


def split_units(text: str) -> list[str]:
    """`省文明办，市委、市人大领导。` → [省文明办, 市委、市人大领导]: split on ，/； when the list
    has them (、 then joins parts of one entry), else on 、; never inside brackets."""
    text = text.strip().rstrip("。.；;，,、")
    top = _top_level(text)
    separators = "，,；;" if any(text[i] in "，,；;" for i in top) else "、"
    units, begin = [], 0
    for i in top:
        if text[i] in separators:
            units.append(text[begin:i])
            begin = i + 1
    units.append(text[begin:])
    return [unit.strip() for unit in units if unit.strip()]


def _top_level(text: str) -> list[int]:
    depth, positions = 0, []
    for i, char in enumerate(text):
        if char in "（(《〈【“":
            depth += 1
        elif char in "）)》〉】”":
            depth = max(0, depth - 1)
        elif depth == 0:
            positions.append(i)
    return positions


def read_record(lines: list[Line], findings: list[Finding]) -> Record:
    record, items, current = Record(), [], None
    for line in lines:
        text = ascii_digits(line.text)
        copies = _COPIES.search(text)
        if copies:
            record.copies = int(copies.group(1))
            text = (text[:copies.start()] + " " + text[copies.end():]).strip()
        labels = list(_LABEL.finditer(text))
        head = text[:labels[0].start()] if labels else text
        if head.strip():
            if current and current.open and "：" not in head and ":" not in head:
                current.text += head.strip()
                current.lines.append(line.number)
            else:
                findings.append(Finding((line.number,), "版记中无法识别的文字", UNPLACED, line.text))
        for match, following in zip(labels, [*labels[1:], None]):
            end = following.start() if following else len(text)
            current = _Item(match.group(1), text[match.end():end].strip(), [line.number])
            items.append(current)
    for item in items:
        key = _KEYS[item.label]
        units = split_units(item.text)
        if not units:
            findings.append(Finding(tuple(item.lines), f"版记“{item.label}：”后面没有单位，已略去", NOTE))
            continue
        if key == "增发":
            record.extra += units
        else:
            record.distribution.setdefault(key, []).extend(units)
            if item.label != key:
                findings.append(Finding(tuple(item.lines), f"版记“{item.label}：”按“{key}：”导入", NOTE))
    record.distribution = {key: record.distribution[key] for key in ("报", "送", "发") if key in record.distribution}
    return record
