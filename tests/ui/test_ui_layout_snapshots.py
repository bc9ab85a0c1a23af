"""Snapshots of the main screen and an account on the demo data at the sizes beyond 80x24 and
120x40: 60x20 (the card over the full width, the rest one scroll away; the account's panels
stacked) and 200x50 (columns as wide as their content), and 80x24 after a filter (every key
of the footer whole). ``test_ui_layout.py`` asserts what each of them is there to show."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.support.ui_fakes import demo_app
from tests.ui.test_ui_snapshots import ready

SIZES = pytest.mark.parametrize("size", [(60, 20), (200, 50)], ids=["60x20", "200x50"])
Snap = Callable[..., bool]


@SIZES
def test_main(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app(), terminal_size=size, run_before=ready())


@SIZES
def test_account(snap_compare: Snap, size: tuple[int, int]) -> None:
    """The second account: an invitation, so the banner and its keys show too."""
    assert snap_compare(demo_app(), terminal_size=size, run_before=ready("down", "enter"))


def test_account_scrolled_to_the_policies_at_60x20(snap_compare: Snap) -> None:
    keys = ("down", "enter", *["j"] * 20)
    assert snap_compare(demo_app(), terminal_size=(60, 20), run_before=ready(*keys))


def test_main_scrolled_to_security_at_60x20(snap_compare: Snap) -> None:
    keys = ("tab", *["down"] * 10)
    assert snap_compare(demo_app(), terminal_size=(60, 20), run_before=ready(*keys))


def test_filter_applied_at_80x24(snap_compare: Snap) -> None:
    keys = ("slash", *"admin", "enter")
    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=ready(*keys))
