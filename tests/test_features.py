"""Every part of the official look, on a bulletin that uses all of the content format."""

import shutil
import subprocess

import pdfplumber
import pytest
from PIL import Image

from bulletin_print.deliver.build import Builder
from bulletin_print.paths import layouts_dir

from conftest import run_cli

MM = 25.4 / 72

BULLETIN = """\
name: 测试简报
masthead: {title: 测试精神文明建设, subtitle: 简报}
publisher: 测试市文明办
date_style: chinese
marks: [内部资料]
distribution:
  报: [省文明办]
  发: [各县（市、区）文明办, 市直各单位]
copies: 120
"""

ISSUE = """\
issue: 1
total: 86
kind: 增刊
date: 2023-06-20
editor_note: 本期刊发创建工作的新进展，供参考。
extra: [市档案馆]
sections:
  - title: 工作动态
    articles:
      - title: 全面推进创建工作
        source: （市文明办供稿）
        images:
          - file: photo.png
            caption: 活动现场
        body: |
          一、总体要求。各地要**高度重视**，抓好落实。

          （一）明确责任。层层压实工作责任。

          1. 第一项工作

          人名用字堃在此。
  - title: 文明时讯
    style: brief
    articles:
      - title: 某县召开推进会
        body: 6月15日，某县召开推进会。
"""


@pytest.fixture
def bulletin(tmp_path):
    folder = tmp_path / "test-bulletin"
    (folder / "2023").mkdir(parents=True)
    (folder / "bulletin.yaml").write_text(BULLETIN, encoding="utf-8")
    (folder / "2023" / "s01.yaml").write_text(ISSUE, encoding="utf-8")
    Image.new("RGB", (400, 300), (200, 30, 30)).save(folder / "2023" / "photo.png")
    return folder


@pytest.fixture
def built(bulletin, tmp_path):
    done = run_cli("build", bulletin, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    (pdf,) = (tmp_path / "out").glob("*.pdf")
    return pdf, done


def text_of(pdf) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_file_name_follows_the_kind(built):
    pdf, _ = built
    assert pdf.name == "测试简报-2023年增刊第1期.pdf"


def test_masthead_numbering_and_chinese_date(built):
    text = text_of(built[0]).replace(" ", "")
    assert "增刊第1期（总第86期）" in text
    assert "二〇二三年六月二十日" in text


def test_editor_note_byline_and_record(built):
    text = text_of(built[0]).replace("\n", "").replace(" ", "")
    assert "编者按：本期刊发创建工作的新进展，供参考。" in text
    assert "（市文明办供稿）" in text
    assert "发：各县（市、区）文明办，市直各单位。" in text
    assert "本期增发：市档案馆。" in text
    assert "（共印120份）" in text


def test_subheadings_use_their_fonts(built):
    with pdfplumber.open(built[0]) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    fonts = {}
    for char in chars:
        fonts.setdefault(char["text"], set()).add(char["fontname"].split("+")[-1])
    assert fonts["体"] == {"FandolHei"}  # 一、总体要求。 in 黑体
    assert fonts["确"] == {"FandolKai"}  # （一）明确责任。 in 楷体
    assert fonts["层"] == {"FandolFang"}
    assert fonts["视"] == {"FandolHei"}  # **高度重视**


def test_image_and_caption(built):
    with pdfplumber.open(built[0]) as pdf:
        images = [image for page in pdf.pages for image in page.images]
    assert len(images) == 1
    width = (images[0]["x1"] - images[0]["x0"]) * MM
    assert width == pytest.approx(120, abs=0.5)
    assert "活动现场" in text_of(built[0])


def test_missing_glyph_is_reported_with_its_place(built):
    pdf, done = built
    assert "「堃」（U+5803）" in done.stderr and "FandolFang" in done.stderr
    assert "s01.yaml" in done.stderr and "sections[0].articles[0].body" in done.stderr
    assert "Noto Serif CJK SC" in done.stderr
    with pdfplumber.open(pdf) as document:
        fonts = {c["fontname"].split("+")[-1] for page in document.pages for c in page.chars if c["text"] == "堃"}
    assert fonts == {"Noto-Serif-CJK-SC"}


def test_a_character_no_font_has_is_still_in_the_text(bulletin, tmp_path):
    issue = bulletin / "2023" / "s01.yaml"
    issue.write_text(issue.read_text(encoding="utf-8").replace("堃", "𠀀"), encoding="utf-8")
    result = Builder(tmp_path / "none").build(issue)
    assert result.ok
    assert any("𠀀" in str(w) and "备用字体也没有" in str(w) for w in result.warnings)
    assert "人名用字𠀀在此。" in text_of(result.output).replace("\n", "")


def test_harfbuzz_subsetter_is_used(bulletin, tmp_path, monkeypatch):
    from bulletin_print.render.weasy import weasyprint

    weasy = weasyprint()
    assert weasy.text.ffi.harfbuzz_subset is not None

    def no_fonttools(*args, **kwargs):
        raise AssertionError("fontTools subsetting was used")

    monkeypatch.setattr(weasy.pdf.fonts.subset, "Subsetter", no_fonttools)
    result = Builder(tmp_path / "hb").build(bulletin / "2023" / "s01.yaml")
    assert result.ok and result.output.stat().st_size > 10_000


def test_a_second_layout_is_used_when_named(bulletin, tmp_path):
    plain = bulletin / "layouts" / "plain"
    shutil.copytree(layouts_dir() / "jianbao", plain)
    params = plain / "layout.yaml"
    params.write_text(params.read_text(encoding="utf-8").replace(
        "red: device-cmyk(0 0.8 0.8 0)", "red: device-cmyk(0 1 1 0)"), encoding="utf-8")
    config = bulletin / "bulletin.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "layout: plain\n", encoding="utf-8")
    result = Builder(tmp_path / "plain").build(bulletin / "2023" / "s01.yaml")
    assert result.ok, result.errors
    with pdfplumber.open(result.output) as pdf:
        colours = {r["non_stroking_color"] for r in pdf.pages[0].rects}
    assert (0.0, 1.0, 1.0, 0.0) in colours


def test_masthead_too_wide_is_shrunk_into_the_text_block(bulletin, tmp_path):
    config = bulletin / "bulletin.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "title: 测试精神文明建设", "title: 某某市某某区精神文明建设委员会办公室"), encoding="utf-8")
    result = Builder(tmp_path / "wide").build(bulletin / "2023" / "s01.yaml")
    with pdfplumber.open(result.output) as pdf:
        masthead = [c for c in pdf.pages[0].chars if c["non_stroking_color"] == (0.0, 0.8, 0.8, 0.0)]
    assert min(c["x0"] for c in masthead) * MM >= 28 - 0.01
    assert max(c["x1"] for c in masthead) * MM <= 184 + 0.01
