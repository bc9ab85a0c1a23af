"""Snapshots of the Tokens screen and one token up close, at 80x24 and 120x40.

The tokens are ``fake_token_bodies.every_flag`` on the fixed day (``token_screen_fakes``):
every flag between them, the token in use marked. The last one is after a roll whose new
value was stored in the profile: the secret is never drawn (asserted on the SVG too).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.support.token_screen_fakes import ROLLED, token_answers
from tests.support.ui_fakes import TOKEN, make_app, settle
from tests.ui.test_ui_snapshots import SIZES, ready
from tests.ui.test_ui_token_snapshots import quiet

Snap = Callable[..., bool]


def then(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """``quiet()`` (the fetch done, no toasts), then ``keys``, settling after each."""
    first = quiet()
    pressed = ready(*keys)

    async def run_before(pilot: Pilot[Any]) -> None:
        await first(pilot)
        await pressed(pilot)
        pilot.app.clear_notifications()
        await settle(pilot)

    return run_before


@SIZES
def test_tokens_screen(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, answers=token_answers())
    assert snap_compare(app, terminal_size=size, run_before=then("t"))


@SIZES
def test_token_drill_down(snap_compare: Snap, size: tuple[int, int], tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, answers=token_answers())
    assert snap_compare(app, terminal_size=size, run_before=then("t", "down", "enter"))


@SIZES
def test_tokens_screen_without_api_tokens_read(
    snap_compare: Snap, size: tuple[int, int], tmp_path: Path
) -> None:
    app, _, _ = make_app(tmp_path, answers=token_answers(listing=False, own=False))
    assert snap_compare(app, terminal_size=size, run_before=then("t"))


def test_no_snapshot_of_these_screens_holds_a_secret() -> None:
    """Neither a profile's secret nor a rolled one is ever drawn on these screens."""
    folder = Path(__file__).parent / "__snapshots__" / Path(__file__).stem
    svgs = sorted(folder.glob("*.svg"))
    assert len(svgs) == 6
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        assert ROLLED not in text and TOKEN[:-2] not in text, svg.name
