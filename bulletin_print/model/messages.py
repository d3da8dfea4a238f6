"""Pydantic validation errors → Chinese diagnostics naming file, line, column and key.

Every message says what is wrong and what to write instead: examples come from the
schema's Field(examples=...), typos of known keys get "did you mean", keys written in
Chinese are mapped to their English names, and keys that belong in the other file
(bulletin.yaml vs an issue file) say so.
"""

import difflib

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic, key_path
from .source import SourceFile

_MESSAGES = {
    "int_type": "应为正整数（阿拉伯数字）",
    "int_parsing": "应为正整数（阿拉伯数字）",
    "int_from_float": "应为整数，不能带小数",
    "greater_than": "应为正整数（大于 0）",
    "less_than": "数值太大",
    "string_type": "应为一段文字",
    "string_too_short": "不能为空，请填写内容",
    "list_type": "应为列表，每项一行，以“- ”开头",
    "bool_type": "只能是 true（是）或 false（否）",
    "bool_parsing": "只能是 true（是）或 false（否）",
    "dict_type": "应为“键: 值”的形式（下一行缩进后逐项填写），不是单个值或列表",
    "model_type": "应为“键: 值”的形式（下一行缩进后逐项填写），不是单个值或列表",
    "model_attributes_type": "应为“键: 值”的形式（下一行缩进后逐项填写），不是单个值或列表",
    "date_type": "不是有效的日期，请写成 2023-06-20 这样的格式",
    "date_parsing": "不是有效的日期，请写成 2023-06-20 这样的格式",
    "date_from_datetime_parsing": "不是有效的日期，请写成 2023-06-20 这样的格式",
    "date_from_datetime_inexact": "不是有效的日期，请写成 2023-06-20 这样的格式",
    "too_short": "不能为空，至少要写一项",
    "string_pattern_mismatch": "格式不对",
}

# Keys people write in Chinese → the English key they mean.
_CHINESE_KEYS = {
    "名称": "name", "简报名称": "name", "报头": "masthead", "标题": "title", "副标题": "subtitle",
    "编印单位": "publisher", "单位": "publisher", "版式": "layout", "日期格式": "date_style",
    "标注": "marks", "密级": "marks", "版记": "distribution", "报送": "distribution",
    "份数": "copies", "印数": "copies", "共印": "copies", "期号": "issue", "期数": "issue",
    "总期号": "total", "总期数": "total", "日期": "date", "类型": "kind", "增发": "extra",
    "本期增发": "extra", "编者按": "editor_note", "目录": "contents", "栏目": "sections",
    "文章": "articles", "样式": "style", "目录标题": "contents_title", "正文": "body",
    "内容": "body", "图片": "images", "文件": "file", "图片说明": "caption", "说明": "caption",
    "来源": "source", "供稿": "source", "邮件": "mail",
}


def translate(error: ValidationError, source: SourceFile, model: type[BaseModel]) -> list[Diagnostic]:
    """Every error of `error` as a Diagnostic, in file order."""
    diagnostics = []
    for item in error.errors():
        loc = tuple(part for part in item["loc"] if not str(part).startswith("function-"))
        line, column = source.position_of(loc)
        diagnostics.append(Diagnostic(_message(item, loc, model), source.path, line, key_path(loc),
                                      column=column, code="schema"))
    return sorted(diagnostics, key=lambda d: (d.line or 0, d.column or 0))


def _message(item: dict, loc: tuple, model: type[BaseModel]) -> str:
    kind, value = item["type"], item.get("input")
    if kind == "extra_forbidden":
        return _unknown_key(str(loc[-1]), _allowed_keys(model, loc[:-1]), model, len(loc) == 1)
    if kind == "missing":
        return _missing(model, loc)
    if kind == "value_error":
        return str(item["ctx"]["error"])
    if value is None:
        return _empty_value(model, loc)
    if kind == "literal_error":
        return _not_allowed(value, item.get("ctx", {}).get("expected", ""))
    return _MESSAGES.get(kind, item["msg"]) + _hint(kind, value, model, loc)


def _hint(kind: str, value, model: type[BaseModel], loc: tuple) -> str:
    if kind in ("int_type", "int_parsing") and isinstance(value, str) and value.strip().isdigit():
        return f"，不要加引号，直接写 {value.strip()}"
    if kind == "list_type" and isinstance(value, (str, int, float)):
        return f"；只有一项也要写成列表，例如：[{value}]"
    if kind == "too_short" and loc and loc[-1] in ("sections", "articles"):
        return "（每个栏目要有 title 和 articles，每篇文章要有 title 和 body）"
    return _example(model, loc, "，例如：")


def _empty_value(model: type[BaseModel], loc: tuple) -> str:
    field = _field_at(model, loc) if isinstance(loc[-1], str) else None
    optional = field is not None and not field.is_required()
    tail = "；不需要时请删去这一行" if optional else ""
    return f"「{_name(loc)}」后面没有填写内容{_example(model, loc, '，请填写，例如：')}{tail}"


def _not_allowed(value, expected: str) -> str:
    choices = [choice.strip().strip("'") for choice in expected.replace(" or ", ",").split(",")]
    listed = "或".join(f"「{choice}」" for choice in choices if choice)
    return f"不能写「{value}」，只能是{listed}"


def _name(loc: tuple) -> str:
    named = [part for part in loc if isinstance(part, str)]
    return named[-1] if named else key_path(loc)


def _example(model: type[BaseModel], loc: tuple, lead: str) -> str:
    field = _field_at(model, loc)
    examples = getattr(field, "examples", None) if field else None
    return f"{lead}{_as_yaml(examples[0])}" if examples else ""


def _as_yaml(value) -> str:
    """An example as it is written in the file: true, [内部资料, 注意保存], 17."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_as_yaml(item) for item in value) + "]"
    return str(value)


def _missing(model: type[BaseModel], loc: tuple) -> str:
    field = _field_at(model, loc)
    meaning = f"：{field.description}。" if field is not None and field.description else "，"
    return f"缺少必填项「{loc[-1]}」{meaning}请补上{_example(model, loc, '，例如：')}"


def _unknown_key(key: str, allowed: list[str], model: type[BaseModel], top: bool) -> str:
    message = f"未知的键「{key}」"
    meant = _CHINESE_KEYS.get(key)
    if meant in allowed:
        return f"{message}：键名要用英文，请写成「{meant}」"
    close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
    if close:
        return f"{message}，是不是想写「{close[0]}」？"
    elsewhere = _belongs_elsewhere(key, model) if top else None
    if elsewhere:
        return f"{message}：它应写在 {elsewhere} 里，不在这个文件中"
    return f"{message}；这里可用的键有：{'、'.join(allowed)}"


def _belongs_elsewhere(key: str, model: type[BaseModel]) -> str | None:
    from .schema import BulletinConfig, IssueFile  # schema imports this module's users

    other = {IssueFile: (BulletinConfig, "bulletin.yaml"), BulletinConfig: (IssueFile, "每期的期刊文件")}
    if model not in other:
        return None
    other_model, where = other[model]
    return where if key in _keys_of(other_model) else None


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    current = _model_at(model, loc)
    return _keys_of(current) if current else []


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = _field_by_key(current, part)
        current = _model_in(field.annotation) if field else None
        if current is None:
            return None
    return current


def _field_at(model: type[BaseModel], loc: tuple):
    keys = [part for part in loc if isinstance(part, str)]
    if not keys:
        return None
    parent = _model_at(model, tuple(keys[:-1]))
    return _field_by_key(parent, keys[-1]) if parent else None


def _field_by_key(model: type[BaseModel], key: str):
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def _model_in(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None
