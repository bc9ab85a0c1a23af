"""The main screen driven by real keys: lists, drill-down, filter, copy, refresh, quit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import Input

from cftui.core.errors import ExitCode
from cftui.ui.screens.main import MainScreen, Overview
from cftui.ui.screens.organization import OrganizationScreen, OrganizationSummary
from cftui.ui.types import ExitState
from cftui.ui.widgets.header import AppHeader
from cftui.ui.widgets.org_table import OrganizationTable
from cftui.ui.widgets.permissions import PermissionList, RoleList
from cftui.ui.widgets.profile_card import ProfileCard
from cftui.ui.widgets.status_bar import StatusBar
from tests.ui_fakes import (
    demo_app,
    make_app,
    orgs_body,
    record_notes,
    response,
    screen_text,
    settle,
)
from tests.waiting import until

SIZE = (80, 24)


def table(app: App[Any]) -> OrganizationTable:
    return app.screen.query_one(OrganizationTable)


async def test_demo_shows_the_user_the_organizations_and_the_marker() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        card = app.screen.query_one(ProfileCard)
        assert card.user is not None and card.user.display_name == "Avery Okafor"
        names = [o.display_name for o in table(app).shown]
        assert names[:2] == ["Okafor Studio", "Northwind Retail Ltd"]
        assert len(names) == 6
        assert app.screen.query_one(AppHeader).identity.demo
        text = screen_text(app)
        assert "DEMO DATA" in text
        assert "Avery Okafor" in text and "Tidewater Nonprofit Trust" in text
        assert "Zone tiers" in text and "✗ no" in text  # Enterprise: symbol plus word
        assert "updated 0 s ago" in text
        assert app.focused is table(app)


async def test_j_k_and_arrows_move_the_cursor() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        orgs = table(app)
        await pilot.press("j", "j")
        assert orgs.cursor == 2
        assert orgs.highlighted is not None
        assert orgs.highlighted.display_name == "Kestrel Security GmbH"
        await pilot.press("k")
        assert orgs.cursor == 1
        await pilot.press("down", "down", "down", "down", "down", "down")
        assert orgs.cursor == 5  # stops at the last row
        await pilot.press("up")
        assert orgs.cursor == 4
        await pilot.press("home")
        assert orgs.cursor == 0


async def test_enter_opens_the_organization_and_escape_goes_back() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OrganizationScreen)
        assert screen.organization.display_name == "Northwind Retail Ltd"
        summary = screen.query_one(OrganizationSummary)
        assert summary.organization is screen.organization
        text = screen_text(app)
        assert "Northwind Retail Ltd" in text
        assert "Roles" in text and "Permissions" in text
        grouped = screen.organization.permissions_by_resource()
        first = sorted(grouped)[0]
        assert first in text and ", ".join(grouped[first]) in text
        assert app.focused is screen.query_one(PermissionList)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert len(app.screen_stack) == 2
        assert table(app).cursor == 1  # back where the user was


async def test_tab_and_shift_tab_move_between_panels() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.focused is table(app)
        await pilot.press("tab")
        assert isinstance(app.focused, Overview)
        await pilot.press("tab")
        assert app.focused is table(app)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, Overview)
        await pilot.press("enter")  # opens the highlighted organization from any panel
        await pilot.pause()
        assert isinstance(app.screen, OrganizationScreen)
        await pilot.press("tab")
        assert isinstance(app.focused, RoleList | PermissionList)
        before = app.focused
        await pilot.press("tab")
        assert app.focused is not before


async def test_slash_filters_by_name_id_role_and_permission() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        orgs = table(app)
        await pilot.press("slash")
        field = app.screen.query_one("#filter", Input)
        assert field.display and app.focused is field
        await pilot.press(*"kestrel")
        assert [o.display_name for o in orgs.shown] == ["Kestrel Security GmbH"]
        assert app.screen.query_one("#orgs").border_subtitle == "1 of 6"
        field.value = ""
        await pilot.press(*"01a7362d")  # part of an id
        assert [o.display_name for o in orgs.shown] == ["Okafor Studio"]
        field.value = ""
        await pilot.press(*"super administrator")  # a role, two words
        assert {o.display_name for o in orgs.shown} == {"Okafor Studio"}
        field.value = "#billing:edit"  # a permission
        await pilot.pause()
        assert orgs.shown and all("#billing:edit" in o.permissions for o in orgs.shown)
        field.value = ""
        await pilot.press(*"zzq")  # q is typed, not quit
        assert app.is_running and orgs.shown == []
        assert "No organizations match 'zzq'" in screen_text(app)
        await pilot.press("escape")
        assert not field.display and field.value == ""
        assert len(orgs.shown) == 6 and app.focused is orgs
        assert app.screen.query_one("#orgs").border_subtitle is None


async def test_enter_in_the_filter_returns_to_the_table_with_the_filter_kept() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"lambda", "enter")
        assert app.focused is table(app)
        assert [o.display_name for o in table(app).shown] == ["Lambda Collective"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OrganizationScreen)
        assert app.screen.organization.display_name == "Lambda Collective"


async def test_c_copies_the_selected_id_and_says_what_was_copied() -> None:
    app = demo_app()
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        org = table(app).shown[1]
        await pilot.press("j", "c")
        assert app.clipboard == org.id
        sent = f"Copy: Organization id {org.id} ({org.name}) sent to the terminal's clipboard."
        assert notes[-1] == sent  # never "copied": the terminal does not say
        await pilot.press("tab", "c")  # the profile panel has focus: the user's id
        user = app.screen.query_one(ProfileCard).user
        assert user is not None and app.clipboard == user.id
        await pilot.press("shift+tab", "enter")
        await pilot.pause()
        await pilot.press("c")
        assert isinstance(app.screen, OrganizationScreen)
        assert app.clipboard == org.id


async def test_r_refreshes_and_the_status_bar_counts_seconds(tmp_path: Path) -> None:
    first = response()
    second = response(limit=1200, remaining=1187)
    app, factory, clock = make_app(tmp_path, first, second)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status = app.screen.query_one(StatusBar)
        assert status.describe().plain.startswith("updated 0 s ago · 6 organizations")
        clock.advance(12)
        assert status.describe().plain.startswith("updated 12 s ago")
        await pilot.press("r")
        await settle(pilot)
        assert len(factory.calls) == 2
        assert app.state.response is second
        assert status.describe().plain == "updated 0 s ago · 6 organizations · API quota 1187/1200"
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


async def test_j_k_scroll_the_permission_list_of_a_big_organization() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # Okafor Studio: more resources than fit at 80x24
        await pilot.pause()
        permissions = app.screen.query_one(PermissionList)
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
        await pilot.click(OrganizationTable, offset=(5, 3))  # line 0 is the header
        assert orgs.cursor == 2
        assert isinstance(app.screen, MainScreen)
        await pilot.click(OrganizationTable, offset=(5, 3))
        await pilot.pause()
        assert isinstance(app.screen, OrganizationScreen)
        assert app.screen.organization.display_name == "Kestrel Security GmbH"


async def test_a_wide_terminal_puts_the_panels_side_by_side() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        overview = app.screen.query_one(Overview)
        orgs_panel = app.screen.query_one("#orgs")
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
