"""Issue and bulletin files as a person would write them: keys in the order of SPEC §1,
Chinese as is, bodies as `body: |` blocks with a blank line between paragraphs."""

import json
import re

import yaml

from ...layout.dates import issue_title
from .structure import Article, ParsedIssue, Section

INDENT = "  "
_COMMENT_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")  # YAML refuses them, even in comments


def scalar(value) -> str:
    """A value on one line: plain when YAML reads it back unchanged, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text and text == text.strip() and "\n" not in text:
        try:
            if yaml.safe_load(f"key: {text}") == {"key": text}:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def flow_list(items: list[str]) -> str | None:
    """[内部资料, 注意保存] when every item is safe inside brackets."""
    text = "[" + ", ".join(items) + "]"
    try:
        if yaml.safe_load(f"key: {text}") == {"key": list(items)}:
            return text
    except yaml.YAMLError:
        pass
    return None


def block_list(items: list[str], depth: int) -> list[str]:
    return [f"{INDENT * depth}- {scalar(item)}" for item in items]


def literal(key: str, text: str, depth: int) -> list[str]:
    """`body: |` with the paragraphs indented under it, a blank line between them."""
    lines = [f"{INDENT * depth}{key}: |"]
    for number, paragraph in enumerate(text.split("\n\n")):
        if number:
            lines.append("")
        lines += [f"{INDENT * (depth + 1)}{row}" for row in paragraph.split("\n")]
    return lines


def distribution_lines(distribution: dict[str, list[str]], depth: int) -> list[str]:
    lines = [f"{INDENT * depth}distribution:"]
    for key in ("报", "送", "发"):
        if distribution.get(key):
            lines.append(f"{INDENT * (depth + 1)}{key}:")
            lines += block_list(distribution[key], depth + 2)
    return lines


def marks_line(marks: list[str], depth: int = 0) -> list[str]:
    flow = flow_list(marks)
    if flow is not None:
        return [f"{INDENT * depth}marks: {flow}"]
    return [f"{INDENT * depth}marks:", *block_list(marks, depth + 1)]


def issue_yaml(parsed: ParsedIssue, overrides: dict, name: str, source_name: str, unplaced: list[str]) -> str:
    """The issue file. `overrides`: marks, distribution, copies that differ from bulletin.yaml."""
    title = issue_title(name, parsed.date.year, parsed.issue, parsed.kind)
    lines = [f"# {title}（由 {source_name} 导入，请核对）"]
    if unplaced:
        lines += ["#", "# 导入时未能归入的文字（请核对，处理后删去这几行注释）："]
        lines += [f"#   {_COMMENT_UNSAFE.sub('', row)}" for row in unplaced]
    lines += ["", f"issue: {parsed.issue}"]
    if parsed.total:
        lines.append(f"total: {parsed.total}")
    lines.append(f"date: {parsed.date.isoformat()}")
    if parsed.kind:
        lines.append(f"kind: {parsed.kind}")
    if "marks" in overrides:
        lines += marks_line(overrides["marks"])
    if "distribution" in overrides:
        lines += distribution_lines(overrides["distribution"], 0)
    if "copies" in overrides:
        lines.append(f"copies: {overrides['copies']}")
    if parsed.extra:
        lines += ["extra:", *block_list(parsed.extra, 1)]
    if parsed.editor_note:
        lines.append(f"editor_note: {scalar(parsed.editor_note)}")
    if not parsed.contents:
        lines.append("contents: false")
    lines += ["", "sections:"]
    for section in parsed.sections:
        lines += _section(section)
    return "\n".join(lines).rstrip("\n") + "\n"


def _section(section: Section) -> list[str]:
    lines = [f"  - title: {scalar(section.title)}"]
    if section.style != "full":
        lines.append(f"    style: {section.style}")
    lines.append("    articles:")
    for article in section.articles:
        lines += _article(article)
        lines.append("")
    return lines


def _article(article: Article) -> list[str]:
    lines = [f"      - title: {scalar(article.title)}"]
    if article.contents_title:
        lines.append(f"        contents_title: {scalar(article.contents_title)}")
    lines += literal("body", "\n\n".join(article.paragraphs), 4)
    if article.source:
        lines.append(f"        source: {scalar(article.source)}")
    return lines


def bulletin_yaml(parsed: ParsedIssue, source_name: str) -> str:
    """bulletin.yaml from the first imported issue, in the style of the hand-made one."""
    name = parsed.name
    lines = [
        f"# {name}：各期共用的设置（报头、编印单位、密级标注、版记）。",
        f"# 由 bulletin import 根据 {source_name} 生成，请核对。",
        "# 本文件夹下其他 *.yaml 文件（units.yaml 除外）各为一期简报，例如 2023/017.yaml。",
        "# 单期文件中的 marks、distribution、copies 可覆盖这里的设置。",
        "",
        f"name: {scalar(name)}",
        "",
        "masthead:",
        f"  title: {scalar(parsed.masthead.title)}",
    ]
    if parsed.masthead.subtitle:
        lines.append(f"  subtitle: {scalar(parsed.masthead.subtitle)}")
    lines += ["", f"publisher: {scalar(parsed.publisher)}"]
    if parsed.date_style == "chinese":
        lines += ["", "# 日期用汉字书写（如 二〇二三年六月二十日）。", "date_style: chinese"]
    if parsed.marks:
        lines += ["", "# 印在首页左上角的标注。", *marks_line(parsed.marks)]
    if parsed.distribution:
        lines += ["", "# 版记中的报送范围。", *distribution_lines(parsed.distribution, 0)]
    if parsed.copies:
        lines += ["", "# 共印份数。", f"copies: {parsed.copies}"]
    return "\n".join(lines) + "\n"
