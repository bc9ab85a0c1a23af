"""Snapshots of who the user is and how their credential stands, at 80x24 and 120x40.

A real-shaped account (names, phone and address null, the email as the name, no
organizations), a token expiring in two days, and an account-owned token, which ``/user``
refuses: shown as what it is. The wall clock is fixed (``ui_fakes.TODAY``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from cftui.core.credentials.kinds import make_token
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.errors import ApiError, AuthError
from cftui.core.models.account import parse_accounts
from tests.support.fake.accounts import ACCOUNT_TOKEN_ACCOUNT, real_user
from tests.support.ui_fakes import MEMBERSHIPS, VERIFY, answered, body_with, make_app, response
from tests.ui.test_ui_snapshots import SIZES, ready
from tests.ui.test_ui_token import LEGACY_TOKEN, verify

Snap = Callable[..., bool]
ACCOUNT_ID = ACCOUNT_TOKEN_ACCOUNT["id"]


def quiet() -> Callable[[Pilot[Any]], Awaitable[None]]:
    """``ready()``, then without the toasts: their timeout runs on the wall clock, so
    whether one is still up would depend on how busy the machine is (tests elsewhere check
    what they say)."""
    settled = ready()

    async def run_before(pilot: Pilot[Any]) -> None:
        await settled(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


@SIZES
def test_real_shaped_account(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, response(body_with(**real_user()), limit=1200, remaining=1199))
    assert snap_compare(app, terminal_size=size, run_before=quiet())


@SIZES
def test_token_expiring(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, answers={VERIFY: verify("expiring")})
    assert snap_compare(app, terminal_size=size, run_before=quiet())


@SIZES
def test_account_token(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "profiles")
    store.save("ci", make_token(LEGACY_TOKEN), make_default=True)
    refused = AuthError(
        "The API token was refused (code 9109).", status=403, codes=(9109,), hint="…"
    )
    answers = {
        VERIFY: ApiError("Invalid API Token (code 1000).", status=401, codes=(1000,)),
        "/accounts": answered(parse_accounts([ACCOUNT_TOKEN_ACCOUNT])),
        f"/accounts/{ACCOUNT_ID}/tokens/verify": verify("active"),
        # what Cloudflare answers an account token on /memberships
        MEMBERSHIPS: AuthError(
            "Missing X-Auth-Key, X-Auth-Email or Authorization headers (code 9106).",
            status=400,
            codes=(9106,),
        ),
    }
    app, factory, _ = make_app(tmp_path, refused, store=store, answers=answers)
    assert snap_compare(app, terminal_size=size, run_before=quiet())
    lookups = [path for path in factory.paths if path != MEMBERSHIPS]
    assert lookups[-2:] == ["/accounts", f"/accounts/{ACCOUNT_ID}/tokens/verify"]
