"""Shapes of the lines a back issue is made of, shared by the header, body and 版记 readers."""

import re

from .lines import CJK, squeeze

SECTION = re.compile(r"[【〖［\[]\s*([^【】〖〗［］\[\]]+?)\s*[】〗］\]]")
CONTENTS_HEADING = re.compile(r"(?:本期)?(?:目录|要目|导读|内容提要|看点)[:：]?")
EDITOR_NOTE = re.compile(r"[【\[]?编者按[】\]]?\s*[:：]?\s*")
BYLINE = re.compile(
    r"[（(](?=[^（）()]*(?:供稿|报送|撰稿|来源|来稿|通讯员|作者|摘自|选自))[^（）()]{2,40}[）)]")
SUBHEADING = re.compile(r"(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]|（\d+）)")
PAGE_NUMBER = re.compile(r"[-—–－一~～]*\s*\d{1,3}\s*[-—–－一~～]*|第\d+页(?:[，,]?共\d+页)?")

# A paragraph or title ends with one of these (after closing quotes).
SENTENCE_END = set("。！？；…：!?;:")
CLOSING_QUOTES = "”’」』\"'"
# A line ending with one of these always goes on in the next line ...
OPEN_END = set("，、“‘（《〈「『—·,(") | set("的地得和与及或在对把被将向从以为是并而但之其于由同跟给让使")
# ... and a line starting with one of these always continues the line before.
CONTINUED_START = set("，。、；：？！）》〉」』”’…%,.;:?!)的地得了着过们")
# A paragraph often opens with a date or a short lead clause: 6月12日，会议指出，会上，
PARAGRAPH_OPENING = re.compile(
    rf"\d{{1,2}}月\d{{1,2}}日|\d{{4}}年|[{CJK}]{{1,6}}[，：]|(?:近日|日前|近年来|今年以来|目前|据悉|据了解|此外|同时)")

# ... and a line opening like this is a paragraph, never a title.
PARAGRAPH_LEAD = re.compile(
    r"\d{1,2}月\d{1,2}日|(?:(?:会议|会上|会前|会后|活动)[\u4e00-\u9fff]{0,2}|近日|日前|目前|同时|此外|另外|据悉"
    r"|据了解|今年以来|近年来)[，：,:]")

TITLE_MAX = 40   # characters: a longer line is a paragraph, not a title


def is_closed(text: str) -> bool:
    """Does the text end a sentence (。！？； …, closing quotes allowed after it)?"""
    stripped = text.rstrip(CLOSING_QUOTES)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def looks_like_title(text: str) -> bool:
    """A short line that does not end a sentence and is not a sub-heading: 全市…推进会召开"""
    plain = squeeze(text)
    return (0 < len(plain) <= TITLE_MAX and not is_closed(plain) and "。" not in plain
            and plain[-1] not in OPEN_END and plain[0] not in CONTINUED_START and plain.count("，") < 2
            and not SUBHEADING.match(plain) and not BYLINE.fullmatch(plain) and not PARAGRAPH_LEAD.match(plain))


def section_title(text: str) -> str | None:
    match = SECTION.fullmatch(squeeze(text))
    return match.group(1) if match else None
