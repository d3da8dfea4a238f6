"""Images named by an issue: inside the bulletin folder, existing, and really images.

Checked when the issue is loaded, so that every missing or broken picture is reported
together with the other mistakes of the file, before anything is laid out.
"""

import difflib
from pathlib import Path, PureWindowsPath

from PIL import Image, UnidentifiedImageError

from ..diagnostics import Diagnostic, key_path

# Raster formats WeasyPrint embeds; nothing that needs an external program (EPS) or fetches (SVG).
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF")
MAX_PIXELS = 100_000_000


class ImageProblem(ValueError):
    """Why an image cannot be used, in Chinese."""


def open_image(bulletin_dir: Path, issue_path: Path, file: str) -> tuple[Path, tuple[int, int]]:
    """The image's resolved path and its size in pixels; ImageProblem when it cannot be used."""
    path = _inside(bulletin_dir, issue_path, file)
    if not path.is_file():
        raise ImageProblem(f"找不到图片文件「{file}」（路径相对于本期文件所在的文件夹）。{_similar(path)}")
    try:
        with Image.open(path, formats=FORMATS) as picture:
            size = picture.size
            picture.verify()
    except Image.DecompressionBombError:
        raise ImageProblem(f"图片「{file}」像素过多，请缩小到 4000 像素宽以内再用。") from None
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        raise ImageProblem(f"「{file}」不是可用的图片文件（支持 JPEG、PNG、GIF、WebP、BMP、TIFF），"
                           "或者文件已损坏。请用看图软件另存为 JPEG 或 PNG。") from None
    if size[0] * size[1] > MAX_PIXELS or min(size) < 1:
        raise ImageProblem(f"图片「{file}」尺寸异常（{size[0]}×{size[1]} 像素），请缩小到 4000 像素宽以内再用。")
    return path, size


def _similar(path: Path) -> str:
    names = [p.name for p in path.parent.iterdir() if p.is_file()] if path.parent.is_dir() else []
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
    return f"是不是「{close[0]}」？" if close else "请核对文件名和扩展名。"


def _inside(bulletin_dir: Path, issue_path: Path, file: str) -> Path:
    outside = ImageProblem(f"图片「{file}」必须是简报文件夹内的文件：请把图片复制到简报文件夹里，"
                           "写相对于本期文件的路径（如 images/1.jpg），不能写网址或其他文件夹的路径。")
    if ":" in file or file.startswith(("/", "\\")) or PureWindowsPath(file).is_absolute():
        raise outside
    folder = bulletin_dir.resolve()
    path = (issue_path.parent / file.replace("\\", "/")).resolve()
    if not path.is_relative_to(folder):
        raise outside
    return path


def image_problems(source, bulletin_dir: Path) -> list[Diagnostic]:
    """Every unusable image named in a parsed issue file, with line and key.

    Works on the raw data, so broken images are reported even when other keys are wrong."""
    problems = []
    for where, file in _image_files(source.data):
        try:
            open_image(bulletin_dir, source.path, file)
        except ImageProblem as problem:
            line, column = source.position_of(where)
            problems.append(Diagnostic(str(problem), source.path, line, key_path(where), column=column, code="image"))
    return problems


def _image_files(data):
    """(key path, file) of every `sections[].articles[].images[].file` that is text."""
    for s, section in _items(data, "sections"):
        for a, article in _items(section, "articles"):
            for i, image in _items(article, "images"):
                file = image.get("file") if isinstance(image, dict) else None
                if isinstance(file, str) and file.strip():
                    yield ("sections", s, "articles", a, "images", i, "file"), file.strip()


def _items(mapping, key: str):
    values = mapping.get(key) if isinstance(mapping, dict) else None
    return enumerate(values) if isinstance(values, list) else []
