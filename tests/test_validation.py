"""Strict validation of content files: every mistake gets a Chinese message with file, line and key.

The bad-input corpus lives in tests/bad/ with its expected messages in tests/bad/expected.yaml;
one parametrized test drives it through the model and through the real CLI (exit 2, no PDF).
"""

import re
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bulletin_print.cli import app
from bulletin_print.diagnostics import ContentError, Diagnostic
from bulletin_print.model import load_issue
from bulletin_print.model.source import MAX_BYTES, read_yaml
from bulletin_print.model.units import load_units

BAD = Path(__file__).parent / "bad"
EXPECTED = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
GOOD_BULLETIN = """name: 测试简报
masthead:
  title: 测试简报
publisher: 测试办
"""
GOOD_ISSUE = """issue: 1
date: 2023-06-20
sections:
  - title: 工作动态
    articles:
      - title: 标题
        body: 正文。
"""


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def problems_of(path: Path) -> list[Diagnostic]:
    with pytest.raises(ContentError) as caught:
        load_issue(path)
    return caught.value.diagnostics


def bulletin(tmp_path: Path, issue: str = GOOD_ISSUE, settings: str = GOOD_BULLETIN, encoding="utf-8") -> Path:
    (tmp_path / "bulletin.yaml").write_text(settings, encoding="utf-8")
    target = tmp_path / "1.yaml"
    target.write_bytes(issue.encode(encoding))
    return target


def test_the_corpus_is_large_and_complete():
    files = {str(p.relative_to(BAD)) for p in BAD.rglob("*.yaml")} - {"expected.yaml"}
    files = {f for f in files if Path(f).name != "bulletin.yaml"}
    assert len(EXPECTED) >= 30
    assert files == set(EXPECTED), "every bad file needs a row in expected.yaml, and every row a file"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_is_refused_with_its_message_and_line(name, tmp_path):
    expected = EXPECTED[name]
    path = BAD / name
    found = problems_of(path)
    wanted_file = (BAD / expected.get("file", name)).resolve()
    matching = [d for d in found if expected["message"] in d.message and Path(d.file).resolve() == wanted_file]
    assert matching, f"no diagnostic with 「{expected['message']}」 in {wanted_file.name}: {[str(d) for d in found]}"
    assert matching[0].line == expected["line"], str(matching[0])

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert squeeze(expected["message"].split("「")[0]) in squeeze(result.output)  # rich wraps long lines
    assert not out.exists() or not any(out.iterdir()), "nothing may be written, not even a temporary file"


@pytest.mark.parametrize("name", ["tab.yaml", "garbage.yaml", "image-not-image.yaml", "bulletin-missing-name/1.yaml"])
def test_check_refuses_bad_input_with_exit_2(name):
    result = CliRunner().invoke(app, ["check", str(BAD / name)])
    assert result.exit_code == 2, result.output
    assert "✗" in result.output


def test_all_errors_of_both_files_are_reported_at_once(tmp_path):
    settings = "name: 测试简报\nmasthead:\n  title: 测试\npublisher: 测试办\ncopies: 零\n"
    issue = GOOD_ISSUE.replace("issue: 1", "issue: 十七\nkind: 副刊").replace("date: 2023-06-20", "date: 2023-02-30")
    issue += "        images:\n          - file: 不存在.jpg\n"
    found = problems_of(bulletin(tmp_path, issue, settings))
    messages = " ".join(d.message for d in found)
    for fragment in ("应为正整数", "只能是「增刊」或「特刊」", "只有 28 天", "找不到图片文件"):
        assert fragment in messages
    assert any(d.file.name == "bulletin.yaml" and d.key == "copies" for d in found)
    lines = [d.line for d in found if d.file.name == "1.yaml"]
    assert lines == sorted(lines), "in file order"


def test_nested_key_paths_and_did_you_mean(tmp_path):
    found = problems_of(bulletin(tmp_path, GOOD_ISSUE.replace("body: 正文。", "body: 正文。\n        titel: 多余")))
    assert found[0].key == "sections[0].articles[0].titel"
    assert "是不是想写「title」" in found[0].message
    assert (found[0].line, found[0].column) == (8, 16)


def test_syntax_errors_name_the_column(tmp_path):
    found = problems_of(BAD / "tab.yaml")
    assert (found[0].line, found[0].column) == (4, 1)
    assert "第 4 行第 1 列" in str(found[0])


def test_issue_with_leading_zero_means_decimal(tmp_path):
    issue = load_issue(bulletin(tmp_path, GOOD_ISSUE.replace("issue: 1", "issue: 017\ntotal: 086")))
    assert (issue.number, issue.content.total) == (17, 86)


def test_dates_without_leading_zeros_are_accepted(tmp_path):
    issue = load_issue(bulletin(tmp_path, GOOD_ISSUE.replace("2023-06-20", "2023-6-2")))
    assert issue.date.isoformat() == "2023-06-02"


def test_utf8_with_bom_is_read_silently(tmp_path):
    path = bulletin(tmp_path, "\ufeff" + GOOD_ISSUE)
    assert load_issue(path).warnings == []


def test_gbk_is_read_correctly_with_a_warning(tmp_path):
    path = bulletin(tmp_path, GOOD_ISSUE.replace("标题", "关于开展创建文明城市工作的通知"), encoding="gbk")
    issue = load_issue(path)
    assert issue.sections[0].articles[0].title == "关于开展创建文明城市工作的通知"
    assert [w.code for w in issue.warnings] == ["encoding"]
    assert "GB18030/GBK" in issue.warnings[0].message and "UTF-8" in issue.warnings[0].message


def test_utf16_from_notepad_is_read_with_a_warning(tmp_path):
    issue = load_issue(bulletin(tmp_path, GOOD_ISSUE, encoding="utf-16"))
    assert issue.sections[0].title == "工作动态"
    assert "UTF-16" in issue.warnings[0].message


def test_a_huge_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("body: " + "字" * (MAX_BYTES // 3 + 10), encoding="utf-8")
    with pytest.raises(ContentError, match="文件过大"):
        read_yaml(path)


def test_alias_bomb_is_refused_quickly():
    started = time.perf_counter()
    with pytest.raises(ContentError, match="展开后内容过多"):
        read_yaml(BAD / "alias-bomb.yaml")
    assert time.perf_counter() - started < 1.0


def test_a_few_aliases_are_fine(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("base: &units [甲, 乙]\ncopy: *units\n", encoding="utf-8")
    assert read_yaml(path).data == {"base": ["甲", "乙"], "copy": ["甲", "乙"]}


def test_python_tags_never_run(tmp_path):
    marker = tmp_path / "ran"
    path = tmp_path / "evil.yaml"
    path.write_text(f'x: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    with pytest.raises(ContentError, match="不支持的 YAML 标记"):
        read_yaml(path)
    assert not marker.exists()


def test_an_issue_outside_any_bulletin_folder(tmp_path):
    path = tmp_path / "orphan.yaml"
    path.write_text(GOOD_ISSUE, encoding="utf-8")
    found = problems_of(path)
    assert "找不到 bulletin.yaml" in found[0].message


def test_units_yaml_messages_use_the_same_machinery(tmp_path):
    (tmp_path / "units.yaml").write_text("units:\n  - name: 省文明办\n    emial: a@example.cn\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_units(tmp_path)
    messages = {d.key: d for d in caught.value.diagnostics}
    assert "是不是想写「email」" in messages["units[0].emial"].message
    assert messages["units[0].emial"].line == 3


def test_cli_shows_no_traceback_for_bad_input(tmp_path):
    result = CliRunner().invoke(app, ["build", str(BAD / "garbage.yaml"), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "这不是文本文件" in result.output


def test_leading_zeros_stay_in_text(tmp_path):
    issue = load_issue(bulletin(tmp_path, GOOD_ISSUE.replace("title: 标题", "title: 0394")))
    assert issue.sections[0].articles[0].title == "0394"
