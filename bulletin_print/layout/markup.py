"""Light Markdown of an article body → paragraphs of styled runs.

Only **bold**, *emphasis* and lists are Markdown here; headings, links, images and raw
HTML stay literal text. Sub-headings follow 公文 practice: 一、 in 黑体, （一） in 楷体;
1. and （1） stay in the body face.
"""

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from .justify import Run

_PARSER = MarkdownIt("zero").enable(["emphasis", "list", "newline"])
_HEADING_STYLES = [
    (re.compile(r"[一二三四五六七八九十百]+、"), "hei", "h1"),
    (re.compile(r"（[一二三四五六七八九十百]+）"), "kai", "h2"),
]
_STYLE_OF_TAG = {"strong": ("hei", "strong"), "em": ("kai", "em")}
_BULLET = "•"


@dataclass
class Block:
    runs: list[Run]
    kind: str = "p"  # "p", or "h1"/"h2" when the paragraph opens with a sub-heading


def parse_body(text: str) -> list[Block]:
    blocks: list[Block] = []
    markers: list[str] = []
    for token in _PARSER.parse(text):
        if token.type == "bullet_list_open":
            markers.append(_BULLET)
        elif token.type == "ordered_list_open":
            markers.append(f"{token.attrGet('start') or 1}")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            markers.pop()
        elif token.type == "list_item_open":
            prefix = _BULLET if markers[-1] == _BULLET else f"{token.info}{token.markup}"
            blocks.append(Block([Run(prefix, "body")]))
        elif token.type == "inline":
            runs = _inline_runs(token.children or [])
            if blocks and _is_open_list_item(blocks[-1]):
                blocks[-1].runs.extend(runs)
            else:
                blocks.append(_subheading(runs))
    return blocks


def _is_open_list_item(block: Block) -> bool:
    return len(block.runs) == 1 and (block.runs[0].text == _BULLET or block.runs[0].text[-1:] in ".)")


def _inline_runs(children) -> list[Run]:
    runs: list[Run] = []
    stack: list[tuple[str, str]] = [("body", "")]
    previous = ""
    for child in children:
        if child.type.endswith("_open") and child.tag in _STYLE_OF_TAG:
            stack.append(_STYLE_OF_TAG[child.tag])
        elif child.type.endswith("_close") and child.tag in _STYLE_OF_TAG:
            stack.pop()
        elif child.type == "softbreak":
            previous = _soft_break(runs, previous)
        else:
            role, css = stack[-1]
            text = child.content
            runs.append(Run(text, role, css))
            previous = text
    return [run for run in runs if run.text]


def _soft_break(runs: list[Run], previous: str) -> str:
    """A line break inside a paragraph: nothing between Chinese, a space between Latin words."""
    if previous and previous[-1].isascii() and previous[-1].isalnum():
        runs.append(Run(" "))
        return " "
    return previous


def _subheading(runs: list[Run]) -> Block:
    if not runs or runs[0].role != "body":
        return Block(runs)
    first = runs[0].text
    for pattern, role, kind in _HEADING_STYLES:
        if pattern.match(first):
            cut = first.find("。") + 1 or len(first)
            head = Run(first[:cut], role, role)
            rest = [Run(first[cut:])] if cut < len(first) else []
            return Block([head, *rest, *runs[1:]], kind)
    return Block(runs)
