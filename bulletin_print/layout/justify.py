"""Break a paragraph into lines on the character grid and justify every full line (两端对齐).

WeasyPrint stretches lines only at spaces, so Chinese text would stay ragged. Here the
lines are chosen from font metrics, and each full line gets the letter-spacing that makes
its last glyph end at the right edge of the text block. No character is added to the text.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# No line may start with these (closing punctuation, GB/T 15834) ...
NO_LINE_START = set("，。、；：？！）》」』】〕〗〉”’…·%‰℃,.;:?!)]}")
# ... nor end with these (opening punctuation).
NO_LINE_END = set("（《「『【〔〖〈“‘([{")
# Two of these in a row (—— and ……) are one mark and never split.
PAIRED = set("—…")
SPACE = " "

EPSILON_MM = 0.01
# Letters spread wider than this apart read as separate words (pdftotext and copy/paste
# then insert spaces): a line that needs more stretch, and has no space to take it, stays ragged.
MAX_LETTER_STRETCH_EM = 0.075


@dataclass(frozen=True)
class Run:
    """Text in one style: `role` picks the font (and metrics), `css` the HTML class."""

    text: str
    role: str = "body"
    css: str = ""


@dataclass
class Line:
    segments: list[Run]
    spacing_mm: float  # letter-spacing applied to every character of the line
    width_mm: float  # from the first glyph's left edge to the last glyph's right edge
    word_spacing_mm: float = 0.0  # extra width of each space, for lines justified at spaces

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)

    @property
    def spacing_class(self) -> str:
        """A CSS class per spacing (to 0.1 µm): lines that share it share their computed style."""
        name = f"ls{round(self.spacing_mm * 1e4)}"
        if self.word_spacing_mm:
            name += f"-ws{round(self.word_spacing_mm * 1e4)}"
        return name.replace("-", "_").replace("ls_", "lsm").replace("ws_", "wsm")


@dataclass
class Measure:
    """Advance width in mm of a character in a role's font at the paragraph's size."""

    advance: Callable[[str, str], float]  # (char, role) → em
    size_mm: float

    def __call__(self, char: str, role: str) -> float:
        return self.advance(char, role) * self.size_mm


@dataclass
class Paragraph:
    lines: list[Line] = field(default_factory=list)

    def spacing_rules(self) -> dict[str, tuple[float, float]]:
        return {line.spacing_class: (line.spacing_mm, line.word_spacing_mm) for line in self.lines}

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isprintable() and char != SPACE or char == "·"


def can_break(before: str, after: str) -> bool:
    """May a line end after `before` and the next one start with `after`?"""
    if after == SPACE:
        return False
    if before == SPACE:
        return True
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if before == after and before in PAIRED:
        return False
    return not (_is_latin(before) and _is_latin(after))


def normalise(runs: Iterable[Run]) -> list[tuple[str, Run]]:
    """Characters with their runs; white space folded to single spaces, trimmed."""
    chars: list[tuple[str, Run]] = []
    for run in runs:
        for char in run.text:
            if char.isspace():
                if chars and chars[-1][0] != SPACE:
                    chars.append((SPACE, run))
            else:
                chars.append((char, run))
    while chars and chars[-1][0] == SPACE:
        chars.pop()
    return chars


def strong_break(before: str, after: str) -> bool:
    """A break between phrases: around a space, after closing or before opening punctuation."""
    phrase_edge = SPACE in (before, after) or before in NO_LINE_START or after in NO_LINE_END
    return phrase_edge and can_break(before, after)


def justify(runs: Iterable[Run], measure: Measure, first_width: float, rest_width: float,
            grid_spacing: float = 0.0, breakable=can_break) -> Paragraph:
    """Lay the runs out in lines of `first_width` then `rest_width` mm.

    `grid_spacing` is the letter-spacing (mm, usually slightly negative) that puts the
    layout's characters-per-line exactly into the text block; full lines get more, the
    last line keeps it so its characters stand on the grid.
    """
    chars = normalise(runs)
    widths = [measure(char, run.role) for char, run in chars]
    stretch = MAX_LETTER_STRETCH_EM * measure.size_mm
    paragraph = Paragraph()
    start = 0
    while start < len(chars):
        width = first_width if not paragraph.lines else rest_width
        end = _line_end(chars, widths, start, width, grid_spacing, breakable)
        last = end >= len(chars)
        paragraph.lines.append(_line(chars[start:end], widths[start:end], width, grid_spacing, last, stretch))
        start = end
        while start < len(chars) and chars[start][0] == SPACE:
            start += 1
    return paragraph


def _line_end(chars, widths, start: int, width: float, spacing: float, breakable) -> int:
    """Index after the last character that fits, moved back to a permitted break."""
    used, end = 0.0, start
    while end < len(chars):
        extra = widths[end] + (spacing if end > start else 0.0)
        if used + extra > width + EPSILON_MM and chars[end][0] != SPACE:
            break
        used += extra
        end += 1
    if end >= len(chars):
        return end
    for candidate in range(end, start, -1):
        if breakable(chars[candidate - 1][0], chars[candidate][0]):
            return candidate
    return max(end, start + 1)  # one unbreakable word longer than the line


def _line(chars, widths, width: float, grid_spacing: float, last: bool, max_stretch: float) -> Line:
    """Spread the slack between letters, or over the spaces when letters would drift apart."""
    while chars and chars[-1][0] == SPACE:
        chars, widths = chars[:-1], widths[:-1]
    natural = sum(widths)
    gaps = len(chars) - 1
    on_grid = natural + gaps * grid_spacing
    if last or gaps <= 0:
        return Line(_segments(chars), grid_spacing, on_grid)
    slack = width - on_grid
    if slack / gaps <= max_stretch:
        return Line(_segments(chars), grid_spacing + slack / gaps, width)
    spaces = sum(char == SPACE for char, _ in chars)
    if spaces:
        return Line(_segments(chars), grid_spacing, width, slack / spaces)
    return Line(_segments(chars), grid_spacing + max_stretch, on_grid + gaps * max_stretch)


def _segments(chars) -> list[Run]:
    segments: list[Run] = []
    for char, run in chars:
        if segments and segments[-1].role == run.role and segments[-1].css == run.css:
            segments[-1] = Run(segments[-1].text + char, run.role, run.css)
        else:
            segments.append(Run(char, run.role, run.css))
    return segments


def balance(runs: Iterable[Run], measure: Measure, width: float) -> list[str]:
    """Break a centred title into as few lines as it needs, of even length, between phrases.

    The narrowest measure that still gives that many lines is found by bisection; breaking
    at it spreads the words over the lines instead of leaving a stub on the last one.
    Breaks between phrases are used when they give no more lines than breaks anywhere.
    """
    runs = list(runs)
    count = len(justify(runs, measure, width, width).lines)
    for breakable in (strong_break, can_break):
        lines = _balanced(runs, measure, width, count, breakable)
        if lines:
            return lines
    return [line.text for line in justify(runs, measure, width, width).lines]


def _balanced(runs, measure, width: float, count: int, breakable) -> list[str] | None:
    def lines_at(limit: float) -> list[Line]:
        return justify(runs, measure, limit, limit, breakable=breakable).lines

    if len(lines_at(width)) > count:
        return None
    low, high = width / max(count, 1), width
    for _ in range(24):
        middle = (low + high) / 2
        low, high = (middle, high) if len(lines_at(middle)) > count else (low, middle)
    lines = lines_at(high)
    return [line.text for line in lines] if all(line.width_mm <= width + EPSILON_MM for line in lines) else None
