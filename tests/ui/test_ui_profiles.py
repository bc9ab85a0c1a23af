"""The profiles modal and the confirm modal: switch, default, add, remove, and store failures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keyring
import pytest
from textual.widgets import Button, DataTable, Input, Static

from cftui.core.credentials.keystore import SERVICE
from cftui.core.credentials.kinds import ApiToken, GlobalApiKey
from cftui.core.credentials.profiles import ProfileStore
from cftui.ui.screens.confirm import ConfirmScreen
from cftui.ui.screens.login import LoginScreen
from cftui.ui.screens.profiles import ProfilesScreen
from cftui.ui.types import UseCredential, UseDefault, UseProfile
from tests.support.keyrings import InMemoryKeyring
from tests.support.ui_screen_fakes import (
    EMAIL,
    GLOBAL_KEY,
    OTHER_TOKEN,
    TOKEN,
    FailingKeyring,
    FakeFactory,
    HostApp,
    decided,
    screen_text,
)
from tests.support.waiting import until


def saved_store(path: Path) -> ProfileStore:
    """Three profiles: ``ci`` (token), ``default`` (token, the default), ``work`` (Global key)."""
    store = ProfileStore(path)
    store.save("default", ApiToken(OTHER_TOKEN))
    store.save("work", GlobalApiKey(EMAIL, GLOBAL_KEY))
    store.save("ci", ApiToken("c" * 40))
    return store


def host(store: ProfileStore, current: str | None = "work", **kw: Any) -> HostApp:
    factory = kw.pop("factory", None) or FakeFactory()
    return HostApp(lambda: ProfilesScreen(store, current, factory))


def rows(app: HostApp) -> list[list[str]]:
    table = app.screen.query_one("#profiles-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def selected(app: HostApp) -> str | None:
    screen = app.screen
    assert isinstance(screen, ProfilesScreen)
    return screen.selected


def text_of(app: HostApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_lists_profiles_with_kind_default_and_current_markers(tmp_path: Path) -> None:
    app = host(saved_store(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert rows(app) == [
            ["ci", "API token", "", "", ""],
            ["default", "API token", "", "✓ default", ""],
            ["work", "Global API key", EMAIL, "", "● current"],
        ]
        assert selected(app) == "work"  # the cursor starts on the profile in use
        assert not app.screen.query_one("#profiles-empty").display
        shown = screen_text(app)
        assert "Switch" in shown and "Remove" in shown  # the footer says what the keys do
        for secret in (OTHER_TOKEN, GLOBAL_KEY, "c" * 40):
            assert secret not in shown


async def test_empty_store_says_how_to_add_one(tmp_path: Path) -> None:
    app = host(ProfileStore(tmp_path), current=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert text_of(app, "#profiles-empty") == "No profiles yet — press a to add one"
        assert app.screen.query_one("#profiles-empty").region.area > 0
        assert app.screen.query_one("#profiles-table").region.area == 0
        await pilot.press("enter", "s", "x")  # nothing selected: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, ProfilesScreen)
    assert app.results == []


@pytest.mark.parametrize(("keys", "expected"), [(("k",), "default"), (("up", "up"), "ci")])
async def test_enter_switches_to_the_selected_profile(
    tmp_path: Path, keys: tuple[str, ...], expected: str
) -> None:
    app = host(saved_store(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*keys, "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ProfilesScreen)
    assert app.results == [UseProfile(expected)]


async def test_escape_closes_without_switching(tmp_path: Path) -> None:
    app = host(saved_store(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_d_sets_the_default(tmp_path: Path) -> None:
    store = saved_store(tmp_path)
    app = host(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert store.default_name() == "work"
        assert [r[3] for r in rows(app)] == ["", "", "✓ default"]
        assert selected(app) == "work"
        assert any("'work' is now the default" in note for note in app.notes)


async def test_add_saves_through_the_login_screen_and_returns_to_the_list(
    tmp_path: Path, memory_keyring: InMemoryKeyring
) -> None:
    store = saved_store(tmp_path)
    factory = FakeFactory()
    app = host(store, factory=factory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        login = app.screen
        assert isinstance(login, LoginScreen)
        assert app.screen_stack[-2:] == [app.screen_stack[-2], login]
        assert isinstance(app.screen_stack[-2], ProfilesScreen)
        name = login.query_one("#login-name", Input)
        assert name.value == ""  # "default" is taken: no suggestion
        assert login.focused is name
        await pilot.press(*"staging")
        login.query_one("#login-secret", Input).value = TOKEN
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ProfilesScreen)
        assert [r[0] for r in rows(app)] == ["ci", "default", "staging", "work"]
        assert selected(app) == "staging"
    assert app.results == []  # still open: adding is not switching
    assert factory.calls == [ApiToken(TOKEN)]
    assert store.load("staging") == ApiToken(TOKEN)
    assert store.default_name() == "default"


async def test_add_cancelled_leaves_the_list_as_it_was(tmp_path: Path) -> None:
    store = saved_store(tmp_path)
    app = host(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = rows(app)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProfilesScreen)
        assert rows(app) == before


async def test_add_with_a_failing_keyring_hands_a_session_login_to_the_app(
    tmp_path: Path,
) -> None:
    store = saved_store(tmp_path)
    before = [p.name for p in store.list_profiles()]
    keyring.set_keyring(FailingKeyring())
    app = host(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await decided(pilot)  # the keyring refuses writes: known before the secret is typed
        assert str(app.screen.query_one("#login-submit", Button).label) == "Verify & use"
        app.screen.query_one("#login-secret", Input).value = TOKEN
        app.screen.query_one("#login-secret", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: app.results, "the profiles screen to close")
    assert app.results == [UseCredential(ApiToken(TOKEN))]
    assert [p.name for p in store.list_profiles()] == before


@pytest.mark.parametrize("key", ["x", "delete"])
async def test_remove_asks_first_and_yes_deletes_secret_and_entry(
    tmp_path: Path, memory_keyring: InMemoryKeyring, key: str
) -> None:
    store = saved_store(tmp_path)
    app = host(store, current="ci")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", key)
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert text_of(app, "#confirm-question") == (
            "Remove profile 'work'? The secret will be deleted from the keyring."
        )
        assert confirm.focused is confirm.query_one("#confirm-no", Button)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ProfilesScreen)
        assert [r[0] for r in rows(app)] == ["ci", "default"]
        assert any("Removed profile 'work'" in note for note in app.notes)
    assert (SERVICE, "work") not in memory_keyring.store
    assert [p.name for p in store.list_profiles()] == ["ci", "default"]
    assert app.results == []  # still open: the profile in use is still there


async def test_removing_the_profile_in_use_hands_the_choice_back(
    tmp_path: Path, memory_keyring: InMemoryKeyring
) -> None:
    store = saved_store(tmp_path)
    app = host(store, current="work")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert selected(app) == "work"
        await pilot.press("x", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.results == [UseDefault("work")]
    assert any("Removed profile 'work', which was in use" in note for note in app.notes)
    assert (SERVICE, "work") not in memory_keyring.store


@pytest.mark.parametrize("key", ["n", "escape", "enter"])
async def test_remove_answered_no_keeps_everything(
    tmp_path: Path, memory_keyring: InMemoryKeyring, key: str
) -> None:
    store = saved_store(tmp_path)
    before = dict(memory_keyring.store)
    app = host(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press(key)  # enter presses the focused button, which is No
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ProfilesScreen)
        assert len(rows(app)) == 3
    assert memory_keyring.store == before
    assert len(store.list_profiles()) == 3


async def test_a_keyring_refusing_removal_is_shown_and_the_secret_stays(
    tmp_path: Path, memory_keyring: InMemoryKeyring
) -> None:
    """The index is written before the secret is deleted: the profile leaves the index, the
    secret stays, and the screen says exactly that."""
    store = saved_store(tmp_path)
    before = dict(memory_keyring.store)
    keyring.set_keyring(FailingKeyring(memory_keyring.store))
    app = host(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        name = app.screen.selected
        await pilot.press("x", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ProfilesScreen)
        error = text_of(app, "#profiles-error")
        assert f"Removed profile '{name}' from the profile index" in error
        assert "the keyring refused to delete it" in error
        assert "Its secret is still in the keyring" in error
    assert name not in [p.name for p in store.list_profiles()]
    assert len(store.list_profiles()) == 2
    assert memory_keyring.store == before


async def test_a_corrupt_index_is_reported_in_the_screen(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{not json")
    app = host(ProfileStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        error = text_of(app, "#profiles-error")
        assert "is not usable: it is not valid JSON" in error
        assert str(tmp_path) in error
        assert app.screen.query_one("#profiles-empty").region.area == 0  # not "no profiles"
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]
    assert (tmp_path / "config.json").read_text() == "{not json"


@pytest.mark.parametrize(
    ("destructive", "focused"), [(True, "#confirm-no"), (False, "#confirm-yes")]
)
async def test_confirm_focus_and_answers(destructive: bool, focused: str) -> None:
    question = "Remove profile '[b]x[/b]'? $var"  # markup-looking text must show as is
    app = HostApp(lambda: ConfirmScreen(question, destructive=destructive))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert text_of(app, "#confirm-question") == question
        assert app.screen.focused is app.screen.query_one(focused)
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [not destructive]


@pytest.mark.parametrize(("key", "answer"), [("y", True), ("n", False), ("escape", False)])
async def test_confirm_keys(key: str, answer: bool) -> None:
    app = HostApp(lambda: ConfirmScreen("Go?"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
    assert app.results == [answer]
