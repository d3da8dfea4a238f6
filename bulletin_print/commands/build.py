"""`bulletin build`: build the named issues and report each one in Chinese."""

from pathlib import Path

from rich.console import Console

from ..deliver.build import Builder, issue_paths
from ..diagnostics import ContentError
from .report import print_diagnostics

EXIT_OK, EXIT_SOME_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def run_build(paths: list[Path], out: Path, pattern: str) -> int:
    console, errors = Console(), Console(stderr=True)
    try:
        sources = list(issue_paths(paths))
    except ContentError as error:
        print_diagnostics(errors, error.diagnostics, "错误")
        return EXIT_BAD_INPUT
    if not sources:
        errors.print("[red]没有找到任何期刊文件（*.yaml）。[/]")
        return EXIT_BAD_INPUT
    builder = Builder(out, pattern)
    failed = 0
    for source in sources:
        result = builder.build(source)
        print_diagnostics(errors, result.warnings, "警告")
        if result.ok:
            console.print(f"已生成 {result.output}（{result.pages} 页）", highlight=False)
        else:
            failed += 1
            print_diagnostics(errors, result.errors, "错误")
            errors.print(f"[red]{source} 未生成 PDF。[/]", highlight=False)
    if failed == 0:
        return EXIT_OK
    return EXIT_BAD_INPUT if failed == len(sources) else EXIT_SOME_FAILED
