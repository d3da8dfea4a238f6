"""The `bulletin` command: a thin shell over the stages. Everything users read is Chinese."""

import sys
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
    jobs: Annotated[int | None, typer.Option("-j", "--jobs", help="同时排版的进程数（默认：CPU 核数）", min=1)] = None,
    force: Annotated[bool, typer.Option("--force", help="全部重排，即使内容未改动")] = False,
    pdf_a: Annotated[bool, typer.Option("--pdf-a", help="生成 PDF/A-2b 归档格式")] = False,
) -> None:
    """排版并生成 PDF（内容未改动的期刊跳过）。"""
    from .commands.build import run_build
    from .deliver.batch import BuildOptions, default_jobs
    raise typer.Exit(run_build(paths, BuildOptions(out, name, pdf_a), jobs or default_jobs(), force))


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(
        help="期刊文件、bulletin.yaml、units.yaml，或简报文件夹（其中每个文件）", show_default=False)],
    strict: Annotated[bool, typer.Option("--strict", help="警告也算错误（如缺字、标题过长、版记单独成页）")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="输出机器可读的 JSON 报告")] = False,
) -> None:
    """检查内容：格式、字体缺字、版面问题；不生成任何文件。"""
    from .commands.check import run_check
    raise typer.Exit(run_check(paths, strict, as_json))


@app.command(name="import")
def import_(
    files: Annotated[list[Path], typer.Argument(
        help="往期简报：从 PDF 提取的文字（.txt）或 Word 文件（.docx），或存放它们的文件夹", metavar="FILE",
        show_default=False)],
    out: Annotated[Path, typer.Option(
        "-o", "--out", help="写入的简报文件夹：每期写成 年份/期号.yaml；没有 bulletin.yaml 时由第一期生成")]
    = Path("imported"),
    check_only: Annotated[bool, typer.Option("--check", help="只识别并列出报告（含未能归入的行），不写入任何文件")] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的期刊文件")] = False,
) -> None:
    """把往期简报（文字或 Word 文件）导入为期刊文件（YAML）。"""
    from .commands.importer import run_import
    raise typer.Exit(run_import(files, out, check_only, force))


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(
        help="issue（期刊文件，默认）、bulletin（bulletin.yaml）或 units（units.yaml）", show_default=False)] = "issue",
    out: Annotated[Path | None, typer.Option(
        "-o", "--out", help="把三种 schema 都写入这个文件夹（供 VS Code 使用）", show_default=False)] = None,
) -> None:
    """输出内容格式的 JSON Schema，让编辑器（如 VS Code）自动补全并标出错误。"""
    from .commands.schema import SCHEMAS, run_schema
    if kind not in SCHEMAS:
        typer.echo(f"不认识「{kind}」：只能是 {'、'.join(SCHEMAS)} 之一。", err=True)
        raise typer.Exit(2)
    raise typer.Exit(run_schema(kind, out))


@app.command()
def volume(
    folder: Annotated[Path, typer.Argument(help="简报文件夹", exists=True, file_okay=False, show_default=False)],
    year: Annotated[int, typer.Option("--year", help="年份，如 2023", show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help="输出的 PDF 文件", show_default=False)],
    pdf_a: Annotated[bool, typer.Option("--pdf-a", help="生成 PDF/A-2b 归档格式")] = False,
) -> None:
    """生成年度合订本：封面、总目录、全年各期（页码连续）。"""
    from .commands.volume import run_volume
    raise typer.Exit(run_volume(folder, year, out, pdf_a))


@app.command()
def fonts() -> None:
    """列出每种用途（标题、正文、黑体、楷体、页码）所用的字体及其来源。"""
    from rich.console import Console

    from .commands.fonts import show_fonts
    raise typer.Exit(show_fonts(Console()))


@app.command()
def mail(
    issue: Annotated[Path, typer.Argument(
        help="要发送的一期（如 2023/017.yaml）", metavar="ISSUE", exists=True, dir_okay=False,
        show_default=False)],
    to: Annotated[list[str] | None, typer.Option(
        "--to", metavar="UNIT", help="只发给这个单位（可重复，如 --to 省文明办 --to 市直各文明单位）",
        show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只列出单位、邮箱和主题，不发送")] = False,
    out: Annotated[Path, typer.Option("-o", "--out", help="PDF 所在（或生成到）的文件夹")] = Path("out"),
    ca_file: Annotated[Path | None, typer.Option(
        "--ca-file", metavar="FILE", help="单位自建邮件服务器的 CA 证书文件（PEM），用来验证服务器证书", dir_okay=False,
        show_default=False)] = None,
) -> None:
    """把本期 PDF 用邮件发给报送范围内的各单位（units.yaml 中的邮箱）。

    密码只从环境变量 BULLETIN_SMTP_PASSWORD 读取。已发送的单位记录在简报文件夹的
    .bulletin/sent.sqlite3 中，不会重发；中断后再次运行会继续发送其余单位。
    """
    from .commands.mail import run_mail
    raise typer.Exit(run_mail(issue, out, to, dry_run, ca_file))


def main() -> None:
    """The console script: usage mistakes get a Chinese explanation and exit status 2."""
    from .commands.usage import is_usage_error, usage_message
    try:
        status = app(standalone_mode=False)
    except Exception as error:
        if not is_usage_error(error):
            raise
        print(usage_message(error), file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        sys.exit(130)
    sys.exit(status or 0)
