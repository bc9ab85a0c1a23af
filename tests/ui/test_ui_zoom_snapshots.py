"""The accounts list given the whole screen (``z``) for a user with 120 accounts, at 60x20,
80x24 and 120x40: the header, the list from edge to edge with every column (the Access column
said short where it is narrow), the status line and the footer with its ``z Zoom`` key.
``test_ui_list_keys.py`` asserts what they are there to show."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.ui_fakes import make_app, orgs_body, response
from tests.ui.test_ui_snapshots import ready

SIZES = pytest.mark.parametrize(
    "size", [(60, 20), (80, 24), (120, 40)], ids=["60x20", "80x24", "120x40"]
)
Snap = Callable[..., bool]
ACCOUNTS = 120


@SIZES
def test_zoomed_list(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    app, _, _ = make_app(tmp_path, response(orgs_body(ACCOUNTS)))
    assert snap_compare(app, terminal_size=size, run_before=ready("z"))


@SIZES
def test_zoomed_list_at_its_end_on_an_invitation(
    snap_compare: Snap, tmp_path: Path, size: tuple[int, int]
) -> None:
    """The last page (``G``), the cursor on Org 00117, an invitation: the footer offers to
    answer it."""
    app, _, _ = make_app(tmp_path, response(orgs_body(ACCOUNTS)))
    keys = ("z", "G", "k", "k")
    assert snap_compare(app, terminal_size=size, run_before=ready(*keys))
