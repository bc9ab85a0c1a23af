"""What each permission cftui uses is for: where to grant it, and what stays empty without it.

The names are the dashboard's (``health.missing_permissions`` lists them); ``doctor`` says the
cost of each one a token lacks, so "lacks Memberships Read" comes with what the user loses.
"""

from __future__ import annotations

from dataclasses import dataclass

from cftui.core.fleet.health import API_TOKENS_READ, MEMBERSHIPS_READ, USER_DETAILS_READ
from cftui.core.models.token import USER_TOKENS_PAGE
from cftui.core.tokens.words import READ_WHERE as TOKENS_READ_WHERE


@dataclass(frozen=True, slots=True)
class Permission:
    name: str  # as the dashboard names it: "Memberships Read"
    grant: str  # where it is granted: "User → Memberships → Read"
    costs: str  # what stays empty without it


PERMISSIONS = {
    p.name: p
    for p in (
        Permission(
            USER_DETAILS_READ,
            "User → User Details → Read",
            "the TUI's profile card and `cftui whoami` cannot say whose it is",
        ),
        Permission(
            MEMBERSHIPS_READ,
            "User → Memberships → Read",
            "the organizations panel stays empty and `cftui invites` cannot list invitations",
        ),
        Permission(
            API_TOKENS_READ,
            TOKENS_READ_WHERE,
            "`cftui tokens` cannot list your tokens, and this token's own permissions are "
            "not shown",
        ),
    )
}


def grant_step(name: str) -> str:
    """The next step for a token lacking ``name``."""
    permission = PERMISSIONS.get(name)
    where = permission.grant if permission else name
    return f"Edit the token ({USER_TOKENS_PAGE}) and add {where}."
