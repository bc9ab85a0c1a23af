"""``whoami``'s accounts: every account from ``/memberships`` merged with ``/user``'s
organizations, as aligned lines (``whoami_fit`` decides how many) and as JSON (all of them).

When the memberships could not be listed, the accounts are ``/user``'s organizations and one
line on stderr says what failed and which permission would show more; the exit code does not
change (only ``/user`` decides it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cftui.core.accounts.merge import AccountMerge
from cftui.core.accounts.rows import AccountRow, count
from cftui.core.accounts.scopes import policy_scopes
from cftui.core.text import shorten

if TYPE_CHECKING:
    from cftui.core.models.membership import Policy
    from cftui.core.overview.check import Overview

NAME_WIDTH = 40
ROLES_WIDTH = 60
STATUS_WIDTH = 8


def account_rows(overview: Overview) -> tuple[AccountRow, ...]:
    """Memberships (with their policies, when fetched) merged with ``/user``'s organizations."""
    user = overview.user.value
    organizations = user.user.organizations if user is not None else ()
    result = overview.memberships
    merge = AccountMerge(result.memberships, organizations)
    for detail in result.details or ():
        merge.update_membership(detail)
    return merge.rows()


def summary(overview: Overview, rows: Sequence[AccountRow], invites: str = "cftui invites") -> str:
    """``5: 3 member, 1 invited, 1 declined · 1 invitation waiting (cftui invites)``;
    ``invites`` is the command that lists them for the same credential (or the demo)."""
    if not rows:
        return "none" if overview.memberships.listed else "none in /user"
    words: dict[str, int] = {"member": 0, "invited": 0, "declined": 0}
    for row in rows:
        words[row.status] = words.get(row.status, 0) + 1
    text = f"{len(rows):,}: " + ", ".join(f"{n:,} {word}" for word, n in words.items() if n)
    answerable = sum(1 for row in rows if row.can_answer)
    if answerable:
        text += f" · {count(answerable, 'invitation')} waiting ({invites})"
    if not overview.memberships.listed:
        text += " (from /user only)"
    return text


def account_lines(rows: Sequence[AccountRow], shown: int | None = None) -> list[str]:
    """Name, status and roles in aligned columns, one line for each of the first ``shown``
    accounts (all with ``None``; ``whoami_fit`` decides how many are printed)."""
    rows = rows if shown is None else rows[:shown]
    width = min(NAME_WIDTH, max((len(shorten(r.name, NAME_WIDTH)) for r in rows), default=0))
    lines = []
    for row in rows:
        roles = shorten(", ".join(row.roles) or "no roles", ROLES_WIDTH)
        name = shorten(row.name, NAME_WIDTH)
        status = shorten(row.status, STATUS_WIDTH)
        lines.append(f"    {name:<{width}}  {status:<{STATUS_WIDTH}}  {roles}".rstrip())
    return lines


def accounts_warning(overview: Overview) -> str | None:
    """The one stderr line when the memberships section failed (in part or whole)."""
    problem = overview.memberships.problem
    return None if problem is None else f"accounts: {problem.line()}"


def _policy_json(policy: Policy, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": policy.id,
        "access": policy.access,
        "permission_groups": [{"id": g.id, "name": g.name} for g in policy.permission_groups],
        "resource_groups": [
            {
                "id": group.id,
                "name": group.name,
                "scope": [{"key": s.key, "objects": list(s.objects)} for s in group.scopes],
            }
            for group in policy.resource_groups
        ],
        "applies_to": list(policy_scopes(policy, names)),
    }


def _account_json(row: AccountRow, names: dict[str, str], policies: bool) -> dict[str, Any]:
    membership = row.membership
    doc: dict[str, Any] = {
        "id": row.account_id,
        "name": row.name,
        "status": row.status,
        "membership_id": membership.id if membership else None,
        "membership_status": membership.status if membership else None,
        "organization_status": row.organization.status if row.organization else None,
        "roles": list(row.roles),
        "sources": list(row.sources),
        "permissions": {c.resource: {"read": c.read, "write": c.write} for c in row.grid},
    }
    if policies:
        found = row.policies
        doc["policies"] = None if found is None else [_policy_json(p, names) for p in found]
    return doc


def accounts_json(overview: Overview, *, policies: bool) -> dict[str, Any]:
    """``accounts`` (every one) and ``memberships`` (how the listing went) for ``--json``."""
    rows = account_rows(overview)
    names = {row.account_id: row.name for row in rows if row.account_id}
    result = overview.memberships
    problem = result.problem
    listing: dict[str, Any] = {
        "listed": len(result.memberships),
        "expected": result.expected,
        "complete": result.complete,
        "pages_read": result.listing.pages_read,
        "not_read": result.not_read,
        "pending": sum(1 for row in rows if row.is_pending),
        "failed_pages": sorted(result.failed),
        "error": None
        if problem is None
        else {
            "message": problem.message,
            "hint": problem.hint,
            "permission": problem.permission,
            "codes": list(problem.codes),
        },
    }
    if policies:
        listing["policies_skipped"] = result.skipped_details
        listing["policy_errors"] = {
            mid: {"message": error.message} for mid, error in result.detail_errors.items()
        }
    return {
        "accounts": [_account_json(row, names, policies) for row in rows],
        "memberships": listing,
    }
