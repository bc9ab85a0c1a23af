"""The state logic behind the screens, without a terminal: errors to states, the session."""

from __future__ import annotations

from pathlib import Path

import pytest

from cftui.core.credentials.kinds import make_global_key, make_token
from cftui.core.demo.user import DEMO_SOURCE
from cftui.core.errors import (
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
from cftui.core.problems import ENV_HINT, ProblemKind
from cftui.ui.keys import app_binding
from cftui.ui.session import Session
from cftui.ui.state import Problem, ago, problem_from_error
from cftui.ui.types import UseCredential, UseDefault, UseDemo, UseProfile
from tests.support.ui_fakes import TOKEN, FakeFactory, store_with


def state(error: BaseException, now: float) -> Problem:
    return problem_from_error(error, now, retry_key="r")


@pytest.mark.parametrize(
    ("error", "kind", "keys"),
    [
        (AuthError("no"), "auth", "pLr"),
        (ApiError("no"), "auth", "pLr"),
        (NetworkError("down"), "network", "r"),
        (ServerError("502"), "network", "r"),
        (RateLimitedError("slow", retry_after=3), "rate_limited", "r"),
        (MalformedResponseError("bad", path="result.id"), "malformed", "r"),
        (KeyringUnavailableError("locked"), "keyring", "Lr"),
        (NoCredentialsError("who"), "no_credentials", "pLD"),
        (ConfigError("corrupt"), "config", "r"),
        (UsageError("bad url"), "usage", "q"),
        (CftuiError("odd"), "internal", "r"),
    ],
)
def test_each_error_becomes_a_state_with_its_next_steps(
    error: CftuiError, kind: ProblemKind, keys: str
) -> None:
    problem = state(error, now=50.0)
    assert problem.kind == kind
    assert "".join(app_binding(binding).key for binding, _ in problem.actions) == keys
    assert problem.title == error.title
    assert problem.exit_code == error.exit_code
    assert problem.at == 50.0


def test_rate_limit_countdown_rounds_up_and_stops_at_zero() -> None:
    problem = state(RateLimitedError("slow", retry_after=9.2), now=100.0)
    assert problem.retry_in(100.0) == 10
    assert problem.retry_in(109.0) == 1
    assert problem.retry_in(109.2) == 0
    assert problem.retry_in(500.0) == 0
    assert state(NetworkError("x"), now=0).retry_in(0) is None


def test_the_keyring_state_always_carries_the_env_hint() -> None:
    with_hint = state(KeyringUnavailableError("locked", hint="Unlock it."), 0)
    assert with_hint.hint == f"Unlock it. {ENV_HINT}"
    assert state(KeyringUnavailableError("locked"), 0).hint == ENV_HINT
    own = "Set CLOUDFLARE_API_TOKEN instead."
    assert state(KeyringUnavailableError("locked", hint=own), 0).hint == own


def test_a_malformed_response_names_its_path_once() -> None:
    problem = state(MalformedResponseError("Bad body.", path="result.id"), 0)
    assert problem.message == "Bad body. (at result.id)"
    named = state(MalformedResponseError("Bad result.id here.", path="result.id"), 0)
    assert named.message == "Bad result.id here."


def test_an_unexpected_exception_shows_only_its_type() -> None:
    problem = state(KeyError(TOKEN), 0)
    assert problem.kind == "internal" and problem.exit_code == ExitCode.INTERNAL
    assert "KeyError" in problem.message
    assert TOKEN not in problem.message + (problem.hint or "")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "updated 0 s ago"),
        (12.9, "updated 12 s ago"),
        (59.9, "updated 59 s ago"),
        (113, "updated 1 min ago"),  # was "113 s": a minute is said in minutes
        (125, "updated 2 min ago"),
        (3599, "updated 59 min ago"),
        (7300, "updated 2 h ago"),
        (-3, "updated 0 s ago"),
    ],
)
def test_ago(seconds: float, text: str) -> None:
    assert ago(seconds) == text


async def test_the_session_resolves_a_profile_and_closes_what_it_replaces(
    tmp_path: Path,
) -> None:
    factory = FakeFactory()
    store = store_with(tmp_path, "work", "home")
    session = Session(store, profile=None, env={}, demo=False, client_factory=factory)
    first = await session.source()
    assert session.identity.profile == "work" and session.identity.source == "profile work"
    assert await session.source() is first  # one client per credential
    session.switch(UseProfile("home"))
    await session.source()
    assert factory.closed == 1 and len(factory.built) == 2
    assert session.identity.profile == "home"
    key = make_global_key("me@example.com", "4d2c8e9f1a7b3c5d6e8f0a1b2c3d4e5f6a7b8")
    session.switch(UseCredential(key))
    assert session.secrets == (key.key,)
    assert session.identity.session_only and session.identity.profile is None
    await session.source()
    session.switch(UseDefault("home"))  # the profile in use was removed: back to the default
    await session.source()
    assert session.identity.profile == "work" and not session.identity.session_only
    session.switch(UseDemo())
    assert session.identity.demo and session.identity.source == DEMO_SOURCE
    assert session.secrets == ()
    await session.aclose()
    assert factory.closed == 4  # home, the session credential, work; the demo is not a fake


async def test_env_credentials_win_over_the_default_profile(tmp_path: Path) -> None:
    factory = FakeFactory()
    env = {"CLOUDFLARE_API_TOKEN": TOKEN}
    session = Session(
        store_with(tmp_path, "work"), profile=None, env=env, demo=False, client_factory=factory
    )
    await session.source()
    assert factory.built == [make_token(TOKEN)]
    assert session.identity.source == "env CLOUDFLARE_API_TOKEN"
    assert session.secrets == (TOKEN,)


async def test_first_run_is_told_apart_from_a_missing_default(tmp_path: Path) -> None:
    empty = Session(
        store_with(tmp_path / "a"), profile=None, env={}, demo=False, client_factory=FakeFactory()
    )
    with pytest.raises(NoCredentialsError):
        await empty.source()
    assert empty.first_run
    store = store_with(tmp_path / "b", "work", "home", "lab")
    store.remove("work")  # the default; two remain, so there is no default any more
    assert store.default_name() is None
    no_default = Session(store, profile=None, env={}, demo=False, client_factory=FakeFactory())
    with pytest.raises(NoCredentialsError):
        await no_default.source()
    assert not no_default.first_run
