"""The login modal without a working keyring: verified, used for the session, written nowhere.

Usually the dialog knows before it offers its buttons (``test_ui_login_decision.py``); these
tests also cover a keyring that fails after that check said it works.
"""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from textual.widgets import Button, Static

from cftui.core.credentials.kinds import ApiToken
from cftui.core.credentials.profiles import ProfileStore
from cftui.ui.save_check import NO_STORE, SaveCheck, SaveDecision
from cftui.ui.screens.login import NO_KEYRING_NOTE, LoginScreen
from cftui.ui.types import LoginResult
from tests.support.keyrings import InMemoryKeyring
from tests.support.ui_screen_fakes import (
    TOKEN,
    FailingKeyring,
    FakeFactory,
    assert_no_secret,
    decided,
    field,
    fill,
    login_host,
    screen_text,
    shown,
    status,
    submit,
)


async def test_keyring_failure_on_save_offers_a_clearly_labelled_session_login(
    tmp_path: Path,
) -> None:
    store = ProfileStore(tmp_path)
    factory = FakeFactory()
    saving = SaveCheck(store)
    app = login_host(store, factory, saving=saving)
    async with app.run_test(size=(80, 24)) as pilot:
        await decided(pilot)
        assert saving.known == SaveDecision(True)  # the keyring worked when the dialog opened
        keyring.set_keyring(FailingKeyring())  # and stops working before the save
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
    # The next dialog (wherever it opens from) knows at once.
    assert saving.known is not None and not saving.known.can_save
    assert "the keyring refused to store it" in saving.known.why_not


async def test_editing_after_a_save_failure_withdraws_the_session_offer(tmp_path: Path) -> None:
    app = login_host(ProfileStore(tmp_path), FakeFactory())
    async with app.run_test(size=(80, 24)) as pilot:
        await decided(pilot)
        keyring.set_keyring(FailingKeyring())
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
    keyring.set_keyring(FailingKeyring(memory_keyring.store))  # refuses every write
    store = ProfileStore(tmp_path) if with_store else None
    factory = FakeFactory()
    app = login_host(store, factory)
    async with app.run_test(size=(80, 24)) as pilot:
        await decided(pilot)
        screen = app.screen
        assert NO_KEYRING_NOTE in screen_text(app)
        why = str(screen.query_one("#login-why", Static).render())
        assert why == (
            "Could not store a test value in the system keyring: the keyring refused to store it."
            if with_store
            else NO_STORE
        )
        assert not shown(app, "#login-name")
        assert not shown(app, "#login-default")
        assert str(screen.query_one("#login-submit", Button).label) == "Verify & use"
        await fill(pilot, secret=TOKEN)
        await submit(pilot)
    assert app.results == [LoginResult(None, ApiToken(TOKEN), saved=False, make_default=False)]
    assert memory_keyring.store == {}
    assert not (tmp_path / "config.json").exists()
