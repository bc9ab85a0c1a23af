"""Start-up: what the first frame holds and what is imported before it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.widgets import ContentSwitcher

import cftui.ui.app
from cftui.ui.app import CftuiApp
from cftui.ui.state import FetchState
from cftui.ui.widgets.account_table import AccountTable
from tests.support.ui_fakes import FakeClock


class RecordingApp(CftuiApp):
    """Remembers every state the app published, in order."""

    CSS_PATH = str(Path(cftui.ui.app.__file__).with_name("app.tcss"))

    def __init__(self) -> None:
        super().__init__(None, demo=True, env={}, clock=FakeClock())
        self.published: list[FetchState] = []

    def watch_state(self, state: FetchState) -> None:
        self.published.append(state)


async def test_demo_data_is_on_the_first_frame() -> None:
    """Demo data is local: no loading state, no worker round trip before it is shown."""
    app = RecordingApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # The reactive's own initial value (nothing yet) is published on mount: skip it.
        published = [s for s in app.published if (s.loading, s.response) != (False, None)]
        assert all(s.problem is None for s in app.published)
        assert published, "no state was published"
        assert published[0].response is not None
        assert not any(state.loading for state in published)
        assert app.screen.query_one("#body", ContentSwitcher).current == "data"
        assert len(app.screen.query_one(AccountTable).shown) > 0
        await pilot.press("r")  # a refresh still goes through the demo source
        await pilot.pause()
        assert app.published[-1].response is not None
        assert any(state.loading for state in app.published)


def test_app_import_leaves_the_network_and_hidden_screens_for_later() -> None:
    code = (
        "import sys; import cftui.ui.app; "
        "print(' '.join(m for m in ('httpx', 'asyncio', 'cftui.core.api.client', "
        "'cftui.ui.screens.profiles', 'cftui.ui.screens.login', 'cftui.ui.screens.help', "
        "'cftui.ui.screens.raw_json') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = out.stdout.split()
    # Textual itself needs asyncio; the rest must wait until first used.
    assert [m for m in loaded if m != "asyncio"] == []


_FIRST_FRAME_PROBE = """
import asyncio, sys
from pathlib import Path

import cftui.ui.app
from cftui.ui.app import CftuiApp

frames = []


class Probe(CftuiApp):
    CSS_PATH = str(Path(cftui.ui.app.__file__).with_name("app.tcss"))

    def _display(self, screen, renderable):
        if renderable is not None:
            frames.append("httpx" in sys.modules)
        super()._display(screen, renderable)


async def main():
    app = Probe(None, demo=True, env={})
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.accounts.rows or app.accounts.loading:
            await pilot.pause()  # one message round: the listing arrives on its own
    print(frames[0], frames[-1])


asyncio.run(main())
"""


def test_the_demo_draws_its_first_frame_before_the_network_stack_loads() -> None:
    """The demo's first frame is filled in process; httpx (which the demo's client needs,
    for the accounts listing and every refresh) is imported only after it."""
    out = subprocess.run(
        [sys.executable, "-c", _FIRST_FRAME_PROBE],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert out.stdout.split() == ["False", "True"], out.stderr
