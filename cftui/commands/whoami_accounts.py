"""The accounts part of ``whoami``'s text summary: the rows it may list, how many there are in
all, and the words after ``accounts``.

With every page read (``--all``, or an account whose memberships fit on page 1) it is the
whole merged list, as ``--json`` has it. The text summary's quick check reads page 1 only
(``overview.quick``): then the rows are page 1's memberships (``/user``'s organizations are
merged into them, but an organization page 1 does not list is left out, since a later page
may well list it), the number of accounts is page 1's ``total_count`` (``120``; ``50+`` when
that total is not plausible) and the invitations waiting are the pending count's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cftui.commands.accounts_output import account_rows, summary
from cftui.core.accounts.rows import AccountRow

if TYPE_CHECKING:
    from cftui.core.overview.check import Overview
    from cftui.core.overview.quick import Count, QuickCheck


@dataclass(frozen=True, slots=True)
class Listed:
    """``rows`` known here, ``total`` accounts in all (a lower bound with ``at_least``), and
    ``line``: what the summary says after ``accounts``."""

    rows: tuple[AccountRow, ...]
    total: int
    line: str
    at_least: bool = False


def listed_accounts(overview: Overview, invites: str, quick: QuickCheck | None = None) -> Listed:
    """Every account when every page was read (or page 1 failed: ``/user``'s organizations
    alone); page 1's and the counts when the quick check stopped after it."""
    rows = account_rows(overview)
    memberships = overview.memberships
    if quick is None or memberships.complete or not memberships.listed:
        return Listed(rows, len(rows), summary(overview, rows, invites))
    paged = tuple(row for row in rows if row.membership is not None)
    total = quick.accounts
    known = total.value if total.value is not None else len(paged)
    line = f"{total}"
    waiting = _waiting(quick.invitations, paged)
    if waiting:
        line += f" · {waiting} waiting ({invites})"
    return Listed(paged, max(known, len(paged)), line, at_least=total.at_least)


def _waiting(pending: Count, rows: tuple[AccountRow, ...]) -> str:
    """``3 invitations``: the pending count's; when that failed, at least those of page 1."""
    if pending.value is not None:
        noun = "invitation" if pending.value == 1 and not pending.at_least else "invitations"
        return f"{pending} {noun}" if pending.value else ""
    seen = sum(1 for row in rows if row.can_answer)
    return f"{seen:,}+ invitations" if seen else ""
