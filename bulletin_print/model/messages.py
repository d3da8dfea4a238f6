"""Pydantic validation errors → Chinese diagnostics naming file, line and key."""

import difflib

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic, key_path
from .source import SourceFile

_MESSAGES = {
    "missing": "缺少必填项，请补上",
    "int_type": "应为正整数，例如 17",
    "int_parsing": "应为正整数，例如 17（请用阿拉伯数字）",
    "greater_than": "应为正整数（大于 0）",
    "string_type": "应为一段文字",
    "list_type": "应为列表，每项一行，以“- ”开头",
    "bool_type": "只能是 true 或 false",
    "bool_parsing": "只能是 true 或 false",
    "dict_type": "应为键值对（“键: 值”），不是单个值或列表",
    "model_type": "应为键值对（“键: 值”），不是单个值或列表",
    "date_from_datetime_parsing": "不是有效的日期，请写成 2023-06-20 这样的格式",
    "date_parsing": "不是有效的日期，请写成 2023-06-20 这样的格式",
    "date_from_datetime_inexact": "不是有效的日期，请写成 2023-06-20 这样的格式",
    "too_short": "不能为空，至少写一项",
}


def translate(error: ValidationError, source: SourceFile, model: type[BaseModel]) -> list[Diagnostic]:
    diagnostics = []
    for item in error.errors():
        loc = tuple(part for part in item["loc"] if not str(part).startswith("function-"))
        diagnostics.append(Diagnostic(_message(item, loc, model), source.path, source.line_of(loc), key_path(loc)))
    return sorted(diagnostics, key=lambda d: d.line or 0)


def _message(item: dict, loc: tuple, model: type[BaseModel]) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        return _unknown_key(str(loc[-1]), _allowed_keys(model, loc[:-1]))
    if kind == "literal_error":
        expected = item.get("ctx", {}).get("expected", "")
        return f"值「{item.get('input')}」不可用，只能是 {expected}"
    if kind == "value_error":
        return str(item["ctx"]["error"])
    if kind == "missing":
        return f"缺少必填项「{loc[-1]}」，请补上"
    return _MESSAGES.get(kind, item["msg"])


def _unknown_key(key: str, allowed: list[str]) -> str:
    message = f"未知的键「{key}」"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"{message}，是不是想写「{close[0]}」？"
    return f"{message}；这里可用的键有：{'、'.join(allowed)}"


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    current = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = _field_by_key(current, part)
        inner = _model_in(field.annotation) if field else None
        if inner is None:
            return []
        current = inner
    return [field.alias or name for name, field in current.model_fields.items()]


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
