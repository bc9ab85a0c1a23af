"""A user with 10,000 accounts (here from /user's organizations): every row reachable, the
filter exact."""

from __future__ import annotations

from pathlib import Path

from cftui.ui.screens.account import AccountScreen
from cftui.ui.widgets.account_table import AccountTable
from tests.support.ui_fakes import make_app, orgs_body, response, screen_text, settle

COUNT = 10_000


async def test_ten_thousand_organizations_scroll_and_filter(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, response(orgs_body(COUNT)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(AccountTable)
        assert len(table.shown) == COUNT
        await pilot.press("end")
        await pilot.pause()
        assert table.highlighted is not None and table.highlighted.name == "Org 09999"
        assert "Org 09999" in screen_text(app)  # scrolled to the bottom
        await pilot.press("pageup")
        assert table.cursor < COUNT - 1
        await pilot.press("slash", *"org 0424")
        # "0424" in the name (00424, 04240-04249) or in the hex id (0x424 = 1060).
        expected = ["Org 00424", "Org 01060", *(f"Org {n:05d}" for n in range(4240, 4250))]
        assert [o.name for o in table.shown] == expected
        assert (
            app.screen.query_one("#accounts").border_subtitle == "12 matches · memberships 0 of 0"
        )
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert app.screen.row.name == "Org 04240"


async def test_the_filter_matches_roles_and_permissions_across_all_rows(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, response(orgs_body(COUNT)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(AccountTable)
        assert len(table.shown) == COUNT
        table.filter("resource3 billing")
        expected = [n for n in range(COUNT) if n % 7 == 3 and n % 2 == 0]
        assert [int(o.name[4:]) for o in table.shown if o.name] == expected
