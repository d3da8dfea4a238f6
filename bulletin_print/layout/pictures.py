"""Images of an article: sized to the text block and rounded up to whole grid lines."""

import math
from dataclasses import dataclass

from ..diagnostics import ContentError, Diagnostic, key_path
from ..model.images import ImageProblem, open_image
from .justify import Paragraph


@dataclass
class Picture:
    uri: str
    width: float  # mm
    height: float  # mm
    caption: Paragraph | None
    block_height: float  # picture + caption, a whole number of grid lines


def place_picture(issue, image, where: tuple, caption: Paragraph | None, params: dict, grid) -> Picture:
    try:
        path, (pixels_wide, pixels_high) = open_image(issue.bulletin_dir, issue.path, image.file)
    except ImageProblem as problem:
        raise _error(issue, (*where, "file"), str(problem)) from None
    width = min(params["width"], grid.width)
    height = width * pixels_high / pixels_wide
    if height > params["max_height"]:
        width, height = width * params["max_height"] / height, params["max_height"]
    caption_lines = len(caption.lines) if caption else 0
    block = math.ceil(height / grid.line - 1e-6) * grid.line + caption_lines * grid.line
    return Picture(path.as_uri(), width, height, caption, block)


def _error(issue, where: tuple, message: str) -> ContentError:
    return ContentError([Diagnostic(message, issue.path, issue.line_of(*where), key_path(where))])
