"""Read a content file: decode it, parse YAML safely, and map key paths back to lines."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import ContentError, Diagnostic


class _ContentLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so the schema validates them with a clear message."""


_ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class SourceFile:
    """A parsed YAML file that remembers where each value came from."""

    path: Path
    data: Any
    root: yaml.Node | None
    warnings: list[Diagnostic] = field(default_factory=list)

    def line_of(self, loc: tuple) -> int | None:
        """1-based line of the value at `loc` (keys and list indexes), or of its nearest parent."""
        node, line = self.root, None
        for part in loc:
            if node is None:
                break
            line = node.start_mark.line + 1
            node = _child(node, part)
        if node is not None:
            line = node.start_mark.line + 1
        return line


def _child(node: yaml.Node, part) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == part:
                return value
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def decode(path: Path, raw: bytes) -> tuple[str, list[Diagnostic]]:
    """UTF-8 (with or without BOM) or, with a warning, GB18030."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            line = raw[: utf8_error.start].count(b"\n") + 1
            raise ContentError([Diagnostic(
                "文件编码无法识别（既不是 UTF-8，也不是 GB18030/GBK），请用 UTF-8 编码另存。",
                path, line)]) from None
        return text, [Diagnostic("文件是 GB18030/GBK 编码，已正确读取；建议另存为 UTF-8。", path)]


def read_yaml(path: Path) -> SourceFile:
    """Parse one file; YAML errors and duplicate keys become ContentError."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ContentError([Diagnostic(f"无法读取文件：{error.strerror}", path)]) from None
    text, warnings = decode(path, raw)
    loader = _ContentLoader(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            _refuse_duplicate_keys(path, root)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise ContentError([Diagnostic(
            f"YAML 格式错误：{error.problem or error}。请检查缩进（只能用空格，不能用 Tab）、冒号后的空格和引号是否成对。",
            path, mark.line + 1 if mark else None)]) from None
    except yaml.YAMLError as error:
        raise ContentError([Diagnostic(f"YAML 格式错误：{error}", path)]) from None
    finally:
        loader.dispose()
    return SourceFile(path, data, root, warnings)


def _refuse_duplicate_keys(path: Path, node: yaml.Node) -> None:
    problems = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen = {}
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        problems.append(Diagnostic(
                            f"键「{key.value}」重复出现（第一次在第 {seen[key.value]} 行），请删去其中一个。",
                            path, key.start_mark.line + 1, key.value))
                    seen.setdefault(key.value, key.start_mark.line + 1)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    if problems:
        raise ContentError(sorted(problems, key=lambda d: d.line or 0))
