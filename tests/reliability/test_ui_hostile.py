"""Hostile strings from the API render literally and cannot break the layout."""

from __future__ import annotations

from pathlib import Path

from cftui.ui.screens.account import AccountScreen
from cftui.ui.widgets.account_table import AccountTable
from tests.support.ui_fakes import body_with, make_app, response, screen_text, settle

MARKUP = "[bold red]x[/]"
LINK = "[link=https://evil.example]click[/link]"
RTL = "شركة الاختبار"
EMOJI = "🦄🔥 Unicorn Org"
LONG = "W" * 4990 + "-tail-end"


def hostile_body() -> dict[str, object]:
    orgs = [
        {
            "id": "markup-org",
            "name": MARKUP,
            "status": "member",
            "roles": [LINK],
            "permissions": ["#[b]zones[/b]:read", "#zones:edit"],
        },
        {"id": "long-org", "name": LONG, "status": "invited", "roles": [], "permissions": []},
        {"id": "rtl-org", "name": RTL, "status": "member", "roles": ["مدير"], "permissions": []},
        {"id": "emoji-org", "name": EMOJI, "status": "member", "roles": [], "permissions": []},
    ]
    return body_with(
        first_name=MARKUP,
        last_name=LINK,
        country=RTL,
        telephone="📞 +1 [i]555[/i]",
        zipcode=LONG,
        betas=["[red]beta[/red]", "🦄"],
        organizations=orgs,
    )


async def test_markup_renders_literally_in_the_card_and_the_table(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, response(hostile_body()))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert f"{MARKUP} [link=" in text  # the name, cut at the card's width
        assert MARKUP in text.split("Accounts")[1]  # the table row
        assert "📞 +1 [i]555[/i]" in text
        assert "[red]beta[/red], 🦄" in text
        assert RTL in text and EMOJI in text
        for word in ("Zone tiers", "Pro", "Business", "Enterprise", "Security", "2FA"):
            assert word in text, word
        assert "updated 0 s ago" in text and "Quit" in text  # status bar and footer survive


async def test_a_5000_character_name_is_cut_with_an_ellipsis_in_every_cell(
    tmp_path: Path,
) -> None:
    app, _, _ = make_app(tmp_path, response(hostile_body()))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        long_rows = [line for line in lines if "WWWWWWWWWW" in line]
        assert long_rows, "the long values are on screen"
        for line in long_rows:
            assert "…" in line and "tail-end" not in line
            assert len(line) <= 80
        table_row = next(line for line in long_rows if "invited" in line)
        # the columns kept, each as wide as its content (the roles at their minimum)
        assert table_row.rstrip("│ ").endswith("…  invited  —             —")
        zip_line = next(line for line in lines if "Zipcode" in line)
        # The card kept its width: the security / tiers column is still beside it.
        assert zip_line.index("Zipcode") < 4 and zip_line.endswith(("│", "╯", "╮"))
        assert len(zip_line) == 80


async def test_the_drill_down_shows_hostile_roles_and_permissions_literally(
    tmp_path: Path,
) -> None:
    app, _, _ = make_app(tmp_path, response(hostile_body()))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(AccountTable)
        assert table.highlighted is not None and table.highlighted.account_id == "markup-org"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        text = screen_text(app)
        assert MARKUP in text
        assert f"Roles      {LINK}" in text
        assert "[b]zones[/b] *" in text and "Zones *" in text
        assert "Permissions" in text and "Policies" in text


async def test_filtering_with_markup_in_the_query_is_literal_too(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, response(hostile_body()))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"[bold")
        table = app.screen.query_one(AccountTable)
        assert [o.account_id for o in table.shown] == ["markup-org"]
        await pilot.press(*"zzz")
        assert "No accounts match '[boldzzz'" in screen_text(app)
