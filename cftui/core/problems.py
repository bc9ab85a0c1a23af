"""Any failure in a user's words, once: what kind of trouble it is, what went wrong and what
to do next, for the TUI's state panel, each section of the screen and the commands.

A refusal is first worded where it is met (``core.api.refusals``, which knows the codes); this
says what it means where it lands. On ``/memberships`` the codes that meant "not allowed to
read your user details" on ``/user`` mean something else: 9109 and 10000 say the token lacks
*Memberships Read*, 9106 that an account token asked (memberships belong to a user), and a
refused ``PUT`` that it lacks *Memberships Write*. A section fails on its own: its problem
says what failed there and which permission would show more.

The key that retries is the caller's to name (the TUI reads it from its bindings; a command
has none), so a remapped key changes the words. Nothing here changes the error it is given.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Literal, TypeVar

from cftui.core.errors import (
    AccountTokenError,
    ApiError,
    AuthError,
    CftuiError,
    ConfigError,
    ExitCode,
    KeyringUnavailableError,
    MalformedResponseError,
    NetworkError,
    NoCredentialsError,
    RateLimitedError,
    ServerError,
    UsageError,
)

E = TypeVar("E", bound=CftuiError)

ProblemKind = Literal[
    "first_run",
    "no_credentials",
    "auth",
    "account_token",
    "network",
    "rate_limited",
    "malformed",
    "keyring",
    "config",
    "usage",
    "internal",
]

ENV_HINT = (
    "Without a keyring, set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY) "
    "and start cftui again, or log in for this session only."
)


def kind_of(error: BaseException) -> ProblemKind:
    """Which kind of trouble ``error`` is; anything not a ``CftuiError`` is ``internal``."""
    # Order matters: RateLimitedError and ServerError are ApiErrors, AuthError too.
    if isinstance(error, RateLimitedError):
        return "rate_limited"
    if isinstance(error, NetworkError | ServerError):
        return "network"
    if isinstance(error, AccountTokenError):
        return "account_token"
    if isinstance(error, AuthError | ApiError):
        return "auth"
    if isinstance(error, MalformedResponseError):
        return "malformed"
    if isinstance(error, KeyringUnavailableError):
        return "keyring"
    if isinstance(error, NoCredentialsError):
        return "no_credentials"
    if isinstance(error, ConfigError):
        return "config"
    if isinstance(error, UsageError):
        return "usage"
    return "internal"


def _message(error: CftuiError) -> str:
    """The error's message, naming the JSON path of a malformed answer if it does not yet."""
    if isinstance(error, MalformedResponseError) and error.path and error.path not in error.message:
        return f"{error.message} (at {error.path})"
    return error.message


@dataclass(frozen=True, slots=True)
class Words:
    """What went wrong and what to do next, for trouble that fills the screen."""

    kind: ProblemKind
    title: str
    message: str
    hint: str | None
    exit_code: ExitCode = ExitCode.INTERNAL
    retry_after: float | None = None  # seconds before a retry is polite (rate limited)


def error_words(error: BaseException, *, retry_key: str) -> Words:
    """The words for anything a fetch caught; never a traceback.

    For unexpected exceptions only the type name is said: their text may quote anything,
    including a header value.
    """
    if not isinstance(error, CftuiError):
        return Words(
            "internal",
            "Internal error",
            f"Something unexpected went wrong inside cftui ({type(error).__name__}).",
            f"Press {retry_key} to try again. "
            "If it keeps happening, `cftui whoami --debug` shows more.",
        )
    kind = kind_of(error)
    hint = error.hint
    if kind == "keyring" and "CLOUDFLARE_API_TOKEN" not in (hint or ""):
        hint = f"{hint} {ENV_HINT}" if hint else ENV_HINT
    wait = None
    if isinstance(error, RateLimitedError):
        wait = max(0.0, error.retry_after or 0.0)
    return Words(kind, error.title, _message(error), hint, error.exit_code, wait)


def first_run_words() -> Words:
    return Words(
        "first_run",
        "Welcome to cftui",
        "No Cloudflare profile yet, and no CLOUDFLARE_API_TOKEN in the environment.",
        "Log in with an API token (it is verified, then kept in the OS keyring), "
        "or look around on demo data first.",
        ExitCode.NO_CREDENTIALS,
    )


# -- one section of the screen (the accounts, one account's policies, an invitation) -------

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
_MORE: dict[Part, str] = {
    "accounts": "every account you belong to, with roles and policies",
    "policies": "the policies",
    "invitation": "answer invitations",
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


def _refused(error: ApiError, part: Part, retry: str) -> SectionProblem:
    codes = error.codes
    invitation = part == "invitation"
    permission = WRITE_PERMISSION if invitation else READ_PERMISSION
    where = WRITE_WHERE if invitation else READ_WHERE
    what = _WHAT[part]
    if ACCOUNT_TOKEN_CODE in codes and not invitation:
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
        verb = "cftui can" if invitation else "cftui shows"
        return SectionProblem(
            f"No permission: {permission}",
            f"Cloudflare refused to {what}{_code_text(codes)}: the credential lacks "
            f"{permission}, or an IP filter excludes this machine.",
            f"With {permission} ({where}) {verb} {_MORE[part]}.",
            permission,
            codes,
            retryable=False,
        )
    return SectionProblem(
        "Refused", f"Cloudflare refused to {what}: {error.message}", retry, None, codes
    )


def section_problem(error: CftuiError, part: Part, *, retry_key: str | None) -> SectionProblem:
    """The words for ``error`` met while fetching ``part``. ``retry_key`` is the key that
    retries it (the TUI's), or ``None`` for a command, which is run again instead."""
    retry = f"Press {retry_key} to retry." if retry_key else "Run the command again to retry."
    if part == "invitation":
        retry = "Nothing was changed."
    if part == "invitation" and isinstance(error, NetworkError | ServerError):
        # The PUT may have arrived and been acted on: only a fresh list can tell.
        look = f"Refresh ({retry_key})" if retry_key else "Run `cftui invites`"
        return SectionProblem(
            error.title,
            f"{error.message} The invitation may or may not have been answered.",
            f"{look} to see where it stands before trying again.",
        )
    if isinstance(error, RateLimitedError):
        then = f"press {retry_key}" if retry_key and part != "invitation" else "try again"
        wait = (
            f"Wait {max(1, round(error.retry_after))} s, then {then}."
            if error.retry_after
            else f"Wait a minute, then {then}."
        )
        return SectionProblem("Rate limited", error.message, wait, codes=error.codes)
    if isinstance(error, ServerError | NetworkError):
        return SectionProblem(error.title, error.message, retry, codes=_codes(error))
    if part == "invitation" and isinstance(error, MalformedResponseError):
        # Answered, but not as asked (or not readably): the PUT may have been acted on.
        look = f"Refresh ({retry_key})" if retry_key else "Run `cftui invites`"
        return SectionProblem(
            "Unexpected answer", _message(error), f"{look} to see where it stands."
        )
    if isinstance(error, MalformedResponseError):
        return SectionProblem("Malformed answer", _message(error), retry)
    if isinstance(error, ApiError):
        return _refused(error, part, retry)
    return SectionProblem(error.title, error.message, error.hint or retry)


def reworded(error: E, *, message: str | None = None, hint: str | None = None) -> E:
    """A copy of ``error`` saying ``message`` and ``hint`` instead (``None`` keeps its own):
    the same kind, exit code, request id and detail. The error that was caught stays as it
    was, for whoever else holds it."""
    worded = copy.copy(error)
    if message is not None:
        worded.args = (message,)
        worded.message = message
    if hint is not None:
        worded.hint = hint
    return worded


def in_section_words(error: E, part: Part) -> E:
    """For a command: a refusal said as ``part``'s problem (which permission would help);
    other errors as they are."""
    if not isinstance(error, ApiError):
        return error
    problem = section_problem(error, part, retry_key=None)
    return reworded(error, message=problem.message, hint=problem.hint)
