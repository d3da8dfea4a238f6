"""Layout warnings that compose can tell without laying pages out (the masthead's fit)."""

from ..diagnostics import Diagnostic
from ..model import BULLETIN_FILE

_LINES = {"title": "第一行", "subtitle": "第二行"}


def masthead_warnings(issue, masthead: dict) -> list[Diagnostic]:
    """A warning for each masthead line shrunk to fit the text block."""
    found = []
    for key, label in _LINES.items():
        line = masthead.get(key)
        if line and line.get("shrunk"):
            file, number, path = issue.locate(BULLETIN_FILE, "masthead", key)
            found.append(Diagnostic(
                f"报头{label}「{line['text']}」比版心宽，已把字号缩小到 {line['size']:.1f} 磅才放得下。"
                "如不希望缩小，请缩短报头文字，或在版式 layout.yaml 中调小字号或字距。",
                file, number, path, code="masthead-shrunk"))
    return found
