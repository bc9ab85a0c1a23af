"""What a line of the accounts table says, apart from how it is drawn.

Columns: a mark for an invitation waiting for an answer, the account's name, its status in
words (member / invited / declined), its roles (the first, and how many more) and a short
summary of what the permission grid allows. Each column is as wide as its content (names up
to a maximum), so a wide terminal keeps the row together instead of pushing status and roles
to its far edge; where the width is short the name gives way last.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from cftui.core.accounts.rows import AccountRow
from cftui.core.text import shorten

PAD = 1
GAP = 2
MARK_WIDTH = 2
STATUS_MAX = 8  # "declined"
NAME_MAX = 48
"""A sane maximum for the name column: ``<someone's email>'s Account`` (Cloudflare's default
name) fits, and a wide terminal does not spread one name over 100 columns."""
NAME_MIN = 18
ROLES_MAX = 40  # "Super Administrator - All Privileges +2"
ROLES_MIN = 12
INVITED_MARK = "•"
TEXT_LIMIT = 200  # longest API string turned into a cell: a name can be megabytes

READ_ONLY = re.compile(r"read-only \(([\d,]+)\)")
READ_WRITE = re.compile(r"([\d,]+) read, ([\d,]+) write")

HEADER = (Text(""), Text("Account"), Text("Status"), Text("Roles"), Text("Access"))


@dataclass(frozen=True)
class Natural:
    """How wide each column's content is, within its bounds: what the columns ask for."""

    name: int = len("Account")
    status: int = len("Status")
    roles: int = len("Roles")
    access: int = len("Access")
    access_short: int = len("Access")


def short_access(summary: str) -> str:
    """The access summary for a narrow column: ``12r 5w`` for ``12 read, 5 write``, ``8r`` for
    ``read-only (8)``, ``none`` for ``no access``; what it does not know, as it is."""
    if summary == "no access":
        return "none"
    read_only = READ_ONLY.fullmatch(summary)
    if read_only:
        return f"{read_only[1]}r"
    both = READ_WRITE.fullmatch(summary)
    return f"{both[1]}r {both[2]}w" if both else summary


def roles_text(roles: Sequence[str], width: int = TEXT_LIMIT) -> str:
    """``Administrator``, ``Administrator +2``, or ``—``; within ``width`` the first role is
    cut, never the count of the others."""
    if not roles:
        return "—"
    more = f" +{len(roles) - 1:,}" if len(roles) > 1 else ""
    return shorten(roles[0], max(1, min(TEXT_LIMIT, width - len(more)))) + more


def natural_widths(rows: Sequence[AccountRow]) -> Natural:
    """The widths ``rows`` ask for: names up to ``NAME_MAX``, roles up to ``ROLES_MAX``, and
    the access summary whole (``100,000 read, 99,999 write``): a count is never cut, however
    large the API makes it. One pass, run for every page of memberships: a column that has
    reached its maximum is not measured again."""
    base = Natural()
    name, status, roles, access = base.name, base.status, base.roles, base.access
    short = base.access_short
    for row in rows:
        if name < NAME_MAX:
            text = row.name
            name = max(name, len(text) if text.isascii() else cell_len(text[:NAME_MAX]))
        if roles < ROLES_MAX:
            roles = max(roles, roles_width(row.roles))
        status = max(status, len(row.status))
        if len(row.summary) > access:
            access = len(row.summary)
        short = max(short, len(short_access(row.summary)))
    return Natural(
        min(name, NAME_MAX), min(status, STATUS_MAX), min(roles, ROLES_MAX), access, short
    )


def roles_width(roles: Sequence[str]) -> int:
    """``len(roles_text(roles))``, without building it."""
    if not roles:
        return 1
    more = len(f" +{len(roles) - 1:,}") if len(roles) > 1 else 0
    return min(len(roles[0]) + more, TEXT_LIMIT)


def widths(width: int, natural: Natural = Natural()) -> tuple[int, int, int, int, int]:
    """Column widths for a line ``width`` cells wide: each column as wide as its content,
    the name first; space left over stays at the end of the line. Where even the minimums
    do not fit, the access summary is said short (``12r 5w``), then the roles go, then the
    access (the account screen has both); a hidden column is 0 wide."""
    name_wanted = min(natural.name, NAME_MAX)
    status = natural.status
    short = natural.access_short
    choices = ((natural.access, natural.roles), (short, natural.roles), (short, 0), (0, 0))
    for access, roles_wanted in choices:
        shown = 1 + bool(access) + bool(roles_wanted)
        left = width - 2 * PAD - MARK_WIDTH - status - access - GAP * shown
        roles_min = min(ROLES_MIN, roles_wanted)
        if left - roles_min >= min(NAME_MIN, name_wanted):
            break
    name = max(1, min(name_wanted, left - roles_min))
    roles = min(roles_wanted, max(0, left - name))
    return (MARK_WIDTH, name, status, roles, access)


def layout(cells: Sequence[Text], columns: Sequence[int], width: int) -> Text:
    """One line: each cell cut to its column with an ellipsis, never wrapped; a column 0
    wide is left out."""
    line = Text(" " * PAD, no_wrap=True, end="")
    for n, (cell, cell_width) in enumerate(zip(cells, columns, strict=True)):
        if cell_width <= 0:
            continue
        if n > 1:
            line.append(" " * GAP)
        cell = cell.copy()
        cell.no_wrap = True
        cell.truncate(cell_width, overflow="ellipsis", pad=True)
        line.append_text(cell)
    line.truncate(width, pad=True)
    return line


def row_cells(
    row: AccountRow, roles_width: int, invited_style: Style | str = "", access_width: int = 0
) -> tuple[Text, ...]:
    """The cells of ``row``; the access summary short where ``access_width`` is too narrow."""
    style = invited_style if row.is_pending else ""
    summary = row.summary
    if access_width and len(summary) > access_width:
        summary = short_access(summary)
    return (
        Text(INVITED_MARK if row.is_pending else "", style=style),
        Text(shorten(row.name, TEXT_LIMIT)),
        Text(row.status, style=style),
        Text(roles_text(row.roles, roles_width)),
        Text(summary),
    )
