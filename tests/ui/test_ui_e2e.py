"""The app over real HTTP: the real client against the fake Cloudflare API on loopback.

The fakes elsewhere stand in for ``CloudflareClient``; here the whole path runs (headers,
envelope, error mapping, sanitizing) so a mismatch between the client's errors and the app's
states shows up.
"""

from __future__ import annotations

from pathlib import Path

from cftui.cli.context import Context
from cftui.core.api.client import CloudflareClient
from cftui.core.api.requester import Requester
from cftui.core.credentials.kinds import Credential
from cftui.core.credentials.profiles import ProfileStore
from cftui.ui.app import CftuiApp
from cftui.ui.widgets.account_table import AccountTable
from cftui.ui.widgets.profile_card import ProfileCard
from cftui.ui.widgets.state_panel import StatePanel
from tests.support.fake.accounts import TOKEN_ID
from tests.support.fake.server import FakeApi
from tests.support.ui_fakes import TOKEN, FakeClock, screen_text, settle
from tests.support.waiting import DEADLINE

SIZE = (80, 24)


async def no_sleep(seconds: float) -> None:
    return None


def app_for(tmp_path: Path, base_url: str) -> CftuiApp:
    """The app with an env token and the real client; retries do not wait."""

    def factory(credential: Credential) -> Requester:
        return CloudflareClient(
            credential, base_url=base_url, sleep=no_sleep, total_timeout=DEADLINE
        )

    store = ProfileStore(config_dir=tmp_path / "profiles")
    env = {"CLOUDFLARE_API_TOKEN": TOKEN}
    return CftuiApp(store, env=env, client_factory=factory, clock=FakeClock())


async def test_ok_through_the_contexts_client_factory(tmp_path: Path, fake_api: FakeApi) -> None:
    base_url = fake_api.base_url("ok", fresh=True)
    store = ProfileStore(config_dir=tmp_path / "profiles")
    env = {"CLOUDFLARE_API_TOKEN": TOKEN, "CLOUDFLARE_BASE_URL": base_url}
    factory = Context(env=env).async_client  # as `cftui` starts the app
    app = CftuiApp(store, env=env, client_factory=factory, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = app.screen.query_one(ProfileCard)
        assert card.user is not None and card.user.display_name == "Ada Lovelace"
        text = screen_text(app)
        assert "source env CLOUDFLARE_API_TOKEN" in text
        assert "API quota" in text  # the Ratelimit headers reached the status bar
        assert TOKEN not in text
        assert "· user API token" in text and "✓ active" in text  # the token check, beside
    routes = sorted(fake_api.routes(base_url))  # and the memberships beside them both
    own = f"user/tokens/{TOKEN_ID}"  # the token in use reads itself once the verify names it
    assert routes == ["memberships", "user", own, "user/tokens/verify"]
    sent = [r for r in fake_api.requests if r.prefix == base_url.split("/")[3]]
    assert {r.headers["authorization"] for r in sent} == {f"Bearer {TOKEN}"}


async def test_a_token_without_user_read_is_an_auth_state(
    tmp_path: Path, fake_api: FakeApi
) -> None:
    app = app_for(tmp_path, fake_api.base_url("auth_9109"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(StatePanel)
        assert panel.problem is not None and panel.problem.kind == "auth"
        text = " ".join(screen_text(app).split())
        assert "9109" in text and "User Details" in text


async def test_rate_limited_shows_the_retry_after_countdown(
    tmp_path: Path, fake_api: FakeApi
) -> None:
    app = app_for(tmp_path, fake_api.base_url("rate_limited"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(StatePanel)
        assert panel.problem is not None and panel.problem.kind == "rate_limited"
        assert "Retry in 2 s." in screen_text(app)


async def test_an_html_error_page_is_a_network_state(tmp_path: Path, fake_api: FakeApi) -> None:
    app = app_for(tmp_path, fake_api.base_url("html_error"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(StatePanel)
        assert panel.problem is not None and panel.problem.kind == "network"
        assert "<html" not in screen_text(app).lower()


async def test_wrong_types_and_truncated_json_are_malformed_states(
    tmp_path: Path, fake_api: FakeApi
) -> None:
    for scenario, needle in (("wrong_types", "organizations[2].roles"), ("truncated_json", "")):
        app = app_for(tmp_path, fake_api.base_url(scenario))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            panel = app.screen.query_one(StatePanel)
            assert panel.problem is not None and panel.problem.kind == "malformed", scenario
            assert needle in screen_text(app)


async def test_hostile_strings_over_the_wire_render_inert(
    tmp_path: Path, fake_api: FakeApi
) -> None:
    app = app_for(tmp_path, fake_api.base_url("hostile"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[bold red]x[/]" in text
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "Zone tiers" in text and "Quit" in text
        table = app.screen.query_one(AccountTable)
        first = max((row.name for row in table.shown), key=len)
        assert len(first) > 5_000  # the 10 kB name, sanitized: longer than any screen
        row = next(line for line in text.splitlines() if "[bold red]x[/]" in line and "…" in line)
        assert len(row) <= 80
        assert app.clipboard == ""  # an OSC 52 in a name never reached the terminal


async def test_many_orgs_and_an_empty_account(tmp_path: Path, fake_api: FakeApi) -> None:
    app = app_for(tmp_path, fake_api.base_url("many_orgs"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(app.screen.query_one(AccountTable).shown) == 200
    app = app_for(tmp_path, fake_api.base_url("empty"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "No accounts" in screen_text(app)
