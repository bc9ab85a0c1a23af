"""What a line of the organizations table says, apart from how it is drawn.

The counts come from the API, so their columns are as wide as the largest count (never
cut to ``1000…``); the name takes whatever the fixed columns leave.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from cftui.core.models import Organization

STATUS_WIDTH = 8
COUNT_WIDTH = 5
"""The narrowest the role and permission columns get: the width of their headers."""
GAP = 2
PAD = 1
MIN_NAME_WIDTH = 10


def search_text(org: Organization) -> str:
    """Everything the filter matches on, lowercased once: name, id, roles, permissions."""
    parts = [org.name or "", org.id or "", *org.roles, *org.permissions]
    return "\n".join(parts).lower()


def matches(haystack: str, terms: Sequence[str]) -> bool:
    return all(term in haystack for term in terms)


HEADER = (
    Text("Name"),
    Text("Status"),
    Text("Roles", justify="right"),
    Text("Perms", justify="right"),
)


def count_width(orgs: Sequence[Organization]) -> int:
    """Wide enough for every count: a count is never cut, however large the API makes it."""
    most = max((max(len(o.roles), len(o.permissions)) for o in orgs), default=0)
    return max(COUNT_WIDTH, len(count_text(most)))


def count_text(count: int) -> str:
    return f"{count:,}"


def layout(cells: Sequence[Text], width: int, counts: int = COUNT_WIDTH) -> Text:
    """One table line: the name takes what the fixed columns leave, cut with an ellipsis."""
    fixed = STATUS_WIDTH + 2 * counts + 3 * GAP + 2 * PAD
    widths = (max(MIN_NAME_WIDTH, width - fixed), STATUS_WIDTH, counts, counts)
    line = Text(" " * PAD, no_wrap=True, end="")
    for n, (cell, cell_width) in enumerate(zip(cells, widths, strict=True)):
        cell = cell.copy()
        cell.no_wrap = True
        right = cell.justify == "right"
        cell.truncate(cell_width, overflow="ellipsis", pad=not right)
        if right:
            cell.pad_left(cell_width - cell.cell_len)
        line.append_text(cell)
        if n < len(widths) - 1:
            line.append(" " * GAP)
    line.truncate(width, pad=True)
    return line
