"""Import WeasyPrint quickly.

WeasyPrint opens its C libraries by trying several names per library; each miss makes
ctypes.util.find_library run `ldconfig -p` and then gcc — about 0.35 s of the cold start
on Debian. During that import only, the lookup answers from one read of the ldconfig cache.
"""

import ctypes.util
import functools
import re
import subprocess
from contextlib import contextmanager


@functools.cache
def _ldconfig_names() -> dict[str, str]:
    try:
        listing = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return {}
    names = {}
    for soname in re.findall(r"^\s+(\S+) \(", listing, re.MULTILINE):
        names.setdefault(soname, soname)
    return names


def _find_library(original, name: str) -> str | None:
    pattern = re.compile(rf"^lib{re.escape(name.removeprefix('lib'))}\.so(\.|$)")
    for soname in _ldconfig_names():
        if pattern.match(soname):
            return soname
    return original(name) if not _ldconfig_names() else None


@contextmanager
def _quick_library_lookup():
    original = ctypes.util.find_library
    ctypes.util.find_library = functools.partial(_find_library, original)
    try:
        yield
    finally:
        ctypes.util.find_library = original


@functools.cache
def weasyprint():
    with _quick_library_lookup():
        import weasyprint as module
        import weasyprint.text.fonts  # noqa: F401  (the ffi bindings load here)
    return module
