"""The accounts list for a user with many accounts: the whole screen on one key (``z``), paging
as in less and vim, ``n``/``N`` through the filter's matches, and ``j``/``k``/``g``/``G`` in
every view that scrolls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App

from cftui.ui.screens.help import HelpScreen
from cftui.ui.screens.main import MainScreen
from cftui.ui.screens.raw_json import RawJsonScreen
from cftui.ui.widgets.account_table import AccountTable
from cftui.ui.widgets.json_view import JsonView
from cftui.ui.widgets.overview_panel import OverviewPanel
from tests.support.ui_fakes import (
    demo_app,
    make_app,
    orgs_body,
    record_notes,
    response,
    screen_text,
    settle,
)

ACCOUNTS = 120


def table(app: App[Any]) -> AccountTable:
    return app.screen.query_one(AccountTable)


def rows_on_screen(app: App[Any]) -> int:
    return sum(1 for line in screen_text(app).splitlines() if "Org 0" in line)


async def test_z_gives_the_list_the_whole_screen_and_back(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, response(orgs_body(ACCOUNTS)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = rows_on_screen(app)
        assert "z Zoom" in screen_text(app)  # in the footer
        await pilot.press("z")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.zoomed
        assert not screen.query_one(OverviewPanel).display or "Profile" not in screen_text(app)
        zoomed = rows_on_screen(app)
        assert zoomed >= 16 > before  # header, table header, border, status and footer aside
        assert app.focused is table(app)
        await pilot.press("plus")  # lazygit's key does the same
        await settle(pilot)
        assert not screen.zoomed and rows_on_screen(app) == before
        assert "Profile" in screen_text(app)


async def test_paging_keys_move_the_cursor_a_page_or_half_a_page(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, response(orgs_body(ACCOUNTS)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        grid = table(app)
        page = grid.size.height - 2
        await pilot.press("ctrl+f")
        assert grid.cursor == page
        await pilot.press("space")
        assert grid.cursor == 2 * page
        await pilot.press("ctrl+b")
        assert grid.cursor == page
        await pilot.press("ctrl+u")
        half = (grid.size.height - 1) // 2
        assert grid.cursor == page - half
        await pilot.press("ctrl+d")
        assert grid.cursor == page
        await pilot.press("G")
        assert grid.cursor == ACCOUNTS - 1
        assert f"Org {ACCOUNTS - 1:05d}" in screen_text(app)
        await pilot.press("g")
        assert grid.cursor == 0


async def test_n_and_shift_n_go_through_the_filters_matches_and_wrap(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, response(orgs_body(ACCOUNTS)))
    notes = record_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert notes[-1] == ": No filter: press / to find accounts."
        await pilot.press("slash", *"org 0011", "enter")  # Org 00011, 00110 to 00119, 0x11
        await settle(pilot)
        grid = table(app)
        shown = list(grid.shown)
        assert len(shown) == 12 and app.focused is grid
        subtitle = app.screen.query_one("#accounts").border_subtitle
        assert subtitle is not None and subtitle.startswith("12 matches")
        await pilot.press("n", "n")
        assert grid.highlighted is shown[2]
        await pilot.press("N", "N", "N")
        assert grid.highlighted is shown[-1]  # wrapped
        await pilot.press("n")
        assert grid.highlighted is shown[0]


async def test_one_match_is_one_match(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, response(orgs_body(ACCOUNTS)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"org 00119")
        await settle(pilot)
        subtitle = app.screen.query_one("#accounts").border_subtitle
        assert subtitle is not None and subtitle.startswith("1 match ·")


async def test_j_k_g_and_shift_g_scroll_the_profile_card_at_60x20() -> None:
    app = demo_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        card = app.screen.query_one(OverviewPanel)
        await pilot.press("tab")
        assert app.focused is card and card.max_scroll_y > 0
        await pilot.press("j", "j")
        await settle(pilot)
        assert card.scroll_y == 2
        await pilot.press("k")
        await settle(pilot)
        assert card.scroll_y == 1
        await pilot.press("G")
        await settle(pilot)
        assert card.scroll_y == card.max_scroll_y
        await pilot.press("g")
        await settle(pilot)
        assert card.scroll_y == 0


async def test_j_and_shift_g_scroll_the_help_at_60x20() -> None:
    app = demo_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        dialog = app.screen.query_one("#help-dialog")
        assert dialog.max_scroll_y > 0 and app.focused is dialog
        await pilot.press("j")
        await settle(pilot)
        assert dialog.scroll_y == 1
        await pilot.press("G")
        await settle(pilot)
        assert dialog.scroll_y == dialog.max_scroll_y
        assert "ctrl+p" in screen_text(app)  # the last line of "Everywhere"
        await pilot.press("g")
        await settle(pilot)
        assert dialog.scroll_y == 0


async def test_g_and_shift_g_scroll_an_account_and_the_raw_json_at_60x20() -> None:
    app = demo_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        page = app.screen.query_one("#account-body")
        assert page.max_scroll_y > 0
        await pilot.press("G")
        await settle(pilot)
        assert page.scroll_y == page.max_scroll_y
        await pilot.press("g")
        await settle(pilot)
        assert page.scroll_y == 0
        await pilot.press("escape", "v")
        await settle(pilot)
        assert isinstance(app.screen, RawJsonScreen)
        view = app.screen.query_one(JsonView)
        await pilot.press("j", "G")
        await settle(pilot)
        assert view.scroll_y == view.max_scroll_y > 0


async def test_the_footer_and_the_help_name_the_zoom_key(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, response(orgs_body(ACCOUNTS)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        assert "z, +" in text and "the accounts list on the whole screen, and back" in text
        assert "pgdn, ctrl+f, space" in text and "ctrl+d" in text
        await pilot.press("escape")
        await settle(pilot)
        assert "z Zoom" in screen_text(app)
