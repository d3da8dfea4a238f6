"""Build many issues: skip the unchanged ones, build the rest in warm worker processes.

Each worker keeps WeasyPrint, the fonts and the compiled templates loaded across issues and
is replaced after `RECYCLE_AFTER` issues so that memory stays bounded. Workers start from a
forkserver that has already imported everything, so a new worker is warm at once.
A failing issue is reported and never stops the others.
"""

import functools
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import ContentError, Diagnostic
from ..fonts import FontError, resolve_fonts
from ..layout.params import find_layout
from .build import DEFAULT_NAME, Builder, BuildResult
from .manifest import Manifest, source_key

RECYCLE_AFTER = 25


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path
    pattern: str = DEFAULT_NAME
    pdf_a: bool = False

    def key(self) -> str:
        return f"{self.pattern}\0{self.pdf_a}"


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def build_all(sources: list[Path], options: BuildOptions, jobs: int = 1, force: bool = False,
              on_result: Callable[[BuildResult], None] = lambda result: None) -> list[BuildResult]:
    """Build every source (or report it unchanged); results in completion order."""
    manifest = Manifest(options.out_dir)
    keys = _keys(sources, options)
    results, todo = [], []
    for source in sources:
        output = None if force else manifest.unchanged(source, keys[source])
        if output:
            result = BuildResult(source, output, status="unchanged")
            results.append(result)
            on_result(result)
        else:
            todo.append(source)
    for result in _run(todo, options, jobs):
        if result.ok:
            manifest.record(result.source, keys[result.source], result.output)
        results.append(result)
        on_result(result)
    manifest.save()
    return results


def current_output(source: Path, options: BuildOptions) -> Path | None:
    """The PDF already built from exactly this source state (see manifest.py), if there is one."""
    return Manifest(options.out_dir).unchanged(source, _keys([source], options)[source])


def _keys(sources: list[Path], options: BuildOptions) -> dict[Path, str]:
    try:
        fingerprint = resolve_fonts().fingerprint()
    except FontError:
        fingerprint = "no-fonts"
    return {s: source_key(s, fingerprint, options.key(), _layout_files) for s in sources}


@functools.cache
def _layout_files(name: str, bulletin_dir: Path) -> tuple[Path, ...]:
    try:
        return tuple(find_layout(name, bulletin_dir).files())
    except ContentError:  # an unknown layout is reported by the build itself
        return ()


def _run(sources: list[Path], options: BuildOptions, jobs: int) -> Iterator[BuildResult]:
    if not sources:
        return
    if jobs <= 1 or len(sources) == 1:
        builder = Builder(options.out_dir, options.pattern, options.pdf_a)
        for source in sources:
            yield builder.build(source)
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "bulletin_print.render.preload"])
    with ProcessPoolExecutor(max_workers=min(jobs, len(sources)), mp_context=context,
                             initializer=_start_worker, initargs=(options,),
                             max_tasks_per_child=RECYCLE_AFTER) as pool:
        futures = {pool.submit(_build_in_worker, source): source for source in sources}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as error:  # a worker that died: report, keep going
                message = f"排版进程意外退出（{type(error).__name__}），本期未生成。"
                yield BuildResult(futures[future], errors=[Diagnostic(message)], status="failed")


_worker_builder: Builder | None = None


def _start_worker(options: BuildOptions) -> None:
    global _worker_builder
    _worker_builder = Builder(options.out_dir, options.pattern, options.pdf_a)


def _build_in_worker(source: Path) -> BuildResult:
    return _worker_builder.build(source)
