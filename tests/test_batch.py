"""Back issues: batch builds, incremental rebuilds, the annual volume and archival PDF."""

import os
import re
import subprocess

import pdfplumber
import pikepdf

from bulletin_print.deliver.batch import BuildOptions, build_all
from bulletin_print.deliver.build import issue_paths

from conftest import run_cli

MM = 25.4 / 72


def add_issue(bulletin, number: int, date: str, text: str | None = None):
    sample = (bulletin / "2023" / "017.yaml").read_text(encoding="utf-8")
    text = text or sample.replace("issue: 17", f"issue: {number}").replace("date: 2023-06-20", f"date: {date}")
    path = bulletin / "2023" / f"{number:03d}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def short_issue(number: int, date: str) -> str:
    return (f"issue: {number}\ndate: {date}\nsections:\n  - title: 工作动态\n    articles:\n"
            f"      - title: 第{number}期的一则短讯\n        body: 本期只有一段话。\n")


def test_one_broken_issue_never_stops_the_others(bulletin_copy, tmp_path):
    add_issue(bulletin_copy, 18, "2023-06-27")
    add_issue(bulletin_copy, 19, "", "issue: 19\ndate: 2023-13-01\nsections: []\n")
    done = run_cli("build", bulletin_copy, "-o", tmp_path / "out", "-j", "2")
    assert done.returncode == 1
    names = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert names == ["周口精神文明建设简报-2023年第17期.pdf", "周口精神文明建设简报-2023年第18期.pdf"]
    assert "019.yaml" in done.stdout and "失败" in done.stdout and "已生成 2" in done.stdout
    assert "日期" in done.stdout + done.stderr


def test_unchanged_issues_are_skipped_and_an_edit_rebuilds_one(bulletin_copy, tmp_path):
    add_issue(bulletin_copy, 18, "2023-06-27")
    options, sources = BuildOptions(tmp_path / "out"), list(issue_paths([bulletin_copy]))
    first = build_all(sources, options)
    assert {r.status for r in first} == {"built"}
    times = {r.output: r.output.stat().st_mtime_ns for r in first}

    second = build_all(sources, options)
    assert {r.status for r in second} == {"unchanged"}
    assert {p: p.stat().st_mtime_ns for p in times} == times

    edited = bulletin_copy / "2023" / "018.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("6月12日", "6月13日"), encoding="utf-8")
    third = {r.source.name: r.status for r in build_all(sources, options)}
    assert third == {"017.yaml": "unchanged", "018.yaml": "built"}

    forced = build_all(sources, options, force=True)
    assert {r.status for r in forced} == {"built"}


def test_layout_and_bulletin_changes_rebuild(bulletin_copy, tmp_path):
    options, sources = BuildOptions(tmp_path / "out"), list(issue_paths([bulletin_copy]))
    build_all(sources, options)
    config = bulletin_copy / "bulletin.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("copies: 200", "copies: 300"), encoding="utf-8")
    assert [r.status for r in build_all(sources, options)] == ["built"]
    deleted = next((tmp_path / "out").glob("*.pdf"))
    deleted.unlink()
    assert [r.status for r in build_all(sources, options)] == ["built"]


def page_numbers(pdf_path):
    """(number, side) of each page that carries a “— N —” folio."""
    found = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if abs(c["size"] - 14) < 0.1 and c["top"] * MM > 262]
            text = "".join(c["text"] for c in chars).replace(" ", "")
            match = re.fullmatch(r"—(\d+)—", text)
            if match:
                side = "right" if min(c["x0"] for c in chars) * MM > 105 else "left"
                found.append((int(match.group(1)), side))
    return found


def test_volume_numbers_pages_through_and_nests_bookmarks(bulletin_copy, tmp_path):
    (bulletin_copy / "2023" / "017.yaml").rename(bulletin_copy / "2023" / "017.yaml.bak")
    (bulletin_copy / "2023" / "003.yaml").write_text(short_issue(3, "2023-02-01"), encoding="utf-8")
    (bulletin_copy / "2023" / "017.yaml.bak").rename(bulletin_copy / "2023" / "017.yaml")
    (bulletin_copy / "2022.yaml").write_text(short_issue(30, "2022-12-20"), encoding="utf-8")
    target = tmp_path / "volume.pdf"
    done = run_cli("volume", bulletin_copy, "--year", "2023", "-o", target)
    assert done.returncode == 0, done.stderr
    numbers = page_numbers(target)
    assert [n for n, _ in numbers] == list(range(1, len(numbers) + 1))
    assert all(side == ("right" if n % 2 else "left") for n, side in numbers)
    with pikepdf.open(target) as pdf:
        assert len(pdf.pages) == 2 + len(numbers)  # cover and one contents page, unnumbered
        with pdf.open_outline() as outline:
            tree = [(item.title, [(s.title, [a.title for a in s.children]) for s in item.children])
                    for item in outline.root]
    assert [title for title, _ in tree] == ["总目录", "第3期", "第17期"]
    assert tree[2][1][1][0] == "文明时讯" and len(tree[2][1][1][1]) == 4
    text = subprocess.run(["pdftotext", "-l", "2", str(target), "-"], capture_output=True, text=True).stdout
    assert "2023年合订本" in text and "第3期（2023年2月1日）" in text
    assert re.search(r"第3期的一则短讯\.*1\b", text.replace(" ", ""))
    assert re.search(r"商水县召开精神文明建设工作暨先进典型表彰大会\.*7\b", text.replace(" ", "")) is None
    assert "第30期" not in text  # 2022 stays out


def test_volume_of_an_empty_year_is_a_clear_error(bulletin_copy, tmp_path):
    done = run_cli("volume", bulletin_copy, "--year", "1999", "-o", tmp_path / "v.pdf")
    assert done.returncode == 2 and "没有 1999 年的期刊" in done.stderr
    assert not (tmp_path / "v.pdf").exists()


def test_pdf_a_structures(bulletin_copy, tmp_path):
    done = run_cli("build", bulletin_copy, "-o", tmp_path, "--pdf-a")
    assert done.returncode == 0, done.stderr
    (target,) = tmp_path.glob("*.pdf")
    check = subprocess.run(["qpdf", "--check", str(target)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    with pikepdf.open(target) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and "/DestOutputProfile" in intent
        with pdf.open_metadata() as xmp:
            assert xmp["pdfaid:part"] == "2" and xmp["pdfaid:conformance"] == "B"
            assert xmp["dc:title"] == "周口精神文明建设简报 2023年第17期"
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.DescendantFonts[0].FontDescriptor
                assert "/FontFile3" in descriptor or "/FontFile2" in descriptor
    assert os.access(target, os.R_OK)
