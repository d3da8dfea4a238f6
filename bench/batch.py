"""Benchmark: a batch of N issues made from the sample, built with -j 1 and -j 2.

    .venv/bin/python bench/batch.py [-n 30]

Prints a table: one cold single build, the batch with -j 1 and -j 2 (each from scratch,
--force), per-issue time, an unchanged rebuild, peak RSS per worker, total PDF bytes.
"""

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from table import print_table

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "zhoukou-wenming"
PROBE = ("import json, sys; from pathlib import Path; "
         "from bulletin_print.deliver.batch import BuildOptions, build_all; "
         "from bulletin_print.deliver.build import issue_paths; "
         "r = build_all(list(issue_paths([Path(sys.argv[1])])), BuildOptions(Path(sys.argv[2])), "
         "jobs=int(sys.argv[3]), force=True); "
         "print(json.dumps({'rss': max(x.peak_rss_mib for x in r), 'failed': sum(not x.ok for x in r)}))")


def make_bulletin(folder: Path, count: int) -> Path:
    """`count` issues: the sample with issue numbers 1.. and dates a week apart."""
    bulletin = folder / "bench-bulletin"
    (bulletin / "2023").mkdir(parents=True)
    shutil.copy(SAMPLE / "bulletin.yaml", bulletin / "bulletin.yaml")
    text = (SAMPLE / "2023" / "017.yaml").read_text(encoding="utf-8")
    start = dt.date(2023, 1, 3)
    for number in range(1, count + 1):
        date = start + dt.timedelta(weeks=number - 1)
        issue = text.replace("issue: 17", f"issue: {number}").replace("date: 2023-06-20", f"date: {date}")
        (bulletin / f"{date.year}" / f"{number:03d}.yaml").parent.mkdir(exist_ok=True)
        (bulletin / f"{date.year}" / f"{number:03d}.yaml").write_text(issue, encoding="utf-8")
    return bulletin


def timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30)
    count = parser.parse_args().n
    cli = [str(ROOT / ".venv" / "bin" / "bulletin"), "build"]
    with tempfile.TemporaryDirectory() as folder:
        bulletin = make_bulletin(Path(folder), count)
        single, _ = timed([*cli, str(next(bulletin.rglob("001.yaml"))), "-o", f"{folder}/single"])
        rows = [("cold single build", f"{single:.2f} s", "")]
        for jobs in (1, 2):
            seconds, out = timed([sys.executable, "-c", PROBE, str(bulletin), f"{folder}/j{jobs}", str(jobs)])
            report = json.loads(out)
            rows += [(f"batch of {count}, -j {jobs}", f"{seconds:.2f} s", f"{seconds / single:.1f}× single"),
                     (f"  per issue, -j {jobs}", f"{seconds / count:.3f} s", ""),
                     (f"  peak RSS per worker, -j {jobs}", f"{report['rss']:.0f} MiB", f"{report['failed']} failed")]
        unchanged, _ = timed([*cli, str(bulletin), "-o", f"{folder}/j2"])
        rows.append(("unchanged rebuild (CLI)", f"{unchanged:.2f} s", f"{unchanged / single:.2f}× single"))
        total = sum(p.stat().st_size for p in Path(folder, "j2").glob("*.pdf"))
        rows.append(("total PDF bytes", f"{total / 1e6:.1f} MB", f"{total / count / 1000:.0f} KB each"))
    print_table(rows, "note")


if __name__ == "__main__":
    main()
