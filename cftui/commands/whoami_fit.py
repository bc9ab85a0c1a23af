"""How many account lines ``whoami`` prints, so that its first lines stay on the screen.

On a terminal the summary fits the screen: the identity, the token and what was found about
it come first and are never pushed off the top by the accounts below them. Everything else
printed (the header, the lines after the accounts, the warnings on stderr after them, the
shell's prompt) is measured in terminal rows at the terminal's width, a long line taking as
many rows as it wraps to, and the accounts get what is left, then one line saying how many
more there are and how to see them all. Piped, the same summary has a fixed length, whatever
the terminal the pipe happens to end in.
"""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

PIPED_ACCOUNTS = 20
"""Account lines in the summary when stdout is not a terminal."""
PROMPT_ROWS = 1
"""The shell's prompt after the command: the last row of the screen."""


@dataclass(frozen=True)
class Summary:
    """``whoami``'s text, in the parts that fitting treats differently.

    ``accounts(n)`` are the lines of the first ``n`` accounts known here (all with ``None``),
    aligned among themselves; ``known`` is how many accounts are known here and ``total`` how
    many there are in all, which may be more (page 1's ``total_count``: the text summary reads
    no page after the first).
    """

    head: Sequence[str]
    accounts: Callable[[int | None], list[str]]
    known: int
    total: int
    tail: Sequence[str]
    again: str
    """The command that lists every account, for the "… and N more" line."""
    spare: Sequence[int] = ()
    """Lines of ``head`` that a screen too short for it may go without, first first (never
    who you are, the credential, the token and what was found about them)."""
    at_least: bool = False
    """``total`` is a lower bound (page 1 was full and its ``total_count`` not plausible)."""

    def more(self, hidden: int) -> str:
        return f"    … and {hidden:,}{'+' if self.at_least else ''} more ({self.again})"

    def lines(self, shown: int | None) -> list[str]:
        """The summary with at most ``shown`` accounts (``None``: all that are known)."""
        listed = self.accounts(None if shown is None else min(max(shown, 0), self.known))
        out = [*self.head, *listed]
        if self.total > len(listed):
            out.append(self.more(self.total - len(listed)))
        out.extend(self.tail)
        return out


def cells(text: str) -> int:
    """Terminal columns ``text`` takes: wide East Asian characters two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def rows(line: str, columns: int) -> int:
    """Terminal rows one printed line takes once the terminal wraps it."""
    return max(1, -(-cells(line) // max(columns, 1)))


def fitting(summary: Summary, after: Sequence[str], size: tuple[int, int]) -> int:
    """How many account lines fit on a ``size`` (columns, lines) screen below the head, with
    ``after`` (what stderr says once the summary is out) and the prompt still to come."""
    columns, height = size
    room = height - PROMPT_ROWS
    room -= sum(rows(line, columns) for line in (*summary.head, *summary.tail, *after))
    lines = summary.accounts(None)  # aligned over all: never narrower than those printed
    if summary.known >= summary.total and sum(rows(line, columns) for line in lines) <= room:
        return summary.known
    room -= rows(summary.more(summary.total), columns)
    shown = 0
    for line in lines:
        room -= rows(line, columns)
        if room < 0:
            break
        shown += 1
    return shown


def compacted(summary: Summary, after: Sequence[str], size: tuple[int, int]) -> Summary:
    """``summary`` without as many of its spare head lines as it takes for the rest of the
    head, what follows it and the "… and N more" line to fit the screen."""
    columns, height = size
    fixed = [*summary.tail, *after, *([summary.more(summary.total)] if summary.total else [])]
    room = height - PROMPT_ROWS - sum(rows(line, columns) for line in fixed)
    head = list(summary.head)
    dropped: set[int] = set()
    for index in summary.spare:
        if sum(rows(line, columns) for n, line in enumerate(head) if n not in dropped) <= room:
            break
        dropped.add(index)
    if not dropped:
        return summary
    kept = [line for n, line in enumerate(head) if n not in dropped]
    return replace(summary, head=kept, spare=())


def for_screen(
    summary: Summary, after: Sequence[str], *, terminal: bool, every: bool
) -> tuple[Summary, int | None]:
    """The summary to print and its number of accounts: all (``--all``), a screenful on a
    terminal (the head made shorter first if the screen is too short for it), a fixed
    number when piped."""
    if every:
        return summary, None
    if not terminal:
        return summary, PIPED_ACCOUNTS
    size = shutil.get_terminal_size((80, 24))  # COLUMNS and LINES first, as everywhere
    screen = (size.columns, size.lines)
    fitted = compacted(summary, after, screen)
    return fitted, fitting(fitted, after, screen)
