"""What a line of the accounts table says, apart from how it is drawn.

Columns: a mark for an invitation waiting for an answer, the account's name, its status in
words (member / invited / declined), its roles (the first, and how many more) and a short
summary of what the permission grid allows. The fixed columns give way before the name does,
so at 80 columns (and in the wide layout's narrower panel) the name stays readable.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text

from cftui.core.account_rows import AccountRow
from cftui.core.text import shorten

PAD = 1
GAP = 2
MARK_WIDTH = 2
STATUS_WIDTH = 8  # "declined"
ROLES_WIDTH = (18, 14, 12)  # roomy, then less, then tight
ACCESS_WIDTH = (17, 17, 12)
MIN_NAME_WIDTH = 18
INVITED_MARK = "•"
TEXT_LIMIT = 200  # longest API string turned into a cell: a name can be megabytes

HEADER = (Text(""), Text("Account"), Text("Status"), Text("Roles"), Text("Access"))


def roles_text(roles: Sequence[str], width: int = TEXT_LIMIT) -> str:
    """``Administrator``, ``Administrator +2``, or ``—``; within ``width`` the first role is
    cut, never the count of the others."""
    if not roles:
        return "—"
    more = f" +{len(roles) - 1:,}" if len(roles) > 1 else ""
    return shorten(roles[0], max(1, min(TEXT_LIMIT, width - len(more)))) + more


def access_width(rows: Sequence[AccountRow]) -> int:
    """Wide enough for every row's summary (``100,000 read, 99,999 write``): a count is
    never cut, however large the API makes it."""
    return max((len(row.summary) for row in rows), default=0)


def widths(width: int, access_needed: int = 0) -> tuple[int, int, int, int, int]:
    """Column widths for a line ``width`` cells wide: roomy where there is room; the access
    column at least ``access_needed`` wide."""
    for roles, access in zip(ROLES_WIDTH, ACCESS_WIDTH, strict=True):
        access = max(access, access_needed)
        fixed = 2 * PAD + MARK_WIDTH + STATUS_WIDTH + roles + access + 3 * GAP
        if width - fixed >= MIN_NAME_WIDTH:
            break
    return (MARK_WIDTH, max(8, width - fixed), STATUS_WIDTH, roles, access)


def layout(cells: Sequence[Text], columns: Sequence[int], width: int) -> Text:
    """One line: each cell cut to its column with an ellipsis, never wrapped."""
    line = Text(" " * PAD, no_wrap=True, end="")
    for n, (cell, cell_width) in enumerate(zip(cells, columns, strict=True)):
        cell = cell.copy()
        cell.no_wrap = True
        cell.truncate(cell_width, overflow="ellipsis", pad=True)
        line.append_text(cell)
        if 0 < n < len(columns) - 1:
            line.append(" " * GAP)
    line.truncate(width, pad=True)
    return line


def row_cells(
    row: AccountRow, roles_width: int, invited_style: Style | str = ""
) -> tuple[Text, ...]:
    style = invited_style if row.is_pending else ""
    return (
        Text(INVITED_MARK if row.is_pending else "", style=style),
        Text(shorten(row.name, TEXT_LIMIT)),
        Text(row.status, style=style),
        Text(roles_text(row.roles, roles_width)),
        Text(row.summary),
    )
