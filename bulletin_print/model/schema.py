"""The content format (SPEC §1) as pydantic models: the single source of truth.

The Chinese descriptions and examples on the fields feed `bulletin schema` (editor
completion and hover help) and the examples in validation messages.
"""

import calendar
import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from .units import MailSettings

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ALLOWED_CONTROLS = "\n\t"
_NOT_IN_FILE_NAMES = '/\\:*?"<>|'  # Windows forbids them; / and \\ would leave the output folder


def _clean_text(value: str) -> str:
    """Refuse characters that are never text: control characters and lone surrogates."""
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cs") and char not in _ALLOWED_CONTROLS:
            raise ValueError(f"文字中有看不见的控制字符 U+{ord(char):04X}（常见于从 Word 或网页复制的文字），请删去它")
    return value


Text = Annotated[str, AfterValidator(_clean_text)]
PositiveInt = Annotated[int, Field(strict=True, gt=0)]


def _describe(text: str, *examples) -> dict:
    return {"description": text, "examples": list(examples) or None}


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, str_strip_whitespace=True, coerce_numbers_to_str=True)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("不能为空，请填写内容")
    return value


class Masthead(Strict):
    model_config = ConfigDict(json_schema_extra={"description": "报头：首页红色的简报名称"})

    title: Text = Field(**_describe("报头第一行（红色），过宽时自动缩小", "周口精神文明建设"))
    subtitle: Text | None = Field(None, **_describe("报头第二行（红色大字），可不写", "简报"))

    _check_title = field_validator("title")(_not_blank)


class Distribution(Strict):
    """版记 lists; keys are the Chinese words printed before the colon."""

    model_config = ConfigDict(json_schema_extra={"description": "版记中的报送范围：报、送、发，各为单位名称的列表"})

    bao: list[Text] = Field(default_factory=list, alias="报", description="报：上级单位，每项一个单位")
    song: list[Text] = Field(default_factory=list, alias="送", description="送：平级单位，每项一个单位")
    fa: list[Text] = Field(default_factory=list, alias="发", description="发：下级单位，每项一个单位")

    def groups(self) -> list[tuple[str, list[str]]]:
        return [(label, units) for label, units in (("报", self.bao), ("送", self.song), ("发", self.fa)) if units]


class BulletinConfig(Strict):
    model_config = ConfigDict(json_schema_extra={"description": "bulletin.yaml：各期共用的设置"})

    name: Text = Field(**_describe("简报全称（PDF 标题、文件名、邮件主题）", "周口精神文明建设简报"))
    masthead: Masthead = Field(description="报头：title 为第一行，subtitle 为第二行")
    publisher: Text = Field(**_describe("编印单位", "周口市文明办"))
    layout: Text = Field("jianbao", **_describe("版式：layouts/ 下的文件夹名，默认 jianbao", "jianbao"))
    date_style: Literal["arabic", "chinese"] = Field(
        "arabic", **_describe("日期写法：arabic → 2023年6月20日（默认）；chinese → 二〇二三年六月二十日", "arabic"))
    marks: list[Text] = Field(default_factory=list, **_describe("首页左上角的标注", ["内部资料", "注意保存"]))
    distribution: Distribution | None = Field(None, description="版记中的报送范围（报、送、发）")
    copies: PositiveInt | None = Field(None, **_describe("共印份数（正整数）", 200))
    mail: MailSettings | None = None

    _check_text = field_validator("name", "publisher")(_not_blank)

    @field_validator("name")
    @classmethod
    def _file_name_safe(cls, value: str) -> str:
        bad = sorted(set(value) & set(_NOT_IN_FILE_NAMES))
        if bad or value.strip(". ") != value:
            shown = " ".join(bad) or "开头或结尾的 . 和空格"
            raise ValueError(f"简报名称也用作 PDF 文件名，不能含有 {shown}；请去掉这些字符")
        return value

    @field_validator("layout")
    @classmethod
    def _folder_name(cls, value: str) -> str:
        if not value or value in (".", "..") or any(char in value for char in "/\\:"):
            raise ValueError(f"版式「{value}」应为 layouts/ 下的一个文件夹名（如 jianbao），不能含有 / \\ 或 ..")
        return value


class ImageRef(Strict):
    model_config = ConfigDict(json_schema_extra={"description": "一张图片"})

    file: Text = Field(**_describe("图片文件（JPEG、PNG），写相对于本期文件的路径，须在简报文件夹之内",
                                   "images/017-1.jpg"))
    caption: Text | None = Field(None, **_describe("图片说明，印在图片下方", "志愿者在五星广场开展文明劝导"))

    _check_file = field_validator("file")(_not_blank)


class Article(Strict):
    model_config = ConfigDict(json_schema_extra={"description": "一篇文章"})

    title: Text = Field(**_describe("文章标题", "全市大走访活动现场会召开"))
    contents_title: Text | None = Field(None, **_describe("目录中使用的较短标题，可不写", "大走访活动现场会召开"))
    body: Text = Field(**_describe("正文：段落之间空一行；可用 **加粗**、列表、一、（一）小标题", "6月12日，……"))
    images: list[ImageRef] = Field(default_factory=list, description="图片列表，每项写 file（和 caption）")
    source: Text | None = Field(None, **_describe("供稿单位，印在文末右侧", "（市文明办供稿）"))

    _check_text = field_validator("title", "body")(_not_blank)

    @property
    def listed_title(self) -> str:
        return self.contents_title or self.title


class Section(Strict):
    model_config = ConfigDict(json_schema_extra={"description": "一个栏目"})

    title: Text = Field(**_describe("栏目名，印为【工作动态】", "工作动态"))
    style: Literal["full", "brief"] = Field(
        "full", **_describe("full：每篇文章单独居中标题（默认）；brief：标题加粗接排在段首（如【文明时讯】）", "brief"))
    articles: list[Article] = Field(min_length=1, description="本栏目的文章，至少一篇")

    _check_title = field_validator("title")(_not_blank)


class IssueFile(Strict):
    model_config = ConfigDict(json_schema_extra={"description": "一期简报（bulletin.yaml 和 units.yaml 以外的 *.yaml）"})

    issue: PositiveInt = Field(**_describe("期号（正整数），印为“第17期”", 17))
    total: PositiveInt | None = Field(None, **_describe("总期号，印为“（总第86期）”，可不写", 86))
    date: dt.date = Field(**_describe("出刊日期，写成 年-月-日", "2023-06-20"))
    kind: Literal["增刊", "特刊"] | None = Field(None, **_describe("增刊或特刊：印在报头，单独编号；普通一期不写", "增刊"))
    marks: list[Text] | None = Field(None, **_describe("本期首页左上角的标注（覆盖 bulletin.yaml）", ["内部资料"]))
    distribution: Distribution | None = Field(None, description="本期版记的报送范围（覆盖 bulletin.yaml）")
    copies: PositiveInt | None = Field(None, **_describe("本期共印份数（覆盖 bulletin.yaml）", 200))
    extra: list[Text] = Field(default_factory=list, **_describe("本期增发：加印到版记的单位", ["市委办公室"]))
    editor_note: Text | None = Field(None, **_describe("编者按，印在第一个栏目之前", "本期刊发……"))
    contents: bool = Field(True, **_describe("是否在首页印“本期目录”（默认 true）", False))
    sections: list[Section] = Field(min_length=1, description="栏目列表，按顺序，至少一个")

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value):
        return _parse_date(value)


def _parse_date(value) -> dt.date:
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    match = _DATE.fullmatch(text or "")
    if not match:
        shown = f"「{text}」" if text else ""
        raise ValueError(f"日期{shown}格式不对，应写成 2023-06-20 这样的格式（年-月-日，用英文短横线）")
    year, month, day = map(int, match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"日期「{text}」不存在（{_why_impossible(year, month)}），请核对") from None


def _why_impossible(year: int, month: int) -> str:
    if not 1 <= month <= 12:
        return "月份只能是 1 到 12"
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return "年份不对"
    days = calendar.monthrange(year, month)[1]
    return f"{year}年{month}月只有 {days} 天"
