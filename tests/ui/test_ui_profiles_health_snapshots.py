"""Snapshots of the profiles screen with every profile's verdict landed, at 80x24 and 120x40:
ok with days left, expiring, an account token, a token lacking Memberships Read, a Global API
key (no expiry to count), a revoked token and a profile whose secret is missing.

Plain ``def`` tests: ``snap_compare`` runs its own event loop. The last test reads the stored
SVGs back and checks that no fake secret made it into any of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from cftui.ui.fleet_health import saved_fleet
from cftui.ui.screens.profiles import ProfilesScreen
from tests.support.fixed_clock import fixed_now
from tests.support.fleet_factory import SECRETS, FleetFactory, fleet_store
from tests.support.ui_screen_fakes import HostApp
from tests.support.waiting import until

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
SNAPSHOTS = Path(__file__).parent / "__snapshots__" / Path(__file__).stem
NAMES = ("good", "expiring", "studio", "reports", "legacy", "revoked")


def fleet_app(path: Path) -> HostApp:
    store = fleet_store(path, *NAMES, "slow", missing=("slow",))
    factory = FleetFactory()
    health = saved_fleet(store, factory, fixed_now)
    return HostApp(lambda: ProfilesScreen(store, "good", factory, health=health))


async def landed(pilot: Pilot[Any]) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, ProfilesScreen)
    await until(pilot, lambda: len(screen.verdicts) == len(NAMES) + 1, "every verdict")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@SIZES
def test_profiles_with_verdicts(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(fleet_app(tmp_path), terminal_size=size, run_before=landed)


def test_no_secret_in_any_snapshot() -> None:
    svgs = sorted(SNAPSHOTS.glob("*.svg"))
    assert len(svgs) == 2
    for svg in svgs:
        text = svg.read_text()
        for secret in SECRETS:
            assert secret not in text, svg.name
            assert not secret.startswith("cf") or secret[5:15] not in text, svg.name
