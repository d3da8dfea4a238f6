"""`bulletin check`: report every problem of the named files in Chinese, or as JSON; write nothing.

Exit status as `bulletin build`: 0 no errors (and, with --strict, no warnings); 2 every
file failed; 1 some did. A diagnostic shared by several issues (a mistake in bulletin.yaml)
is printed once.
"""

import json
import os
import traceback
from pathlib import Path

from rich.console import Console

from ..deliver.check import Checker, CheckResult, check_targets
from ..diagnostics import Diagnostic
from ..fonts import FontError, resolve_fonts
from .report import print_diagnostics

EXIT_OK, EXIT_SOME_FAILED, EXIT_BAD_INPUT = 0, 1, 2
_KINDS = {"issue": "期刊", "bulletin": "简报设置", "units": "单位名单"}


def run_check(paths: list[Path], strict: bool, as_json: bool) -> int:
    targets = list(check_targets(paths))
    checker = Checker()
    results = [_check_one(checker, target) for target in targets]
    code = _exit_code(results, strict)
    if as_json:
        print(json.dumps(_report(results, strict, code), ensure_ascii=False, indent=2))
    else:
        _print_text(results, strict, code)
    return code


def _check_one(checker: Checker, target: Path) -> CheckResult:
    """Never lets an unexpected exception escape: it becomes an error of this file."""
    try:
        return checker.check(target)
    except Exception as error:  # noqa: BLE001 — a bug must not hide the other files' results
        if os.environ.get("BULLETIN_DEBUG"):
            traceback.print_exc()
        message = f"程序内部错误（{type(error).__name__}）：{error}。请把本文件和这条信息发给维护人员。"
        return CheckResult(target, "issue", errors=[Diagnostic(message, target, code="internal")])


def _exit_code(results: list[CheckResult], strict: bool) -> int:
    failed = sum(not result.ok(strict) for result in results)
    if not results:
        return EXIT_BAD_INPUT
    if failed == 0:
        return EXIT_OK
    return EXIT_BAD_INPUT if failed == len(results) else EXIT_SOME_FAILED


def _print_text(results: list[CheckResult], strict: bool, code: int) -> None:
    out, err = Console(soft_wrap=True), Console(stderr=True, soft_wrap=True)
    if not results:
        err.print("[red]没有找到任何要检查的文件（*.yaml）。[/]")
        return
    shown: set[Diagnostic] = set()
    for result in results:
        errors = [d for d in result.errors if d not in shown]
        warnings = [d for d in result.warnings if d not in shown]
        shown.update(errors + warnings)
        print_diagnostics(err, errors, "错误")
        print_diagnostics(err, warnings, "错误" if strict else "警告")
        out.print(_verdict(result, strict), highlight=False)
    out.print(_summary(results, strict), highlight=False)


def _verdict(result: CheckResult, strict: bool) -> str:
    pages = f"（{result.pages} 页）" if result.pages else ""
    if not result.ok(strict):
        count = len(result.errors) + (len(result.warnings) if strict else 0)
        return f"[red]✗[/] {result.source}：{count} 个错误，请按上面的提示修改。"
    if result.warnings:
        return f"[yellow]![/] {result.source}{pages}：可以排版，有 {len(result.warnings)} 条警告。"
    return f"[green]✓[/] {result.source}{pages}：没有发现问题。"


def _summary(results: list[CheckResult], strict: bool) -> str:
    failed = sum(not result.ok(strict) for result in results)
    mode = "（严格模式：警告也算错误）" if strict else ""
    return f"共检查 {len(results)} 个文件，{failed} 个有错误{mode}。检查不会生成或改动任何文件。"


def _report(results: list[CheckResult], strict: bool, code: int) -> dict:
    return {
        "ok": code == EXIT_OK,
        "exit_code": code,
        "strict": strict,
        "files": [_file_report(result, strict) for result in results],
        "fonts": _fonts_report(),
        "summary": {
            "files": len(results),
            "failed": sum(not result.ok(strict) for result in results),
            "errors": sum(len(result.errors) for result in results),
            "warnings": sum(len(result.warnings) for result in results),
        },
    }


def _file_report(result: CheckResult, strict: bool) -> dict:
    return {
        "path": str(result.source),
        "kind": result.kind,
        "kind_label": _KINDS[result.kind],
        "ok": result.ok(strict),
        "pages": result.pages,
        "errors": [d.as_dict() for d in result.errors],
        "warnings": [d.as_dict() for d in result.warnings],
    }


def _fonts_report() -> list[dict] | None:
    """Which font serves each role (None when the fonts cannot be resolved)."""
    try:
        fonts = resolve_fonts()
    except FontError:
        return None
    return [{"role": font.role, "label": font.label, "family": font.face.family, "source": font.face.source,
             "official": font.face.official, "file": str(font.face.path),
             "gap_filler": font.gap_filler.family} for font in fonts]
