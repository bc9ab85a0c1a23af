"""What a new user met in the TUI, each kept fixed: keys that mean one thing (``L`` log in,
``D`` demo, ``s`` set default, ``a``/``d`` on an invitation wherever it is), ``v`` showing the
answer behind what is on screen, the 60x20 list keeping its Access column and the Decline
key, advice naming the TUI's keys, and the small words (plurals, minutes, one header)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.app import App
from textual.widgets import Static

from cftui.core.accounts.rows import FROM_BOTH, FROM_USER, Cell
from cftui.core.errors import AuthError
from cftui.core.models.membership import PermissionGroup, Policy
from cftui.ui.screens.account import AccountScreen
from cftui.ui.screens.confirm import ConfirmScreen
from cftui.ui.screens.login import LoginScreen
from cftui.ui.screens.main import MainScreen
from cftui.ui.screens.raw_json import RawJsonScreen
from cftui.ui.state import TuiKeys, problem_from_error
from cftui.ui.widgets.account_detail import grid_table, policies_view
from cftui.ui.widgets.account_table import AccountTable
from cftui.ui.widgets.header import AppHeader
from cftui.ui.widgets.profile_card import ProfileCard
from cftui.ui.widgets.state_panel import StatePanel
from cftui.ui.widgets.status_bar import StatusBar
from cftui.ui.words import in_the_tui
from tests.support.ui_fakes import (
    body_with,
    demo_app,
    make_app,
    orgs_body,
    record_notes,
    response,
    screen_text,
    settle,
)

KEYS = TuiKeys(login="L", demo="D")


def lines_with(app: App[Any], word: str) -> list[str]:
    return [line for line in screen_text(app).splitlines() if word in line]


# -- #13: one meaning per key --------------------------------------------------------------


async def test_l_is_not_login_and_shift_l_is(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, profiles=())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l", "d")  # vim's "right", and no longer the demo
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and not app.session.demo
        assert "log in (L)" in screen_text(app) and "demo data (D)" in screen_text(app)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)


async def test_a_on_an_invitation_in_the_list_asks_like_the_account_does() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(AccountTable)
        assert table.highlighted is not None and not table.highlighted.is_pending
        assert "a Accept" not in screen_text(app)  # only on an invitation
        await pilot.press("down")  # the demo's second account is an invitation
        await settle(pilot)
        row = table.highlighted
        assert row is not None and row.can_answer
        assert "a Accept" in screen_text(app) and "d Decline" in screen_text(app)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Decline the invitation to {row.name}?" in screen_text(app)


async def test_a_on_an_invitation_cftui_cannot_answer_says_what_to_do(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, response(orgs_body(3)))  # Org 00000 invited, /user only
    notes = record_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        row = app.screen.query_one(AccountTable).highlighted
        assert row is not None and row.is_pending and not row.can_answer
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert notes[-1].startswith("Cannot answer here: Invited, as /user's organizations say")


# -- #6: v shows what is on screen -----------------------------------------------------------


async def test_v_shows_the_membership_on_an_account_and_the_user_on_the_main_screen() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RawJsonScreen) and screen.request == "GET /user"
        await pilot.press("escape", "down", "enter")  # an invitation: a membership of its own
        await settle(pilot)
        account = app.screen
        assert isinstance(account, AccountScreen) and account.row.membership is not None
        await pilot.press("v")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RawJsonScreen)
        assert screen.request == f"GET /memberships/{account.row.membership.id}"
        assert screen.text is not None and '"policies"' in screen.text
        assert "GET /memberships/" in screen_text(app)


# -- #8: 60x20 ---------------------------------------------------------------------------------


async def test_at_60x20_the_list_keeps_access_short_and_the_account_keeps_decline() -> None:
    app = demo_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        header = next(line for line in lines_with(app, "Status") if "Roles" in line)
        assert "Access" in header
        cells = [line.strip(" │") for line in lines_with(app, "│")]
        assert "Kestrel Security GmbH" in cells[3] and cells[3].endswith("5r 2w")  # said short
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        text = screen_text(app)
        assert "d Decline" in text and "a Accept" in text
        assert any(line.strip(" │").endswith("a accept · d decline") for line in text.splitlines())


# -- #10: the TUI's keys in its advice ---------------------------------------------------------


def test_advice_inside_the_tui_names_the_key_not_the_command() -> None:
    said = in_the_tui(
        "Run `cftui login`, set CLOUDFLARE_API_TOKEN, or try `cftui --demo`.",
        login_key="L",
        demo_key="D",
    )
    assert said == "Press L to log in, set CLOUDFLARE_API_TOKEN, or try demo data (D)."
    again = in_the_tui("Run `cftui login --profile work` again.", login_key="L", demo_key="D")
    assert again == "Press L to log in as profile work again."
    with_ = in_the_tui("or log in again with cftui login.", login_key="L", demo_key="D")
    assert with_ == "or log in again (press L)."
    problem = problem_from_error(
        AuthError("Rejected.", hint="Log in again with cftui login."), 0.0, retry_key="r", keys=KEYS
    )
    assert problem.hint == "Log in again (press L)."


async def test_the_state_panel_never_says_run_cftui_login(tmp_path: Path) -> None:
    error = AuthError("Cloudflare rejected the token.", hint="Log in again (cftui login).")
    app, _, _ = make_app(tmp_path, error)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(StatePanel)
        assert panel.problem is not None
        text = screen_text(app)
        assert "cftui login" not in text and "Log in again (press L)." in text


# -- #14: the small words ----------------------------------------------------------------------


async def test_the_header_says_the_profile_once(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        header = screen_text(app).splitlines()[0]
        assert header.count("work") == 1 and "source" not in header
        assert "…" not in header and app.screen.query_one(AppHeader).identity.profile == "work"


async def test_a_user_without_a_name_has_no_email_in_the_name_row(tmp_path: Path) -> None:
    body = body_with(first_name=None, last_name=None)
    app, _, _ = make_app(tmp_path, response(body))
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        card = app.screen.query_one(ProfileCard)
        facts = dict((label, value.plain) for label, value in card.facts() or [])
        assert facts["Name"] == "not set" and facts["Email"] == body["result"]["email"]
        assert facts["Joined"].endswith(" · modified 2026-10-02")
        joined = lines_with(app, "Joined")[0]
        assert facts["Joined"] in joined and "…" not in joined  # whole at 200 columns


async def test_updated_says_minutes_after_a_minute(tmp_path: Path) -> None:
    app, _, clock = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        clock.advance(113)
        bar = app.screen.query_one(StatusBar)
        assert bar.describe().plain.startswith("updated 1 min ago")


async def test_the_palette_has_no_second_keys_command(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Keys" not in titles and "Help" in titles and "Zoom" in titles
        row = app.screen.query_one(AccountTable).highlighted
        assert row is not None and ("Accept" in titles) is row.is_pending  # as in the footer


async def test_the_invitation_hint_is_never_cut_between_its_keys() -> None:
    app = demo_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        banner = app.screen.query_one("#account-invite", Static)
        lines = [line.strip(" │") for line in screen_text(app).splitlines()]
        assert banner.display and "a accept · d decline" in lines


def rendered(renderable: Any, width: int) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def test_the_grid_legend_explains_only_the_marks_its_rows_carry() -> None:
    only_user = (Cell("zones", True, False, FROM_USER), Cell("dns", True, True, FROM_BOTH))
    text = rendered(grid_table(only_user, words=False), 80)
    assert "* only in /user organizations" in text and "≠" not in text
    disagree = (Cell("zones", True, False, FROM_BOTH, disagrees=True),)
    text = rendered(grid_table(disagree, words=False), 80)
    assert "≠ the sources disagree" in text and "only in /user" not in text


def test_a_wrapped_policy_line_continues_under_its_groups_not_under_the_mark() -> None:
    groups = tuple(PermissionGroup(name=f"Group number {n}") for n in range(6))
    policy = Policy(id="p1", access="allow", permission_groups=groups)
    lines = rendered(policies_view((policy,), {}), 40).splitlines()
    first, second = lines[0], lines[1]
    assert first.startswith("✓ ")
    start = first.index("Group number 0")
    assert second[:start].strip() == "" and second[start] != " "  # hangs under the groups


async def test_the_profiles_screen_names_its_add_key_where_the_core_says_cftui_login(
    tmp_path: Path,
) -> None:
    from cftui.core.credentials.profiles import ProfileStore
    from cftui.core.errors import CftuiError
    from cftui.ui.screens.profiles import ProfilesScreen
    from tests.ui.test_ui_profiles import host, text_of

    app = host(ProfileStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProfilesScreen)
        screen._show_error(CftuiError("No secret.", hint="Run `cftui login --profile work` again."))
        await pilot.pause()
        assert (
            text_of(app, "#profiles-error") == "No secret. Press a to log in as profile work again."
        )
