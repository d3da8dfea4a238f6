"""`bulletin build`: build issues with a progress bar, then a summary table, in Chinese."""

import os
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table
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


def _short_names(sources: list[Path]) -> tuple[dict[Path, str], str]:
    """Paths relative to the current folder when inside it, else to the sources' common folder."""
    resolved = {source: source.resolve() for source in sources}
    base = Path.cwd()
    if not all(path.is_relative_to(base) for path in resolved.values()):
        base = Path(os.path.commonpath([path.parent for path in resolved.values()]))
    caption = "" if base == Path.cwd() else f"文件位于 {base}"
    return {source: str(path.relative_to(base)) for source, path in resolved.items()}, caption


def _summary(console: Console, results: list[BuildResult], sources: list[Path]) -> None:
    """A table, one row per issue in the order given, under a line of counts."""
    order = {source: index for index, source in enumerate(sources)}
    names, caption = _short_names(sources)
    counts = {status: sum(r.status == status for r in results) for status in STATUS}
    table = Table(title=f"共 {len(results)} 期：已生成 {counts['built']}，未改动 {counts['unchanged']}，"
                        f"失败 {counts['failed']}", title_justify="left",
                  caption=escape(caption) or None, caption_justify="left")
    table.add_column("期刊文件", no_wrap=True)
    table.add_column("结果", no_wrap=True)
    table.add_column("页数", justify="right")
    table.add_column("输出文件或失败原因", overflow="fold")
    for result in sorted(results, key=lambda r: order[r.source]):
        detail = result.output.name if result.ok else "；".join(str(e) for e in result.errors)
        table.add_row(escape(names[result.source]), STATUS[result.status], str(result.pages or ""), escape(detail))
    console.print(table)
