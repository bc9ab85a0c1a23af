"""Wrapping that breaks identifiers at their own separators, never mid-word.

Rich breaks lines only at spaces and folds a longer word wherever the width ends, so a
narrow card showed ``zone_level_acc`` / ``ess_beta``. Betas and similar lists are made of
``snake_case`` or dotted identifiers: a line may end after ``_``, ``-``, ``.``, ``/``, ``:``
or ``@`` as well as at a space, and only a run with none of those that is wider than the
whole line is cut where the line ends. Words (betas) still wrap whole at spaces first; a
word is split only when it is wider than the line on its own.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

BREAK_AFTER = frozenset("_-./:@")


def line_spans(plain: str, width: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each line of ``plain`` wrapped to ``width`` cells; the spaces a
    line breaks at belong to no line."""
    width = max(width, 1)
    spans: list[tuple[int, int]] = []
    start, n = 0, len(plain)
    while start < n:
        while start < n and plain[start] == " ":
            start += 1  # a line never starts with the space it broke at
        if start >= n:
            break
        end = _fit(plain, start, width)
        if end < n:
            end = _break_before(plain, start, end)
        spans.append((start, end))
        start = end
    return spans


def _fit(plain: str, start: int, width: int) -> int:
    """The furthest end such that ``plain[start:end]`` fits in ``width`` cells (at least one
    character, so a character wider than the line still advances)."""
    used, end = 0, start
    while end < len(plain):
        used += cell_len(plain[end])
        if used > width and end > start:
            break
        end += 1
    return end


def _break_before(plain: str, start: int, end: int) -> int:
    """Move ``end`` back to where the line may end: the last space, so that words stay
    whole; in a word wider than the whole line, after its last separator that fits."""
    if plain[end] == " ":
        return end
    space = plain.rfind(" ", start, end)
    if space > start:
        return space
    for cut in range(end, start, -1):
        if plain[cut - 1] in BREAK_AFTER:
            return cut
    return end  # one run wider than the line, without separators: cut where it ends


class SeparatorWrapped:
    """A ``Text`` that wraps at spaces and identifier separators for whatever width Rich
    gives it (a table cell shrinks and grows with the terminal)."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, max(cell_len(self.text.plain), 1))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = [self.text[a:b] for a, b in line_spans(self.text.plain, options.max_width)]
        joined = Text("\n").join(lines) if lines else Text("")
        joined.no_wrap = True
        joined.overflow = "fold"
        yield joined
