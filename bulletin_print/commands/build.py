"""`bulletin build`: build issues with a progress bar, then a summary table, in Chinese."""

import os
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..deliver.batch import BuildOptions, build_all
from ..deliver.build import BuildResult, issue_paths, name_pattern_problem
from ..diagnostics import ContentError
from .report import print_diagnostics

EXIT_OK, EXIT_SOME_FAILED, EXIT_BAD_INPUT = 0, 1, 2
STATUS = {"built": "[green]已生成[/]", "unchanged": "[dim]未改动[/]", "failed": "[red]失败[/]"}


def run_build(paths: list[Path], options: BuildOptions, jobs: int, force: bool) -> int:
    console, errors = Console(), Console(stderr=True)
    if problem := name_pattern_problem(options.pattern):
        errors.print(f"[red]错误[/]：{escape(problem)}", highlight=False)
        return EXIT_BAD_INPUT
    try:
        sources = list(issue_paths(paths))
    except ContentError as error:
        print_diagnostics(errors, error.diagnostics, "错误")
        return EXIT_BAD_INPUT
    if not sources:
        errors.print("[red]没有找到任何期刊文件（*.yaml）。[/]")
        return EXIT_BAD_INPUT
    if len(sources) == 1:
        results = build_all(sources, options, jobs=1, force=force)
        _report_one(console, errors, results[0])
    else:
        results = _build_many(console, errors, sources, options, jobs, force)
    failed = sum(not r.ok for r in results)
    if failed == 0:
        return EXIT_OK
    return EXIT_BAD_INPUT if failed == len(sources) else EXIT_SOME_FAILED


def _report_one(console: Console, errors: Console, result: BuildResult) -> None:
    print_diagnostics(errors, result.warnings, "警告")
    if result.status == "unchanged":
        console.print(f"未改动，沿用 {result.output}", highlight=False)
    elif result.ok:
        console.print(f"已生成 {result.output}（{result.pages} 页）", highlight=False)
    else:
        print_diagnostics(errors, result.errors, "错误")
        errors.print(f"[red]{escape(str(result.source))} 未生成 PDF。[/]", highlight=False)


def _build_many(console, errors, sources, options, jobs, force) -> list[BuildResult]:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("剩余"), TimeRemainingColumn())
    with Progress(*columns, console=errors, transient=True) as progress:
        task = progress.add_task("排版中", total=len(sources))

        def advance(result: BuildResult) -> None:
            progress.update(task, advance=1, description=f"排版中：{result.source.name}")

        results = build_all(sources, options, jobs=jobs, force=force, on_result=advance)
    for result in results:
        print_diagnostics(errors, result.warnings, "警告")
    _summary(console, results, sources)
    return results


def _shown(path: Path) -> str:
    """A path as short as it can be: relative to the current folder when inside it."""
    relative = os.path.relpath(path.resolve())
    return str(path) if relative.startswith("..") else relative


def _summary(console: Console, results: list[BuildResult], sources: list[Path]) -> None:
    """One line per issue in the order given, then the counts."""
    order = {source: index for index, source in enumerate(sources)}
    for result in sorted(results, key=lambda r: order[r.source]):
        name = escape(_shown(result.source))
        if result.ok:
            pages = f"（{result.pages} 页）" if result.pages else ""
            detail = f"{escape(result.output.name)}{pages}"
        else:
            detail = escape("；".join(str(e) for e in result.errors))
        console.print(f"{STATUS[result.status]}  {name}  {detail}", highlight=False)
    counts = {status: sum(r.status == status for r in results) for status in STATUS}
    console.print(f"共 {len(results)} 期：已生成 {counts['built']}，未改动 {counts['unchanged']}，"
                  f"失败 {counts['failed']}", highlight=False)
