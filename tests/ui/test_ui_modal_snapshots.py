"""Snapshots of the login, profiles and confirm modals at 80x24 and 120x40.

Plain ``def`` tests: ``snap_compare`` runs its own event loop. The last test reads the
stored SVGs back and checks that no fake secret made it into any of them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import keyring
import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from cftui.core.credentials.kinds import ApiToken, GlobalApiKey
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.errors import AuthError
from cftui.ui.screens.login import LoginScreen
from cftui.ui.screens.profiles import ProfilesScreen
from tests.support.ui_screen_fakes import (
    EMAIL,
    GLOBAL_KEY,
    OTHER_TOKEN,
    TOKEN,
    FailingKeyring,
    FakeFactory,
    HostApp,
    decided,
    still_cursors,
)

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
SNAPSHOTS = Path(__file__).parent / "__snapshots__" / Path(__file__).stem
SECRETS = (TOKEN, OTHER_TOKEN, GLOBAL_KEY, "c" * 40)

Step = Callable[[Pilot[Any]], Awaitable[None]]


def settle(then: Step | None = None) -> Step:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        if isinstance(pilot.app.screen, LoginScreen):
            await decided(pilot)
        if then is not None:
            await then(pilot)
            await pilot.pause()
        still_cursors(pilot)

    return run_before


def submit(secret: str, *, finish: bool = True) -> Step:
    async def step(pilot: Pilot[Any]) -> None:
        pilot.app.screen.query_one("#login-secret", Input).value = secret
        await pilot.press("enter")
        if finish:
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return step


def login_app(tmp_path: Path, factory: FakeFactory) -> HostApp:
    store = ProfileStore(tmp_path)
    return HostApp(lambda: LoginScreen(store, factory))


def profiles_app(tmp_path: Path, *, empty: bool = False) -> HostApp:
    store = ProfileStore(tmp_path)
    if not empty:
        store.save("default", ApiToken(OTHER_TOKEN))
        store.save("work", GlobalApiKey(EMAIL, GLOBAL_KEY))
        store.save("ci", ApiToken("c" * 40))
    return HostApp(lambda: ProfilesScreen(store, None if empty else "work", FakeFactory()))


@SIZES
def test_login_empty(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    app = login_app(tmp_path, FakeFactory())
    assert snap_compare(app, terminal_size=size, run_before=settle())


@SIZES
def test_login_validation_error(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    factory = FakeFactory()
    app = login_app(tmp_path, factory)
    assert snap_compare(app, terminal_size=size, run_before=settle(submit(GLOBAL_KEY)))
    assert factory.built == []


@SIZES
def test_login_verifying(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    app = login_app(tmp_path, FakeFactory(gate=asyncio.Event()))  # never answers
    step = submit(TOKEN, finish=False)
    assert snap_compare(app, terminal_size=size, run_before=settle(step))


@SIZES
def test_login_failed(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    rejected = AuthError(
        "Cloudflare rejected the API token (HTTP 401, code 9109: Invalid access token).",
        status=401,
        codes=(9109,),
        hint="Check the token, or create a new one under My Profile → API Tokens.",
    )
    app = login_app(tmp_path, FakeFactory(rejected))
    assert snap_compare(app, terminal_size=size, run_before=settle(submit(TOKEN)))


@SIZES
def test_login_keyring_failed_offers_session(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    """The keyring worked when the dialog opened, and fails the save."""

    async def keyring_fails_then_submit(pilot: Pilot[Any]) -> None:
        keyring.set_keyring(FailingKeyring())
        await submit(TOKEN)(pilot)

    app = login_app(tmp_path, FakeFactory())
    step = settle(keyring_fails_then_submit)
    assert snap_compare(app, terminal_size=size, run_before=step)


@SIZES
def test_login_no_keyring(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    keyring.set_keyring(FailingKeyring())  # known before the dialog offers its buttons
    app = login_app(tmp_path, FakeFactory())
    assert snap_compare(app, terminal_size=size, run_before=settle())


@SIZES
def test_profiles_list(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(profiles_app(tmp_path), terminal_size=size, run_before=settle())


@SIZES
def test_profiles_empty(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    app = profiles_app(tmp_path, empty=True)
    assert snap_compare(app, terminal_size=size, run_before=settle())


@SIZES
def test_confirm_remove(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    async def ask(pilot: Pilot[Any]) -> None:
        await pilot.press("x")

    app = profiles_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=settle(ask))


def test_no_secret_in_any_stored_snapshot() -> None:
    svgs = sorted(SNAPSHOTS.glob("*.svg"))
    assert len(svgs) == 18
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        for secret in SECRETS:
            assert secret not in text, svg.name
