"""The login modal: local checks first, then one verified call, then (only then) the keyring."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from textual.widgets import Button, Checkbox

from cftui.core.credentials.keystore import SERVICE
from cftui.core.credentials.kinds import ApiToken, GlobalApiKey
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.errors import AuthError, NetworkError
from cftui.core.redact import mask
from cftui.ui.screens.login import LoginScreen
from cftui.ui.types import LoginResult
from tests.support.keyrings import InMemoryKeyring
from tests.support.ui_screen_fakes import (
    EMAIL,
    GLOBAL_KEY,
    OTHER_TOKEN,
    TOKEN,
    FakeFactory,
    HostApp,
    assert_no_secret,
    field,
    fill,
    login_host,
    shown,
    status,
    submit,
)

REJECTED = AuthError(
    "Cloudflare rejected the API token (HTTP 401, code 9109: Invalid access token).",
    status=401,
    codes=(9109,),
    hint="Check the token, or create a new one under My Profile → API Tokens.",
)


async def test_token_login_verifies_then_saves_to_keyring_and_config(
    tmp_path: Path, memory_keyring: InMemoryKeyring
) -> None:
    store = ProfileStore(tmp_path)
    factory = FakeFactory()
    app = login_host(store, factory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.focused is field(app, "secret")  # paste, enter: done
        assert field(app, "secret").password
        await fill(pilot, name="work", secret=TOKEN)
        await pilot.click("#login-default")
        assert app.screen.query_one("#login-default", Checkbox).value
        assert_no_secret(app, TOKEN)
        await pilot.click("#login-submit")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, LoginScreen)
    assert app.results == [LoginResult("work", ApiToken(TOKEN), saved=True, make_default=True)]
    assert factory.calls == [ApiToken(TOKEN)]
    assert factory.closed == 1
    assert store.load("work") == ApiToken(TOKEN)
    assert [(p.name, p.kind, p.is_default) for p in store.list_profiles()] == [
        ("work", "token", True)
    ]
    assert TOKEN not in (tmp_path / "config.json").read_text()
    assert any(mask(TOKEN) in note and "work" in note for note in app.notes)
    assert all(TOKEN not in note for note in app.notes)


async def test_global_key_login_keeps_the_email_in_the_index(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    factory = FakeFactory()
    app = login_host(store, factory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not shown(app, "#login-email")
        await fill(pilot, name="legacy", secret=GLOBAL_KEY, email=EMAIL)
        assert shown(app, "#login-email")
        await submit(pilot)
    assert factory.calls == [GlobalApiKey(EMAIL, GLOBAL_KEY)]
    assert store.load("legacy") == GlobalApiKey(EMAIL, GLOBAL_KEY)
    [info] = store.list_profiles()
    assert (info.kind, info.email) == ("global_key", EMAIL)


async def test_rejected_credential_keeps_the_form_and_the_stored_secret(
    tmp_path: Path, memory_keyring: InMemoryKeyring
) -> None:
    store = ProfileStore(tmp_path)
    store.save("work", ApiToken(OTHER_TOKEN))
    before = dict(memory_keyring.store)
    config_before = (tmp_path / "config.json").read_bytes()
    factory = FakeFactory(REJECTED)
    app = login_host(store, factory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await fill(pilot, name="work", secret=TOKEN)
        await submit(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert field(app, "name").value == "work"
        assert field(app, "secret").value == TOKEN
        assert "Not saved: Cloudflare rejected the API token" in status(app)
        assert "My Profile → API Tokens" in status(app)
        assert app.screen.focused is field(app, "secret")
        assert not field(app, "secret").disabled
        assert_no_secret(app, TOKEN, OTHER_TOKEN)
    assert app.results == []
    assert factory.closed == 1
    assert memory_keyring.store == before
    assert (tmp_path / "config.json").read_bytes() == config_before
    assert store.load("work") == ApiToken(OTHER_TOKEN)


async def test_after_a_failure_the_user_fixes_the_input_and_retries(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    factory = FakeFactory(NetworkError("Could not reach api.cloudflare.com.", hint="Retry."))
    app = login_host(store, factory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await fill(pilot, secret=TOKEN)
        await submit(pilot)
        assert "Could not reach api.cloudflare.com. Retry." in status(app)
        await submit(pilot)
    assert factory.calls == [ApiToken(TOKEN), ApiToken(TOKEN)]
    assert factory.closed == 2
    assert app.results == [LoginResult("default", ApiToken(TOKEN), saved=True, make_default=False)]
    assert store.default_name() == "default"  # the first profile becomes the default anyway


@pytest.mark.parametrize(
    ("secret", "email", "message", "focus"),
    [
        (GLOBAL_KEY, None, "This looks like a Global API key, not an API token.", "secret"),
        ("   ", None, "The API token is empty.", "secret"),
        ("two words", None, "The API token contains spaces or line breaks.", "secret"),
        (GLOBAL_KEY, "alice", "'alice' is not an email address.", "email"),
        (GLOBAL_KEY, "", "The email is empty.", "email"),
        (TOKEN, EMAIL, "This looks like an API token, not a Global API key.", "secret"),
    ],
)
async def test_local_mistakes_are_caught_before_the_network(
    tmp_path: Path,
    memory_keyring: InMemoryKeyring,
    secret: str,
    email: str | None,
    message: str,
    focus: str,
) -> None:
    store = ProfileStore(tmp_path)
    factory = FakeFactory()
    app = login_host(store, factory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await fill(pilot, secret=secret, email=email)
        await pilot.click("#login-submit")
        await pilot.pause()
        assert message in status(app)
        assert app.screen.focused is field(app, focus)
        assert field(app, "secret").value == secret
        assert isinstance(app.screen, LoginScreen)
        assert_no_secret(app, GLOBAL_KEY, TOKEN)
    assert factory.built == []
    assert memory_keyring.store == {}
    assert not (tmp_path / "config.json").exists()


async def test_invalid_profile_name_is_refused_before_the_network(tmp_path: Path) -> None:
    factory = FakeFactory()
    app = login_host(ProfileStore(tmp_path), factory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await fill(pilot, name="my work", secret=TOKEN)
        await pilot.press("enter")
        await pilot.pause()
        assert "'my work' is not a valid profile name." in status(app)
        assert app.screen.focused is field(app, "name")
    assert factory.built == []


async def test_bearer_prefix_is_stripped_before_verifying_and_saving(
    tmp_path: Path, memory_keyring: InMemoryKeyring
) -> None:
    store = ProfileStore(tmp_path)
    factory = FakeFactory()
    app = login_host(store, factory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await fill(pilot, secret=f"  Bearer {TOKEN}\n")
        await submit(pilot)
    assert factory.calls == [ApiToken(TOKEN)]
    saved = json.loads(memory_keyring.store[(SERVICE, "default")])
    assert saved == {"type": "token", "token": TOKEN}


async def test_while_verifying_the_form_is_locked_and_escape_abandons_it(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    factory = FakeFactory(gate=asyncio.Event())
    app = login_host(store, factory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await fill(pilot, secret=TOKEN)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-busy")
        assert shown(app, "#login-busy")
        assert field(app, "secret").disabled
        assert screen.query_one("#login-submit", Button).disabled
        assert "enter" not in screen.active_bindings  # the footer offers no Enter
        assert "escape" in screen.active_bindings
        await pilot.press("enter")  # a second submit does not start a second check
        await pilot.pause()
        assert len(factory.built) == 1
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert not isinstance(app.screen, LoginScreen)
    assert app.results == [None]
    assert factory.closed == 1  # closed even though the check was abandoned
    assert store.list_profiles() == []


async def test_escape_cancels_without_saving(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    factory = FakeFactory()
    app = login_host(store, factory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await fill(pilot, secret=TOKEN)
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]
    assert factory.built == []
    assert store.list_profiles() == []


async def test_a_buggy_user_source_is_reported_not_fatal(tmp_path: Path) -> None:
    factory = FakeFactory(RuntimeError(f"boom {TOKEN}"))
    app = login_host(ProfileStore(tmp_path), factory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await fill(pilot, secret=TOKEN)
        await submit(pilot)
        assert "unexpected RuntimeError" in status(app)
        assert_no_secret(app, TOKEN)
    assert app.results == []


async def test_without_a_suggested_name_the_name_field_comes_first(tmp_path: Path) -> None:
    app = HostApp(lambda: LoginScreen(ProfileStore(tmp_path), FakeFactory(), default_name=""))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.focused is field(app, "name")
        assert field(app, "name").value == ""
