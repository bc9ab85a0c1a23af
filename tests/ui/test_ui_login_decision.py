"""The login dialog knows whether it can save before it offers its buttons, and says the
same wherever it is opened from: the welcome screen, the demo, the profiles screen.

One probe of the keyring per app run decides (a test value stored, read back, deleted);
later evidence (a save or a keyring read that failed) turns a "yes" into a "no".
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import keyring
import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from cftui.core.credentials.keyring_check import PROBE_ENTRY
from cftui.core.credentials.kinds import ApiToken
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.errors import KeyringUnavailableError
from cftui.ui.app import CftuiApp
from cftui.ui.save_check import SaveCheck, SaveDecision
from cftui.ui.screens.login import NO_KEYRING_NOTE, LoginScreen
from cftui.ui.screens.main import MainScreen
from cftui.ui.screens.profiles import ProfilesScreen
from cftui.ui.types import ExitState, LoginResult
from tests.support.keyrings import InMemoryKeyring, LockedKeyring
from tests.support.ui_fakes import FakeClock, FakeFactory, make_app, screen_text, settle, store_with
from tests.support.ui_screen_fakes import TOKEN, FailingKeyring, decided, login_host, shown
from tests.support.waiting import DEADLINE, until

SIZE = (100, 32)


class Counting:
    """Counts the probe's writes of its test value (one per probe, refused or not)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.probes = 0

    def set_password(self, service: str, username: str, password: str) -> None:
        if username == PROBE_ENTRY:
            self.probes += 1
        super().set_password(service, username, password)  # type: ignore[misc]


class CountingKeyring(Counting, InMemoryKeyring):
    pass


class CountingFailingKeyring(Counting, FailingKeyring):
    pass


async def open_login(pilot: Pilot[Any], *keys: str) -> tuple[bool, str]:
    """Press ``keys`` to reach a login dialog; what it offers once it has decided."""
    app = pilot.app
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    screen = app.screen
    assert isinstance(screen, LoginScreen)
    await decided(pilot)
    label = str(screen.query_one("#login-submit", Button).label)
    saves = shown(app, "#login-name") and shown(app, "#login-default")
    assert saves == (label == "Verify & save")
    assert (NO_KEYRING_NOTE in screen_text(app)) == (not saves)
    await pilot.press("escape")
    await settle(pilot)
    return saves, label


@pytest.mark.parametrize("works", [True, False], ids=["keyring works", "keyring refuses"])
async def test_the_same_decision_from_the_welcome_the_profiles_and_the_demo(
    tmp_path: Path, works: bool
) -> None:
    backend = CountingKeyring() if works else CountingFailingKeyring()
    keyring.set_keyring(backend)  # the autouse fixture puts the in-memory one back
    app, _, _ = make_app(tmp_path, profiles=())  # first run: the welcome screen
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state.problem is not None and app.state.problem.kind == "first_run"
        welcome = await open_login(pilot, "L")
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProfilesScreen)
        profiles = await open_login(pilot, "a")
        await pilot.press("escape", "D")  # close the profiles, then the demo data
        await settle(pilot)
        assert app.session.demo and isinstance(app.screen, MainScreen)
        demo = await open_login(pilot, "L")
    expected = (True, "Verify & save") if works else (False, "Verify & use")
    assert welcome == profiles == demo == expected
    assert backend.probes == 1  # one probe for the whole run


async def test_logging_in_from_cftui_demo_saves(tmp_path: Path) -> None:
    """``cftui --demo`` has a store too: a login from the demo is saved like any other."""
    store = ProfileStore(tmp_path)
    app = CftuiApp(store, demo=True, env={}, client_factory=FakeFactory(), clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        await decided(pilot)
        app.screen.query_one("#login-secret", Input).value = TOKEN
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert not app.session.demo and app.identity.profile == "default"
    assert [p.name for p in store.list_profiles()] == ["default"]


def test_cftui_demo_gives_the_app_a_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The context's store, which the demo never reads but a login from it saves into."""
    from argparse import Namespace

    from cftui.cli.context import Context
    from cftui.commands import tui

    built: list[CftuiApp] = []

    def run(self: CftuiApp) -> ExitState:
        built.append(self)
        return ExitState(0)

    monkeypatch.setattr(tui, "_terminal", lambda stream: True)
    monkeypatch.setattr(CftuiApp, "run", run)
    store = ProfileStore(tmp_path)
    context = Context(env={}, profile_store=lambda: store)
    assert tui.run(Namespace(command=None, profile=None, demo=True), context) == 0
    assert built[0].session.store is store and built[0].session.demo


async def test_enter_while_the_keyring_is_tried_goes_on_once_it_answers(tmp_path: Path) -> None:
    gate = threading.Event()

    def slow_probe(store: ProfileStore) -> None:
        assert gate.wait(DEADLINE), "the test never opened the gate"

    store = ProfileStore(tmp_path)
    factory = FakeFactory()
    app = login_host(store, factory, saving=SaveCheck(store, slow_probe))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            assert isinstance(screen, LoginScreen)
            await until(pilot, lambda: "Checking whether the keyring" in screen_text(app), "it")
            assert screen.checking and not shown(app, "#login-submit")
            assert NO_KEYRING_NOTE not in screen_text(app)
            screen.query_one("#login-secret", Input).value = TOKEN
            await pilot.press("enter")
            await pilot.pause()
            assert factory.calls == [] and screen.checking  # nothing sent before the answer
            gate.set()
            await until(pilot, lambda: app.results, "the login to finish")
    finally:
        gate.set()
    assert app.results == [LoginResult("default", ApiToken(TOKEN), saved=True, make_default=False)]
    assert [p.name for p in store.list_profiles()] == ["default"]


async def test_a_keyring_that_failed_at_start_decides_at_once(tmp_path: Path) -> None:
    store = store_with(tmp_path, "work")
    backend = LockedKeyring()
    keyring.set_keyring(backend)
    app, _, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state.problem is not None and app.state.problem.kind == "keyring"
        await pilot.press("L")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LoginScreen) and not screen.checking  # no probe needed
        assert str(screen.query_one("#login-submit", Button).label) == "Verify & use"
        why = str(screen.query_one("#login-why", Static).render())
        assert why.endswith("from the system keyring: the keyring is locked.")


async def test_save_check_probes_once_for_everyone_and_keeps_later_evidence(
    tmp_path: Path,
) -> None:
    calls: list[ProfileStore] = []

    def probe(store: ProfileStore) -> None:
        calls.append(store)

    check = SaveCheck(ProfileStore(tmp_path), probe)
    assert check.known is None
    first, second = await asyncio.gather(check.decide(), check.decide())
    assert first == second == SaveDecision(True) and len(calls) == 1
    check.failed(KeyringUnavailableError("The keyring went away."))
    assert await check.decide() == SaveDecision(False, "The keyring went away.")
    assert len(calls) == 1
    assert SaveCheck(None).known == SaveDecision(False, "there is no profile store in this session")


async def test_a_probe_that_crashes_means_session_only(tmp_path: Path) -> None:
    def probe(store: ProfileStore) -> None:
        raise RuntimeError("a bug")

    decision = await SaveCheck(ProfileStore(tmp_path), probe).decide()
    assert decision == SaveDecision(False, "the keyring check failed (RuntimeError)")
