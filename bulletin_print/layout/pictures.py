"""Images of an article: sized to the text block and rounded up to whole grid lines."""

import math
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..diagnostics import ContentError, Diagnostic, key_path
from .justify import Paragraph


@dataclass
class Picture:
    uri: str
    width: float  # mm
    height: float  # mm
    caption: Paragraph | None
    block_height: float  # picture + caption, a whole number of grid lines


def place_picture(issue, image, where: tuple, caption: Paragraph | None, params: dict, grid) -> Picture:
    path = _image_path(issue, image.file, where)
    try:
        with Image.open(path) as picture:
            pixels_wide, pixels_high = picture.size
    except (OSError, UnidentifiedImageError):
        raise _error(issue, where, f"「{image.file}」不是可用的图片文件（支持 JPEG、PNG 等）。") from None
    width = min(params["width"], grid.width)
    height = width * pixels_high / pixels_wide
    if height > params["max_height"]:
        width, height = width * params["max_height"] / height, params["max_height"]
    caption_lines = len(caption.lines) if caption else 0
    block = math.ceil(height / grid.line - 1e-6) * grid.line + caption_lines * grid.line
    return Picture(path.as_uri(), width, height, caption, block)


def _image_path(issue, file: str, where: tuple) -> Path:
    folder = issue.bulletin_dir.resolve()
    path = (issue.path.parent / file).resolve()
    if "://" in file or not path.is_relative_to(folder):
        raise _error(issue, where, f"图片「{file}」必须是简报文件夹内的文件（写相对于本期文件的路径）。")
    if not path.is_file():
        raise _error(issue, where, f"找不到图片文件「{file}」（相对于本期文件所在的文件夹）。")
    return path


def _error(issue, where: tuple, message: str) -> ContentError:
    return ContentError([Diagnostic(message, issue.path, issue.line_of(*where), key_path(where))])
