"""`bulletin fonts`: show which font serves each role, where it came from, and how to do better."""

from rich.console import Console
from rich.table import Table

from bulletin_print import paths
from bulletin_print.fonts import FontError, FontFace, FontSet, resolve_fonts
from bulletin_print.fonts.roles import load_roles

SOURCE_LABELS = {
    "user": "用户字体目录 fonts/",
    "system": "系统已安装",
    "fallback": "免费替代字体",
}


def show_fonts(console: Console) -> int:
    """Print the fonts by role; exit status 0, or 2 when a role has no font."""
    try:
        fonts = resolve_fonts()
    except FontError as error:
        console.print(f"[bold red]错误：[/]{error}", highlight=False)
        return 2
    console.print(_roles_table(fonts))
    console.print(_gap_filler_table(fonts))
    _print_hint(console, fonts)
    return 0


def _face_name(face: FontFace) -> str:
    plain = face.style.casefold() in ("", "regular")
    return face.family if plain else f"{face.family} {face.style}"


def _roles_table(fonts: FontSet) -> Table:
    table = Table(title="各角色使用的字体", title_justify="left")
    for column in ("角色", "字体", "来源", "是否正式字体", "文件"):
        table.add_column(column, overflow="fold")
    for font in fonts:
        face = font.face
        official = "是" if face.official else "否"
        table.add_row(font.label, _face_name(face), SOURCE_LABELS[face.source], official, str(face.path))
    return table


def _gap_filler_table(fonts: FontSet) -> Table:
    table = Table(title="缺字补充字体（角色字体缺少某个字时使用）", title_justify="left")
    for column in ("角色", "字体", "文件"):
        table.add_column(column, overflow="fold")
    for font in fonts:
        table.add_row(font.label, _face_name(font.gap_filler), str(font.gap_filler.path))
    return table


def _print_hint(console: Console, fonts: FontSet) -> None:
    free = [font for font in fonts if font.face.source == "fallback"]
    if not free:
        return
    official = {spec.role: spec.official[0] for spec in load_roles().roles}
    wanted = "、".join(official[font.role] for font in free)
    console.print(
        f"\n提示：{len(free)} 个角色正在使用免费替代字体，版面与正式公文会略有差别。"
        f"如本单位持有正式字体（{wanted}）的授权，"
        f"请把字体文件（.ttf、.otf 或 .ttc）放入 {paths.user_fonts_dir()} 目录，"
        f"再运行 bulletin fonts，确认“来源”一栏显示为“{SOURCE_LABELS['user']}”。",
        highlight=False,
    )
