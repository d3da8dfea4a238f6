"""PyYAML's English error messages → what an office worker should change, in Chinese.

Each known problem maps to a message and to the mark that points at the line to fix:
the problem mark (where the parser gave up) or the context mark (where the construct
that went wrong began, e.g. the opening quote of an unclosed string).
"""

import re

import yaml

_FLOW_VALUE = re.compile(r"\s*(- )?[^:#]+:\s+[\[{]")


class RefusedYAML(yaml.MarkedYAMLError):
    """Valid YAML the tool refuses (alias bombs); `problem` is already Chinese."""

# (pattern in the parser's problem text, message, use the context mark)
_KNOWN = [
    (r"'\\t'", "这一行用了 Tab 键缩进或对齐。YAML 只能用空格缩进，请把 Tab 换成空格。", False),
    (r"mapping values are not allowed",
     "这一行的“: ”（英文冒号加空格）无法识别。若是文字里的冒号，请改用中文冒号“：”，"
     "或把整段文字用引号括起来；若这是一个新的键，请检查它的缩进是否与上面的键对齐。", False),
    (r"could not find expected ':'",
     "这一行缺少“键: 值”中的英文冒号（冒号后要有一个空格），或者上一段文字的引号没有配对。", True),
    (r"unexpected end of stream|found unexpected end",
     "引号没有配对：从这一行开始的引号一直没有结束，请补上结尾的引号。", True),
    (r"unknown escape character",
     "双引号里的反斜杠“\\”有特殊含义。路径请写成 images/1.jpg（用 /），"
     "或改用单引号括起来。", False),
    (r"expected alphabetic or numeric character",
     "以 * 或 & 开头的文字（例如 Markdown 的 **加粗**）在 YAML 里有特殊含义，"
     "请把整段文字用引号括起来，或改用“|”多行写法。", False),
    (r"cannot start any token|expected the node content|mapping keys are not allowed|expected URI"
     r"|while scanning a tag|while parsing a tag",
     "这一行的值以 YAML 的特殊符号（如 @ ` % ! ? , - 等）开头，请把整段文字用引号括起来。", False),
    (r"chomping or indentation indicators|indentation indicator in the range|expected a comment or a line break",
     "“|”或“>”后面应直接换行，文字从下一行开始并缩进。文字本身以 | 或 > 开头时，请把整段文字用引号括起来。", False),
    (r"sequence entries are not allowed",
     "这里不能出现列表项“- ”：列表项要单独成行并与同级对齐；文字以“- ”开头时请用引号括起来。", False),
    (r"expected <block end>|did not find expected key|did not find expected '-'",
     "缩进不一致：同一层的各项要用相同数量的空格对齐，列表项以“- ”开头。", False),
    (r"expected ',' or '\]'|expected ',' or '}'",
     "方括号 [ ] 或花括号 { } 没有配对。文字以 [ 或 { 开头时，请把整段文字用引号括起来。", True),
    (r"undefined alias",
     "引用了未定义的锚点（*名称）。以 * 开头的文字请用引号括起来。", False),
    (r"duplicate anchor", "同一个锚点（&名称）定义了两次，请改名或删去一个。", False),
    (r"unhashable key", "键只能是一个词，不能是列表或键值对。", False),
    (r"expected a single document",
     "文件里有多个文档（用 --- 分隔）。一个文件只能写一期，请拆成几个文件。", False),
]


def explain(error: yaml.MarkedYAMLError) -> tuple[str, int | None, int | None]:
    """(message, line, column) for a YAML syntax error; line and column are 1-based."""
    if isinstance(error, RefusedYAML):
        return error.problem, *_position(error.problem_mark)
    problem = f"{error.context or ''} {error.problem or ''}"
    if "expected <block end>" in problem and _FLOW_VALUE.match(_line_text(error.problem_mark)):
        return _BRACKETS, *_position(error.problem_mark)
    tag = re.search(r"constructor for the tag '([^']*)'", problem)
    if tag:
        return _tag_message(tag.group(1)), *_position(error.problem_mark)
    for pattern, message, use_context in _KNOWN:
        if re.search(pattern, problem):
            mark = (error.context_mark if use_context else None) or error.problem_mark or error.context_mark
            return f"YAML 格式错误：{message}", *_position(mark)
    mark = error.problem_mark or error.context_mark
    detail = (error.problem or str(error)).strip()
    return (f"YAML 格式错误：请检查这一行及上一行的缩进（只能用空格）、“键: 值”中的冒号和引号是否成对。"
            f"（解析器提示：{detail}）", *_position(mark))


def explain_reader(error: yaml.reader.ReaderError, text: str) -> tuple[str, int | None, int | None]:
    """A character YAML does not accept (control characters, often pasted from Word)."""
    position = error.position if isinstance(error.position, int) else 0
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    code = error.character if isinstance(error.character, int) else 0
    return (f"有一个看不见的控制字符 U+{code:04X}（常见于从 Word 或网页复制的文字），"
            f"请删去它，或换成普通的换行或空格。", line, column)


_BRACKETS = ("YAML 格式错误：这一行的值以 [ 或 { 开头，YAML 会把它当作列表或键值对。"
             "请把整段文字用引号括起来，例如：title: \"[转载] 某某工作会议召开\"")


def _line_text(mark) -> str:
    buffer = getattr(mark, "buffer", None)
    if not isinstance(buffer, str):
        return ""
    start = buffer.rfind("\n", 0, mark.pointer) + 1
    end = buffer.find("\n", mark.pointer)
    return buffer[start:end if end >= 0 else None]


def _tag_message(tag: str) -> str:
    short = tag.replace("tag:yaml.org,2002:", "!!")
    return (f"不支持的 YAML 标记「{short}」。内容文件里只能写文字、数字、列表和“键: 值”，"
            f"不能用以 ! 开头的标记；这类标记不会被执行。请删去它，文字以 ! 开头时请加引号。")


def _position(mark) -> tuple[int | None, int | None]:
    if mark is None:
        return None, None
    return mark.line + 1, mark.column + 1
