"""A layout folder (layouts/<name>/): its parameters from layout.yaml and the grid they define."""

import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from ..diagnostics import ContentError, Diagnostic
from ..paths import layouts_dir

PT_MM = 25.4 / 72
LAYOUT_FILE = "layout.yaml"


@dataclass(frozen=True)
class Layout:
    name: str
    folder: Path
    params: dict

    def files(self) -> list[Path]:
        return sorted(p for p in self.folder.rglob("*") if p.is_file())

    @cached_property
    def grid(self) -> "Grid":
        return Grid(self.params)


class Grid:
    """The text block and its character grid, in mm."""

    def __init__(self, params: dict):
        page, grid = params["page"], params["grid"]
        self.width = page["width"] - page["margin_left"] - page["margin_right"]
        self.height = page["height"] - page["margin_top"] - page["margin_bottom"]
        # Rounded down so that `lines` lines printed with 4 decimals still fit the block.
        self.line = math.floor(self.height / grid["lines"] * 1e4) / 1e4
        self.em = params["sizes"]["body"] * PT_MM
        self.pitch = (self.width - self.em) / (grid["chars"] - 1)
        self.spacing = self.pitch - self.em  # letter-spacing that puts `chars` into the width

    def cells(self, count: float) -> float:
        return count * self.pitch


def find_layout(name: str, bulletin_dir: Path) -> Layout:
    """A layout beside the bulletin (its own layouts/ folder) wins over the built-in ones."""
    for root in (bulletin_dir / "layouts", layouts_dir()):
        folder = root / name
        if (folder / LAYOUT_FILE).is_file():
            return Layout(name, folder, _read_params(folder / LAYOUT_FILE))
    known = sorted(p.parent.name for p in layouts_dir().glob(f"*/{LAYOUT_FILE}"))
    raise ContentError([Diagnostic(
        f"找不到版式「{name}」：layouts/ 下没有这个文件夹。可用的版式：{'、'.join(known)}",
        bulletin_dir / "bulletin.yaml", key="layout")])


def _read_params(path: Path) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContentError([Diagnostic(f"版式参数文件无法读取：{error}", path)]) from None
