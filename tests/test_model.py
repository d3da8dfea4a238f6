"""The content model: loading, merging bulletin.yaml with an issue."""

import datetime as dt

import pytest

from bulletin_print.diagnostics import ContentError
from bulletin_print.model import find_issue_files, load_issue

from conftest import SAMPLE_BULLETIN, SAMPLE_ISSUE


def test_sample_issue_loads():
    issue = load_issue(SAMPLE_ISSUE)
    assert (issue.number, issue.date) == (17, dt.date(2023, 6, 20))
    assert [(s.title, s.style, len(s.articles)) for s in issue.sections] == [
        ("工作动态", "full", 2), ("文明时讯", "brief", 4)]
    assert issue.bulletin.masthead.title == "周口精神文明建设"
    brief = issue.sections[1].articles[0]
    assert brief.listed_title == "我市组织2023年文明实践志愿服务项目展示交流活动"
    assert brief.title == "我市组织开展2023年文明实践志愿服务项目展示交流活动"


def test_bulletin_settings_are_inherited(bulletin_copy):
    issue = load_issue(bulletin_copy / "2023" / "017.yaml")
    assert issue.marks == ["内部资料", "注意保存"]
    assert issue.copies == 200
    assert issue.distribution.bao[0] == "省文明办"


def test_issue_overrides_the_bulletin(bulletin_copy):
    path = bulletin_copy / "2023" / "017.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "marks: []\ncopies: 80\n"
                    "distribution:\n  发: [某某单位]\nextra: [增发单位]\n", encoding="utf-8")
    issue = load_issue(path)
    assert issue.marks == [] and issue.copies == 80
    assert issue.distribution.groups() == [("发", ["某某单位"])]
    assert issue.content.extra == ["增发单位"]


def test_issue_files_skip_bulletin_and_units(bulletin_copy):
    (bulletin_copy / "units.yaml").write_text("units: []\n", encoding="utf-8")
    assert [p.name for p in find_issue_files(bulletin_copy)] == ["017.yaml"]
    assert find_issue_files(SAMPLE_BULLETIN) == [SAMPLE_ISSUE]


def test_errors_name_file_line_and_key(bulletin_copy):
    path = bulletin_copy / "2023" / "017.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("issue: 17", "issue: 十七")
                    .replace("date: 2023-06-20", "date: 2023-02-30"), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_issue(path)
    messages = [str(d) for d in raised.value.diagnostics]
    assert any("键 issue" in m and "正整数" in m and "第 " in m for m in messages)
    assert any("键 date" in m and "日期" in m for m in messages)

