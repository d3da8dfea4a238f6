"""Read a content file: decode it, parse YAML safely, and map key paths back to lines.

Safety: the loader is PyYAML's SafeLoader (a `!!python/...` tag is an error, never code),
files larger than MAX_BYTES and binary files are refused before parsing, and aliases may
not expand to more than MAX_ALIAS_NODES nodes nor refer to themselves (alias bombs).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import ContentError, Diagnostic
from .yaml_errors import RefusedYAML, explain, explain_reader

MAX_BYTES = 1024 * 1024  # a real issue is 10–50 KB; 1 MB lays out in about a minute
MAX_ALIAS_NODES = 10_000  # nodes that aliases (*name) may add by repetition
_MAGIC = [
    (b"PK\x03\x04", "Word（.docx）或压缩文件；旧刊的 Word 文件请用 bulletin import 转换"),
    (b"\xd0\xcf\x11\xe0", "旧版 Word（.doc）或 WPS 文件；请先另存为 .docx，再用 bulletin import 转换"),
    (b"%PDF", "PDF 文件；旧刊的 PDF 请先提取文字，再用 bulletin import 转换"),
    (b"\x89PNG", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"), (b"GIF8", "GIF 图片"),
    (b"{\\rtf", "RTF 文档"),
]
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class _ContentLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text and refuses alias bombs while composing."""

    def __init__(self, text: str):
        super().__init__(text)
        self._open_anchors: set[str] = set()
        self._sizes: dict[int, int] = {}
        self._expanded = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            return self._compose_alias(parent, index, event)
        anchor = getattr(event, "anchor", None)
        if anchor is None or isinstance(event, yaml.ScalarEvent):
            return super().compose_node(parent, index)
        self._open_anchors.add(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self._open_anchors.discard(anchor)

    def _compose_alias(self, parent, index, event):
        if event.anchor in self._open_anchors:
            raise RefusedYAML(None, None, f"锚点「{event.anchor}」引用了它自己（循环引用），请删去这个引用。",
                             event.start_mark)
        node = super().compose_node(parent, index)
        self._expanded += _expanded_size(node, self._sizes)
        if self._expanded > MAX_ALIAS_NODES:
            raise RefusedYAML(None, None, "锚点引用（*名称）展开后内容过多，已拒绝读取。"
                             "请直接写出内容，不要层层引用。", event.start_mark)
        return node

    def construct_yaml_int(self, node):
        """`issue: 017` is 17 as people mean it, not YAML 1.1's octal 15."""
        text = str(node.value)
        if _LEADING_ZERO.fullmatch(text):
            return _Decimal(text)
        return super().construct_yaml_int(node)


class _Decimal(int):
    """A number written with leading zeros: 17 where a number is wanted, "0394" where text is."""

    def __new__(cls, text: str):
        number = super().__new__(cls, int(text, 10))
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text


_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")
_ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_ContentLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?0[0-9]+$"), list("-+0"))
_ContentLoader.add_constructor("tag:yaml.org,2002:int", _ContentLoader.construct_yaml_int)


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """Number of nodes `node` stands for once every alias is written out (memoised)."""
    if id(node) in sizes:
        return sizes[id(node)]
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, sizes) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(key, sizes) + _expanded_size(value, sizes) for key, value in node.value)
    sizes[id(node)] = size
    return size


@dataclass
class SourceFile:
    """A parsed YAML file that remembers where each value came from."""

    path: Path
    data: Any
    root: yaml.Node | None
    warnings: list[Diagnostic] = field(default_factory=list)

    def line_of(self, loc: tuple) -> int | None:
        """1-based line of the value at `loc` (keys and list indexes), or of its nearest parent."""
        return self.position_of(loc)[0]

    def position_of(self, loc: tuple) -> tuple[int | None, int | None]:
        """1-based (line, column) of the value at `loc`, or of its nearest parent."""
        node, mark = self.root, None
        for part in loc:
            if node is None:
                break
            mark = node.start_mark
            node = _child(node, part)
        if node is not None:
            mark = node.start_mark
        return (mark.line + 1, mark.column + 1) if mark else (None, None)


def _child(node: yaml.Node, part) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if str(key.value) == str(part):
                return value
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def decode(path: Path, raw: bytes) -> tuple[str, list[Diagnostic]]:
    """UTF-8 (with or without BOM); with a warning, UTF-16 with a BOM or GB18030/GBK."""
    if raw.startswith(_UTF16_BOMS):
        return _decode_utf16(path, raw)
    _refuse_binary(path, raw)
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as utf8_error:
        line = raw[: utf8_error.start].count(b"\n") + 1
        if _mostly_utf8(raw):
            raise _undecodable(path, line, "文件是 UTF-8 编码，但这一行有无法识别的字节（可能是拼接了其他编码的文字）。"
                               "请删去这一行的乱码后重新输入，并用 UTF-8 编码保存。") from None
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise _undecodable(path, line, "文件编码无法识别（既不是 UTF-8，也不是 GB18030/GBK），"
                               "请用 UTF-8 编码另存。") from None
        return text, [Diagnostic("文件是 GB18030/GBK 编码，已正确读取；建议另存为 UTF-8"
                                 "（记事本：另存为 → 编码选 UTF-8；WPS/VS Code 同理）。", path, code="encoding")]


def _decode_utf16(path: Path, raw: bytes) -> tuple[str, list[Diagnostic]]:
    try:
        text = raw.decode("utf-16")
    except UnicodeDecodeError as error:
        raise _undecodable(path, None, f"文件是 UTF-16 编码，但内容已损坏（{error.reason}），请用 UTF-8 编码另存。") from None
    return text, [Diagnostic("文件是 UTF-16（记事本中的“Unicode”）编码，已正确读取；建议另存为 UTF-8。",
                             path, code="encoding")]


def _mostly_utf8(raw: bytes) -> bool:
    """Valid multi-byte UTF-8 far outnumbers bad bytes: a UTF-8 file with some garbage in it.

    GBK text read as UTF-8 gives a few accidental valid characters among many errors."""
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for char in text if ord(char) > 127) - bad
    return good > bad


def _refuse_binary(path: Path, raw: bytes) -> None:
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            raise ContentError([Diagnostic(f"这不是 YAML 文本文件，而是{kind}。", path)])
    head = raw[:8192]
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r")
    if b"\x00" in head or controls > max(8, len(head) // 100):
        raise ContentError([Diagnostic(
            "这不是文本文件（含有大量二进制数据，可能是图片、文档或压缩包）。请确认选对了文件。", path)])


def _undecodable(path: Path, line: int | None, message: str) -> ContentError:
    return ContentError([Diagnostic(message, path, line, code="encoding")])


def read_yaml(path: Path) -> SourceFile:
    """Parse one file; YAML errors, duplicate keys and alias bombs become ContentError."""
    text, warnings = decode(path, _read_bytes(path))
    try:
        loader = _ContentLoader(text)
    except yaml.reader.ReaderError as error:
        raise _syntax_error(path, *explain_reader(error, text)) from None
    try:
        root = loader.get_single_node()
        if root is not None:
            _refuse_duplicate_keys(path, root)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(path, *explain(error)) from None
    except yaml.reader.ReaderError as error:
        raise _syntax_error(path, *explain_reader(error, text)) from None
    except RecursionError:
        raise _syntax_error(path, "嵌套层数太多（列表或键值对套了上百层），无法读取。", None, None) from None
    finally:
        loader.dispose()
    return SourceFile(path, data, root, warnings)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ContentError([Diagnostic(
                f"文件过大（{size / 1024 / 1024:.1f} MB）：一期简报的内容文件通常只有几十 KB。"
                "请确认选对了文件；图片请放在单独的文件里，用 images 引用。", path)])
        return path.read_bytes()
    except IsADirectoryError:
        raise ContentError([Diagnostic("这是一个文件夹，不是内容文件。", path)]) from None
    except FileNotFoundError:
        raise ContentError([Diagnostic("找不到这个文件，请检查路径和文件名。", path)]) from None
    except PermissionError:
        raise ContentError([Diagnostic("没有读取这个文件的权限，请检查文件权限或是否被其他程序锁定。", path)]) from None
    except OSError as error:
        raise ContentError([Diagnostic(f"无法读取文件：{error.strerror}", path)]) from None


def _syntax_error(path: Path, message: str, line: int | None, column: int | None) -> ContentError:
    return ContentError([Diagnostic(message, path, line, column=column, code="yaml")])


def _refuse_duplicate_keys(path: Path, node: yaml.Node) -> None:
    problems, stack, visited = [], [node], set()
    while stack:
        current = stack.pop()
        if id(current) in visited:
            continue
        visited.add(id(current))
        if isinstance(current, yaml.MappingNode):
            problems += _duplicates_in(path, current)
            stack.extend(value for _, value in current.value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    if problems:
        raise ContentError(sorted(problems, key=lambda d: d.line or 0))


def _duplicates_in(path: Path, mapping: yaml.MappingNode) -> list[Diagnostic]:
    problems, seen = [], {}
    for key, _ in mapping.value:
        if not isinstance(key, yaml.ScalarNode) or key.value == "<<":
            continue
        line = key.start_mark.line + 1
        if key.value in seen:
            problems.append(Diagnostic(
                f"键「{key.value}」重复出现（第一次在第 {seen[key.value]} 行）。YAML 只会保留后一个，"
                "请删去或合并其中一个。", path, line, key.value, column=key.start_mark.column + 1, code="duplicate-key"))
        seen.setdefault(key.value, line)
    return problems
