"""The sample issue built by the real CLI, measured with real PDF tools (poppler, pdfplumber)."""

import re
import subprocess

import pdfplumber
import pikepdf
import pytest
import yaml

from bulletin_print.layout.justify import NO_LINE_START

from conftest import SAMPLE_ISSUE, SAMPLE_TEXT

MM = 25.4 / 72  # PDF points → mm
TEXT_LEFT, TEXT_RIGHT, TEXT_TOP, TEXT_BOTTOM = 28.0, 184.0, 37.0, 262.0
LINE_PITCH = 225 / 22
BODY_SIZE = 16


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdftotext(pdf) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def running_text(pdf) -> str:
    """The text without page numbers and breaks, as a reader copying it would join it."""
    return squeeze(re.sub(r"—\s*\d+\s*—", "", pdftotext(pdf)))


def body_lines(page) -> list[list[dict]]:
    """16 pt characters of the page grouped by baseline, left to right."""
    rows: dict[int, list[dict]] = {}
    for char in page.chars:
        if abs(char["size"] - BODY_SIZE) < 0.1 and char["text"].strip():
            rows.setdefault(round(char["bottom"]), []).append(char)
    return [sorted(rows[key], key=lambda c: c["x0"]) for key in sorted(rows)]


def line_text(chars) -> str:
    return "".join(c["text"] for c in chars)


def paragraph_ends() -> set[str]:
    issue = yaml.safe_load(SAMPLE_ISSUE.read_text(encoding="utf-8"))
    ends = set()
    for section in issue["sections"]:
        for article in section["articles"]:
            ends.update(squeeze(p) for p in article["body"].split("\n\n"))
            ends.add(squeeze(article["title"]))
            ends.add(squeeze(article.get("contents_title") or article["title"]))
        ends.add(f"【{section['title']}】")
    return ends


def is_paragraph_end(text: str, ends: set[str]) -> bool:
    return any(end.endswith(text) for end in ends)


@pytest.fixture(scope="module")
def pdf(sample_pdf):
    with pdfplumber.open(sample_pdf) as document:
        yield document


def test_output_is_named_and_written_atomically(sample_pdf):
    assert sample_pdf.is_file()
    names = sorted(p.name for p in sample_pdf.parent.iterdir())
    assert names == [".bulletin-manifest.json", sample_pdf.name]  # no temporary file left


def test_every_sample_paragraph_is_in_the_text(sample_pdf):
    text = running_text(sample_pdf)
    lines = [squeeze(line) for line in SAMPLE_TEXT.read_text(encoding="utf-8").splitlines()]
    missing = [line for line in lines if line and line not in text]
    assert not missing


def test_text_is_extracted_in_reading_order(sample_pdf):
    text = running_text(sample_pdf)
    body = text[text.index("【工作动态】", text.index("大会") + 1):]  # after the contents list
    paragraphs = [squeeze(p) for p in SAMPLE_TEXT.read_text(encoding="utf-8").split("\n\n")[11:]]
    positions = [body.find(p[:20]) for p in paragraphs if p]
    assert -1 not in positions and positions == sorted(positions)


def test_no_padding_characters_in_the_text(sample_pdf):
    assert not re.search("[\u200b\u200c\u200d\u2060\u3000\ufeff]", pdftotext(sample_pdf))


def test_grid_is_22_lines_of_28_characters(pdf):
    full_pages = [page for page in pdf.pages[1:-1]]
    page = full_pages[0]
    lines = body_lines(page)
    assert len(lines) == 22
    baselines = [line[0]["bottom"] * MM for line in lines]
    assert all(abs((b - a) - LINE_PITCH) < 0.05 for a, b in zip(baselines, baselines[1:]))
    assert abs(baselines[0] - TEXT_TOP - LINE_PITCH) < LINE_PITCH / 2
    full = [line for line in lines if line[0]["x0"] * MM < TEXT_LEFT + 0.3]
    chinese_only = [line for line in full if re.fullmatch(r"[\u3000-\u9fff\uff00-\uffef“”‘’]+", line_text(line))]
    assert chinese_only and all(len(line) <= 28 for line in chinese_only)
    assert sum(len(line) == 28 for line in chinese_only) >= len(chinese_only) // 2


def test_text_block_edges(pdf):
    lines = [line for page in pdf.pages for line in body_lines(page)]
    assert min(line[0]["x0"] for line in lines) * MM == pytest.approx(TEXT_LEFT, abs=0.3)
    assert max(line[-1]["x1"] for line in lines) * MM == pytest.approx(TEXT_RIGHT, abs=0.3)


def test_continued_lines_are_flush_with_both_edges(pdf):
    ends = paragraph_ends()
    continued = [line for page in pdf.pages[1:] for line in body_lines(page)
                 if not is_paragraph_end(line_text(line), ends)]
    assert len(continued) > 60
    flush = [line for line in continued if abs(line[-1]["x1"] * MM - TEXT_RIGHT) <= 0.8]
    assert len(flush) / len(continued) >= 0.95
    with_digits = [line for line in flush if re.search("[0-9A-Za-z]", line_text(line))]
    assert with_digits, "lines holding digits are justified too"


def test_no_closing_punctuation_starts_a_line(pdf):
    starts = [line[0]["text"] for page in pdf.pages for line in body_lines(page)]
    assert not [s for s in starts if s in NO_LINE_START]


def test_page_numbers_alternate_sides(pdf):
    for number, page in enumerate(pdf.pages, start=1):
        chars = [c for c in page.chars if abs(c["size"] - 14) < 0.1 and c["top"] * MM > TEXT_BOTTOM]
        assert line_text(chars).replace(" ", "") == f"—{number}—"
        top = min(c["top"] for c in chars) * MM
        assert top == pytest.approx(TEXT_BOTTOM + 7, abs=1.2)
        em = 14 / 72 * 25.4
        if number % 2:
            assert max(c["x1"] for c in chars) * MM == pytest.approx(TEXT_RIGHT - em, abs=0.5)
        else:
            assert min(c["x0"] for c in chars) * MM == pytest.approx(TEXT_LEFT + em, abs=0.5)


def test_red_rule_spans_the_text_block(pdf):
    red = [r for r in pdf.pages[0].rects if r["non_stroking_color"] == (0.0, 0.8, 0.8, 0.0)]
    assert len(red) == 1
    rule = red[0]
    assert rule["x0"] * MM == pytest.approx(TEXT_LEFT, abs=0.05)
    assert rule["x1"] * MM == pytest.approx(TEXT_RIGHT, abs=0.05)


def test_masthead_is_red_and_inside_the_text_block(pdf):
    page = pdf.pages[0]
    masthead = [c for c in page.chars if c["size"] > 30]
    assert squeeze(line_text(masthead)) == "周口精神文明建设简报"
    assert all(c["non_stroking_color"] == (0.0, 0.8, 0.8, 0.0) for c in masthead)
    assert min(c["x0"] for c in masthead) * MM >= TEXT_LEFT - 0.01
    assert max(c["x1"] for c in masthead) * MM <= TEXT_RIGHT + 0.01
    text = squeeze(page.extract_text())
    assert "第17期" in text and "周口市文明办" in text and "2023年6月20日" in text


def rule_thicknesses(page) -> list[float]:
    """Border rules are drawn as an outer and an inner rectangle: their gaps are the rules."""
    rects = sorted({(round(r["top"] * MM, 3), round(r["bottom"] * MM, 3)) for r in page.rects
                    if abs((r["x1"] - r["x0"]) * MM - 156) < 0.1})
    found = []
    for outer_top, outer_bottom in rects:
        for inner_top, inner_bottom in rects:
            if outer_top < inner_top < inner_bottom <= outer_bottom and inner_top - outer_top < 1:
                found.append((outer_top, round(inner_top - outer_top, 2)))
                if outer_bottom - inner_bottom > 0.01:
                    found.append((inner_bottom, round(outer_bottom - inner_bottom, 2)))
    return [thickness for _, thickness in sorted(set(found))]


def test_record_rules_at_the_bottom_of_the_last_page(pdf):
    page = pdf.pages[-1]
    assert rule_thicknesses(page) == [0.35, 0.25, 0.25, 0.25, 0.35]
    bottoms = [r["bottom"] * MM for r in page.rects if abs((r["x1"] - r["x0"]) * MM - 156) < 0.1]
    assert max(bottoms) == pytest.approx(TEXT_BOTTOM, abs=0.5)
    text = squeeze(page.extract_text())
    assert "报：省文明办，市委、市人大、市政府、市政协领导。" in text
    assert "（共印200份）" in text


def test_record_hanging_indent(pdf):
    page = pdf.pages[-1]
    record = [line for line in _lines_of_size(page, 14) if line[0]["top"] * MM < TEXT_BOTTOM]
    em = 14 / 72 * 25.4
    assert record[0][0]["x0"] * MM == pytest.approx(TEXT_LEFT + em, abs=0.3)


def _lines_of_size(page, size):
    rows: dict[int, list] = {}
    for char in page.chars:
        if abs(char["size"] - size) < 0.1:
            rows.setdefault(round(char["bottom"]), []).append(char)
    return [sorted(rows[k], key=lambda c: c["x0"]) for k in sorted(rows)]


def test_fonts_are_embedded_and_subset(sample_pdf):
    listing = subprocess.run(["pdffonts", str(sample_pdf)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert len(rows) >= 4
    for row in rows:
        name, *_, emb, sub, uni, _obj, _gen = row.split()
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
        assert re.match(r"[A-Z]{6}\+", name)
    names = " ".join(rows)
    for family in ("FandolFang", "FandolHei", "FandolSong", "Noto-Serif-CJK-SC-GB2312-Bold"):
        assert family in names


def test_metadata_and_bookmarks(sample_pdf):
    with pikepdf.open(sample_pdf) as document:
        info = document.docinfo
        assert str(info["/Title"]) == "周口精神文明建设简报 2023年第17期"
        assert str(info["/Author"]) == "周口市文明办"
        assert str(info["/Subject"]).startswith("本期要目：全市大走访活动现场会")
        assert str(info["/CreationDate"]).startswith("D:20230620")
        assert str(document.Root.Lang) == "zh-CN"
        with document.open_outline() as outline:
            tree = [(item.title, [child.title for child in item.children]) for item in outline.root]
    assert [title for title, _ in tree] == ["工作动态", "文明时讯"]
    assert len(tree[0][1]) == 2 and len(tree[1][1]) == 4
    assert tree[1][1][0] == "我市组织开展2023年文明实践志愿服务项目展示交流活动"


def test_pdf_size_is_reasonable(sample_pdf):
    assert sample_pdf.stat().st_size < 500_000  # 465 KB today: FandolFang outlines dominate (see bench)
