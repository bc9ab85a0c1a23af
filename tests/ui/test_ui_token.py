"""The TUI's identity and token section, through Pilot.

Fakes answer by path (``tests.support.ui_fakes``) where the words are checked at a fixed day; the
real client against the fake API where what matters is which requests were made (an account token's
lookups, none for a Global key) or how a failing check travels over a socket.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from cftui.core.api.client import CloudflareClient
from cftui.core.api.requester import Requester
from cftui.core.credentials.kinds import Credential, GlobalApiKey
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.models.token import GLOBAL_KEY_NOTE, parse_token_status
from cftui.ui.app import CftuiApp
from cftui.ui.widgets.header import AppHeader
from cftui.ui.widgets.security import SecurityPanel
from cftui.ui.widgets.state_panel import StatePanel
from cftui.ui.widgets.status_bar import StatusBar
from tests.support.fake.accounts import Health, real_user, token_result
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import flat
from tests.support.ui_fakes import (
    ACTIVE,
    MEMBERSHIPS,
    TODAY,
    VERIFY,
    FakeClock,
    answered,
    body_with,
    make_app,
    record_notes,
    response,
    screen_text,
    settle,
    store_with,
)
from tests.support.waiting import until

LEGACY_TOKEN = "Zq3xV8pL2mN7rT5yW1aB4cD6eF9gH0jK_sU-iO3p"
EMAIL = "ada@example.com"
GLOBAL_KEY = "0123456789abcdef0123456789abcdef01234"


def verify(health: Health) -> Any:
    return answered(parse_token_status(token_result(TODAY, health)))


def security(app: CftuiApp) -> str:
    """The security panel's rows, as "label value" words (before any cut to the width)."""
    facts = app.screen.query_one(SecurityPanel).facts() or []
    return " ".join(f"{label} {value.plain}" for label, value in facts)


def header(app: CftuiApp) -> str:
    rendered = app.screen.query_one(AppHeader).render()
    return str(getattr(rendered, "plain", rendered))


def status(app: CftuiApp) -> str:
    return app.screen.query_one(StatusBar).describe().plain


async def test_a_real_shaped_account_is_named_by_its_email(tmp_path: Path) -> None:
    body = body_with(**real_user())
    app, factory, _ = make_app(tmp_path, response(body))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = flat(screen_text(app))
        assert "Name not set" in text  # the email is said once, on its own row
        assert "Email user@example.com" in text
        assert "Username" not in text  # it is the id
        assert "Joined 2024-05-16 · modified 2026-02-01" in text  # whole in the 48-column card
        assert "Telephone not set" in text and "No accounts" in text
        # the token check and the memberships went out beside /user
        own = f"/user/tokens/{ACTIVE.id}"  # its own policies, once the verify named it
        assert sorted(factory.paths) == [MEMBERSHIPS, own, VERIFY]


@pytest.mark.parametrize(
    ("health", "shown", "expires", "badge"),
    [
        ("active", "Token ✓ active", "Expires in 42 days · 2027-01-10", None),
        ("expiring", "Token ⚠ expires soon", "Expires in 2 days · 2026-12-01", "expires in 2 days"),
        ("expired", "Token ✗ expired", "Expires 3 days ago · 2026-11-26", "expired"),
        ("disabled", "Token ✗ disabled", "Expires never", "disabled"),
        (
            "not_yet_valid",
            "Token ⚠ not valid yet",
            "Valid from in 3 days · 2026-12-02",
            "not valid yet",
        ),
        ("never_expires", "Token ✓ active", "Expires never", None),
    ],
)
async def test_token_health_in_the_security_panel_header_and_status_bar(
    tmp_path: Path, health: Health, shown: str, expires: str, badge: str | None
) -> None:
    app, _, clock = make_app(tmp_path, answers={VERIFY: verify(health)})
    notes = record_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panel = security(app)
        assert shown in panel and expires in panel, panel
        assert "· user API token" in header(app)
        if badge is None:
            assert "⚠" not in header(app) and status(app).startswith("updated 0 s ago")
            assert not [n for n in notes if "This API token" in n]
        else:
            assert f"⚠ token {badge}" in header(app)
            assert status(app).startswith(f"⚠ token {badge} · updated 0 s ago"), status(app)
            warnings = [n for n in notes if n.startswith("user API token: This API token")]
            assert len(warnings) == 1, notes
            clock.advance(5)
            await pilot.press("r")
            await settle(pilot)
            assert [n for n in notes if "This API token" in n] == warnings  # said once


async def test_narrow_panels_keep_the_countdown_and_drop_the_date(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, answers={VERIFY: verify("expiring")})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        panel = security(app)
        assert "Expires in 2 days" in panel and "2026-12-01" not in panel
        assert "⚠ token expires in 2 days" in screen_text(app).splitlines()[0]


async def test_the_user_is_shown_while_the_token_check_is_on_its_way(tmp_path: Path) -> None:
    gate = asyncio.Event()

    app, factory, _ = make_app(tmp_path)
    answer = factory.answers[VERIFY]
    original = factory.__call__

    def build(credential: Credential) -> Any:
        source = original(credential)
        plain = source.request

        async def request(call: Any) -> Any:
            if call.path == VERIFY:
                await gate.wait()
                return answer
            return await plain(call)

        source.request = request  # type: ignore[method-assign]
        return source

    app.client_factory = app.session.client_factory = build  # type: ignore[assignment]
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.state.response is not None, "the user on screen")
        await pilot.pause()
        assert app.state.checking and "Avery Okafor" in screen_text(app)
        assert "Token checking…" in security(app)
        assert "checking the token…" in status(app)
        gate.set()
        await settle(pilot)
        assert not app.state.checking and "Token ✓ active" in security(app)
        assert "checking" not in status(app)


def _real(base_url: str, timeout: float = 10.0) -> Any:
    async def no_sleep(seconds: float) -> None:
        return None

    def factory(credential: Credential) -> Requester:
        return CloudflareClient(
            credential, base_url=base_url, sleep=no_sleep, total_timeout=timeout
        )

    return factory


async def test_an_account_token_is_a_state_that_says_what_it_is(
    tmp_path: Path, fake_api: FakeApi
) -> None:
    url = fake_api.base_url("account_token", fresh=True)
    env = {"CLOUDFLARE_API_TOKEN": LEGACY_TOKEN}
    app = CftuiApp(ProfileStore(tmp_path), env=env, client_factory=_real(url), clock=FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        problem = app.state.problem
        assert problem is not None and problem.kind == "account_token"
        assert problem.title == "Account API token" and problem.exit_code == 4
        text = flat(screen_text(app))
        assert "This is an account API token for the account Okafor Studio (active, expires" in text
        assert "User Details: Read" in text
        assert "log in with a user token (L)" in text
        panel = app.screen.query_one(StatePanel)
        assert panel.border_title == "Account API token"
    routes = fake_api.routes(url)
    assert routes.index("accounts") < routes.index(
        "accounts/4d2b7c1e9a8f4e6d8c2b1a0f9e8d7c6b/tokens/verify"
    )


async def test_a_global_key_sends_no_verify_and_is_advised_against_once(
    tmp_path: Path, fake_api: FakeApi
) -> None:
    url = fake_api.base_url("ok", fresh=True)
    env = {"CLOUDFLARE_EMAIL": EMAIL, "CLOUDFLARE_API_KEY": GLOBAL_KEY}
    app = CftuiApp(ProfileStore(tmp_path), env=env, client_factory=_real(url), clock=FakeClock())
    notes = record_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Token Global API key Expires never" in security(app)
        assert "· Global API key" in header(app)
        await pilot.press("r")
        await settle(pilot)
    routes = fake_api.routes(url)
    assert routes.count("user") == 2 and "user/tokens/verify" not in routes  # never a verify
    assert notes.count(f"Global API key: {GLOBAL_KEY_NOTE}") == 1


async def test_a_global_key_profile_never_reaches_verify_in_a_fake(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "p")
    store.save("legacy", GlobalApiKey(EMAIL, GLOBAL_KEY), make_default=True)
    app, factory, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.state.token is not None and app.state.token.note == GLOBAL_KEY_NOTE
    assert factory.paths == [MEMBERSHIPS]  # no token check


@pytest.mark.parametrize(
    ("scenario", "reason", "timeout"),
    [
        ("verify_403", "Cloudflare refused the check (HTTP 403, code 9109)", 10.0),
        ("verify_500", "Cloudflare had a problem answering (HTTP 500)", 10.0),
        ("verify_html", "Cloudflare had a problem answering (HTTP 502)", 10.0),
        ("verify_timeout", "did not send a complete answer within 3 s", 3.0),
    ],
)
async def test_a_failing_check_stays_in_the_security_panel(
    tmp_path: Path, fake_api: FakeApi, scenario: str, reason: str, timeout: float
) -> None:
    url = fake_api.base_url(scenario, fresh=True)
    store = store_with(tmp_path, "work")
    app = CftuiApp(store, env={}, client_factory=_real(url, timeout), clock=FakeClock())
    notes = record_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.state.problem is None
        text = flat(screen_text(app))
        assert "Name Ada Lovelace" in text and "Email ada.lovelace@example.com" in text
        panel = security(app)
        assert "Token ? status unknown" in panel and reason in panel, panel
        assert status(app).startswith("updated 0 s ago")
        assert "⚠" not in header(app)
    assert not [n for n in notes if "status unknown" in n or reason in n]  # there only
    routes = fake_api.routes(url)  # a 5xx check is asked again, as any GET
    assert routes.count("user") == 1
    assert set(routes) == {"user", "user/tokens/verify", "memberships"}
