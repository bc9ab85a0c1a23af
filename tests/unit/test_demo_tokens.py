"""The demo's tokens through the real clients (``httpx.MockTransport`` over ``DemoApi``):
every flag shown by one of them on any day, the token in use marked, and a roll refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cftui.core import clock
from cftui.core.demo.clients import demo_client, demo_sync_client
from cftui.core.errors import ApiError
from cftui.core.tokens.hygiene import FLAGS
from cftui.core.tokens.inventory import fetch_inventory, fetch_inventory_sync
from cftui.core.tokens.roll import roll
from tests.support.fixed_clock import FIXED_NOW


@pytest.mark.parametrize("today", [FIXED_NOW, datetime(2031, 2, 28, 23, 59, tzinfo=UTC)])
def test_every_flag_is_in_the_demo_on_any_day(
    today: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "utc_now", lambda: today)
    with demo_sync_client() as client:
        inventory = fetch_inventory_sync(client)
    rows = inventory.rows(today)
    assert {flag for r in rows for flag in r.hygiene.flags} == set(FLAGS)
    assert [r.token.name for r in rows if r.current] == ["cftui on my laptop"]
    assert inventory.listing.complete


async def test_the_async_inventory_is_the_same_and_a_roll_is_refused() -> None:
    client = demo_client()
    try:
        inventory = await fetch_inventory(client)
        assert inventory.current_id == "ed17574386854bf78a67040be0a770b0"
        assert len(inventory.listing.items) == 5
        assert inventory.current_id is not None
        with pytest.raises(ApiError, match=r"The demo cannot roll tokens.*Nothing was rolled"):
            await roll(client, inventory.current_id, "the demo's token")
    finally:
        await client.aclose()
