"""The login modal without a working keyring: verified, used for the session, written nowhere."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from textual.widgets import Button, Static

from cftui.core.credentials import ApiToken
from cftui.core.profiles import ProfileStore
from cftui.ui.screens.login import NO_KEYRING_NOTE, LoginScreen
from cftui.ui.types import LoginResult
from tests.keyrings import InMemoryKeyring
from tests.ui_screen_fakes import (
    TOKEN,
    FailingKeyring,
    FakeFactory,
    assert_no_secret,
    field,
    fill,
    login_host,
    shown,
    status,
    submit,
)


async def test_keyring_failure_on_save_offers_a_clearly_labelled_session_login(
    tmp_path: Path,
) -> None:
    keyring.set_keyring(FailingKeyring())  # the autouse fixture restores the in-memory one
    store = ProfileStore(tmp_path)
    factory = FakeFactory()
    app = login_host(store, factory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await fill(pilot, secret=TOKEN)
        await submit(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "Verified, but not saved:" in status(app)
        assert "the keyring refused to store it" in status(app)
        session = app.screen.query_one("#login-session", Button)
        assert shown(app, "#login-session")
        assert str(session.label) == "Use for this session only (not saved)"
        assert app.screen.focused is session
        assert_no_secret(app, TOKEN)
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [LoginResult(None, ApiToken(TOKEN), saved=False, make_default=False)]
    assert factory.calls == [ApiToken(TOKEN)]  # verified once; the session button adds no call
    assert not (tmp_path / "config.json").exists()
    assert any("this session only" in note for note in app.notes)
    assert all(TOKEN not in note for note in app.notes)


async def test_editing_after_a_save_failure_withdraws_the_session_offer(tmp_path: Path) -> None:
    keyring.set_keyring(FailingKeyring())
    app = login_host(ProfileStore(tmp_path), FakeFactory())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await fill(pilot, secret=TOKEN)
        await submit(pilot)
        assert shown(app, "#login-session")
        field(app, "secret").focus()
        await pilot.press("x")  # the verified credential is no longer what the form says
        await pilot.pause()
        assert not shown(app, "#login-session")
    assert app.results == []


@pytest.mark.parametrize("with_store", [True, False])
async def test_without_a_keyring_the_login_is_for_this_session_only(
    tmp_path: Path, memory_keyring: InMemoryKeyring, with_store: bool
) -> None:
    store = ProfileStore(tmp_path) if with_store else None
    factory = FakeFactory()
    app = login_host(store, factory, keyring_ok=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert str(screen.query_one("#login-note", Static).render()) == NO_KEYRING_NOTE
        assert not shown(app, "#login-name")
        assert not shown(app, "#login-default")
        assert str(screen.query_one("#login-submit", Button).label) == "Verify & use"
        await fill(pilot, secret=TOKEN)
        await submit(pilot)
    assert app.results == [LoginResult(None, ApiToken(TOKEN), saved=False, make_default=False)]
    assert memory_keyring.store == {}
    assert not (tmp_path / "config.json").exists()
