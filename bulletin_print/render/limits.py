"""A time limit for laying out and writing one issue, so pathological input cannot hang a batch.

How: a timer interrupts the main thread, which stops at the next Python bytecode inside
WeasyPrint (its layout is Python; each Pango call is short because our lines are
pre-broken) and unwinds with RenderTimeout, a ContentError — the caller reports it like
any bad input and the atomic writer removes its temporary file.

On POSIX the timer is SIGALRM (setitimer), which cannot be confused with anything else.
Where there is no SIGALRM (Windows), a watchdog thread calls _thread.interrupt_main(),
and the KeyboardInterrupt it raises is turned into RenderTimeout when the watchdog fired.
Both repeat every REPEAT seconds, in case one interrupt lands where it is swallowed (a C
callback). Outside the main thread no limit is applied: signals only reach the main thread.
Limits nest: an inner time_limit (Renderer.layout inside a caller's limit) adds nothing.
A worker process could also stop C code that never returns, but it would cost WeasyPrint's
start-up (about a second) per issue; nothing in our pipeline calls C for long.
"""

import _thread
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..diagnostics import ContentError, Diagnostic

DEFAULT_SECONDS = 120.0
REPEAT = 0.5
_active: list[float] = []  # the limit now running (main thread only); inner limits defer to it


class RenderTimeout(ContentError):
    def __init__(self, seconds: float):
        super().__init__([Diagnostic(
            f"排版超时：超过 {seconds:g} 秒仍未完成，已停止，没有生成 PDF。内容可能过长或含有异常的文字或图片；"
            "请检查本期文件（可把很长的文章拆开），或设置环境变量 BULLETIN_RENDER_TIMEOUT 放宽时限（秒）。",
            code="timeout")])
        self.seconds = seconds


def render_seconds() -> float:
    """The limit: BULLETIN_RENDER_TIMEOUT (seconds; 0 turns it off) or DEFAULT_SECONDS."""
    try:
        return float(os.environ.get("BULLETIN_RENDER_TIMEOUT", DEFAULT_SECONDS))
    except ValueError:
        return DEFAULT_SECONDS


@contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Raise RenderTimeout in the body once `seconds` have passed."""
    seconds = render_seconds() if seconds is None else seconds
    if _active or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield  # nested: the outer limit already runs
        return
    _active.append(seconds)
    try:
        with _alarm(seconds) if hasattr(signal, "setitimer") else _watchdog(seconds):
            yield
    finally:
        _active.pop()


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expire(signum, frame):
        raise RenderTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    done, fired = threading.Event(), threading.Event()

    def watch():
        if done.wait(seconds):
            return
        while not done.is_set():
            fired.set()
            _thread.interrupt_main()
            done.wait(REPEAT)

    watcher = threading.Thread(target=watch, name="render-time-limit", daemon=True)
    watcher.start()
    try:
        try:
            yield
        finally:
            done.set()
            watcher.join()
    except KeyboardInterrupt:
        if fired.is_set():
            raise RenderTimeout(seconds) from None
        raise
