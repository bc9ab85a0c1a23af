"""What the main screen shows, as plain data: the last good response and the current trouble.

The fetch worker only ever produces a new ``FetchState``; screens watch it and render. Keeping
the decision "which error is which state, and what can the user do next" here, away from
widgets, makes it testable without a terminal and keeps every screen consistent.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

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
from cftui.core.text import shorten
from cftui.ui.types import ExitState

if TYPE_CHECKING:
    from cftui.core.api.envelope import UserResponse
    from cftui.core.models.user import ApiMessage
    from cftui.core.overview.token_report import TokenReport

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

Action = tuple[str, str]
"""A key and what it does here, e.g. ``("r", "retry")``."""

ENV_HINT = (
    "Without a keyring, set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY) "
    "and start cftui again, or log in for this session only."
)

_ACTIONS: dict[ProblemKind, tuple[Action, ...]] = {
    "first_run": (("l", "log in"), ("d", "demo data")),
    "no_credentials": (("p", "profiles"), ("l", "log in"), ("d", "demo data")),
    "auth": (("p", "profiles"), ("l", "log in"), ("r", "retry")),
    "account_token": (("l", "log in with a user token"), ("p", "profiles"), ("r", "retry")),
    "network": (("r", "retry"),),
    "rate_limited": (("r", "retry"),),
    "malformed": (("r", "retry"),),
    "keyring": (("l", "log in for this session"), ("r", "retry")),
    "config": (("r", "retry"),),
    "usage": (("q", "quit"),),
    "internal": (("r", "retry"),),
}


@dataclass(frozen=True, slots=True)
class Problem:
    """Trouble worth a screen state (no data yet) or a status-bar line (data kept)."""

    kind: ProblemKind
    title: str
    message: str
    hint: str | None
    at: float
    retry_at: float | None = None
    exit_code: ExitCode = ExitCode.INTERNAL

    @property
    def actions(self) -> tuple[Action, ...]:
        return _ACTIONS[self.kind]

    def retry_in(self, now: float) -> int | None:
        """Whole seconds left before a retry is polite; ``None`` when there is no wait."""
        if self.retry_at is None:
            return None
        return max(0, math.ceil(self.retry_at - now))


def _kind(error: CftuiError) -> ProblemKind:
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


def problem_from_error(error: BaseException, now: float) -> Problem:
    """Turn anything the worker caught into a ``Problem``; never shows a traceback.

    For unexpected exceptions only the type name is shown: their text may quote anything,
    including a header value.
    """
    if not isinstance(error, CftuiError):
        return Problem(
            kind="internal",
            title="Internal error",
            message=f"Something unexpected went wrong inside cftui ({type(error).__name__}).",
            hint="Press r to try again. If it keeps happening, `cftui whoami --debug` shows more.",
            at=now,
        )
    kind = _kind(error)
    retry_at = None
    if isinstance(error, RateLimitedError):
        retry_at = now + max(0.0, error.retry_after or 0.0)
    hint = error.hint
    if kind == "keyring" and "CLOUDFLARE_API_TOKEN" not in (hint or ""):
        hint = f"{hint} {ENV_HINT}" if hint else ENV_HINT
    message = error.message
    if isinstance(error, MalformedResponseError) and error.path and error.path not in message:
        message = f"{message} (at {error.path})"
    return Problem(
        kind=kind,
        title=error.title,
        message=message,
        hint=hint,
        at=now,
        retry_at=retry_at,
        exit_code=error.exit_code,
    )


def first_run_problem(now: float) -> Problem:
    return Problem(
        kind="first_run",
        title="Welcome to cftui",
        message="No Cloudflare profile yet, and no CLOUDFLARE_API_TOKEN in the environment.",
        hint="Log in with an API token (it is verified, then kept in the OS keyring), "
        "or look around on demo data first.",
        at=now,
        exit_code=ExitCode.NO_CREDENTIALS,
    )


@dataclass(frozen=True, slots=True, eq=False)
class FetchState:
    """The main screen's input. ``response`` is the last good one and survives failures."""

    loading: bool = False
    response: UserResponse | None = None
    fetched_at: float | None = None
    problem: Problem | None = None
    token: TokenReport | None = None  # the token section, in words as of the fetch
    checking: bool = False  # the user is shown; the token section is still under way


def exit_state(state: FetchState) -> ExitState:
    """What quitting now tells a script: as ``whoami`` would, the code of the last failure.

    The message is one line, printed on stderr once the terminal is back to normal.
    """
    problem = state.problem
    if problem is None:
        return ExitState(ExitCode.OK)
    return ExitState(problem.exit_code, " ".join(problem.message.split()))


@dataclass(frozen=True, slots=True)
class Identity:
    """Whose data is on screen, for the header: never a secret."""

    profile: str | None = None
    source: str | None = None
    demo: bool = False
    session_only: bool = False


def ago(seconds: float) -> str:
    """``updated 12 s ago``: coarse on purpose, so the status bar changes rarely."""
    s = max(0, int(seconds))
    if s < 120:
        return f"updated {s} s ago"
    if s < 7200:
        return f"updated {s // 60} min ago"
    return f"updated {s // 3600} h ago"


MAX_NOTES = 3
NOTE_LIMIT = 300


def cloudflare_notes(messages: Sequence[ApiMessage]) -> list[str]:
    """The envelope's ``messages`` as notifications: a few, then how many more.

    One notification each would let the API decide how long the UI is busy mounting them
    (1,500 took seconds, and ``q`` waited behind them); the raw view shows them all.
    """
    notes = [shorten(str(m), NOTE_LIMIT) for m in messages[:MAX_NOTES]]
    if len(messages) > MAX_NOTES:
        extra = len(messages) - MAX_NOTES
        notes.append(f"… and {extra:,} more message{'s' if extra != 1 else ''} (v shows them all).")
    return notes
