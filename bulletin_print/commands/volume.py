"""`bulletin volume`: the annual bound volume, reported in Chinese."""

from pathlib import Path

from rich.console import Console

from ..deliver.volume import build_volume
from ..diagnostics import ContentError
from ..fonts import FontError
from .report import print_diagnostics

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def run_volume(folder: Path, year: int, out: Path, pdf_a: bool) -> int:
    console, errors = Console(), Console(stderr=True)
    try:
        with console.status(f"正在排 {year} 年合订本……"):
            result = build_volume(folder, year, out, pdf_a)
    except ContentError as error:
        print_diagnostics(errors, error.diagnostics, "错误")
        errors.print("[red]合订本未生成。[/]")
        return EXIT_BAD_INPUT
    except FontError as error:
        errors.print(f"[red]错误[/]：{error}", highlight=False)
        return EXIT_BAD_INPUT
    print_diagnostics(errors, result.warnings, "警告")
    console.print(f"已生成 {result.output}：{result.issues} 期，共 {result.pages} 页", highlight=False)
    return EXIT_OK
