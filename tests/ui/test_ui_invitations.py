"""Answering an invitation in the TUI: a confirmation naming the account, the PUT's body, the
row updated from Cloudflare's answer, and a refused PUT changing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Static

from cftui.core.api.client import CloudflareClient
from cftui.ui.screens.account import AccountScreen
from cftui.ui.screens.confirm import ConfirmScreen
from tests.support.fake.transport import WorldApi
from tests.support.fake.worlds import WORLDS
from tests.support.ui_fakes import demo_app, record_notes, settle
from tests.support.waiting import until
from tests.ui.test_ui_accounts import app_on, table

LAMBDA = "Lambda Collective"


async def open_account(pilot: Any, name: str) -> AccountScreen:
    app = pilot.app
    rows = table(app).rows
    await pilot.press(*["down"] * next(n for n, r in enumerate(rows) if r.name == name), "enter")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, AccountScreen) and screen.row.name == name
    return screen


def banner(app: App[Any]) -> str:
    return str(app.screen.query_one("#account-invite", Static).content)


@pytest.mark.parametrize(
    ("key", "sent", "status", "word", "note"),
    [
        ("a", "accepted", "member", "Accept", "You are now a member of Lambda Collective"),
        ("d", "rejected", "declined", "Decline", "You declined the invitation to Lambda"),
    ],
)
async def test_answering_asks_first_sends_the_answer_and_shows_cloudflares(
    tmp_path: Path, key: str, sent: str, status: str, word: str, note: str
) -> None:
    api = WorldApi(WORLDS["invites"]())
    app = app_on(api, tmp_path)
    notes = record_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.accounts.pending == 3  # two memberships, one /user organization
        screen = await open_account(pilot, LAMBDA)
        assert "You are invited to join this account" in banner(app)
        await pilot.press(key)
        await settle(pilot)
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.question.startswith(f"{word} the invitation to {LAMBDA}?")
        assert api.asked("PUT", f"memberships/{screen.row.membership.id}") == []  # type: ignore[union-attr]
        await pilot.press("y")
        await settle(pilot)
        puts = [e for e in api.log if e.method == "PUT"]
        assert [(e.route, e.body) for e in puts] == [
            (f"memberships/{screen.row.membership.id}", {"status": sent})  # type: ignore[union-attr]
        ]
        assert app.screen is screen and screen.row.status == status
        assert not screen.row.can_answer and not banner(app)
        assert app.accounts.pending == 2
        assert any(note in n for n in notes)
        await pilot.press("escape")
        await settle(pilot)
        row = next(r for r in table(app).rows if r.name == LAMBDA)
        assert row.status == status and not row.is_pending
        assert str(app.screen.query_one("#accounts").border_title) == "Accounts · 2 invitations"


async def test_no_at_the_confirmation_sends_nothing(tmp_path: Path) -> None:
    api = WorldApi(WORLDS["invites"]())
    app = app_on(api, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_account(pilot, LAMBDA)
        for key in ("a", "d"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("n" if key == "a" else "escape")
            await settle(pilot)
            assert app.screen is screen
        assert [e for e in api.log if e.method == "PUT"] == []
        assert screen.row.can_answer and app.accounts.pending == 3


async def test_a_refused_answer_names_memberships_write_and_changes_nothing(
    tmp_path: Path,
) -> None:
    api = WorldApi(WORLDS["invites_put_refused"]())
    app = app_on(api, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_account(pilot, LAMBDA)
        before = screen.row
        await pilot.press("a", "y")
        await settle(pilot)
        assert len([e for e in api.log if e.method == "PUT"]) == 1
        said = banner(app)
        assert "refused to answer the invitation (code 9109)" in said
        assert "lacks Memberships Write" in said
        assert "With Memberships Write (User → Memberships → Edit) cftui can answer" in said
        assert screen.row is before and screen.row.status == "invited"
        assert app.accounts.pending == 3
        assert screen.check_action("answer", (True,))  # it can be tried again


@pytest.mark.parametrize(
    ("world", "key", "says"),
    [
        ("invites_put_pending", "a", "the invitation is still pending"),
        ("invites_put_opposite", "d", "it is accepted"),
        ("invites_put_another", "a", "Cloudflare answered about another membership"),
    ],
)
async def test_an_answer_that_does_not_fit_the_question_is_said_not_celebrated(
    tmp_path: Path, world: str, key: str, says: str
) -> None:
    """ "You are now a member of X (Cloudflare says: invited)" is gone: the row keeps what was
    listed and the invitation's line says what the answer said, and to refresh."""
    api = WorldApi(WORLDS[world]())
    app = app_on(api, tmp_path)
    notes = record_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_account(pilot, LAMBDA)
        before = screen.row
        await pilot.press(key, "y")
        await settle(pilot)
        assert len([e for e in api.log if e.method == "PUT"]) == 1
        said = " ".join(banner(app).split())
        assert says in said, said
        assert "Refresh (r) to see where it stands." in said
        assert screen.row is before and screen.row.status == "invited"
        assert not any("You are now a member" in n or "You declined" in n for n in notes)


async def test_only_a_pending_membership_offers_the_keys(tmp_path: Path) -> None:
    api = WorldApi(WORLDS["invites"]())
    app = app_on(api, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_account(pilot, "Account 00000")
        assert screen.check_action("answer", (True,)) is False
        await pilot.press("a", "d")
        await settle(pilot)
        assert app.screen is screen and [e for e in api.log if e.method == "PUT"] == []
        await pilot.press("escape")
        await settle(pilot)
        legacy = await open_account(pilot, "Royal Society Web Team")  # known from /user only
        assert legacy.check_action("answer", (True,)) is False
        assert "Cloudflare dashboard" in banner(app)


async def test_the_demo_answers_through_its_client_and_stays_answered_after_r() -> None:
    """The demo's invitation goes out as a PUT through the real client (its answer is read
    like Cloudflare's), and the next listing, after ``r``, still shows it answered."""
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        client = await app.session.source()
        assert isinstance(client, CloudflareClient)
        assert app.accounts.pending == 2
        screen = await open_account(pilot, LAMBDA)
        await pilot.press("a", "y")
        await settle(pilot)
        assert screen.row.status == "member" and not screen.row.can_answer
        await pilot.press("escape", "r")
        await settle(pilot)
        assert not app.accounts.loading and app.state.response is not None
        row = next(r for r in table(app).rows if r.name == LAMBDA)
        assert row.status == "member" and not row.is_pending
        assert app.accounts.pending == 1
        assert await app.session.source() is client  # the same run of the demo


async def test_quitting_while_an_answer_is_on_its_way_says_so(tmp_path: Path) -> None:
    """The PUT may land after the app is gone: the exit message says it was sent and where to
    look, instead of nothing."""
    api = WorldApi(WORLDS["invites"]())
    api.hold_puts = True
    app = app_on(api, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_account(pilot, LAMBDA)
        await pilot.press("a", "y")
        await until(pilot, lambda: bool(app.accounts.answering), "the answer to be on its way")
        await pilot.press("q")
    state = app.return_value
    assert state is not None and state.code == 0
    assert state.message == (
        "The answer to the invitation to Lambda Collective was sent, and cftui quit before "
        "Cloudflare replied: `cftui invites` lists the invitations still pending."
    )
