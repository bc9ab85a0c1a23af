"""What the main screen shows, as plain data: the last good response and the current trouble.

The fetch worker only ever produces a new ``FetchState``; screens watch it and render. What
went wrong is said by the core (``core.problems``, the same words the commands use); which
next steps the screen offers is decided here, away from widgets, so it is testable without a
terminal and every screen is consistent.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cftui.core.errors import ExitCode
from cftui.core.problems import ProblemKind, Words, error_words, first_run_words
from cftui.core.text import shorten
from cftui.ui.types import ExitState
from cftui.ui.words import in_the_tui

if TYPE_CHECKING:
    from cftui.core.accounts.load import AccountsView
    from cftui.core.api.envelope import UserResponse
    from cftui.core.models.user import ApiMessage
    from cftui.core.overview.own_token import OwnToken
    from cftui.core.overview.token_report import TokenReport

Action = tuple[str, str]
"""A binding's id and what it does here, e.g. ``("app.refresh", "retry")``: the key itself
is read from the binding where it is shown, so a remapped key is shown as it is."""

_ACTIONS: dict[ProblemKind, tuple[Action, ...]] = {
    "first_run": (("app.login", "log in"), ("app.demo", "demo data")),
    "no_credentials": (
        ("app.profiles", "profiles"),
        ("app.login", "log in"),
        ("app.demo", "demo data"),
    ),
    "auth": (("app.profiles", "profiles"), ("app.login", "log in"), ("app.refresh", "retry")),
    "account_token": (
        ("app.login", "log in with a user token"),
        ("app.profiles", "profiles"),
        ("app.refresh", "retry"),
    ),
    "network": (("app.refresh", "retry"),),
    "rate_limited": (("app.refresh", "retry"),),
    "malformed": (("app.refresh", "retry"),),
    "keyring": (("app.login", "log in for this session"), ("app.refresh", "retry")),
    "config": (("app.refresh", "retry"),),
    "usage": (("app.quit", "quit"),),
    "internal": (("app.refresh", "retry"),),
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


def _problem(words: Words, now: float, keys: TuiKeys | None = None) -> Problem:
    wait = words.retry_after
    message, hint = words.message, words.hint
    if keys is not None:  # said inside the TUI: the keys that do it here, not commands
        message = in_the_tui(message, login_key=keys.login, demo_key=keys.demo)
        hint = hint and in_the_tui(hint, login_key=keys.login, demo_key=keys.demo)
    return Problem(
        kind=words.kind,
        title=words.title,
        message=message,
        hint=hint,
        at=now,
        retry_at=None if wait is None else now + wait,
        exit_code=words.exit_code,
    )


@dataclass(frozen=True, slots=True)
class TuiKeys:
    """The keys that log in and show demo data, as the bindings have them now."""

    login: str
    demo: str


def problem_from_error(
    error: BaseException, now: float, *, retry_key: str, keys: TuiKeys | None = None
) -> Problem:
    """Anything the worker caught as a screen state, in the core's words; ``retry_key`` is
    the key that retries, as the bindings have it; with ``keys``, a command the core names
    (``cftui login``) is said as the key that does it in the TUI."""
    return _problem(error_words(error, retry_key=retry_key), now, keys)


def first_run_problem(now: float) -> Problem:
    return _problem(first_run_words(), now)


@dataclass(frozen=True, slots=True, eq=False)
class FetchState:
    """The main screen's input. ``response`` is the last good one and survives failures."""

    loading: bool = False
    response: UserResponse | None = None
    fetched_at: float | None = None
    problem: Problem | None = None
    token: TokenReport | None = None  # the token section, in words as of the fetch
    checking: bool = False  # the user is shown; the token section is still under way
    own: OwnToken | None = None  # the token's own policies (or why they could not be read)

    @classmethod
    def answered(
        cls, response: UserResponse, at: float, token: TokenReport, own: OwnToken
    ) -> FetchState:
        """A fetch that came back: the user, the token section and its own policies."""
        return cls(response=response, fetched_at=at, token=token, own=own)


def exit_state(state: FetchState, accounts: AccountsView | None = None) -> ExitState:
    """What quitting now tells a script: as ``whoami`` would, the code of the last failure;
    and an invitation answer still on its way, whose fate nobody will see on screen.

    The message is one line, printed on stderr once the terminal is back to normal.
    """
    problem = state.problem
    said = [] if problem is None else [" ".join(problem.message.split())]
    sent = [] if accounts is None else [r for r in accounts.rows if r.key in accounts.answering]
    if sent:
        names = ", ".join(shorten(row.name, 80) for row in sent)
        said.append(
            f"The answer to the invitation to {names} was sent, and cftui quit before "
            "Cloudflare replied: `cftui invites` lists the invitations still pending."
        )
    code = ExitCode.OK if problem is None else problem.exit_code
    return ExitState(code, " ".join(said) or None)


@dataclass(frozen=True, slots=True)
class Identity:
    """Whose data is on screen, for the header: never a secret."""

    profile: str | None = None
    source: str | None = None
    demo: bool = False
    session_only: bool = False


def ago(seconds: float) -> str:
    """``updated 12 s ago``, ``updated 2 min ago``, ``updated 3 h ago``: coarse on purpose,
    so the status bar changes rarely, and in the unit a person would say it in."""
    s = max(0, int(seconds))
    if s < 60:
        return f"updated {s} s ago"
    if s < 3600:
        return f"updated {s // 60} min ago"
    return f"updated {s // 3600} h ago"


MAX_NOTES = 3
NOTE_LIMIT = 300


def cloudflare_notes(messages: Sequence[ApiMessage], *, raw_key: str) -> list[str]:
    """The envelope's ``messages`` as notifications: a few, then how many more (``raw_key``
    opens the raw view, as the bindings have it).

    One notification each would let the API decide how long the UI is busy mounting them
    (1,500 took seconds, and ``q`` waited behind them); the raw view shows them all.
    """
    notes = [shorten(str(m), NOTE_LIMIT) for m in messages[:MAX_NOTES]]
    if len(messages) > MAX_NOTES:
        extra = len(messages) - MAX_NOTES
        more = f"{extra:,} more message{'s' if extra != 1 else ''}"
        notes.append(f"… and {more} ({raw_key} shows them all).")
    return notes
