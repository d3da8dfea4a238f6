"""Print diagnostics for people: one line each, in Chinese, with file, line and key."""

from rich.console import Console
from rich.markup import escape

from ..diagnostics import Diagnostic

_COLOURS = {"错误": "red", "警告": "yellow"}


def print_diagnostics(console: Console, diagnostics: list[Diagnostic], level: str) -> None:
    colour = _COLOURS.get(level, "white")
    for diagnostic in diagnostics:
        console.print(f"[{colour}]{level}[/]：{escape(str(diagnostic))}", highlight=False)
