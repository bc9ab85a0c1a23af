"""Snapshots of every screen and state of the main app, at 80x24 and at 120x40.

Deterministic by construction: a frozen clock, no animation (the loading indicator is still
text), no blinking cursor, and nothing in the header that depends on the time of day.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.errors import KeyringLocked
from textual.pilot import Pilot

from cftui.core.credentials.kinds import make_token
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.errors import (
    AuthError,
    MalformedResponseError,
    NetworkError,
    RateLimitedError,
)
from cftui.ui.app import CftuiApp
from tests.reliability.test_ui_hostile import hostile_body
from tests.support.keyrings import InMemoryKeyring
from tests.support.ui_fakes import TOKEN, body_with, demo_app, make_app, response, settle, still

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
Snap = Callable[..., bool]


def ready(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for the fetch, then press ``keys`` with still cursors and no animation."""

    async def run_before(pilot: Pilot[Any]) -> None:
        still(pilot)
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)  # a screen may format in a worker (the raw JSON does)
            still(pilot)
        await pilot.pause()

    return run_before


def app_with(tmp_path: Path, *script: Any, **kwargs: Any) -> CftuiApp:
    return make_app(tmp_path, *script, **kwargs)[0]


@SIZES
def test_main_demo(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app(), terminal_size=size, run_before=ready())


@SIZES
def test_drill_down(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app(), terminal_size=size, run_before=ready("down", "enter"))


@SIZES
def test_help(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app(), terminal_size=size, run_before=ready("question_mark"))


@SIZES
def test_raw_json(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app(), terminal_size=size, run_before=ready("v"))


@SIZES
def test_filter_active(snap_compare: Snap, size: tuple[int, int]) -> None:
    keys = ("slash", *"admin")
    assert snap_compare(demo_app(), terminal_size=size, run_before=ready(*keys))


@SIZES
def test_filter_no_match(snap_compare: Snap, size: tuple[int, int]) -> None:
    keys = ("slash", *"nothing here")
    assert snap_compare(demo_app(), terminal_size=size, run_before=ready(*keys))


@SIZES
def test_first_run(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    app = app_with(tmp_path, profiles=())
    assert snap_compare(app, terminal_size=size, run_before=ready())


@SIZES
def test_loading(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    app = app_with(tmp_path, gate=asyncio.Event())  # never opened: stays loading

    async def run_before(pilot: Pilot[Any]) -> None:
        still(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_auth_rejected(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    error = AuthError(
        "Cloudflare rejected the API token (code 9109: Unauthorized to access requested resource).",
        status=403,
        codes=(9109,),
        hint="The token needs the permission User → User Details → Read.",
    )
    assert snap_compare(app_with(tmp_path, error), terminal_size=size, run_before=ready())


@SIZES
def test_network_down(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    error = NetworkError(
        "Could not connect to api.cloudflare.com (connection refused).",
        hint="Check your network connection, then press r to retry.",
    )
    assert snap_compare(app_with(tmp_path, error), terminal_size=size, run_before=ready())


@SIZES
def test_rate_limited(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    error = RateLimitedError(
        "Cloudflare is rate limiting your requests (HTTP 429).",
        retry_after=42,
        status=429,
        hint="The limit is 1,200 requests per 5 minutes per user.",
    )
    assert snap_compare(app_with(tmp_path, error), terminal_size=size, run_before=ready())


@SIZES
def test_malformed(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    error = MalformedResponseError(
        "Malformed response from the Cloudflare API: result.organizations[2].roles should "
        "be a list of strings, got int.",
        path="result.organizations[2].roles",
        hint="This is a problem on Cloudflare's side; try again later.",
    )
    assert snap_compare(app_with(tmp_path, error), terminal_size=size, run_before=ready())


@SIZES
def test_keyring_unavailable(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    store = ProfileStore(config_dir=tmp_path / "profiles")
    store.save("work", make_token(TOKEN), make_default=True)

    class Locked(InMemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise KeyringLocked("the collection is locked")

    keyring.set_keyring(Locked())
    app = app_with(tmp_path, store=store)
    assert snap_compare(app, terminal_size=size, run_before=ready())


@SIZES
def test_internal_error(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    app = app_with(tmp_path, ZeroDivisionError("division by zero"))
    assert snap_compare(app, terminal_size=size, run_before=ready())


@SIZES
def test_refresh_failed_keeps_data(
    snap_compare: Snap, size: tuple[int, int], tmp_path: Path
) -> None:
    error = NetworkError("The request timed out after 20 seconds.", hint="Press r to retry.")
    app = app_with(tmp_path, response(), error)
    assert snap_compare(app, terminal_size=size, run_before=ready("r"))


@SIZES
def test_hostile_strings(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    app = app_with(tmp_path, response(hostile_body()))
    assert snap_compare(app, terminal_size=size, run_before=ready())


@SIZES
def test_suspended_without_organizations(
    snap_compare: Snap, size: tuple[int, int], tmp_path: Path
) -> None:
    body = body_with(
        suspended=True,
        two_factor_authentication_enabled=False,
        has_pro_zones=None,
        organizations=[],
        betas=[],
        telephone=None,
    )
    app = app_with(tmp_path, response(body, limit=1200, remaining=1199))
    assert snap_compare(app, terminal_size=size, run_before=ready())


def test_command_palette(snap_compare: Snap) -> None:
    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=ready("ctrl+p"))
