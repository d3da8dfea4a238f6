"""`bulletin import`: back issues as text or .docx → issue YAML, checked against hand-made files,
the real content model, the real builder and poppler's pdftotext."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from bulletin_print.deliver.build import Builder
from bulletin_print.deliver.importer import Importer, parse_file
from bulletin_print.deliver.importer.dates import chinese_number, find_date
from bulletin_print.deliver.importer.lines import clean, make_line
from bulletin_print.deliver.importer.record import split_units
from bulletin_print.deliver.importer.text import parse_lines
from bulletin_print.deliver.importer.writer import scalar
from bulletin_print.model import load_issue

from conftest import SAMPLE_ISSUE, run_cli

DATA = Path(__file__).parent / "data" / "import"
SAMPLE = DATA / "zhoukou-wenming-2023-17.txt"
TEXTS = ["zhoukou-wenming-2023-17", "chuanhui-2023-tekan-02", "xiangcheng-2023-08"]
TARGETS = {"zhoukou-wenming-2023-17": "2023/017.yaml", "chuanhui-2023-tekan-02": "2023/tekan-002.yaml",
           "xiangcheng-2023-08": "2023/008.yaml"}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdftotext(pdf: Path) -> str:
    """The PDF's text as poppler extracts it, without the page numbers (— 2 —) between pages."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return re.sub(r"—\s*\d+\s*—", "", text)


def import_into(folder: Path, *sources: Path, **options) -> list:
    importer = Importer(folder, **options)
    results = [importer.run(source) for source in sources]
    for result in results:
        assert result.ok, [str(error) for error in result.errors]
    return results


def parse_text(text: str):
    lines = [make_line(number, line) for number, line in enumerate(text.splitlines(), 1)]
    return parse_lines(lines, Path("test.txt"))


def article_fields(path: Path) -> tuple:
    issue = load_issue(path)
    return (issue.number, issue.date, [
        (section.title, section.style, [(a.title, a.contents_title, a.body) for a in section.articles])
        for section in issue.sections])


# -- the sample: round trip -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def imported_sample(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("imported")
    import_into(folder, SAMPLE)
    return folder / "2023" / "017.yaml"


def test_sample_equals_the_hand_made_issue(imported_sample):
    """issue, date, sections, styles, titles, contents titles and bodies, all equal."""
    assert article_fields(imported_sample) == article_fields(SAMPLE_ISSUE)


@pytest.fixture(scope="module")
def imported_sample_pdf(imported_sample, tmp_path_factory) -> Path:
    result = Builder(tmp_path_factory.mktemp("pdf")).build(imported_sample)
    assert result.ok, [str(error) for error in result.errors]
    return result.output


def test_sample_builds_to_a_pdf_holding_every_paragraph(imported_sample_pdf):
    text = squeeze(pdftotext(imported_sample_pdf))
    lines = [squeeze(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    missing = [line for line in lines if line and line not in text]
    assert not missing


def test_text_extracted_line_by_line_is_flagged(imported_sample_pdf, tmp_path):
    """pdftotext gives one line per printed line, not per paragraph: the report says so."""
    wrapped = tmp_path / "wrapped.txt"
    subprocess.run(["pdftotext", "-enc", "UTF-8", str(imported_sample_pdf), str(wrapped)], check=True)
    parsed, _, _ = parse_file(wrapped)
    assert any("逐行提取" in finding.message for finding in parsed.findings)
    sample, _, _ = parse_file(SAMPLE)
    assert not any("逐行提取" in finding.message for finding in sample.findings)


def test_sample_copy_is_the_shared_sample():
    shared = Path(__file__).resolve().parents[2] / "shared" / "samples" / SAMPLE.name
    if not shared.is_file():
        pytest.skip("../shared is not here")
    assert SAMPLE.read_bytes() == shared.read_bytes()


def test_sample_into_the_real_bulletin_uses_its_bulletin_yaml(bulletin_copy):
    bulletin = (bulletin_copy / "bulletin.yaml").read_bytes()
    (bulletin_copy / "2023" / "017.yaml").unlink()
    [result] = import_into(bulletin_copy, SAMPLE)
    assert result.bulletin_created is None
    assert (bulletin_copy / "bulletin.yaml").read_bytes() == bulletin
    written = (bulletin_copy / "2023" / "017.yaml").read_text(encoding="utf-8")
    assert written == (DATA / "zhoukou-wenming-2023-17.expected.yaml").read_text(encoding="utf-8")
    assert article_fields(bulletin_copy / "2023" / "017.yaml") == article_fields(SAMPLE_ISSUE)


# -- back issues in other styles: each against its expected YAML ------------------------------------

@pytest.mark.parametrize("name", TEXTS)
def test_text_imports_to_its_expected_yaml(name, tmp_path):
    [result] = import_into(tmp_path, DATA / f"{name}.txt")
    assert result.target == tmp_path / TARGETS[name]
    assert result.target.read_text(encoding="utf-8") == (DATA / f"{name}.expected.yaml").read_text(encoding="utf-8")
    assert (tmp_path / "bulletin.yaml").read_text(encoding="utf-8") == \
        (DATA / f"{name}.bulletin.expected.yaml").read_text(encoding="utf-8")
    load_issue(result.target)


def test_a_folder_of_back_issues_imports_in_one_call(tmp_path):
    """bulletin.yaml comes from the first issue; the second keeps what it prints differently."""
    done = run_cli("import", DATA / "huaiyang", "-o", tmp_path)
    assert done.returncode == 0, done.stderr
    folder = DATA / "huaiyang"
    for written, expected in (("bulletin.yaml", "bulletin.expected.yaml"),
                              ("2023/005.yaml", "huaiyang-2023-05.expected.yaml"),
                              ("2023/006.yaml", "huaiyang-2023-06.expected.yaml")):
        assert (tmp_path / written).read_text(encoding="utf-8") == (folder / expected).read_text(encoding="utf-8")
    sixth = load_issue(tmp_path / "2023" / "006.yaml")
    assert (sixth.copies, sixth.content.copies, sixth.marks) == (150, 150, ["内部资料", "注意保存"])
    assert load_issue(tmp_path / "2023" / "005.yaml").copies == 120


def test_styles_are_recognised():
    """What each text is there to show, read back from the expected files."""
    def load(name):
        return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    fifth, bulletin = load("huaiyang/huaiyang-2023-05.expected.yaml"), load("huaiyang/bulletin.expected.yaml")
    assert (fifth["total"], fifth["extra"], bulletin["copies"]) == (23, ["区融媒体中心"], 120)
    assert bulletin["marks"] == ["内部资料", "注意保存"]
    assert bulletin["masthead"] == {"title": "淮阳区创建文明城市工作", "subtitle": "简报"}
    assert bulletin["distribution"]["报"] == ["市文明办", "区委、区人大、区政府、区政协领导"]
    assert [s["style"] if "style" in s else "full" for s in fifth["sections"]] == ["full", "brief"]
    special, bulletin = load("chuanhui-2023-tekan-02.expected.yaml"), load("chuanhui-2023-tekan-02.bulletin.expected.yaml")
    assert (special["kind"], special["contents"], bulletin["date_style"]) == ("特刊", False, "chinese")
    assert special["editor_note"].startswith("为深入推进")
    assert special["sections"][0]["articles"][1]["title"] == "坚持党建引领 凝聚创建合力——小桥办事处创建工作纪实"
    assert special["sections"][0]["articles"][0]["source"] == "（七一路办事处供稿）"
    eighth, bulletin = load("xiangcheng-2023-08.expected.yaml"), load("xiangcheng-2023-08.bulletin.expected.yaml")
    assert bulletin["distribution"]["发"] == ["各乡镇（街道）文明办", "市直各文明单位"]
    assert eighth["sections"][1]["articles"][0]["contents_title"] == "“学雷锋”志愿服务月活动启动"


@pytest.mark.parametrize("name", [*TEXTS, "huaiyang/huaiyang-2023-05", "huaiyang/huaiyang-2023-06"])
def test_no_line_is_dropped_silently(name, tmp_path):
    """Every word of every line is in the YAML written, or its line is in the report."""
    source = DATA / f"{name}.txt"
    [result] = import_into(tmp_path, source)
    written = squeeze(result.target.read_text(encoding="utf-8") + (tmp_path / "bulletin.yaml").read_text(encoding="utf-8"))
    reported = {number for finding in result.findings for number in finding.lines}
    framing = r"编印单位|编印|本期目录|本期要目|编者按|本期增发|共印|第\d+期|总第\d+期|\d{4}年"
    lost = []
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        text = clean(line)
        if not text or number in reported or find_date(text):
            continue
        words = re.split(r"[\s【】：。，、（）…—◆\d]+", re.sub(framing, "。", text))
        lost += [(number, word) for word in words if len(word) > 1 and word not in written]
    assert not lost


# -- Word ------------------------------------------------------------------------------------------

def build_docx(path: Path) -> Path:
    """A back issue as the office keeps it in Word: centred masthead, tab before the date,
    contents with 【】, full and brief sections, the 版记 in a table."""
    document = Document()

    def paragraph(text: str = "", centred: bool = False):
        made = document.add_paragraph(text)
        if centred:
            made.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return made

    paragraph("内部资料　注意保存")
    paragraph("鹿邑县精神文明建设", centred=True)
    paragraph("简　报", centred=True)
    paragraph("第12期（总第45期）", centred=True)
    paragraph("鹿邑县文明办\t\t\t\t2023年9月1日")
    paragraph()
    paragraph("本期目录", centred=True)
    for line in ("【工作动态】", "鹿邑县召开新时代文明实践工作推进会", "【文明实践】",
                 "太清宫镇开展“移风易俗”宣传活动", "玄武镇举办“好媳妇好婆婆”评选"):
        paragraph(line)
    paragraph()
    paragraph("【工作动态】")
    paragraph("鹿邑县召开新时代文明实践工作推进会", centred=True)
    paragraph("8月30日，鹿邑县召开新时代文明实践工作推进会，总结工作成效，部署下一阶段任务。")
    paragraph("会上，与会人员观看了新时代文明实践工作专题片")  # no full stop: still its own paragraph
    paragraph("全体参会人员还实地观摩了县新时代文明实践中心和部分实践所（站）。")
    runs = paragraph("会议要求，要")
    runs.add_run("坚持")
    runs.add_run("群众需求导向，").bold = True
    runs.add_run("推动文明实践活动常态化开展。")
    paragraph("【文明实践】")
    paragraph("太清宫镇开展“移风易俗”宣传活动。8月25日，太清宫镇组织志愿者走村入户，宣传婚事新办、丧事简办。")
    paragraph("玄武镇举办“好媳妇好婆婆”评选。近日，玄武镇评选出“好媳妇”“好婆婆”各20名，弘扬尊老爱幼传统美德。")
    paragraph()
    table = document.add_table(rows=3, cols=1)
    table.cell(0, 0).text = "报：市文明办。"
    table.cell(1, 0).text = "送：县文明委各成员单位。"
    table.cell(2, 0).text = "发：各乡镇文明办，县直各单位。　　（共印 80 份）"
    document.save(path)
    return path


def test_docx_imports_to_its_expected_yaml(tmp_path):
    source = build_docx(tmp_path / "luyi-2023-12.docx")
    out = tmp_path / "out"
    [result] = import_into(out, source)
    assert result.unit == "段"
    assert (out / "2023" / "012.yaml").read_text(encoding="utf-8") == \
        (DATA / "luyi-2023-12.expected.yaml").read_text(encoding="utf-8")
    assert (out / "bulletin.yaml").read_text(encoding="utf-8") == \
        (DATA / "luyi-2023-12.bulletin.expected.yaml").read_text(encoding="utf-8")
    issue = load_issue(out / "2023" / "012.yaml")
    assert len(issue.sections[0].articles[0].body.split("\n\n")) == 4
    assert issue.copies == 80 and issue.marks == ["内部资料", "注意保存"]


def test_docx_builds(tmp_path):
    out = tmp_path / "out"
    import_into(out, build_docx(tmp_path / "luyi-2023-12.docx"))
    result = Builder(tmp_path / "pdf").build(out / "2023" / "012.yaml")
    assert result.ok, [str(error) for error in result.errors]
    text = squeeze(pdftotext(result.output))
    assert "玄武镇举办“好媳妇好婆婆”评选。近日" in text and "（共印80份）" in text


# -- the command -----------------------------------------------------------------------------------

def test_check_prints_the_report_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    done = run_cli("import", "--check", DATA / "xiangcheng-2023-08.txt", "-o", out)
    assert done.returncode == 0, done.stderr
    assert "未能归入：第 42 行：版记中无法识别的文字：“责任编辑：李某某”" in done.stdout
    assert "第 23、27 行：一段文字被分页断开，已合为一段" in done.stdout
    assert "没有写入任何文件" in done.stdout
    assert not out.exists()


def test_sample_report_names_the_rejoined_lines(tmp_path):
    done = run_cli("import", SAMPLE, "-o", tmp_path)
    assert done.returncode == 0, done.stderr
    for lines in ("35、37", "45、47", "61、63"):
        assert f"第 {lines} 行：一段文字被分页断开，已合为一段" in done.stdout
    assert "第 49 行：段末没有句末标点" in done.stdout


def test_unplaced_lines_head_the_issue_file(tmp_path):
    [result] = import_into(tmp_path, DATA / "xiangcheng-2023-08.txt")
    head = result.target.read_text(encoding="utf-8").split("\n\n")[0]
    assert "#   第 42 行：版记中无法识别的文字：“责任编辑：李某某”" in head


@pytest.mark.parametrize("name, content, message", [
    ("missing.txt", None, "找不到这个文件或文件夹"),
    ("binary.txt", b"\x00\x01\x02PK", "这不是文本文件"),
    ("notes.txt", "今天开会。\n明天放假。\n".encode(), "这不像是一期简报"),
    ("broken.docx", b"not a zip file", "无法打开这个 Word 文件"),
    ("old.doc", b"\xd0\xcf\x11\xe0", "另存为” .docx"),
    ("bad-date.txt", "某某简报\n第 1 期\n某某办\n2023年2月30日\n【动态】\n标题\n正文。\n".encode(), "不存在"),
    ("empty.txt", b"", "文件是空的"),
])
def test_bad_input_gets_a_chinese_message_and_status_2(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    done = run_cli("import", path, "-o", tmp_path / "out")
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert not (tmp_path / "out").exists()


def test_one_bad_file_in_a_batch_gives_status_1(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("会议纪要\n", encoding="utf-8")
    done = run_cli("import", bad, SAMPLE, "-o", tmp_path / "out")
    assert done.returncode == 1
    assert (tmp_path / "out" / "2023" / "017.yaml").is_file()


def test_existing_issue_is_kept_unless_forced(tmp_path):
    target = tmp_path / "2023" / "017.yaml"
    target.parent.mkdir()
    target.write_text("# 手工改过的\n", encoding="utf-8")
    done = run_cli("import", SAMPLE, "-o", tmp_path)
    assert done.returncode == 2 and "已存在" in done.stderr and "--force" in done.stderr
    assert target.read_text(encoding="utf-8") == "# 手工改过的\n"
    done = run_cli("import", "--force", SAMPLE, "-o", tmp_path)
    assert done.returncode == 0, done.stderr
    load_issue(target)


def test_same_issue_twice_in_one_call_fails_the_second(tmp_path):
    copy = tmp_path / "again.txt"
    shutil.copy(SAMPLE, copy)
    done = run_cli("import", SAMPLE, copy, "-o", tmp_path / "out")
    assert done.returncode == 1
    assert "是同一期" in done.stderr


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_gb18030_and_bom_text_read_alike(tmp_path, encoding):
    source = tmp_path / "in" / SAMPLE.name
    source.parent.mkdir()
    source.write_bytes(SAMPLE.read_text(encoding="utf-8").encode(encoding))
    [result] = import_into(tmp_path / "out", source)
    assert result.target.read_text(encoding="utf-8") == \
        (DATA / "zhoukou-wenming-2023-17.expected.yaml").read_text(encoding="utf-8")
    assert bool(result.warnings) == (encoding == "gb18030")


# -- the pieces ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, iso, style", [
    ("2023 年 6 月 20 日", "2023-06-20", "arabic"),
    ("2023年6月20日", "2023-06-20", "arabic"),
    ("2023.6.20", "2023-06-20", "arabic"),
    ("２０２３．６．２０", "2023-06-20", "arabic"),
    ("2023-06-20", "2023-06-20", "arabic"),
    ("二〇二三年六月二十日", "2023-06-20", "chinese"),
    ("二○二三年十二月三十一日", "2023-12-31", "chinese"),
    ("周口市文明办编印    2023.7.3", "2023-07-03", "arabic"),
])
def test_dates(text, iso, style):
    found = find_date(text)
    assert (found.value.isoformat(), found.style) == (iso, style)


def test_impossible_date_and_numbers():
    assert find_date("2023年2月30日").value is None
    assert find_date("第 17 期") is None
    assert [chinese_number(n) for n in ("七", "十", "十七", "二十", "三十一", "一百零五", "二〇二三")] == \
        [7, 10, 17, 20, 31, 105, 2023]


@pytest.mark.parametrize("raw, cleaned", [
    ("2023 年 6 月 20 日", "2023年6月20日"),
    ("周 口 精 神 文 明 建 设", "周口精神文明建设"),
    ("简    报", "简报"),
    ("“雷锋精神代代传 文明实践惠港城”2023 年全市", "“雷锋精神代代传 文明实践惠港城”2023年全市"),
    ("我市开展“6·14 信用记录关爱日”", "我市开展“6·14信用记录关爱日”"),
    ("　　会议指出 ，要 “ 创文 ”", "会议指出，要“创文”"),
    ("使用 WPS Office 软件", "使用WPS Office软件"),
])
def test_extraction_spaces(raw, cleaned):
    assert clean(raw) == cleaned


def test_units_split_on_commas_then_enumeration_commas():
    assert split_units("省文明办，市委、市人大、市政府、市政协领导。") == ["省文明办", "市委、市人大、市政府、市政协领导"]
    assert split_units("省文明办、市文明委各成员单位。") == ["省文明办", "市文明委各成员单位"]
    assert split_units("各县（市、区）文明办、市直各文明单位") == ["各县（市、区）文明办", "市直各文明单位"]


@pytest.mark.parametrize("value", ["全市大走访活动现场会", "2023-06-20", "true", "123", "a: b", "#1 号",
                                   "[重要]", "* 注意", "“创文”开头", "no # comment", "- 列表"])
def test_scalars_read_back_unchanged(value):
    assert yaml.safe_load(f"key: {scalar(value)}") == {"key": value}


HEADER = "{marks}周口精神文明建设\n简报\n{number}\n{publisher}\n【工作动态】\n全市召开推进会\n6月12日，全市召开推进会。\n"


@pytest.mark.parametrize("number, publisher, expected", [
    ("第 17 期", "周口市文明办\n2023 年 6 月 20 日", (17, None, None, "周口市文明办")),
    ("第十七期（总第八十六期）", "周口市文明办编印  2023年6月20日", (17, 86, None, "周口市文明办")),
    ("增刊第 1 期", "2023年6月20日\n周口市文明办", (1, None, "增刊", "周口市文明办")),
    ("第 2 期\n（总第 9 期）", "编印单位：周口市文明办 2023.6.20", (2, 9, None, "周口市文明办")),
])
def test_header_variants(number, publisher, expected):
    parsed = parse_text(HEADER.format(marks="内部资料 注意保存\n", number=number, publisher=publisher))
    assert (parsed.issue, parsed.total, parsed.kind, parsed.publisher) == expected
    assert parsed.date.isoformat() == "2023-06-20"
    assert parsed.marks == ["内部资料", "注意保存"]
    assert parsed.sections[0].articles[0].title == "全市召开推进会"
    assert not parsed.unplaced


def test_page_breaks_are_rejoined_only_where_the_text_runs_on():
    body = "\n".join([
        "要推动创建工作向基层延伸，", "— 3 —", "调动基层群众参与的积极性。",
        "展出了在九江大桥拦车救人", "的“感动中国人物”王文田。",
        "会议指出，今年是我市决战决胜的", "关键一年。",
        "会议强调，对照周边城市的创建水平，对照群众生活需求，必须推动创文业务大提高", "会议要求，要聚焦标准。",
        "一、统一思想", "各单位要提高认识。",
    ])
    parsed = parse_text(HEADER.format(marks="", number="第 1 期", publisher="周口市文明办 2023年6月20日")
                        .replace("6月12日，全市召开推进会。", body))
    assert parsed.sections[0].articles[0].paragraphs == [
        "要推动创建工作向基层延伸，调动基层群众参与的积极性。",
        "展出了在九江大桥拦车救人的“感动中国人物”王文田。",
        "会议指出，今年是我市决战决胜的关键一年。",
        "会议强调，对照周边城市的创建水平，对照群众生活需求，必须推动创文业务大提高",
        "会议要求，要聚焦标准。",
        "一、统一思想",
        "各单位要提高认识。",
    ]
    assert any("段末没有句末标点" in finding.message for finding in parsed.findings)


def test_parse_file_reads_docx_and_text_alike(tmp_path):
    parsed, _, unit = parse_file(build_docx(tmp_path / "a.docx"))
    assert (parsed.issue, unit, parsed.masthead.title, parsed.masthead.subtitle) == (12, "段", "鹿邑县精神文明建设", "简报")


TEXT_BOX = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
  xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>
  <mc:Choice Requires="wps"><wps:txbx><w:txbxContent>
    <w:p><w:r><w:t>{first}</w:t></w:r></w:p><w:p><w:r><w:t>{second}</w:t></w:r></w:p>
  </w:txbxContent></wps:txbx></mc:Choice>
  <mc:Fallback><v:textbox><w:txbxContent>
    <w:p><w:r><w:t>{first}</w:t></w:r></w:p><w:p><w:r><w:t>{second}</w:t></w:r></w:p>
  </w:txbxContent></v:textbox></mc:Fallback>
</mc:AlternateContent></w:r>"""


def test_docx_masthead_in_a_text_box_is_read_once(tmp_path):
    """Word templates often put the masthead in a text box; WPS writes it twice (Choice, Fallback)."""
    from docx.oxml import parse_xml
    source = build_docx(tmp_path / "box.docx")
    document = Document(source)
    first = document.paragraphs[1]
    for paragraph in document.paragraphs[1:3]:
        paragraph.text = ""
    first._p.append(parse_xml(TEXT_BOX.format(first="鹿邑县精神文明建设", second="简　报")))
    document.save(source)
    parsed, _, _ = parse_file(source)
    assert (parsed.masthead.title, parsed.masthead.subtitle) == ("鹿邑县精神文明建设", "简报")
    assert not parsed.unplaced


def test_an_issue_without_sections_gets_one_to_rename():
    parsed = parse_text("周口精神文明建设简报\n第 3 期\n周口市文明办\n2023年3月1日\n"
                        "全市召开推进会\n3月1日，全市召开推进会。\n会议要求，抓好落实。\n")
    assert [(s.title, [a.title for a in s.articles]) for s in parsed.sections] == [("本期内容", ["全市召开推进会"])]
    assert parsed.contents is False
    assert any("已暂定为“本期内容”" in finding.message for finding in parsed.findings)
    assert not parsed.unplaced
