"""`bulletin import`: back issues (.txt, .docx) → issue YAML, with a report in Chinese."""

from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ..deliver.importer import UNPLACED, ImportResult, Importer, describe, source_files
from ..diagnostics import ContentError
from ..layout.dates import format_date, issue_label
from .report import print_diagnostics

EXIT_OK, EXIT_SOME_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def run_import(paths: list[Path], out: Path, check: bool, force: bool) -> int:
    console = Console(highlight=False, soft_wrap=True)
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        sources = source_files(paths)
        importer = Importer(out, write=not check, force=force)
    except ContentError as error:
        print_diagnostics(errors, error.diagnostics, "错误")
        return EXIT_BAD_INPUT
    failed = unplaced = 0
    for source in sources:
        result = importer.run(source)
        print_diagnostics(errors, result.warnings, "警告")
        if not result.ok:
            failed += 1
            print_diagnostics(errors, result.errors, "错误")
            errors.print(f"[red]{escape(str(source))} 未导入。[/]")
            continue
        unplaced += len(result.parsed.unplaced)
        _print_result(console, result, check)
    _print_summary(console, len(sources), failed, unplaced, check)
    if failed == 0:
        return EXIT_OK
    return EXIT_BAD_INPUT if failed == len(sources) else EXIT_SOME_FAILED


def _print_result(console: Console, result: ImportResult, check: bool) -> None:
    parsed = result.parsed
    articles = sum(len(section.articles) for section in parsed.sections)
    what = (f"{parsed.date.year}年{issue_label(parsed.issue, parsed.kind)}，{format_date(parsed.date)}，"
            f"{len(parsed.sections)} 个栏目、{articles} 篇文章")
    verb = "可导入为" if check else "已导入"
    console.print(f"{escape(str(result.source))}：{verb} {escape(str(result.target))}（{what}）")
    if result.bulletin_created:
        made = "将生成" if check else "已生成"
        console.print(f"  {made} {escape(str(result.bulletin_created))}（报头、编印单位、标注、版记取自本期）")
    for finding in result.findings:
        if finding.kind == UNPLACED:
            console.print(f"  [yellow]未能归入[/]：{escape(describe(finding, result.unit))}")
        else:
            console.print(f"  提示：{escape(describe(finding, result.unit))}")


def _print_summary(console: Console, total: int, failed: int, unplaced: int, check: bool) -> None:
    done = total - failed
    summary = f"共 {total} 个文件：{'可导入' if check else '已导入'} {done} 个"
    if failed:
        summary += f"，{failed} 个未导入"
    if unplaced:
        summary += f"；有 {unplaced} 处文字未能归入，已列在上面" + ("" if check else "，也写在了各期文件开头的注释中")
    if check:
        summary += "。（检查模式：没有写入任何文件）"
    else:
        summary += "。"
    console.print(summary)
