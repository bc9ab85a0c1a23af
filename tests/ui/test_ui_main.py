"""The main screen driven by real keys: the accounts panel, drill-down, filter, copy, refresh,
quit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import Input

from cftui.core.errors import ExitCode
from cftui.ui.screens.account import AccountScreen
from cftui.ui.screens.main import MainScreen
from cftui.ui.types import ExitState
from cftui.ui.widgets.account_detail import AccountSummary, GridPanel, PolicyPanel
from cftui.ui.widgets.account_table import AccountTable
from cftui.ui.widgets.header import AppHeader
from cftui.ui.widgets.overview_panel import OverviewPanel
from cftui.ui.widgets.profile_card import ProfileCard
from cftui.ui.widgets.status_bar import StatusBar
from tests.support.ui_fakes import (
    demo_app,
    make_app,
    orgs_body,
    record_notes,
    response,
    screen_text,
    settle,
)
from tests.support.waiting import until

SIZE = (80, 24)


DEMO_ACCOUNTS = [
    "Blue Harbor Media",
    "Harbourline Events",
    "Kestrel Security GmbH",
    "Lambda Collective",
    "Meridian Analytics Co",
    "Northwind Retail Ltd",
    "Okafor Studio",
    "Tidewater Nonprofit Trust",
]


def table(app: App[Any]) -> AccountTable:
    return app.screen.query_one(AccountTable)


async def test_demo_shows_the_user_the_accounts_and_the_marker() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        card = app.screen.query_one(ProfileCard)
        assert card.user is not None and card.user.display_name == "Avery Okafor"
        assert [row.name for row in table(app).shown] == DEMO_ACCOUNTS
        assert app.screen.query_one(AppHeader).identity.demo
        text = screen_text(app)
        assert "DEMO DATA" in text
        assert "Avery Okafor" in text and "Meridian Analytics Co" in text
        assert "Zone tiers" in text and "✗ no" in text  # Enterprise: symbol plus word
        assert "updated 0 s ago" in text
        assert "Accounts · 2 invitations" in text and "memberships 7 of 7" in text
        assert app.focused is table(app)


async def test_j_k_and_arrows_move_the_cursor() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        orgs = table(app)
        await pilot.press("j", "j")
        assert orgs.cursor == 2
        assert orgs.highlighted is not None
        assert orgs.highlighted.name == "Kestrel Security GmbH"
        await pilot.press("k")
        assert orgs.cursor == 1
        await pilot.press(*["down"] * 8)
        assert orgs.cursor == 7  # stops at the last row
        await pilot.press("up")
        assert orgs.cursor == 6
        await pilot.press("home")
        assert orgs.cursor == 0


async def test_enter_opens_the_account_and_escape_goes_back() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*["down"] * 5, "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountScreen)
        assert screen.row.name == "Northwind Retail Ltd"
        summary = screen.query_one(AccountSummary)
        assert summary.row is screen.row
        text = screen_text(app)
        assert "Northwind Retail Ltd" in text and "Administrator, Billing" in text
        assert "Permissions" in text and "Policies" in text
        assert "Analytics" in text and "✓ read" in text and "✗ write" in text
        assert app.focused is screen.query_one(GridPanel)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert len(app.screen_stack) == 2
        assert table(app).cursor == 5  # back where the user was


async def test_tab_and_shift_tab_move_between_panels() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.focused is table(app)
        await pilot.press("tab")
        assert isinstance(app.focused, OverviewPanel)
        await pilot.press("tab")
        assert app.focused is table(app)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, OverviewPanel)
        await pilot.press("enter")  # opens the highlighted account from any panel
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        await pilot.press("tab")
        assert isinstance(app.focused, GridPanel | PolicyPanel)
        before = app.focused
        await pilot.press("tab")
        assert app.focused is not before


async def test_slash_filters_by_name_id_role_permission_and_policy() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        orgs = table(app)
        await pilot.press("slash")
        field = app.screen.query_one("#filter", Input)
        assert field.display and app.focused is field
        await pilot.press(*"kestrel")
        assert [o.name for o in orgs.shown] == ["Kestrel Security GmbH"]
        assert app.screen.query_one("#accounts").border_subtitle == "1 match · memberships 7 of 7"
        field.value = ""
        await pilot.press(*"01a7362d")  # part of an id
        assert [o.name for o in orgs.shown] == ["Okafor Studio"]
        field.value = ""
        await pilot.press(*"super administrator")  # a role, two words
        assert {o.name for o in orgs.shown} == {"Okafor Studio"}
        field.value = "audit logs"  # a permission resource, known only from /user here
        await pilot.pause()
        assert [o.name for o in orgs.shown] == ["Blue Harbor Media", "Okafor Studio"]
        field.value = "dns write"  # a policy's permission group: not loaded yet
        await pilot.pause()
        assert orgs.shown == []
        field.value = ""
        await pilot.press(*"zzq")  # q is typed, not quit
        assert app.is_running and orgs.shown == []
        assert "No accounts match 'zzq'" in screen_text(app)
        await pilot.press("escape")
        assert not field.display and field.value == ""
        assert len(orgs.shown) == 8 and app.focused is orgs
        assert app.screen.query_one("#accounts").border_subtitle == "memberships 7 of 7"
        await pilot.press("end", "up", "up", "up", "enter")  # Meridian: its policies load
        await settle(pilot)
        await pilot.press("escape", "slash", *"dns write")
        assert [o.name for o in orgs.shown] == ["Meridian Analytics Co"]


async def test_enter_in_the_filter_returns_to_the_table_with_the_filter_kept() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"lambda", "enter")
        assert app.focused is table(app)
        assert [o.name for o in table(app).shown] == ["Lambda Collective"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert app.screen.row.name == "Lambda Collective"


async def test_c_copies_the_selected_id_and_says_what_was_copied() -> None:
    app = demo_app()
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        org = table(app).shown[1]
        await pilot.press("j", "c")
        assert app.clipboard == org.account_id
        sent = f"Copy: Account id {org.account_id} ({org.name}) sent to the terminal's clipboard."
        assert notes[-1] == sent  # never "copied": the terminal does not say
        await pilot.press("tab", "c")  # the profile panel has focus: the user's id
        user = app.screen.query_one(ProfileCard).user
        assert user is not None and app.clipboard == user.id
        await pilot.press("shift+tab", "enter")
        await pilot.pause()
        await pilot.press("c")
        assert isinstance(app.screen, AccountScreen)
        assert app.clipboard == org.account_id


async def test_r_refreshes_and_the_status_bar_counts_seconds(tmp_path: Path) -> None:
    first = response()
    second = response(limit=1200, remaining=1187)
    app, factory, clock = make_app(tmp_path, first, second)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status = app.screen.query_one(StatusBar)
        assert status.describe().plain == "updated 0 s ago"
        clock.advance(12)
        assert status.describe().plain.startswith("updated 12 s ago")
        await pilot.press("r")
        await settle(pilot)
        assert len(factory.calls) == 2
        assert app.state.response is second
        assert status.describe().plain == "updated 0 s ago · API quota 1187/1200"
        clock.advance(180)  # no new state: the bar re-renders itself every second
        await until(pilot, lambda: "updated 3 min ago" in screen_text(app), "the bar to tick")


async def test_q_quits_with_an_ok_exit_state() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == ExitState(ExitCode.OK)


async def test_ctrl_q_quits_even_from_the_filter() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "ctrl+q")
        await pilot.pause()
    assert app.return_value == ExitState(ExitCode.OK)


async def test_j_k_scroll_the_permission_grid_of_a_big_account() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("end", "up", "enter")  # Okafor Studio: more than fit at 80x24
        await settle(pilot)
        permissions = app.screen.query_one(GridPanel)
        assert app.focused is permissions and permissions.max_scroll_y > 0
        await pilot.press("j", "j", "j")
        assert permissions.scroll_y == 3
        await pilot.press("k")
        assert permissions.scroll_y == 2
        await pilot.press("down")
        assert permissions.scroll_y == 3


async def test_a_click_moves_the_cursor_and_a_second_click_opens() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        orgs = table(app)
        await pilot.click(AccountTable, offset=(5, 3))  # line 0 is the header
        assert orgs.cursor == 2
        assert isinstance(app.screen, MainScreen)
        await pilot.click(AccountTable, offset=(5, 3))
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert app.screen.row.name == "Kestrel Security GmbH"


async def test_a_wide_terminal_puts_the_panels_side_by_side() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        overview = app.screen.query_one(OverviewPanel)
        orgs_panel = app.screen.query_one("#accounts")
        assert app.screen.has_class("-narrow")
        assert overview.region.bottom <= orgs_panel.region.y  # stacked
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        assert app.screen.has_class("-wide")
        assert overview.region.right <= orgs_panel.region.x  # side by side
        assert orgs_panel.region.height > 40  # the table gets the full height
        text = screen_text(app)
        assert "Tidewater Nonprofit Trust" in text and "Enterprise ✗ no" in text


async def test_page_and_jump_keys_in_a_long_table(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, response(orgs_body(100)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        orgs = table(app)
        page = orgs.size.height - 2
        await pilot.press("pagedown")
        assert orgs.cursor == page
        await pilot.press("pagedown", "pageup")
        assert orgs.cursor == page
        await pilot.press("G")
        assert orgs.cursor == 99 and orgs.scroll_y == orgs.max_scroll_y
        await pilot.press("g")
        assert orgs.cursor == 0 and orgs.scroll_y == 0


async def test_a_filter_longer_than_its_field_scrolls_to_the_cursor() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        typed = "abcdefghij" * 9 + "ENDMARK"  # 97 characters in a 78-column field
        await pilot.press("slash", *typed)
        await settle(pilot)
        field = app.screen.query_one("#filter", Input)
        assert field.value == typed and field.scroll_x > 0
        line = next(row for row in screen_text(app).splitlines() if "ENDMARK" in row)
        assert "abcdefghijabcdefghij" in line  # the tail of the text, cursor in view
        await pilot.press("home")
        await settle(pilot)
        assert field.scroll_x == 0 and "ENDMARK" not in screen_text(app)
