"""A Word file (.docx, as saved by Word or WPS) → the same line stream as a text file.

Each paragraph is one line, numbered by paragraph; tables (a 版记 is often one) are read
row by row, text boxes (a masthead may sit in one) before the paragraph that anchors them.
"""

from collections.abc import Iterator
from pathlib import Path

from ...diagnostics import ContentError, Diagnostic
from .lines import Line, make_line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIPPED = {W + "delText", W + "instrText", MC + "Fallback", W + "txbxContent", W + "footnoteReference"}


def docx_lines(path: Path) -> list[Line]:
    """Every paragraph of the document body in reading order; ContentError if it is no .docx."""
    import docx

    try:
        document = docx.Document(str(path))
    except OSError as error:
        raise ContentError([Diagnostic(f"无法读取文件：{error.strerror or error}", path)]) from None
    except Exception:  # python-docx, zipfile and lxml each raise their own kind for a broken file
        raise ContentError([Diagnostic(
            "无法打开这个 Word 文件：文件已损坏，或不是 .docx 格式（旧的 .doc 请在 Word/WPS 中“另存为” .docx）。",
            path)]) from None
    lines: list[Line] = []
    for number, (paragraph, hints) in enumerate(_paragraphs(document.element.body), 1):
        parts = _text(paragraph).split("\n")
        for index, part in enumerate(parts):
            lines.append(make_line(number, part, hard=index == len(parts) - 1, **hints))
    return lines


def _paragraphs(container) -> Iterator[tuple[object, dict]]:
    for child in container.iterchildren():
        if child.tag == W + "p":
            for box in child.iter(W + "txbxContent"):
                if not _inside_fallback(box):
                    yield from _paragraphs(box)
            yield child, {"centered": _centered(child)}
        elif child.tag == W + "tbl":
            for row in child.iter(W + "tr"):
                for cell in row.iterchildren(W + "tc"):
                    yield from _paragraphs(cell)
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"):
            yield from _paragraphs(child)


def _inside_fallback(element) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == MC + "Fallback":
            return True
        parent = parent.getparent()
    return False


def _text(paragraph) -> str:
    """The paragraph's visible text: runs, tabs as spaces, line breaks as new lines."""
    out: list[str] = []

    def walk(element) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag in _SKIPPED:
                continue
            if tag == W + "t":
                out.append(child.text or "")
            elif tag in (W + "tab", W + "ptab"):
                out.append(" ")
            elif tag in (W + "br", W + "cr"):
                out.append("\n")
            elif tag == W + "noBreakHyphen":
                out.append("-")
            else:
                walk(child)

    walk(paragraph)
    return "".join(out)


def _centered(paragraph) -> bool:
    properties = paragraph.find(W + "pPr")
    justification = properties.find(W + "jc") if properties is not None else None
    return justification is not None and justification.get(W + "val") == "center"
