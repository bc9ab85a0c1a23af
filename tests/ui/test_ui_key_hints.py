"""Every hint that names a key reads it from the bindings: remap a binding (Textual's keymap,
by the binding's id) and the state panel, the status bar, the accounts section and the
invitation banner name the new key, which then does the job."""

from __future__ import annotations

from pathlib import Path

from cftui.core.errors import NetworkError, RateLimitedError
from cftui.ui.keys import key_for, spoken_key
from cftui.ui.screens.help import HelpScreen
from cftui.ui.widgets.state_panel import StatePanel
from cftui.ui.widgets.status_bar import StatusBar
from tests.support.fake.accounts import server_error
from tests.support.fake.transport import WorldApi
from tests.support.fake.worlds import WORLDS, World
from tests.support.fault_harness import flat
from tests.support.ui_fakes import make_app, response, screen_text, settle
from tests.support.waiting import until
from tests.ui.test_ui_accounts import app_on
from tests.ui.test_ui_invitations import LAMBDA, banner, open_account

SIZE = (80, 24)


async def test_the_declared_keys_are_the_ones_named(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, response())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert key_for(app, "app.refresh") == "r"
        assert key_for(app, "app.help") == "?"  # the binding's own key_display
        app.set_keymap({"app.refresh": "f5,ctrl+r", "app.help": "question_mark"})
        assert key_for(app, "app.refresh") == "f5"  # the first of the new keys
        assert key_for(app, "app.help") == "?"


def test_a_key_is_named_by_its_symbol_or_else_by_its_name() -> None:
    assert [spoken_key(k) for k in ("r", "question_mark", "enter", "escape", "ctrl+r")] == [
        "r",
        "?",
        "⏎",
        "escape",
        "ctrl+r",
    ]


async def test_a_dialogs_own_keys_are_named_as_bound(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, response())
    app.set_keymap({"help.close": "f1", "help.quit": "ctrl+q"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        dialog = app.screen.query_one("#help-dialog")
        assert dialog.border_subtitle == "f1 close · ctrl+q quit"
        await pilot.press("f1")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


async def test_a_remapped_retry_key_is_the_one_the_state_panel_names(tmp_path: Path) -> None:
    limited = RateLimitedError("Cloudflare is rate limiting requests.", retry_after=5)
    app, factory, clock = make_app(tmp_path, limited, response())
    app.set_keymap({"app.refresh": "f5"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(StatePanel)
        assert panel.problem is not None and panel.problem.kind == "rate_limited"
        labels = [str(b.label) for b in panel.query("#state-buttons Button")]
        assert labels == ["retry (f5)"]
        clock.advance(5)
        await until(pilot, lambda: "You can retry now: press f5." in screen_text(app), "a tick")
        await pilot.press("f5")
        await settle(pilot)
        assert len(factory.calls) == 2


async def test_a_remapped_retry_key_is_named_beside_earlier_data(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, response(), NetworkError("Could not connect."))
    app.set_keymap({"app.refresh": "f5"})
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        line = app.screen.query_one(StatusBar).describe().plain
        assert line.startswith("⚠ Network error · f5 retry · showing earlier data")


async def test_a_remapped_retry_key_is_named_in_the_accounts_section(tmp_path: Path) -> None:
    api = WorldApi(WORLDS["members_3_pages"]())
    api.world = World(api.world.items, page_failure={2: server_error().canned()})
    app = app_on(api, tmp_path)
    app.set_keymap({"app.refresh": "f5"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = flat(screen_text(app))
        assert "Press f5 to retry." in text and "Press r to retry." not in text


async def test_the_invitation_banner_names_the_answer_keys_as_bound(tmp_path: Path) -> None:
    app = app_on(WorldApi(WORLDS["invites"]()), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_account(pilot, LAMBDA)
        assert banner(app).endswith("a accept · d decline")
        app.set_keymap({"account.accept": "y", "account.decline": "n"})
        app.accounts = app.accounts  # the banner is drawn again from the same view
        await settle(pilot)
        assert banner(app).endswith("y accept · n decline")
