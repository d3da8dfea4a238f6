"""Layout pieces on their own: dates, numbering, line breaking, body markup, layouts."""

import datetime as dt
import shutil

import pytest

from bulletin_print.diagnostics import ContentError
from bulletin_print.layout.dates import chinese_number, format_date, issue_label, issue_title
from bulletin_print.layout.justify import Measure, Run, balance, can_break, justify
from bulletin_print.layout.markup import parse_body
from bulletin_print.layout.params import find_layout
from bulletin_print.paths import layouts_dir

EM = 16 * 25.4 / 72
WIDTH = 156.0
PITCH = (WIDTH - EM) / 27


def fixed_measure(size_mm=EM):
    """Full-width CJK, half-width ASCII: the metrics of a typical Chinese body font."""
    return Measure(lambda char, role: 0.5 if char.isascii() else 1.0, size_mm)


@pytest.mark.parametrize(("date", "style", "expected"), [
    (dt.date(2023, 6, 20), "arabic", "2023年6月20日"),
    (dt.date(2023, 6, 20), "chinese", "二〇二三年六月二十日"),
    (dt.date(2020, 10, 1), "chinese", "二〇二〇年十月一日"),
    (dt.date(2019, 12, 31), "chinese", "二〇一九年十二月三十一日"),
])
def test_dates(date, style, expected):
    assert format_date(date, style) == expected


def test_chinese_numbers():
    assert [chinese_number(n) for n in (1, 10, 11, 20, 21, 30)] == ["一", "十", "十一", "二十", "二十一", "三十"]


def test_issue_numbering():
    assert issue_label(17) == "第17期"
    assert issue_label(1, "增刊") == "增刊第1期"
    assert issue_title("周口精神文明建设简报", 2023, 17) == "周口精神文明建设简报 2023年第17期"


def test_line_break_rules():
    assert not can_break("文", "，")  # no closing punctuation at a line start
    assert not can_break("“", "创")  # no opening punctuation at a line end
    assert not can_break("—", "—") and not can_break("…", "…")
    assert not can_break("2", "0") and not can_break("a", "b")
    assert can_break("年", "6") and can_break("文", "明")


def test_full_lines_are_flush_and_the_last_stands_on_the_grid():
    text = "会议强调，要始终牢记群众利益无小事，以大走访活动问计于民、问需于民，" * 3
    paragraph = justify([Run(text)], fixed_measure(), WIDTH - 2 * PITCH, WIDTH, PITCH - EM)
    assert paragraph.text == text.rstrip()
    for line in paragraph.lines[:-1]:
        assert line.width_mm == pytest.approx(WIDTH - (2 * PITCH if line is paragraph.lines[0] else 0))
    assert paragraph.lines[-1].spacing_mm == pytest.approx(PITCH - EM)
    assert len(paragraph.lines[1].text) == 28


def test_lines_with_digits_are_justified_too():
    text = "6月12日，全市大走访活动现场会暨“创文”“创卫”推进会召开，观摩先进典型，通报工作成效。"
    paragraph = justify([Run(text)], fixed_measure(), WIDTH - 2 * PITCH, WIDTH, PITCH - EM)
    first = paragraph.lines[0]
    assert first.text.startswith("6月12日") and first.width_mm == pytest.approx(WIDTH - 2 * PITCH)


def test_a_line_never_starts_with_closing_punctuation():
    text = "一" * 28 + "，" + "二" * 10
    lines = justify([Run(text)], fixed_measure(), WIDTH, WIDTH, PITCH - EM).lines
    assert all(line.text[0] != "，" for line in lines)
    assert lines[0].text == "一" * 27 and lines[1].text.startswith("一，")


def test_runs_keep_their_styles_across_lines():
    runs = [Run("标题" * 10 + "。", "hei", "run-in"), Run("正文" * 20)]
    paragraph = justify(runs, fixed_measure(), WIDTH, WIDTH, PITCH - EM)
    styles = [(segment.css, segment.text) for line in paragraph.lines for segment in line.segments]
    assert "".join(text for css, text in styles if css == "run-in") == "标题" * 10 + "。"


def test_titles_break_between_phrases_into_even_lines():
    measure = fixed_measure(22 * 25.4 / 72)
    title = "市创文办举办创建全国文明城市“大排查、大整治、大提升”培训会"
    assert balance([Run(title)], measure, WIDTH) == ["市创文办举办创建全国文明城市", "“大排查、大整治、大提升”培训会"]
    assert balance([Run("短标题")], measure, WIDTH) == ["短标题"]


def test_body_markup():
    blocks = parse_body("一、总体要求。正文**重点**内容\n第二行\n\n（二）工作安排\n\n<b>原样</b> ![图](http://x/y.png) # 不是标题")
    first, second, third = blocks
    assert first.kind == "h1" and first.runs[0].text == "一、总体要求。" and first.runs[0].role == "hei"
    assert [r.text for r in first.runs if r.css == "strong"] == ["重点"]
    assert "".join(r.text for r in first.runs) == "一、总体要求。正文重点内容第二行"
    assert second.kind == "h2" and second.runs[0].role == "kai"
    assert third.runs[0].text == "<b>原样</b> ![图](http://x/y.png) # 不是标题"


def test_lists():
    blocks = parse_body("1. 第一项\n2. 第二项\n\n- 甲\n- 乙")
    assert ["".join(r.text for r in b.runs) for b in blocks] == ["1.第一项", "2.第二项", "•甲", "•乙"]


def test_a_second_layout_beside_the_bulletin_is_found(tmp_path):
    shutil.copytree(layouts_dir() / "jianbao", tmp_path / "layouts" / "plain")
    layout = find_layout("plain", tmp_path)
    assert layout.folder == tmp_path / "layouts" / "plain"
    assert find_layout("jianbao", tmp_path).folder == layouts_dir() / "jianbao"


def test_an_unknown_layout_is_a_clear_error(tmp_path):
    with pytest.raises(ContentError, match="找不到版式「nope」.*jianbao"):
        find_layout("nope", tmp_path)


def test_letters_never_drift_apart_far_enough_to_read_as_words():
    measure = fixed_measure()
    url = "http://127.0.0.1:8000/a/very/long/path/that/cannot/be/broken"
    lines = justify([Run("通知见 " + url + " 网址")], measure, WIDTH, WIDTH, PITCH - EM).lines
    first = lines[0]
    assert first.text == "通知见" and first.word_spacing_mm == 0
    assert first.spacing_mm <= PITCH - EM + 0.075 * EM + 1e-9  # left ragged rather than spread


def test_lines_with_spaces_are_justified_at_the_spaces():
    measure = fixed_measure()
    words = " ".join(["abcdefghijklmnopqrst"] * 6)  # two 56 mm words a line: 41 mm to spread
    line = justify([Run(words)], measure, WIDTH, WIDTH, PITCH - EM).lines[0]
    assert line.word_spacing_mm > 0 and line.width_mm == pytest.approx(WIDTH)
    assert line.spacing_mm == pytest.approx(PITCH - EM)
