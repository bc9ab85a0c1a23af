"""What a failed memberships request means for the accounts section, in a user's words.

The client words a refusal for ``/user`` ("not allowed to read your user details"); on
``/memberships`` the same codes mean something else: 9109 and 10000 say the token lacks
*Memberships Read*, 9106 that an account token asked (memberships belong to a user), and a
refused ``PUT`` that it lacks *Memberships Write*. Each section of the screen fails on its
own: these say what failed there, which permission would show more, and what to press.
Pure: the CLI and the TUI word the same failure the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cftui.core.errors import (
    ApiError,
    CftuiError,
    MalformedResponseError,
    NetworkError,
    RateLimitedError,
    ServerError,
)

READ_PERMISSION = "Memberships Read"
WRITE_PERMISSION = "Memberships Write"
READ_WHERE = "User → Memberships → Read"
WRITE_WHERE = "User → Memberships → Edit"
PERMISSION_CODES = frozenset((9109, 10000))
ACCOUNT_TOKEN_CODE = 9106

Part = Literal["accounts", "policies", "invitation"]
_WHAT: dict[Part, str] = {
    "accounts": "list your memberships",
    "policies": "show this account's policies",
    "invitation": "answer the invitation",
}


@dataclass(frozen=True, slots=True)
class SectionProblem:
    """Why one part of the screen has less than it could; the rest of the screen stays."""

    title: str
    message: str
    hint: str
    permission: str | None = None  # the permission that would help, when that is the trouble
    codes: tuple[int, ...] = ()
    retryable: bool = True

    def line(self) -> str:
        """One line for stderr or a status bar."""
        return f"{self.message} {self.hint}"

    @property
    def brief(self) -> str:
        """The message without its explanation, where room is short (a panel at 80x24):
        for a missing permission the title and the hint say the rest."""
        if self.permission is None:
            return self.message
        head = self.message.split(": ", 1)[0]
        return head if head.endswith(".") else f"{head}."


def _codes(error: CftuiError) -> tuple[int, ...]:
    return error.codes if isinstance(error, ApiError) else ()


def _code_text(codes: tuple[int, ...]) -> str:
    return f" (code {codes[0]})" if codes else ""


def _permission(part: Part) -> tuple[str, str]:
    if part == "invitation":
        return WRITE_PERMISSION, WRITE_WHERE
    return READ_PERMISSION, READ_WHERE


def _refused(error: ApiError, part: Part, retry: str) -> SectionProblem:
    codes = error.codes
    permission, where = _permission(part)
    what = _WHAT[part]
    if ACCOUNT_TOKEN_CODE in codes and part != "invitation":
        return SectionProblem(
            "Accounts need a user token",
            f"Cloudflare refused to {what}{_code_text(codes)}: memberships belong to a user, "
            "and this is an account API token.",
            f"A user API token with {permission} ({where}) would list every account you belong to.",
            permission,
            codes,
            retryable=False,
        )
    if PERMISSION_CODES.intersection(codes) or error.status in (401, 403):
        more = {
            "accounts": "every account you belong to, with roles and policies",
            "policies": "the policies",
            "invitation": "answer invitations",
        }[part]
        verb = "cftui can" if part == "invitation" else "cftui shows"
        return SectionProblem(
            f"No permission: {permission}",
            f"Cloudflare refused to {what}{_code_text(codes)}: the credential lacks "
            f"{permission}, or an IP filter excludes this machine.",
            f"With {permission} ({where}) {verb} {more}.",
            permission,
            codes,
            retryable=False,
        )
    return SectionProblem(
        "Refused", f"Cloudflare refused to {what}: {error.message}", retry, None, codes
    )


def section_problem(
    error: CftuiError, part: Part = "accounts", *, interactive: bool = True
) -> SectionProblem:
    """The words for ``error`` met while fetching ``part``; ``interactive`` when a key can
    retry it (the TUI's ``r``), else the words for a command run again."""
    retry = "Press r to retry." if interactive else "Run the command again to retry."
    if part == "invitation":
        retry = "Nothing was changed."
    if part == "invitation" and isinstance(error, NetworkError | ServerError):
        # The PUT may have arrived and been acted on: only a fresh list can tell.
        return SectionProblem(
            error.title,
            f"{error.message} The invitation may or may not have been answered.",
            "Refresh (r) to see where it stands before trying again.",
        )
    if isinstance(error, RateLimitedError):
        then = "press r" if interactive and part != "invitation" else "try again"
        wait = (
            f"Wait {max(1, round(error.retry_after))} s, then {then}."
            if error.retry_after
            else f"Wait a minute, then {then}."
        )
        return SectionProblem("Rate limited", error.message, wait, codes=error.codes)
    if isinstance(error, ServerError | NetworkError):
        return SectionProblem(error.title, error.message, retry, codes=_codes(error))
    if isinstance(error, MalformedResponseError):
        where = f" (at {error.path})" if error.path and error.path not in error.message else ""
        return SectionProblem("Malformed answer", f"{error.message}{where}", retry)
    if isinstance(error, ApiError):
        return _refused(error, part, retry)
    return SectionProblem(error.title, error.message, error.hint or retry)
