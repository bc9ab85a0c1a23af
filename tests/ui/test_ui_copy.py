"""``c`` says where the id went: sent to the terminal, or dropped by tmux or GNU screen.

The environment and tmux's answer are injected, so these tests behave the same whether
pytest runs inside tmux, screen or neither; one test asks a real tmux server of its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from cftui.ui.app import CftuiApp
from cftui.ui.clipboard import TMUX_FIX, ask_tmux, clipboard_route
from cftui.ui.screens.account import AccountScreen
from cftui.ui.screens.copy_id import CopyIdScreen
from cftui.ui.screens.main import MainScreen
from cftui.ui.widgets.overview_panel import OverviewPanel
from tests.support.ui_fakes import FakeClock, record_notes, screen_text, settle
from tests.support.ui_screen_fakes import HostApp
from tests.support.waiting import DEADLINE, poll, until
from tests.ui.test_tmux import CFTUI, Tmux

ORG_ID = "5b8e1f3a7c2d4e9f0a6b8c1d3e5f7a92"  # the first row of the demo's accounts
ORG_NAME = "Blue Harbor Media"
USER_ID = "7c5dae5552338874e5053f2534d2767a"
IN_TMUX = {"TERM": "tmux-256color", "TMUX": "/tmp/tmux-1000/default,4242,0"}
SIZE = (100, 30)


class TmuxAnswers:
    """Stands in for ``tmux show-options -gv set-clipboard``; records who asked."""

    def __init__(self, answer: str | None) -> None:
        self.answer = answer
        self.asked: list[Mapping[str, str]] = []

    def __call__(self, env: Mapping[str, str]) -> str | None:
        self.asked.append(env)
        return self.answer


def dialog_text(app: CftuiApp) -> str:
    """The copy dialog's words, unwrapped."""
    assert isinstance(app.screen, CopyIdScreen)
    return " ".join(" ".join(str(w.render()).split()) for w in app.screen.query(Static))


def demo(env: dict[str, str], tmux: TmuxAnswers | None = None) -> CftuiApp:
    tmux = tmux or TmuxAnswers(None)
    return CftuiApp(None, demo=True, env=env, clock=FakeClock(), tmux_query=tmux)


# -- the decision ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "answer", "reaches", "says"),
    [
        ({"TERM": "xterm-256color"}, None, "sent", ""),
        ({}, None, "sent", ""),
        (IN_TMUX, "on", "sent", ""),
        (IN_TMUX, "external", "dropped", "set-clipboard is external"),
        (IN_TMUX, "off", "dropped", "set-clipboard is off"),
        (IN_TMUX, None, "unsure", "tmux did not say"),
        ({"TERM": "screen.xterm-256color", "STY": "1234.pts-0.box"}, None, "dropped", "screen"),
        ({"TERM": "screen-256color"}, None, "unsure", "TERM is screen-256color"),
        ({"TERM": "tmux-256color"}, None, "unsure", "TERM is tmux-256color"),
        ({"TERM": "screen\x1b]52;c;x\x07"}, None, "unsure", "TERM is screen]52;c;x"),
    ],
)
def test_where_a_copy_goes(
    env: dict[str, str], answer: str | None, reaches: str, says: str
) -> None:
    tmux = TmuxAnswers(answer)
    route = clipboard_route(env, tmux)
    assert route.reaches == reaches
    assert says in route.why
    assert tmux.asked == ([env] if "TMUX" in env else [])  # tmux is asked only inside tmux
    if route.reaches != "sent" and "TMUX" in env:
        assert route.fix == TMUX_FIX and "copy mode" in route.by_hand


@pytest.fixture
def tmux_server(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A private tmux server; yields the environment of a pane inside it."""
    assert shutil.which("tmux"), "tmux is needed: apt-get install tmux"
    socket = tmp_path / f"tmux-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
    run = ["tmux", "-S", str(socket), "-f", "/dev/null"]
    start = [*run, "new-session", "-d", "-x", "80", "-y", "24", "sleep 600"]
    subprocess.run(start, env=env, check=True, stdin=subprocess.DEVNULL, timeout=DEADLINE)
    try:
        yield {**env, "TMUX": f"{socket},0,0"}
    finally:
        subprocess.run([*run, "kill-server"], env=env, stdin=subprocess.DEVNULL, timeout=DEADLINE)


def test_asking_a_real_tmux(tmux_server: dict[str, str]) -> None:
    """tmux's default is ``external``: programs' clipboard requests are dropped until ``on``."""
    assert ask_tmux(tmux_server) == "external"
    assert clipboard_route(tmux_server).reaches == "dropped"
    socket = tmux_server["TMUX"].split(",")[0]
    subprocess.run(
        ["tmux", "-S", socket, "set-option", "-g", "set-clipboard", "on"],
        env=tmux_server,
        check=True,
        stdin=subprocess.DEVNULL,
        timeout=DEADLINE,
    )
    assert ask_tmux(tmux_server) == "on"
    assert clipboard_route(tmux_server).reaches == "sent"


def test_asking_a_tmux_that_is_not_there(tmp_path: Path) -> None:
    gone = {"PATH": os.environ.get("PATH", ""), "TMUX": f"{tmp_path / 'none'},1,0"}
    assert ask_tmux(gone) is None
    assert ask_tmux({"PATH": str(tmp_path), "TMUX": gone["TMUX"]}) is None  # no tmux binary
    assert clipboard_route(gone).reaches == "unsure"


# -- what the app says ---------------------------------------------------------------------


async def test_outside_a_multiplexer_the_id_is_sent_and_named() -> None:
    tmux = TmuxAnswers("off")
    app = demo({"TERM": "xterm-256color"}, tmux)
    notes = record_notes(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await until(pilot, lambda: notes, "the copy to be reported")
        assert app.clipboard == ORG_ID
        assert notes == [
            f"Copy: Account id {ORG_ID} ({ORG_NAME}) sent to the terminal's clipboard."
        ]
        # In the notification on screen, to select by hand.
        await until(pilot, lambda: ORG_ID in screen_text(app), "the id on screen")
        assert isinstance(app.screen, MainScreen)
    assert tmux.asked == []  # no tmux, no question


async def test_tmux_with_set_clipboard_on_sends_it() -> None:
    tmux = TmuxAnswers("on")
    app = demo(IN_TMUX, tmux)
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await until(pilot, lambda: notes, "the copy to be reported")
        assert notes[-1].endswith("sent to the terminal's clipboard.")
        assert isinstance(app.screen, MainScreen)
    assert [env["TMUX"] for env in tmux.asked] == [IN_TMUX["TMUX"]]


async def test_tmux_that_drops_it_says_so_with_the_fix_and_shows_the_id() -> None:
    app = demo(IN_TMUX, TmuxAnswers("external"))
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CopyIdScreen), "the copy dialog")
        await settle(pilot)
        text, words = screen_text(app), dialog_text(app)
        assert app.clipboard == ORG_ID  # sent all the same: the check could be wrong
        assert ORG_ID in text and ORG_NAME in text
        assert "did not reach the clipboard" in text
        assert "set-clipboard is external" in words
        assert "add `set -g set-clipboard on` to ~/.tmux.conf" in words.lower()
        assert "copy mode" in words
        assert "sent to the terminal" not in text and notes == []  # no claim of success
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "the dialog to close")


async def test_gnu_screen_drops_it_too_from_the_drill_down() -> None:
    app = demo({"TERM": "screen.xterm-256color", "STY": "4242.pts-1.host"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AccountScreen), "the drill-down")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CopyIdScreen), "the copy dialog")
        await settle(pilot)
        assert "GNU screen drops clipboard requests" in dialog_text(app)
        assert ORG_ID in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AccountScreen), "closed again")


async def test_an_unanswered_tmux_sends_it_with_a_warning() -> None:
    app = demo(IN_TMUX, TmuxAnswers(None))
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.screen.query_one(OverviewPanel).focus()  # the card: the user's own id
        await pilot.press("c")
        await until(pilot, lambda: notes, "the copy to be reported")
        assert app.clipboard == USER_ID
        assert notes[-1].startswith(f"Copy: User id {USER_ID} (Avery Okafor) sent")
        assert "It may not arrive" in notes[-1] and TMUX_FIX in notes[-1]
        assert isinstance(app.screen, MainScreen)


def test_c_in_a_real_tmux(tmp_path: Path) -> None:
    """The installed app in tmux: with tmux's default the dialog says the request is dropped
    (and tmux has no buffer); with ``set-clipboard on`` tmux takes the id, and the app says
    it was sent."""
    assert CFTUI.exists(), f"{CFTUI} is missing: run `pip install -e .`"
    tmux = Tmux()
    env = {
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
        "CFTUI_CONFIG_DIR": str(tmp_path / "config"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    try:
        tmux.start(f"{CFTUI} --demo", env)
        tmux.wait_for_all(ORG_NAME, "Copy id")
        assert tmux.run("show-options", "-gv", "set-clipboard").strip() == "external"
        tmux.keys("c")
        tmux.wait_for_all("did not reach the clipboard", ORG_ID, "~/.tmux.conf")
        assert tmux.run("list-buffers") == ""
        tmux.keys("Escape")
        tmux.wait_for(lambda s: "did not reach" not in s, "the dialog to close")
        tmux.run("set-option", "-g", "set-clipboard", "on")
        tmux.keys("c")
        tmux.wait_for_all("sent to the", "terminal's clipboard.", ORG_ID)
        assert poll(lambda: ORG_ID in tmux.run("list-buffers"), "tmux to take the id")
        tmux.keys("q")
        tmux.wait_for(lambda s: tmux.pane("pane_dead") == "1", "cftui to exit")
    finally:
        tmux.kill()


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
def test_copy_dialog_snapshot(snap_compare: Any, size: tuple[int, int]) -> None:
    route = clipboard_route(IN_TMUX, TmuxAnswers("external"))
    app = HostApp(lambda: CopyIdScreen(route, "account", ORG_ID, ORG_NAME))
    assert snap_compare(app, terminal_size=size)
