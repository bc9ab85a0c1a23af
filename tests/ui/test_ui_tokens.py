"""The Tokens screen and a token up close, through Pilot: the list (most urgent first, the
token in use marked), the filter, a token's policies in words, and a roll that replaces the
keyring entry, or, when it cannot be stored, shows the new value once in a dialog."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from textual.widgets import OptionList

from cftui.core.credentials.kinds import ApiToken
from cftui.core.errors import KeyringUnavailableError
from cftui.ui.screens.confirm import ConfirmScreen
from cftui.ui.screens.new_secret import NewSecretScreen
from cftui.ui.screens.token import TokenScreen
from cftui.ui.screens.tokens import TokensScreen
from cftui.ui.widgets.security import SecurityPanel
from tests.support.token_screen_fakes import ROLL, ROLLED, token_answers
from tests.support.ui_fakes import make_app, record_notes, screen_text, settle, store_with
from tests.support.waiting import until


def names(app: object) -> list[str]:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, TokensScreen)
    return [row.token.name or "" for row in screen.shown]


async def open_tokens(pilot: object) -> TokensScreen:
    await pilot.press("t")  # type: ignore[attr-defined]
    app = pilot.app  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, TokensScreen), "the Tokens screen")  # type: ignore[arg-type]
    screen = app.screen
    await until(pilot, lambda: not screen.view.loading, "the list")  # type: ignore[arg-type]
    return screen


async def test_the_list_loads_most_urgent_first_with_the_token_in_use_marked(
    tmp_path: Path,
) -> None:
    app, factory, _ = make_app(tmp_path, answers=token_answers())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_tokens(pilot)
        await settle(pilot)
        assert names(app) == [
            "old backup script",
            "cftui laptop",
            "paused integration",
            "read-only dashboards",
            "CI deploys",
        ]
        text = screen_text(app)
        assert "● cftui laptop  in use" in text
        assert "⚠ expired" in text
        assert "5 tokens" in text
        assert "/user/tokens" in factory.paths


async def test_the_filter_narrows_by_name_flag_or_permission(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, answers=token_answers())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_tokens(pilot)
        await pilot.press("slash", *"deny")
        await until(pilot, lambda: names(app) == ["read-only dashboards"], "the filter")
        await pilot.press("escape")
        await until(pilot, lambda: len(names(app)) == 5, "the filter cleared")
        await pilot.press("slash", *"dns write")  # a permission group, in the scope
        await until(pilot, lambda: set(names(app)) == {"CI deploys", "read-only dashboards"}, "dns")


async def test_enter_opens_a_token_with_its_policies_in_words(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, answers=token_answers())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_tokens(pilot)
        await pilot.press("down", "enter")  # cftui laptop, second
        await until(pilot, lambda: isinstance(app.screen, TokenScreen), "the token")
        await settle(pilot)
        text = screen_text(app)
        assert "cftui laptop  ● the token in use" in text
        assert "Allow: API Tokens Read, API Tokens Write, User Details Read" in text
        assert "only from 192.0.2.0/24; not from 192.0.2.7/32" in text
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, TokensScreen), "back to the list")


async def test_without_api_tokens_read_the_screen_names_the_permission(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, answers=token_answers(listing=False, own=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        facts = app.screen.query_one(SecurityPanel).facts() or []
        assert [v.plain for k, v in facts if k == "May"] == ["? needs API Tokens Read"]
        await open_tokens(pilot)
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "lacks API Tokens Read (User → API Tokens → Read)" in text
        assert "every API token of yours" in text


async def test_the_security_panel_says_what_the_token_may_do(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, answers=token_answers())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        facts = app.screen.query_one(SecurityPanel).facts() or []
        may = dict((label, value.plain) for label, value in facts)["May"]
        assert may.startswith("API Tokens Read, API Tokens Write, User Details Read on your user")
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, TokenScreen), "the token in use")
        assert app.screen.row.current  # type: ignore[attr-defined]


async def roll_from_the_list(pilot: object) -> None:
    app = pilot.app  # type: ignore[attr-defined]
    await open_tokens(pilot)
    await pilot.press("down", "enter")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, TokenScreen), "the token")  # type: ignore[arg-type]
    await pilot.press("R")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")  # type: ignore[arg-type]
    question = app.screen.question
    assert "cftui laptop" in question and "stops working at once" in question
    await pilot.press("y")  # type: ignore[attr-defined]


async def test_a_roll_replaces_the_keyring_entry_and_never_draws_the_secret(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = store_with(tmp_path, "work")
    app, factory, _ = make_app(tmp_path, store=store, answers=token_answers())
    notes = record_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await roll_from_the_list(pilot)
        await until(pilot, lambda: ROLL in factory.paths, "the roll")
        await until(pilot, lambda: store.load("work") == ApiToken(ROLLED), "the keyring entry")
        await settle(pilot)
        assert not any(isinstance(s, NewSecretScreen) for s in app.screen_stack)
        assert ROLLED not in screen_text(app)
        assert factory.built[-1] == ApiToken(ROLLED)  # the session uses the new secret
        assert "Token rolled: The new value is stored in profile work and works." in notes
    assert ROLLED not in caplog.text and ROLLED not in " ".join(notes)


async def test_a_roll_that_cannot_be_stored_shows_the_secret_once_in_a_dialog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = store_with(tmp_path, "work")
    old = store.load("work")
    app, _, _ = make_app(tmp_path, store=store, answers=token_answers())

    def refuse(*args: object, **kwargs: object) -> None:
        raise KeyringUnavailableError("The keyring refused the write.")

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(store.keystore, "set", refuse)
        await roll_from_the_list(pilot)
        await until(pilot, lambda: isinstance(app.screen, NewSecretScreen), "the dialog")
        await settle(pilot)
        text = screen_text(app)
        assert ROLLED in text
        assert "could not be stored in profile work" in " ".join(text.split())
        assert store.load("work") == old  # the old entry unchanged
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, NewSecretScreen), "closed")
        assert ROLLED not in screen_text(app)
    assert ROLLED not in caplog.text


async def test_the_list_works_at_60x20(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, answers=token_answers())
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await open_tokens(pilot)
        await settle(pilot)
        assert app.screen.query_one(OptionList).option_count == 5
        assert "old backup script" in screen_text(app)


async def test_an_account_token_in_use_is_told_where_its_tokens_live(tmp_path: Path) -> None:
    """``/user`` refuses an account-owned token (9109): the list says it holds user tokens."""
    from cftui.core.credentials.kinds import make_token
    from cftui.core.credentials.profiles import ProfileStore
    from cftui.core.errors import ApiError, AuthError
    from cftui.core.models.account import parse_accounts
    from tests.support.fake.accounts import ACCOUNT_TOKEN_ACCOUNT
    from tests.support.ui_fakes import VERIFY, answered
    from tests.ui.test_ui_token import LEGACY_TOKEN, verify

    account = ACCOUNT_TOKEN_ACCOUNT["id"]
    answers = {
        **token_answers(listing=False),
        VERIFY: ApiError("Invalid API Token (code 1000).", status=401, codes=(1000,)),
        "/accounts": answered(parse_accounts([ACCOUNT_TOKEN_ACCOUNT])),
        f"/accounts/{account}/tokens/verify": verify("active"),
    }
    refused = AuthError("The API token was refused (code 9109).", status=403, codes=(9109,))
    store = ProfileStore(tmp_path / "profiles")
    store.save("ci", make_token(LEGACY_TOKEN), make_default=True)
    app, _, _ = make_app(tmp_path, refused, store=store, answers=answers)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.state.problem is not None and app.state.problem.kind == "account_token"
        await open_tokens(pilot)
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "This is an account API token: it cannot list user API tokens." in text
        assert "account API tokens live under their account" in text


async def test_v_on_the_tokens_screen_shows_the_token_list_as_it_came(tmp_path: Path) -> None:
    """``v`` shows the answer of what is on screen: here the list's page, not ``GET /user``."""
    from cftui.ui.screens.raw_json import RawJsonScreen

    app, _, _ = make_app(tmp_path, answers=token_answers())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_tokens(pilot)
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, RawJsonScreen), "the raw JSON")
        raw = app.screen
        assert isinstance(raw, RawJsonScreen)
        assert raw.request.startswith("GET /user/tokens?page=1")
        await until(pilot, lambda: raw.text is not None, "the formatted answer")
        assert raw.text is not None and "old backup script" in raw.text
        assert ROLLED not in raw.text
