"""Sizes the API chooses never decide how long the UI is busy: what is shown is capped and
the rest summarised, and ``q`` still quits.

Each test checks the state that used to make the UI freeze (one notification per message,
one table row per permission) rather than a duration.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static
from textual.widgets._toast import Toast

from cftui.core.api.envelope import UserResponse, parse_envelope
from cftui.core.errors import ExitCode
from cftui.ui.screens.account import AccountScreen
from cftui.ui.screens.main import MainScreen
from cftui.ui.screens.raw_json import RawJsonScreen
from cftui.ui.state import MAX_NOTES
from cftui.ui.types import ExitState
from cftui.ui.widgets.account_detail import (
    MAX_RESOURCES,
    MAX_ROLES_SHOWN,
    AccountSummary,
    GridPanel,
)
from tests.support.ui_fakes import body_with, make_app, record_notes, screen_text, settle
from tests.support.waiting import DEADLINE, until

SIZE = (80, 24)


def response_of(body: dict[str, Any]) -> UserResponse:
    """Like ``ui_fakes.response``, but keeping the envelope's ``messages``."""
    envelope = parse_envelope(body)
    assert envelope.result is not None
    return UserResponse(envelope.result, messages=envelope.messages, raw=body)


def huge_org(permissions: int, roles: int) -> dict[str, Any]:
    return {
        "id": "f" * 32,
        "name": "Sprawling Holdings",
        "status": "member",
        "roles": [f"Role {n:05d}" for n in range(roles)],
        "permissions": [f"#resource{n:06d}:read" for n in range(permissions)],
    }


async def test_1500_messages_make_a_few_notes_and_q_still_quits(tmp_path: Path) -> None:
    body = body_with()
    notice = "x" * 5000
    body["messages"] = [{"code": 1000 + n, "message": f"Notice {n} {notice}"} for n in range(1500)]
    app, _, _ = make_app(tmp_path, response_of(body))
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        said = [n for n in notes if n.startswith("Cloudflare says")]
        assert len(said) == MAX_NOTES + 1
        assert said[0].startswith("Cloudflare says: Notice 0 xxx") and len(said[0]) < 400
        assert said[-1] == "Cloudflare says: … and 1,497 more messages (v shows them all)."
        assert len(app.screen.query(Toast)) <= MAX_NOTES + 1
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == ExitState(ExitCode.OK)


async def test_100000_permissions_open_capped_with_a_summary(tmp_path: Path) -> None:
    body = body_with(organizations=[huge_org(100_000, 5_000)])
    app, _, _ = make_app(tmp_path, response_of(body))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        grid_panel = app.screen.query_one(GridPanel)
        assert grid_panel.border_subtitle == "100,000 resources"
        shown = grid_panel.query_one("#grid-body", Static).content
        assert isinstance(shown, Group)
        grid, summary = shown.renderables[:2]
        assert isinstance(grid, Table) and grid.row_count == MAX_RESOURCES
        assert isinstance(summary, Text) and summary.plain == "… and 99,800 more resources"
        roles = dict(app.screen.query_one(AccountSummary).facts() or [])["Roles"].plain
        assert roles.count("Role ") == MAX_ROLES_SHOWN and "… and 4,990 more" in roles
        assert "Role 00000" in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert "Resource000199" in text and "Resource000200" not in text
        assert "and 99,800 more resources" in text
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == ExitState(ExitCode.OK)


async def test_counts_in_the_table_are_never_cut(tmp_path: Path) -> None:
    body = body_with(organizations=[huge_org(100_000, 12_345)])
    app, _, _ = make_app(tmp_path, response_of(body))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = next(line for line in screen_text(app).splitlines() if "Sprawling" in line)
        assert "Role 00000 +12,344" in row and "read-only (100,000)" in row
        assert "…" not in row.split("member")[1]


class GatedResponse(UserResponse):
    """A response whose body takes until ``gate`` opens to prepare, like one of 30 MB."""

    __slots__ = ()
    gate = threading.Event()

    @property
    def raw(self) -> dict[str, Any]:
        assert self.gate.wait(DEADLINE), "the test never opened the gate"
        return super().raw


async def test_the_raw_view_of_a_huge_body_never_holds_the_keys(tmp_path: Path) -> None:
    body = body_with()
    gated = GatedResponse(parse_envelope(body).result, raw=body)  # type: ignore[arg-type]
    GatedResponse.gate.clear()
    app, _, _ = make_app(tmp_path, gated)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("v")
            await until(
                pilot,
                lambda: "Formatting the response…" in screen_text(app),
                "the raw view to say it is formatting",
            )
            assert isinstance(app.screen, RawJsonScreen)
            await pilot.press("escape")  # while the body is still being prepared
            await until(pilot, lambda: isinstance(app.screen, MainScreen), "escape to close it")
            GatedResponse.gate.set()
            await pilot.press("v")
            await settle(pilot)
            assert isinstance(app.screen, RawJsonScreen)
            assert app.screen.text is not None and '"first_name": "Avery"' in app.screen.text
            await pilot.press("q")
            await pilot.pause()
    finally:
        GatedResponse.gate.set()
    assert app.return_value == ExitState(ExitCode.OK)
