"""The content format (SPEC §1) as pydantic models: the single source of truth."""

import datetime as dt
from typing import Literal

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

Text = str
PositiveInt = Annotated[int, Field(strict=True, gt=0)]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, str_strip_whitespace=True, coerce_numbers_to_str=True)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("不能为空")
    return value


class Masthead(Strict):
    title: Text
    subtitle: Text | None = None

    _check_title = field_validator("title")(_not_blank)


class Distribution(Strict):
    """版记 lists; keys are the Chinese words printed before the colon."""

    bao: list[Text] = Field(default_factory=list, alias="报")
    song: list[Text] = Field(default_factory=list, alias="送")
    fa: list[Text] = Field(default_factory=list, alias="发")

    def groups(self) -> list[tuple[str, list[str]]]:
        return [(label, units) for label, units in (("报", self.bao), ("送", self.song), ("发", self.fa)) if units]


class BulletinConfig(Strict):
    name: Text
    masthead: Masthead
    publisher: Text
    layout: Text = "jianbao"
    date_style: Literal["arabic", "chinese"] = "arabic"
    marks: list[Text] = Field(default_factory=list)
    distribution: Distribution | None = None
    copies: PositiveInt | None = None

    _check_text = field_validator("name", "publisher")(_not_blank)


class ImageRef(Strict):
    file: Text
    caption: Text | None = None


class Article(Strict):
    title: Text
    contents_title: Text | None = None
    body: Text
    images: list[ImageRef] = Field(default_factory=list)
    source: Text | None = None

    _check_text = field_validator("title", "body")(_not_blank)

    @property
    def listed_title(self) -> str:
        return self.contents_title or self.title


class Section(Strict):
    title: Text
    style: Literal["full", "brief"] = "full"
    articles: list[Article] = Field(min_length=1)

    _check_title = field_validator("title")(_not_blank)


class IssueFile(Strict):
    issue: PositiveInt
    total: PositiveInt | None = None
    date: dt.date
    kind: Literal["增刊", "特刊"] | None = None
    marks: list[Text] | None = None
    distribution: Distribution | None = None
    copies: PositiveInt | None = None
    extra: list[Text] = Field(default_factory=list)
    editor_note: Text | None = None
    contents: bool = True
    sections: list[Section] = Field(min_length=1)

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value):
        if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
            return value.strip()
        raise ValueError("日期应写成 2023-06-20 这样的格式（年-月-日）")
