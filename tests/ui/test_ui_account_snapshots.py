"""Snapshots of the accounts panel and an account, at 80x24 and at 120x40: memberships listed,
pages still loading, the grid and the policies, an invitation's confirmation, and the section
when the token cannot read memberships. The real client answers from the fake API's worlds
in process; the clock is frozen and nothing animates."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.support.fake.transport import WorldApi
from tests.support.fake.worlds import WORLDS
from tests.support.ui_fakes import settle, still
from tests.support.waiting import until
from tests.ui.test_ui_accounts import app_on, panel_title, table

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
Snap = Callable[..., bool]


def ready(*keys: str, account: str | None = None) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for the answers; open ``account`` if given; press ``keys``; no animation."""

    async def run_before(pilot: Pilot[Any]) -> None:
        still(pilot)
        await settle(pilot)
        if account is not None:
            rows = table(pilot.app).rows
            steps = next(n for n, row in enumerate(rows) if row.name == account)
            await pilot.press(*["down"] * steps, "enter")
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
            still(pilot)

    return run_before


@SIZES
def test_accounts_from_memberships(
    snap_compare: Snap, size: tuple[int, int], tmp_path: Path
) -> None:
    app = app_on(WorldApi(WORLDS["invites"]()), tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=ready())


@SIZES
def test_accounts_loading_pages(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    api = WorldApi(WORLDS["members_3_pages"]())
    api.hold(2, 3)
    app = app_on(api, tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        still(pilot)
        await until(pilot, lambda: panel_title(app)[1] == "memberships 50 of 120…", "page 1")
        await until(pilot, lambda: len(api.asked()) == 3, "pages 2 and 3 asked for")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_account_grid_and_policies(
    snap_compare: Snap, size: tuple[int, int], tmp_path: Path
) -> None:
    app = app_on(WorldApi(WORLDS["invites"]()), tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=ready(account="Account 00001"))


@SIZES
def test_invitation_confirmation(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    app = app_on(WorldApi(WORLDS["invites"]()), tmp_path)
    before = ready("a", account="Lambda Collective")
    assert snap_compare(app, terminal_size=size, run_before=before)


@SIZES
def test_invitation_refused(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    app = app_on(WorldApi(WORLDS["invites_put_refused"]()), tmp_path)
    before = ready("a", "y", account="Lambda Collective")
    assert snap_compare(app, terminal_size=size, run_before=before)


@SIZES
def test_accounts_without_memberships_read(
    snap_compare: Snap, size: tuple[int, int], tmp_path: Path
) -> None:
    app = app_on(WorldApi(WORLDS["members_no_permission"]()), tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=ready())
