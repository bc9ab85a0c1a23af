"""The accounts panel through Pilot, with the real client: pages as they arrive, a failing
page, no permission, policies when an account is opened, and ``r`` retrying the section."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import Static

from cftui.core.credentials.profiles import ProfileStore
from cftui.ui.app import CftuiApp
from cftui.ui.screens.account import AccountScreen
from cftui.ui.screens.main import MainScreen
from cftui.ui.widgets.account_detail import GridPanel, PolicyPanel
from cftui.ui.widgets.account_table import AccountTable
from cftui.ui.widgets.profile_card import ProfileCard
from tests.support.fake.accounts import refused, server_error
from tests.support.fake.transport import WorldApi
from tests.support.fake.worlds import WORLDS, World
from tests.support.fault_harness import flat
from tests.support.ui_fakes import TOKEN, FakeClock, demo_app, screen_text, settle
from tests.support.waiting import until

SIZE = (80, 24)


def app_on(api: WorldApi, tmp_path: Path) -> CftuiApp:
    env = {"CLOUDFLARE_API_TOKEN": TOKEN}
    store = ProfileStore(config_dir=tmp_path / "profiles")
    return CftuiApp(store, env=env, client_factory=api.factory(), clock=FakeClock())


def world(name: str) -> World:
    return WORLDS[name]()


def table(app: App[Any]) -> AccountTable:
    return app.screen.query_one(AccountTable)


def panel_title(app: App[Any]) -> tuple[str, str | None]:
    panel = app.screen.query_one("#accounts")
    return str(panel.border_title), panel.border_subtitle


async def test_three_pages_page_one_first_then_the_rest_together(tmp_path: Path) -> None:
    api = WorldApi(world("members_3_pages"))
    api.hold(2, 3)
    app = app_on(api, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: len(api.asked()) == 3, "pages 2 and 3 to be asked for")
        # Page 1 has answered and both others are in flight at once: the panel says so.
        await until(
            pilot, lambda: panel_title(app)[1] == "memberships 50 of 120…", "the first page"
        )
        assert len(table(app).rows) == 53  # 50 memberships + the ok user's 3 organizations
        assert "50 of 120…" in screen_text(app)
        api.release()
        await settle(pilot)
        assert api.asked()[0].page == 1
        assert sorted(e.page for e in api.asked()) == [1, 2, 3]
        assert all(e.query["per_page"] == "50" for e in api.asked())
        assert panel_title(app) == ("Accounts · 4 invitations", "memberships 120 of 120")
        assert len(table(app).rows) == 123
        assert "Ada Lovelace" in screen_text(app)  # the profile never waited for the pages


async def test_a_failing_page_says_so_in_the_panel_and_r_retries(tmp_path: Path) -> None:
    api = WorldApi(world("members_3_pages"))
    api.world = World(api.world.items, page_failure={2: server_error().canned()})
    app = app_on(api, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert panel_title(app)[1] == "memberships 70 of 120, 1 page failed"
        text = screen_text(app)
        assert "1 page of memberships did not arrive" in text and "Press r to retry." in text
        assert app.screen.query_one(ProfileCard).user is not None  # the rest stays
        assert app.state.problem is None  # /user is fine: not the app's trouble
        api.world = world("members_3_pages")
        await pilot.press("r")
        await settle(pilot)
        assert panel_title(app)[1] == "memberships 120 of 120"
        assert "failed" not in screen_text(app)


async def test_without_memberships_read_the_organizations_stay_and_the_permission_is_named(
    tmp_path: Path,
) -> None:
    api = WorldApi(world("members_no_permission"))
    app = app_on(api, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = [row.name for row in table(app).rows]
        assert names == [
            "Analytical Engines Ltd",
            "Difference Engine Society",
            "Royal Society Web Team",
        ]
        text = flat(screen_text(app))
        assert "Cloudflare refused to list your memberships (code 9109)." in text
        assert "With Memberships Read (User → Memberships → Read) cftui shows every" in text
        assert panel_title(app) == ("Accounts · 1 invitation", None)
        assert app.state.problem is None and "Ada Lovelace" in text


async def test_rate_limits_server_errors_and_malformed_pages_stay_in_the_section(
    tmp_path: Path,
) -> None:
    for name, said in (
        ("members_rate_limited", "Wait 7 s, then press r."),
        ("members_500", "(HTTP 500)"),
        ("members_html", "an HTML error page (HTTP 502)"),
        ("members_malformed", "result[0].roles"),
    ):
        app = app_on(WorldApi(world(name)), tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            text = flat(screen_text(app))
            assert said in text, name
            assert len(table(app).rows) == 3 and "Ada Lovelace" in text, name
            assert isinstance(app.screen, MainScreen) and app.state.problem is None


async def test_opening_an_account_loads_its_policies_once(tmp_path: Path) -> None:
    api = WorldApi(world("invites"))
    app = app_on(api, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = table(app).rows
        target = next(n for n, row in enumerate(rows) if row.name == "Account 00001")
        await pilot.press(*["down"] * target, "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountScreen) and screen.row.name == "Account 00001"
        details = api.asked("GET", f"memberships/{screen.row.membership.id}")  # type: ignore[union-attr]
        assert len(details) == 1
        text = screen_text(app)
        assert "✓ Allow: Zone Read, DNS Write" in text and "✗ Deny: Cache Purge" in text
        assert "on zone 03000000000000000000000000000002 in account Account" in text
        assert screen.query_one(PolicyPanel).border_subtitle == "2 policies"
        assert "Analytics" in text and "✓ read  ✗ write  read only" in text
        await pilot.press("escape", "enter")
        await settle(pilot)
        assert len(api.asked("GET", f"memberships/{screen.row.membership.id}")) == 1  # type: ignore[union-attr]


async def test_a_failing_policy_fetch_shows_in_the_policies_only(tmp_path: Path) -> None:
    api = WorldApi(world("members_policies_refused"))
    app = app_on(api, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountScreen)
        policies = screen.query_one(PolicyPanel)
        assert policies.border_subtitle == "No permission: Memberships Read"
        said = str(policies.query_one(Static).content)
        assert "refused to show this account's policies (code 9109)" in said
        assert "With Memberships Read (User → Memberships → Read) cftui shows the policies." in said
        assert "✓ read" in screen_text(app)  # the grid is still there
        assert screen.query_one(GridPanel).cells
        assert app.state.problem is None and app.accounts.problem is None


async def test_a_refused_policy_fetch_is_asked_again_when_reopened(tmp_path: Path) -> None:
    api = WorldApi(
        world("invites"), routes={("GET", "memberships/02" + "0" * 30): [refused(9109).canned()]}
    )
    app = app_on(api, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # Account 00000
        await settle(pilot)
        assert "No permission" in str(app.screen.query_one(PolicyPanel).border_subtitle)
        await pilot.press("escape", "enter")
        await settle(pilot)
        assert app.screen.query_one(PolicyPanel).border_subtitle == "2 policies"


async def test_the_cursor_stays_on_the_chosen_account_as_pages_arrive(tmp_path: Path) -> None:
    api = WorldApi(world("members_3_pages"))
    api.hold(2, 3)
    app = app_on(api, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: len(table(app).rows) == 53, "the first page")
        assert table(app).cursor == 0  # untouched: the first row, whatever comes
        await pilot.press("end", "up")
        chosen = table(app).highlighted
        assert chosen is not None and chosen.name == "Difference Engine Society"
        api.release()
        await settle(pilot)
        assert len(table(app).rows) == 123
        highlighted = table(app).highlighted
        assert highlighted is not None and highlighted.key == chosen.key
        assert table(app).cursor == 121


async def test_a_memberships_timeout_stays_in_the_section(tmp_path: Path) -> None:
    import httpx

    class TimingOut(WorldApi):
        async def _handle(self, request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith("/memberships"):
                raise httpx.ReadTimeout("timed out", request=request)
            return await super()._handle(request)

    app = app_on(TimingOut(world("invites")), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = flat(screen_text(app))
        assert "Press r to retry." in text and "Ada Lovelace" in text
        assert app.accounts.problem is not None and app.accounts.problem.title == "Network error"
        assert len(table(app).rows) == 3 and app.state.problem is None


async def test_every_zone_of_a_policy_stays_on_screen_once_it_has_loaded() -> None:
    """The demo's Meridian Analytics Co has one policy over two zones. Asked for from the
    mounted screen, the policy panel could keep the height of its "loading" line and show one
    zone; the app asks before it pushes the screen."""
    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: len(table(app).rows) > 4, "the accounts")
        steps = next(n for n, row in enumerate(table(app).rows) if row.name.startswith("Meridian"))
        await pilot.press(*["down"] * steps, "enter")
        await until(pilot, lambda: isinstance(app.screen, AccountScreen), "the account")
        await until(pilot, lambda: "1 policy" in screen_text(app), "the policy")
        await settle(pilot)
        text = screen_text(app)
        assert "on zone 5a7c9e1b3d5f4a7c9e1b3d5f7a9c1e52 in account Meridian" in text
        assert "on zone 6b8d0f2a4c6e4b8d0f2a4c6e8b0d2f63 in account Meridian" in text


async def test_pages_without_totals_are_asked_one_after_another_until_a_short_one(
    tmp_path: Path,
) -> None:
    api = WorldApi(world("members_no_totals"))
    api.hold(2)
    app = app_on(api, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: len(api.asked()) == 2, "page 2 to be asked for")
        await until(pilot, lambda: panel_title(app)[1] == "memberships 50…", "the first page")
        assert [e.page for e in api.asked()] == [1, 2]  # nothing says more than a full page
        api.release()
        await settle(pilot)
        assert [e.page for e in api.asked()] == [1, 2, 3]
        assert panel_title(app) == ("Accounts · 4 invitations", "memberships 120 of 120")
        assert len(table(app).rows) == 123


async def test_float_page_numbers_are_page_numbers(tmp_path: Path) -> None:
    api = WorldApi(world("members_float_pages"))
    app = app_on(api, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert sorted(e.page or 0 for e in api.asked()) == [1, 2, 3]
        assert panel_title(app) == ("Accounts · 4 invitations", "memberships 120 of 120")
        assert "Malformed" not in screen_text(app)


async def test_without_totals_a_failing_page_ends_the_asking(tmp_path: Path) -> None:
    failing = World(
        world("members_no_totals").items,
        page_failure={2: server_error().canned()},
        result_info="no totals",
    )
    api = WorldApi(failing)
    app = app_on(api, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert sorted(e.page or 0 for e in api.asked()) == [1, 2, 2, 2]  # no page 3
        assert panel_title(app)[1] == "memberships 50 of ?, 1 page failed"
        assert len(table(app).rows) == 53


async def test_a_terse_detail_keeps_the_listed_account(tmp_path: Path) -> None:
    from tests.support.fake.canned import Canned

    terse = Canned(200, b'{"success": true, "result": {"status": null, "policies": []}}')
    api = WorldApi(World(world("invites").items, detail=terse))
    app = app_on(api, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = table(app).rows
        target = next(n for n, row in enumerate(rows) if row.name == "Lambda Collective")
        listed = rows[target]
        await pilot.press(*["down"] * target, "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountScreen)
        assert len(api.asked("GET", f"memberships/{listed.membership.id}")) == 1  # type: ignore[union-attr]
        row = app.accounts.row(listed.key)
        assert row is not None and row.policies == ()
        assert (row.name, row.roles, row.status) == (listed.name, listed.roles, listed.status)
        assert len(app.accounts.rows) == len(rows)  # no row of its own for the answer
        assert "(unnamed account)" not in screen_text(app)
