"""Every state of the main screen: first run, loading, each failure, and failures with data."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.errors import KeyringLocked
from textual.app import App
from textual.widgets import Button, ContentSwitcher, LoadingIndicator

from cftui.core.credentials.kinds import make_token
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.errors import (
    AuthError,
    MalformedResponseError,
    NetworkError,
    RateLimitedError,
    ServerError,
)
from cftui.ui.screens.main import MainScreen
from cftui.ui.widgets.account_table import AccountTable
from cftui.ui.widgets.header import AppHeader
from cftui.ui.widgets.profile_card import ProfileCard
from cftui.ui.widgets.state_panel import StatePanel
from cftui.ui.widgets.status_bar import StatusBar
from tests.support.keyrings import InMemoryKeyring
from tests.support.ui_fakes import TOKEN, make_app, record_notes, response, screen_text, settle
from tests.support.waiting import until

SIZE = (80, 24)

AUTH = AuthError(
    "Cloudflare rejected the API token (code 10000).",
    status=403,
    codes=(10000,),
    hint="Check that the token has not expired or been revoked.",
)
NETWORK = NetworkError(
    "Could not connect to api.cloudflare.com.", hint="Check your connection, then press r."
)
MALFORMED = MalformedResponseError(
    "Malformed response from the Cloudflare API: result.organizations[2].roles should be a "
    "list of strings, got int.",
    path="result.organizations[2].roles",
)


def body_of(app: App[Any]) -> str:
    return str(app.screen.query_one("#body", ContentSwitcher).current)


def buttons(app: App[Any]) -> list[str]:
    return [str(b.label) for b in app.screen.query("#state-buttons Button").results(Button)]


async def test_first_run_offers_login_and_demo(tmp_path: Path) -> None:
    app, factory, _ = make_app(tmp_path, profiles=())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert body_of(app) == "problem"
        panel = app.screen.query_one(StatePanel)
        assert panel.problem is not None and panel.problem.kind == "first_run"
        assert buttons(app) == ["log in (L)", "demo data (D)"]
        text = screen_text(app)
        assert "Welcome to cftui" in text and "No Cloudflare profile yet" in text
        assert factory.built == []  # nothing to call the API with
        await pilot.press("D")
        await settle(pilot)
        assert body_of(app) == "data"
        assert app.focused is app.screen.query_one(AccountTable)
        assert app.screen.query_one(AppHeader).identity.demo
        assert "DEMO DATA" in screen_text(app)


async def test_first_run_shift_l_opens_the_login_screen(tmp_path: Path) -> None:
    from cftui.ui.screens.login import LoginScreen

    app, _, _ = make_app(tmp_path, profiles=())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_loading_shows_an_indicator_until_the_answer_comes(tmp_path: Path) -> None:
    gate = asyncio.Event()
    app, factory, _ = make_app(tmp_path, gate=gate)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert body_of(app) == "loading"
        assert app.screen.query_one(LoadingIndicator).display
        assert "Loading your Cloudflare profile" in screen_text(app)
        gate.set()
        await settle(pilot)
        assert body_of(app) == "data"
        assert len(factory.calls) == 1


async def test_auth_rejected_says_why_and_offers_profiles_and_login(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, AUTH)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert body_of(app) == "problem"
        panel = app.screen.query_one(StatePanel)
        assert panel.border_title == "Credentials rejected"
        text = screen_text(app)
        assert "Cloudflare rejected the API token (code 10000)." in text
        assert "Check that the token has not expired" in text
        assert buttons(app) == ["profiles (p)", "log in (L)", "retry (r)"]
        assert app.screen.query_one(AppHeader).identity.source == "profile work"
        assert TOKEN not in text


async def test_network_down_then_retry_with_r(tmp_path: Path) -> None:
    app, factory, _ = make_app(tmp_path, NETWORK, response())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert body_of(app) == "problem"
        assert buttons(app) == ["retry (r)"]
        assert "Could not connect to api.cloudflare.com." in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        assert body_of(app) == "data"
        assert len(factory.calls) == 2


async def test_rate_limited_counts_down_and_refuses_an_early_retry(tmp_path: Path) -> None:
    limited = RateLimitedError("Cloudflare is rate limiting requests.", retry_after=30)
    app, factory, clock = make_app(tmp_path, limited, response())
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert body_of(app) == "problem"
        assert "Retry in 30 s." in screen_text(app)
        clock.advance(12)  # no new state: the panel re-renders itself every second
        await until(pilot, lambda: "Retry in 18 s." in screen_text(app), "the panel to tick")
        await pilot.press("r")
        await settle(pilot)
        assert len(factory.calls) == 1
        assert notes[-1] == ": Rate limited by Cloudflare: retry in 18 s."
        clock.advance(18)
        await until(pilot, lambda: "You can retry now: press r." in screen_text(app), "a tick")
        await pilot.press("r")
        await settle(pilot)
        assert len(factory.calls) == 2 and body_of(app) == "data"


async def test_malformed_response_names_the_json_path(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, MALFORMED)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(StatePanel)
        assert panel.border_title == "Malformed response"
        assert "result.organizations[2].roles" in screen_text(app)
        assert buttons(app) == ["retry (r)"]


async def test_keyring_unavailable_explains_and_hints_at_env_variables(
    tmp_path: Path, memory_keyring: InMemoryKeyring
) -> None:
    store = ProfileStore(config_dir=tmp_path / "profiles")
    store.save("work", make_token(TOKEN), make_default=True)

    class Locked(InMemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise KeyringLocked("the collection is locked")

    keyring.set_keyring(Locked())
    app, factory, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(StatePanel)
        assert panel.problem is not None and panel.problem.kind == "keyring"
        assert panel.problem.hint is not None and "CLOUDFLARE_API_TOKEN" in panel.problem.hint
        text = " ".join(screen_text(app).split())
        assert "keyring" in text and "CLOUDFLARE_API_TOKEN" in text
        assert buttons(app) == ["log in for this session (L)", "retry (r)"]
        assert factory.built == []


async def test_unknown_profile_offers_profiles_and_login(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, profile="nope")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(StatePanel)
        assert panel.problem is not None and panel.problem.kind == "no_credentials"
        assert "nope" in screen_text(app)
        assert buttons(app) == ["profiles (p)", "log in (L)", "demo data (D)"]


async def test_an_unexpected_exception_is_an_internal_error_state_not_a_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app, _, _ = make_app(tmp_path, RuntimeError(f"boom: {TOKEN}"))
    caplog.set_level(logging.DEBUG, logger="cftui")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.is_running
        panel = app.screen.query_one(StatePanel)
        assert panel.border_title == "Internal error"
        text = screen_text(app)
        assert "RuntimeError" in text
        assert "boom" not in text and "Traceback" not in text
    # The debug log gets the type and the frames, never the text (it might quote a secret).
    assert "unexpected RuntimeError while fetching /user" in caplog.text
    assert "get_user" in caplog.text
    assert "boom" not in caplog.text and TOKEN not in caplog.text


@pytest.mark.parametrize(
    "error",
    [NETWORK, ServerError("Cloudflare answered 502 Bad Gateway.", status=502), AUTH],
    ids=["network", "server", "auth"],
)
async def test_a_failed_refresh_keeps_the_data_and_says_so(
    tmp_path: Path, error: Exception
) -> None:
    app, factory, _ = make_app(tmp_path, response(), error)
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert len(factory.calls) == 2
        assert body_of(app) == "data"
        card = app.screen.query_one(ProfileCard)
        assert card.user is not None and card.user.display_name == "Avery Okafor"
        status = app.screen.query_one(StatusBar).describe().plain
        assert status.startswith("⚠ ")
        assert "showing earlier data" in status
        assert notes and str(getattr(error, "message", "")) in notes[-1]


async def test_a_second_refresh_cancels_the_first(tmp_path: Path) -> None:
    gate = asyncio.Event()
    app, factory, _ = make_app(tmp_path, response(), gate=gate)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(factory.calls) == 1
        await pilot.press("r")
        await pilot.pause()
        assert len(factory.calls) == 2
        workers = [w for w in app.workers if w.group == "fetch"]
        assert sum(not w.is_finished for w in workers) == 1
        gate.set()
        await settle(pilot)
        assert body_of(app) == "data"
        assert not app.state.loading
