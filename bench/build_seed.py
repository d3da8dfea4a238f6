"""Benchmark: build the sample issue (cold CLI and warm in-process) and print a table.

    .venv/bin/python bench/build_seed.py [--runs 5]

Cold = a new `bulletin build` process each time (imports, fonts, WeasyPrint start-up).
Warm = the same process building again, as a batch worker does. Medians; the machine is noisy.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from table import print_table

ROOT = Path(__file__).resolve().parent.parent
ISSUE = ROOT / "content" / "zhoukou-wenming" / "2023" / "017.yaml"
BULLETIN = ROOT / ".venv" / "bin" / "bulletin"
TARGETS = {"cold": 0.6, "warm": 0.25, "rss": 200, "size": 210}


# Byte-code caching as on a user's machine (this workplace sets PYTHONDONTWRITEBYTECODE).
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def cold_builds(runs: int, out: Path) -> list[float]:
    times = []
    for _ in range(runs + 1):  # the first run only writes byte-code caches
        start = time.perf_counter()
        subprocess.run([str(BULLETIN), "build", str(ISSUE), "-o", str(out), "--force"], check=True,
                       capture_output=True, env=ENV)
        times.append(time.perf_counter() - start)
    return times[1:]


def warm_phases(runs: int, out: Path) -> dict[str, list[float]]:
    """Per-phase times of in-process builds after a first one (which warms everything)."""
    from bulletin_print.deliver.build import Builder, output_name
    from bulletin_print.fonts import resolve_fonts
    from bulletin_print.layout import compose
    from bulletin_print.model import load_issue

    builder = Builder(out)
    builder.build(ISSUE)
    phases: dict[str, list[float]] = {"load": [], "compose": [], "layout": [], "write": [], "total": []}
    for _ in range(runs):
        start = time.perf_counter()
        issue = load_issue(ISSUE)
        loaded = time.perf_counter()
        composition = compose(issue, resolve_fonts())
        composed = time.perf_counter()
        document = builder.renderer.layout(composition)
        laid_out = time.perf_counter()
        document.write_pdf(out / output_name(issue))
        written = time.perf_counter()
        for name, value in zip(phases, (loaded - start, composed - loaded, laid_out - composed,
                                        written - laid_out, written - start)):
            phases[name].append(value)
    return phases


def import_time() -> float:
    code = ("import time; t = time.perf_counter(); "
            "from bulletin_print.render.weasy import weasyprint; weasyprint(); "
            "print(time.perf_counter() - t)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True, env=ENV).stdout) for _ in range(3)]
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        cold = cold_builds(args.runs, out)
        cold_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        phases = warm_phases(args.runs, out)
        warm_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        (pdf,) = out.glob("*.pdf")
        size_kb = pdf.stat().st_size / 1000
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    rows = [
        ("cold CLI build (median of %d)" % args.runs, f"{statistics.median(cold):.3f} s", f"≤ {TARGETS['cold']} s"),
        ("  of which: imports (package, WeasyPrint)", f"{import_time():.3f} s", ""),
        ("warm in-process build (median)", f"{statistics.median(phases['total']):.3f} s", f"≤ {TARGETS['warm']} s"),
    ]
    rows += [(f"  warm {name}", f"{statistics.median(values):.3f} s", "")
             for name, values in phases.items() if name != "total"]
    rows += [
        ("peak RSS, cold CLI process", f"{cold_rss:.0f} MiB", f"≤ {TARGETS['rss']} MiB"),
        ("peak RSS, warm process", f"{warm_rss:.0f} MiB", ""),
        ("PDF size", f"{size_kb:.0f} KB", f"≤ {TARGETS['size']} KB"),
        ("pages", str(pages), ""),
    ]
    print_table(rows, "target")


if __name__ == "__main__":
    main()
