"""Who receives an issue by email: units.yaml, and the `mail:` settings of bulletin.yaml.

units.yaml sits beside bulletin.yaml:

    units:
      - name: 省文明办
        email: wmb@example.cn            # one address, or a list
        contact: 张三                     # optional

Unit names are matched against the issue's distribution (报、送、发, 本期增发) by
`unit_key`: full-width and half-width forms and spaces do not matter.
"""

import re
import unicodedata
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator, BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema, field_validator,
)
from pydantic.json_schema import SkipJsonSchema

from ..diagnostics import ContentError, Diagnostic
from .messages import translate
from .source import SourceFile, read_yaml

UNITS_FILE = "units.yaml"
PASSWORD_VARIABLE = "BULLETIN_SMTP_PASSWORD"
DEFAULT_PORTS = {"ssl": 465, "starttls": 587, "none": 25}

# Plain ASCII addresses: what every mail server and client accepts.
_ADDRESS = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.([A-Za-z]{2,}|xn--[A-Za-z0-9-]+)")
_SEPARATORS = re.compile(r"[,，;；、\s]+")
_EXAMPLE = "jianbao@example.cn"


def address_problem(value: str) -> str | None:
    """Why `value` is not one usable email address (in Chinese), or None when it is."""
    if _ADDRESS.fullmatch(value):
        return None
    parts = [part for part in _SEPARATORS.split(value) if part]
    if len(parts) > 1 and all(_ADDRESS.fullmatch(part) for part in parts):
        listed = "".join(f"\n  - {part}" for part in parts)
        return f"「{value}」里有几个邮箱地址；多个地址请写成列表，每个一行：{listed}"
    widened = unicodedata.normalize("NFKC", value).replace("。", ".")
    if widened != value and _ADDRESS.fullmatch(widened.strip()):
        return f"邮箱地址「{value}」中有全角字符（如＠、．、。），请改成半角：{widened.strip()}"
    if "@" not in value:
        return f"「{value}」不是邮箱地址：缺少 @，应写成 {_EXAMPLE} 这样的形式"
    return f"邮箱地址「{value}」格式不对，应写成 {_EXAMPLE} 这样的形式（只用英文字母、数字和 . - _）"


def _check_address(value: str) -> str:
    problem = address_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _check_sender(value: str) -> str:
    name, address = parseaddr(value)
    if not address or address_problem(address):
        raise ValueError(
            f"发件人「{value}」格式不对，应写成 周口市文明办 <{_EXAMPLE}>（名称可省略，只写邮箱地址也可以）")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("不能为空")
    return value


Address = Annotated[str, AfterValidator(_check_address)]


class _Strict(BaseModel):
    # The same rules as schema.Strict (schema.py imports this module, so it cannot be shared).
    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, str_strip_whitespace=True, coerce_numbers_to_str=True)


_EMAIL_SCHEMA = {
    "description": "邮箱地址：一个，或多个写成列表",
    "anyOf": [{"type": "string", "format": "email"},
              {"type": "array", "items": {"type": "string", "format": "email"}, "minItems": 1}],
    "examples": [_EXAMPLE],
}


class Unit(_Strict):
    model_config = ConfigDict(json_schema_extra={
        "description": "一个单位：名称须与版记（报、送、发、本期增发）中的写法一致"})

    name: str = Field(description="单位名称，与版记中的写法一致", examples=["省文明办"])
    email: Annotated[list[Address], WithJsonSchema(_EMAIL_SCHEMA)] = Field(min_length=1)
    contact: str | None = Field(None, description="联系人（可不写；邮件正文模板中可用 {{ contact }}）")

    _check_name = field_validator("name")(_not_blank)

    @field_validator("email", mode="before")
    @classmethod
    def _one_or_many(cls, value):
        return [value] if isinstance(value, str) else value


class UnitsFile(_Strict):
    units: list[Unit] = Field(default_factory=list, description="各单位及其邮箱")


class MailSettings(_Strict):
    """`mail:` in bulletin.yaml. The password is never here: see PASSWORD_VARIABLE."""

    model_config = ConfigDict(json_schema_extra={
        "description": f"发送邮件的设置（bulletin mail）。密码不写在这里，请设置环境变量 {PASSWORD_VARIABLE}"})

    host: str = Field(description="发信服务器（SMTP）", examples=["smtp.example.cn"])
    port: Annotated[int, Field(strict=True, gt=0, lt=65536)] | None = Field(
        None, description="端口；不写时 ssl 用 465，starttls 用 587，none 用 25", examples=[465])
    security: Literal["ssl", "starttls", "none"] = Field(
        "starttls", description="加密方式：ssl（常用 465 端口）、starttls（常用 587）或 none（不加密）")
    username: str | None = Field(None, description="登录用户名（服务器不需要登录时不写）", examples=[_EXAMPLE])
    sender: str = Field(description="发件人", examples=[f"周口市文明办 <{_EXAMPLE}>"])
    subject: str | None = Field(None, description="邮件主题模板（Jinja2），默认 {{ title }}", examples=["{{ title }}"])
    body: str | None = Field(None, description="邮件正文模板（Jinja2），可用 {{ unit }} {{ name }} {{ label }} 等")
    rate_limit: Annotated[int, Field(strict=True, gt=0)] | None = Field(
        None, description="每分钟最多发送几封（服务器有限制时填写）", examples=[20])
    ca_file: str | None = Field(
        None, description="单位自建邮件服务器的 CA 证书文件（PEM），相对于 bulletin.yaml 所在文件夹")
    # Not a setting: declared only so that a password written here gets its own clear error.
    password: SkipJsonSchema[Any] = Field(None, exclude=True)

    _check_host = field_validator("host")(_not_blank)
    _check_sender = field_validator("sender")(_check_sender)

    @field_validator("password")
    @classmethod
    def _no_password(cls, value):
        if value is not None:
            raise ValueError(
                f"密码不能写在文件里，请删去这一行，改为设置环境变量 {PASSWORD_VARIABLE}"
                f"（Windows：set {PASSWORD_VARIABLE}=密码；Linux：export {PASSWORD_VARIABLE}=密码）")
        return value

    @property
    def effective_port(self) -> int:
        return self.port or DEFAULT_PORTS[self.security]

    @property
    def sender_address(self) -> str:
        return parseaddr(self.sender)[1]

    @property
    def sender_name(self) -> str:
        return parseaddr(self.sender)[0]


def unit_key(name: str) -> str:
    """How unit names are compared: NFKC (full-width = half-width), no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


@dataclass
class Units:
    """The units of a bulletin, looked up by name."""

    path: Path
    units: list[Unit]

    def find(self, name: str) -> Unit | None:
        key = unit_key(name)
        return next((unit for unit in self.units if unit_key(unit.name) == key), None)

    def names(self) -> list[str]:
        return [unit.name for unit in self.units]


def load_units(folder: Path) -> Units:
    """Read and validate `units.yaml` in a bulletin folder; ContentError lists every problem."""
    path = folder / UNITS_FILE
    if not path.is_file():
        raise ContentError([Diagnostic(
            f"找不到 {UNITS_FILE}：请在 bulletin.yaml 旁边新建 {UNITS_FILE}，写明各单位的邮箱，例如：\n"
            f"units:\n  - name: 省文明办\n    email: {_EXAMPLE}", path)])
    source = read_yaml(path)
    if source.data is None:
        raise ContentError([Diagnostic("文件是空的，请按格式填写 units: 列表。", path, 1)])
    if not isinstance(source.data, dict):
        raise ContentError([Diagnostic("文件最外层应为“units:”，下面是各单位的列表。", path, 1)])
    try:
        parsed = UnitsFile.model_validate(source.data)
    except ValidationError as error:
        raise ContentError(translate(error, source, UnitsFile)) from None
    _refuse_duplicate_names(source, parsed.units)
    return Units(path, parsed.units)


def _refuse_duplicate_names(source: SourceFile, units: list[Unit]) -> None:
    first: dict[str, int] = {}
    problems = []
    for index, unit in enumerate(units):
        line = source.line_of(("units", index, "name"))
        key = unit_key(unit.name)
        if key in first:
            problems.append(Diagnostic(
                f"单位「{unit.name}」重复出现（第一次在第 {first[key]} 行）；"
                "同一单位的多个邮箱请写在一个 email 列表里。",
                source.path, line, f"units[{index}].name"))
        first.setdefault(key, line or 0)
    if problems:
        raise ContentError(problems)
