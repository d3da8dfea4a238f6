"""`bulletin check` and `bulletin schema`: validation, glyph coverage and layout warnings, writing nothing."""

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from bulletin_print.cli import app
from bulletin_print.model.schema import BulletinConfig, IssueFile

from conftest import ROOT, SAMPLE_BULLETIN, SAMPLE_ISSUE

NOT_IN_FANGSONG = "喆"  # common in names, not in GB2312: FandolFang lacks it, Noto fills in
NOWHERE = "\U00020000"  # CJK Extension B: neither the role font nor the gap filler has it
LONG_MASTHEAD = "周口市精神文明建设委员会办公室工作动态简报特别长"
LONG_TITLE = "关于进一步加强和改进新时代全市精神文明建设工作推动文明城市创建常态化长效化的实施意见全文发布"


def invoke(*args: str):
    return CliRunner().invoke(app, [*map(str, args)])


def snapshot(folder: Path) -> dict:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def troubled(tmp_path_factory) -> Path:
    """A bulletin whose one issue triggers every layout warning and two coverage warnings."""
    folder = tmp_path_factory.mktemp("troubled")
    shutil.copytree(ROOT / "layouts" / "jianbao", folder / "layouts" / "tall")
    params = folder / "layouts" / "tall" / "layout.yaml"
    params.write_text(params.read_text(encoding="utf-8").replace("max_height: 150", "max_height: 400"),
                      encoding="utf-8")
    (folder / "bulletin.yaml").write_text(
        f"name: 测试简报\nmasthead:\n  title: {LONG_MASTHEAD}\n  subtitle: 简报\npublisher: 测试办\n"
        "layout: tall\ndistribution:\n  报: [省文明办]\ncopies: 100\n", encoding="utf-8")
    (folder / "2023").mkdir()
    Image.new("RGB", (100, 1000), "white").save(folder / "2023" / "tall.png")
    (folder / "2023" / "001.yaml").write_text(
        "issue: 1\ndate: 2023-06-20\nsections:\n  - title: 工作动态\n    articles:\n"
        f"      - title: {LONG_TITLE}\n        body: 张{NOT_IN_FANGSONG}同志讲话。{NOWHERE}\n"
        "        images:\n          - file: tall.png\n            caption: 说明\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def troubled_report(troubled) -> dict:
    result = invoke("check", "--json", troubled)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def warnings_by_code(report: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for file in report["files"]:
        for warning in file["warnings"]:
            found.setdefault(warning["code"], []).append(warning)
    return found


def test_the_sample_checks_clean_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = snapshot(SAMPLE_BULLETIN)
    result = invoke("check", SAMPLE_BULLETIN)
    assert result.exit_code == 0, result.output
    assert "没有发现问题" in result.output and "6 页" in result.output
    assert snapshot(SAMPLE_BULLETIN) == before
    assert list(tmp_path.iterdir()) == []


def test_every_layout_warning_is_found(troubled_report):
    codes = warnings_by_code(troubled_report)
    assert {"masthead-shrunk", "title-lines", "image-tall", "record-alone", "coverage"} <= set(codes)


def test_masthead_warning_points_at_bulletin_yaml(troubled_report):
    warning = warnings_by_code(troubled_report)["masthead-shrunk"][0]
    assert Path(warning["file"]).name == "bulletin.yaml"
    assert (warning["line"], warning["key"]) == (3, "masthead.title")
    assert "比版心宽" in warning["message"]


def test_long_title_warning_names_the_article(troubled_report):
    warning = warnings_by_code(troubled_report)["title-lines"][0]
    assert (warning["line"], warning["key"]) == (6, "sections[0].articles[0].title")
    assert warning["lines"] == 3


def test_tall_image_and_lonely_record(troubled_report):
    codes = warnings_by_code(troubled_report)
    assert codes["image-tall"][0]["key"] == "sections[0].articles[0].images[0].file"
    assert codes["record-alone"][0]["page"] == troubled_report["files"][0]["pages"]


def test_coverage_names_character_code_point_place_and_fallback(troubled_report):
    coverage = {w["character"]: w for w in warnings_by_code(troubled_report)["coverage"]}
    filled = coverage[NOT_IN_FANGSONG]
    assert filled["codepoint"] == "U+5586"
    assert (Path(filled["file"]).name, filled["line"]) == ("001.yaml", 7)
    assert filled["key"] == "sections[0].articles[0].body"
    assert filled["fallback"] and filled["fallback"] in filled["message"]
    assert coverage[NOWHERE]["codepoint"] == "U+20000"
    assert coverage[NOWHERE]["fallback"] is None


def test_json_report_shape(troubled_report):
    assert troubled_report["ok"] is True and troubled_report["exit_code"] == 0
    assert troubled_report["summary"]["warnings"] >= 5
    assert {font["role"] for font in troubled_report["fonts"]} >= {"body", "title"}
    file = troubled_report["files"][0]
    assert file["kind"] == "issue" and file["pages"] >= 2


def test_strict_turns_warnings_into_errors(troubled):
    result = invoke("check", "--strict", troubled)
    assert result.exit_code == 2
    assert "严格模式" in result.output


def test_text_report_is_chinese_with_place(troubled):
    result = invoke("check", troubled / "2023" / "001.yaml")
    assert result.exit_code == 0
    assert "警告" in result.output and "U+5586" in result.output and "第 7 行" in result.output


def test_one_bad_issue_of_two_exits_1(tmp_path):
    folder = tmp_path / "b"
    shutil.copytree(SAMPLE_BULLETIN, folder)
    (folder / "2023" / "018.yaml").write_text("issue: 十八\n", encoding="utf-8")
    result = invoke("check", folder)
    assert result.exit_code == 1, result.output
    assert "018.yaml" in result.output


def test_bulletin_yaml_mistakes_are_printed_once(tmp_path):
    folder = tmp_path / "b"
    shutil.copytree(SAMPLE_BULLETIN, folder)
    shutil.copy(SAMPLE_ISSUE, folder / "2023" / "018.yaml")
    settings = folder / "bulletin.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    result = invoke("check", folder)
    assert result.exit_code == 2
    assert result.output.count("未知的键「colour」") == 1


def test_missing_path_is_a_chinese_error(tmp_path):
    result = invoke("check", tmp_path / "nothing.yaml")
    assert result.exit_code == 2
    assert "找不到这个文件或文件夹" in result.output


def test_check_bulletin_and_units_files_alone(tmp_path):
    folder = tmp_path / "b"
    shutil.copytree(SAMPLE_BULLETIN, folder)
    (folder / "units.yaml").write_text("units:\n  - name: 省文明办\n    email: 不是邮箱\n", encoding="utf-8")
    assert invoke("check", folder / "bulletin.yaml").exit_code == 0
    result = invoke("check", "--json", folder / "units.yaml")
    assert result.exit_code == 2
    error = json.loads(result.stdout)["files"][0]["errors"][0]
    assert (error["line"], error["key"]) == (3, "units[0].email[0]")


# -- bulletin schema ----------------------------------------------------------------------

def properties(schema: dict):
    for definition in [schema, *schema.get("$defs", {}).values()]:
        for name, prop in definition.get("properties", {}).items():
            yield definition.get("title"), name, prop


def test_schema_prints_json_schema_with_chinese_descriptions():
    result = invoke("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("http://json-schema.org/")
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"issue", "date", "sections"}
    described = [(owner, name) for owner, name, prop in properties(schema) if not prop.get("description")]
    assert described == []
    assert "期号" in schema["properties"]["issue"]["description"]
    assert schema["$defs"]["Section"]["properties"]["style"]["enum"] == ["full", "brief"]


def test_bulletin_schema_describes_every_content_field():
    schema = json.loads(invoke("schema", "bulletin").stdout)
    missing = [name for owner, name, prop in properties(schema)
               if owner in ("BulletinConfig", "Masthead", "Distribution") and name != "mail"
               and not prop.get("description")]
    assert missing == []
    assert set(schema["$defs"]["Distribution"]["properties"]) == {"报", "送", "发"}


def test_schema_is_the_models_schema():
    issue = json.loads(invoke("schema", "issue").stdout)
    assert set(issue["properties"]) == set(IssueFile.model_json_schema()["properties"])
    bulletin = json.loads(invoke("schema", "bulletin").stdout)
    assert set(bulletin["properties"]) == set(BulletinConfig.model_json_schema()["properties"])


def test_schema_writes_all_three_files(tmp_path):
    result = invoke("schema", "-o", tmp_path / "schemas")
    assert result.exit_code == 0
    names = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert names == ["bulletin.schema.json", "issue.schema.json", "units.schema.json"]
    for path in (tmp_path / "schemas").iterdir():
        json.loads(path.read_text(encoding="utf-8"))


def test_schema_unknown_kind_is_usage_error():
    result = invoke("schema", "foo")
    assert result.exit_code == 2
    assert "只能是" in result.output

