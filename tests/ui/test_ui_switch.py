"""Removing the profile in use (``p``, ``x``, ``y``): the app stops using its credential at
once and shows what ``cftui`` would show now, the new default or the not-logged-in state;
``r`` never reaches Cloudflare with the deleted secret again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keyring
from textual.pilot import Pilot

from cftui.core.credentials.keystore import SERVICE
from cftui.ui.screens.main import MainScreen
from cftui.ui.screens.profiles import ProfilesScreen
from cftui.ui.widgets.header import AppHeader
from tests.support.keyrings import DeleteFailingKeyring, InMemoryKeyring
from tests.support.ui_fakes import make_app, record_notes, screen_text, settle, store_with

SIZE = (80, 24)


async def remove_the_profile_in_use(pilot: Pilot[Any]) -> int:
    """How many ``/user`` calls were made before the removal: the profiles screen's health
    checks ask each profile's once (they have all landed once the screen settles)."""
    await pilot.press("p")
    await settle(pilot)
    checked = len(pilot.app.client_factory.calls)  # type: ignore[attr-defined]
    await pilot.press("x")
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)
    return checked


async def test_the_remaining_profile_takes_over(
    tmp_path: Path, memory_keyring: InMemoryKeyring
) -> None:
    store = store_with(tmp_path, "work", "home")  # work is the default and in use
    app, factory, _ = make_app(tmp_path, store=store)
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        work = factory.calls[-1]
        checked = await remove_the_profile_in_use(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(AppHeader).identity.profile == "home"
        assert app.state.response is not None and app.state.problem is None
        home = factory.calls[-1]
        assert home != work
        await pilot.press("r")
        await settle(pilot)
        assert factory.calls[-1] == home
        assert work not in factory.calls[checked:]
    assert (SERVICE, "work") not in memory_keyring.store
    assert any("Removed profile 'work', which was in use" in note for note in notes)


async def test_with_no_default_left_the_app_is_not_logged_in(tmp_path: Path) -> None:
    store = store_with(tmp_path, "work", "home", "ci")  # removing work leaves no default
    app, factory, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        calls = await remove_the_profile_in_use(pilot)
        problem = app.state.problem
        assert problem is not None and problem.kind == "no_credentials"
        assert app.state.response is None  # the deleted profile's data is gone too
        assert "no default profile" in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        assert len(factory.calls) == calls  # nothing was sent with the deleted secret
        assert app.state.problem is not None and app.state.problem.kind == "no_credentials"


async def test_removing_the_last_profile_shows_the_welcome(tmp_path: Path) -> None:
    app, factory, _ = make_app(tmp_path, profiles=("work",))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        checked = await remove_the_profile_in_use(pilot)
        assert app.state.problem is not None and app.state.problem.kind == "first_run"
        assert "Welcome to cftui" in screen_text(app)
        assert factory.calls[checked:] == []


async def test_removing_another_profile_keeps_the_one_in_use(tmp_path: Path) -> None:
    store = store_with(tmp_path, "work", "home")
    app, factory, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        checked = len(factory.calls)  # the app's /user, and each profile's health check
        await pilot.press("k", "x")  # rows are sorted: home, then work (selected)
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(AppHeader).identity.profile == "work"
        assert len(factory.calls) == checked
    assert [p.name for p in store.list_profiles()] == ["work"]


async def test_a_refused_delete_still_stops_using_the_profile_once_closed(
    tmp_path: Path, memory_keyring: InMemoryKeyring
) -> None:
    """The index loses the profile first; the keyring then refuses to delete its secret. The
    screen says so and stays; closing it leaves the profile behind like a completed removal."""
    store = store_with(tmp_path, "work", "home")
    refusing = DeleteFailingKeyring()
    refusing.store = memory_keyring.store
    keyring.set_keyring(refusing)
    app, factory, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        work = factory.calls[-1]
        checked = await remove_the_profile_in_use(pilot)
        assert isinstance(app.screen, ProfilesScreen)
        assert "Its secret is still in the keyring" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(AppHeader).identity.profile == "home"
        await pilot.press("r")
        await settle(pilot)
        assert work not in factory.calls[checked:]
