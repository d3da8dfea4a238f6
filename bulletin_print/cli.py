"""The `bulletin` command: a thin shell over the stages. Everything users read is Chinese."""

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="简报排版工具：把简报内容（YAML）排成符合公文格式的 A4 PDF。",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

PathsArgument = Annotated[list[Path], typer.Argument(
    help="期刊文件（如 2023/017.yaml），或简报文件夹（其中每一期）", exists=True, show_default=False)]


@app.command()
def build(
    paths: PathsArgument,
    out: Annotated[Path, typer.Option("-o", "--out", help="输出文件夹")] = Path("out"),
    name: Annotated[str, typer.Option("--name", help="文件名格式，可用 {name} {year} {label} {number} {date}")]
    = "{name}-{year}年{label}",
) -> None:
    """排版并生成 PDF。"""
    from .commands.build import run_build
    raise typer.Exit(run_build(paths, out, name))


@app.command()
def fonts() -> None:
    """列出每种用途（标题、正文、黑体、楷体、页码）所用的字体及其来源。"""
    from rich.console import Console

    from .commands.fonts import show_fonts
    raise typer.Exit(show_fonts(Console()))


def main() -> None:
    app()
