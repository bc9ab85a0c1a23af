"""The layout at 60x20, 80x24, 120x40 and 200x50 on the demo data: nothing important cut off.

What a new user hit, each checked where a snapshot alone would not say it: at 60x20 the
card's bottom border hidden, the id and telephone cut, a letter of a hidden key after the
palette key; at 80x24 after a filter the footer's last key cut under the palette key
(``p Profil▏^p palette``); at 200x50 the name column ~115 columns wide.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from cftui.core.errors import ApiError
from cftui.ui.app import CftuiApp
from cftui.ui.screens.account import AccountScreen
from cftui.ui.widgets.account_columns import (
    GAP,
    MARK_WIDTH,
    NAME_MAX,
    PAD,
    Natural,
    roles_text,
    roles_width,
    short_access,
    widths,
)
from cftui.ui.widgets.account_table import AccountTable
from cftui.ui.widgets.footer import AppFooter
from cftui.ui.widgets.overview_panel import MORE_BELOW, OverviewPanel
from cftui.ui.widgets.profile_card import ProfileCard
from tests.support.ui_fakes import (
    MEMBERSHIPS,
    body_with,
    demo_app,
    make_app,
    response,
    screen_text,
    settle,
)
from tests.support.waiting import until

USER_ID = "7c5dae5552338874e5053f2534d2767a"
TELEPHONE = "+44 20 7946 0958"
SIZES = pytest.mark.parametrize(
    "size", [(60, 20), (80, 24), (120, 40), (200, 50)], ids=["60x20", "80x24", "120x40", "200x50"]
)


def footer_keys(app: CftuiApp) -> tuple[list[FooterKey], FooterKey]:
    """The footer's shown keys, left to right, and the palette key."""
    footer = app.screen.query_one(AppFooter)
    keys = [key for key in footer.query_children(FooterKey) if key.display]
    palette = next(key for key in keys if key.has_class("-command-palette"))
    return [key for key in keys if key is not palette], palette


def assert_footer_whole(app: CftuiApp) -> list[str]:
    """Every key shown is whole, on screen and clear of the palette key; the bottom line ends
    with the palette key and has no stray letter. Returns the keys' words."""
    keys, palette = footer_keys(app)
    width, height = app.size
    assert palette.region.right + palette.styles.margin.right == width
    for key in keys:
        assert key.region.right <= palette.region.x, key.description
        assert key.region.width == len(f"{key.key_display} {key.description}"), key.description
    bottom = screen_text(app).splitlines()[height - 1]
    assert bottom.endswith("▏^p palette"), bottom
    for key in keys:
        assert f"{key.key_display} {key.description}" in bottom
    return [key.description for key in keys]


async def ready(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await until(pilot, lambda: pilot.app.screen.query(AppFooter), "the footer")


# -- the footer ------------------------------------------------------------------------------


async def test_footer_after_a_filter_at_80x24_shows_its_last_key_whole() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"admin", "enter")
        await settle(pilot)
        assert isinstance(app.screen.focused, AccountTable)
        words = assert_footer_whole(app)
        # The first match is an invitation: its answers stay, with the help (which lists the
        # rest) and quit; zoom, copy, refresh, profiles and JSON give way
        words_on_invitation = ["Filter", "Open", "Accept", "Decline", "Clear filter", "Quit"]
        assert words == [*words_on_invitation, "Help"]


@pytest.mark.parametrize("drill", [False, True], ids=["main", "account"])
async def test_footer_at_60x20_ends_with_the_palette_key(drill: bool) -> None:
    app = demo_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        if drill:
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, AccountScreen)
        words = assert_footer_whole(app)
        assert "Help" in words and "Quit" in words
        assert ("Back" in words) is drill


@SIZES
async def test_footer_keys_fit_at_every_size(size: tuple[int, int]) -> None:
    app = demo_app()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        words = assert_footer_whole(app)
        if size[0] >= 80:
            assert words[-1] == "Help"
        if size[0] >= 120:
            assert len(words) == 9  # all of them


async def test_footer_shows_hidden_keys_again_when_the_terminal_grows() -> None:
    app = demo_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        assert "JSON" not in assert_footer_whole(app)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert "JSON" in assert_footer_whole(app)


# -- the profile card ------------------------------------------------------------------------


async def test_card_is_whole_at_60x20_and_the_rest_scrolls_into_view() -> None:
    app = demo_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        card = app.screen.query_one(ProfileCard)
        overview = app.screen.query_one(OverviewPanel)
        await until(pilot, lambda: overview.region.contains_region(card.region), "a whole card")
        lines = screen_text(app).splitlines()
        bottom = lines[card.region.bottom - 1]
        assert bottom.startswith("╰") and bottom.rstrip().endswith("╯")
        assert MORE_BELOW in bottom  # what is out of view is named on the border
        text = screen_text(app)
        assert USER_ID in text and TELEPHONE in text  # whole, not "7c5dae5552338…"
        assert "2FA" not in text
        # tab reaches the overview and the arrows bring security and tiers into view
        overview.focus()
        await pilot.press(*["down"] * 8)
        await settle(pilot)
        text = screen_text(app)
        assert "2FA lock" in text and "Enterprise" in text


@SIZES
async def test_card_bottom_border_and_id_on_screen(size: tuple[int, int]) -> None:
    app = demo_app()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        card = app.screen.query_one(ProfileCard)
        overview = app.screen.query_one(OverviewPanel)
        await until(pilot, lambda: overview.region.contains_region(card.region), "a whole card")
        assert Region(0, 0, *size).contains_region(card.region)
        text = screen_text(app)
        assert USER_ID in text and TELEPHONE in text
        for beta in ("zone_level_access_beta", "workers_observability_beta", "dns_analytics_v2"):
            assert beta in text  # each beta whole: the card wraps between them, never inside
        if size != (60, 20):
            assert "2FA lock" in text and "Enterprise" in text  # all at once


# -- the accounts table ----------------------------------------------------------------------


def header_line(app: CftuiApp) -> str:
    return app.screen.query_one(AccountTable).render_line(0).text


async def test_name_column_at_200x50_is_as_wide_as_the_longest_name() -> None:
    app = demo_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await ready(pilot)
        table = app.screen.query_one(AccountTable)
        longest = max(len(row.name) for row in table.rows)  # "Tidewater Nonprofit Trust"
        header = header_line(app)
        assert header.index("Status") == PAD + MARK_WIDTH + longest + GAP
        roles = "Super Administrator - All Privileges"  # the longest roles, whole
        assert roles in screen_text(app)
        assert header.index("Access") == header.index("Roles") + len(roles) + GAP
        assert len(header.rstrip()) < table.size.width - 50  # the room left is at the end


async def test_a_long_name_takes_no_more_than_the_maximum() -> None:
    app = demo_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await ready(pilot)
        table = app.screen.query_one(AccountTable)
        first = table.rows[0]
        long_name = "Very Long Account Name " * 10
        table.set_rows((type(first)(**{**_fields(first), "name": long_name}), *table.rows[1:]))
        await settle(pilot)
        assert header_line(app).index("Status") == PAD + MARK_WIDTH + NAME_MAX + GAP
        line = table.render_line(1).text
        assert line[PAD + MARK_WIDTH : PAD + MARK_WIDTH + NAME_MAX].endswith("…")


def _fields(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in row.__dataclass_fields__}


async def test_at_60_columns_the_access_column_is_said_short_beside_the_names() -> None:
    app = demo_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        header = header_line(app)
        assert "Access" in header and "Roles" in header  # "12r 5w": never gone without a word
        table = app.screen.query_one(AccountTable)
        for n in range(len(table.rows)):
            table.cursor = n
            await settle(pilot)
            row = table.highlighted
            assert row is not None
            line = next(x for x in screen_text(app).splitlines() if row.name[:16] in x)
            assert f"  {short_access(row.summary)} " in line


@pytest.mark.parametrize(
    "roles",
    [(), ("DNS",), ("Administrator", "Billing"), ("x" * 300, "y"), ("y" * 199, "z"), ("r",) * 1200],
)
def test_roles_are_measured_as_they_are_drawn(roles: tuple[str, ...]) -> None:
    assert roles_width(roles) == len(roles_text(roles))


def test_columns_give_way_access_first_then_roles_and_never_the_status() -> None:
    natural = Natural(name=25, status=8, roles=36, access=17, access_short=7)
    assert widths(200, natural) == (MARK_WIDTH, 25, 8, 36, 17)  # all whole, room left over
    assert widths(76, natural) == (MARK_WIDTH, 25, 8, 16, 17)  # roles cut first
    assert widths(56, natural) == (MARK_WIDTH, 19, 8, 12, 7)  # then the access is said short
    assert widths(40, natural) == (MARK_WIDTH, 25, 8, 0, 0)  # then the roles
    assert widths(30, natural) == (MARK_WIDTH, 16, 8, 0, 0)  # and only then the name


# -- the account screen ----------------------------------------------------------------------


async def test_account_at_60x20_stacks_its_panels_and_scrolls_to_the_policies() -> None:
    app = demo_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        text = screen_text(app)
        assert "✓ read  ✗ write  read only" in text  # the grid whole, not "✓ r…  ✗ wri…"
        assert "Policies come with a membership" not in text
        await pilot.press(*["j"] * 12)
        await settle(pilot)
        assert "Policies come with a membership" in screen_text(app)


async def test_card_stays_whole_as_the_terminal_is_resized() -> None:
    app = demo_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        card = app.screen.query_one(ProfileCard)
        overview = app.screen.query_one(OverviewPanel)
        for size in [(200, 50), (80, 24), (60, 20), (120, 40), (60, 20)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await until(
                pilot, lambda: overview.region.contains_region(card.region), f"a card at {size}"
            )
            assert USER_ID in screen_text(app)
            if size[0] >= 120:
                assert overview.styles.max_height is None  # the full height, beside the table


async def test_at_60x20_two_accounts_stay_when_a_banner_and_a_problem_take_room(
    tmp_path: Path,
) -> None:
    """The suspension banner and the accounts' problem line take three rows: the table keeps
    its header and two accounts, and the card scrolls."""
    refused = ApiError("Cloudflare refused to list your memberships.", status=403, codes=(9109,))
    app = make_app(tmp_path, response(body_with(suspended=True)), answers={MEMBERSHIPS: refused})
    app = app[0]
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        table = app.screen.query_one(AccountTable)
        overview = app.screen.query_one(OverviewPanel)
        await until(pilot, lambda: table.region.height >= 3, "the header and two accounts")
        text = screen_text(app)
        assert "This account is suspended" in text and "refused to list" in text
        assert USER_ID in text and "Blue Harbor Media" in text
        assert overview.max_scroll_y > 0  # the rest of the card is one scroll away


async def test_the_filter_at_60x20_shows_two_matches() -> None:
    app = demo_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"admin")
        await settle(pilot)
        table = app.screen.query_one(AccountTable)
        await until(pilot, lambda: table.region.height >= 3, "the header and two matches")
        text = screen_text(app)
        assert "Harbourline Events" in text and "Lambda Collective" in text
        await pilot.press("escape")
        await settle(pilot)
        card = app.screen.query_one(ProfileCard)
        await until(pilot, lambda: overview_holds(app, card), "the whole card again")


def overview_holds(app: CftuiApp, card: ProfileCard) -> bool:
    return app.screen.query_one(OverviewPanel).region.contains_region(card.region)
