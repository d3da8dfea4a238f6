"""Layout warnings read from the laid-out pages (WeasyPrint's box tree), before any PDF exists.

- an article title that takes more than two lines;
- the 版记 (a CSS footnote, `.record`) pushed alone onto a page of its own;
- an image (with its caption) taller than the text block of a page.
"""

import re

from ..diagnostics import Diagnostic
from ..model.images import ImageProblem, open_image

MAX_TITLE_LINES = 2
TOLERANCE_PX = 1.0
_ASIDE = ("MarginBox", "FootnoteAreaBox")  # page margins (folios) and the footnote area (版记)


def layout_warnings(document, issue) -> list[Diagnostic]:
    """Every layout warning of a laid-out issue, with file, line and key where known."""
    boxes = _boxes(document)
    return [*_long_titles(boxes, issue), *_tall_images(document, boxes, issue), *_record_alone(document, issue)]


def _boxes(document) -> list[tuple[int, object]]:
    """(page number, box) for every box of the main flow (not margins, not footnotes)."""
    return [(number, box) for number, page in enumerate(document.pages, start=1)
            for child in _main_flow(page) for box in child.descendants()]


def _main_flow(page) -> list:
    return [child for child in page._page_box.children if type(child).__name__ not in _ASIDE]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _classes(box) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def _long_titles(boxes, issue) -> list[Diagnostic]:
    lines: dict[int, list] = {}
    for _, box in boxes:
        if box.element_tag == "h3" and "article-title" in _classes(box) and type(box).__name__ == "LineBox":
            lines.setdefault(id(box.element), [box.element, 0])[1] += 1
    where_of = _title_places(issue)
    warnings = []
    for element, count in lines.values():
        if count > MAX_TITLE_LINES:
            title = "".join(element.itertext())
            file, line, key = issue.locate(*where_of.get(_squeeze(title), ()))
            warnings.append(Diagnostic(
                f"文章标题「{title}」排成了 {count} 行（超过 {MAX_TITLE_LINES} 行）。请精简标题，"
                "可把次要内容移到正文第一段。", file, line, key or None, code="title-lines", details={"lines": count}))
    return warnings


def _title_places(issue) -> dict[str, tuple]:
    return {_squeeze(article.title): ("sections", s, "articles", a, "title")
            for s, section in enumerate(issue.sections) for a, article in enumerate(section.articles)}


def _tall_images(document, boxes, issue) -> list[Diagnostic]:
    warnings, seen = [], set()
    where_of = _image_places(issue)
    for number, box in boxes:
        if box.element_tag != "figure" or id(box.element) in seen:
            continue
        available = document.pages[number - 1]._page_box.height
        if box.margin_height() > available + TOLERANCE_PX:
            seen.add(id(box.element))
            image = box.element.find(".//img")
            source = image.get("src", "") if image is not None else ""
            file, line, key = issue.locate(*where_of.get(source, ()))
            warnings.append(Diagnostic(
                f"图片（连同说明）比一页的版心还高（第 {number} 页），下端会被截掉。请裁小图片、缩短说明，"
                "或在版式 layout.yaml 中调小 images.max_height。", file, line, key or None, code="image-tall"))
    return warnings


def _image_places(issue) -> dict[str, tuple]:
    places = {}
    for s, section in enumerate(issue.sections):
        for a, article in enumerate(section.articles):
            for i, image in enumerate(article.images):
                try:
                    path, _ = open_image(issue.bulletin_dir, issue.path, image.file)
                except ImageProblem:
                    continue
                places[path.as_uri()] = ("sections", s, "articles", a, "images", i, "file")
    return places


def _record_alone(document, issue) -> list[Diagnostic]:
    if len(document.pages) < 2 or not _has_record(document.pages[-1]):
        return []
    if _has_content(document.pages[-1]):
        return []
    count = len(document.pages)
    return [Diagnostic(
        f"版记被挤到了单独的最后一页（第 {count} 页），这一页没有正文。请把正文删减几行，"
        "或减少版记中的单位，使版记与正文末尾同在一页。", issue.path, code="record-alone",
        details={"page": count})]


def _has_record(page) -> bool:
    return any("record" in _classes(box) for child in page._page_box.children
               if type(child).__name__ == "FootnoteAreaBox" for box in child.descendants())


def _has_content(page) -> bool:
    """Text or an image in the main flow of the page (the footnote call does not count)."""
    for child in _main_flow(page):
        for box in child.descendants():
            name = type(box).__name__
            if name == "TextBox" and box.text.strip() or name.endswith("ReplacedBox"):
                return True
    return False
