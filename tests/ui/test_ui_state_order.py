"""The main screen draws the newest state, whatever order Textual runs its watchers in.

Textual runs an async watcher's first call (made when the screen starts watching) on the
*app's* message queue, and later calls on the screen's. A screen mounted while the app is
loading, whose fetch then lands before the app gets back to its queue, used to draw the
stale "Loading" over the data for good: on a loaded machine, about one TUI test in twenty.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import ContentSwitcher

from cftui.ui.screens.main import MainScreen
from cftui.ui.state import FetchState
from tests.support.ui_fakes import make_app, response, screen_text, settle
from tests.support.waiting import until


async def test_a_screen_mounted_while_loading_shows_the_data_that_landed(
    tmp_path: Path,
) -> None:
    app, _, clock = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        landed = FetchState(response=response(), fetched_at=clock())
        screens: list[MainScreen] = []

        async def mount_then_land() -> None:
            # On the app's queue: everything it queues for itself runs after this returns.
            app.state = FetchState(loading=True)  # as after switching profile
            screen = MainScreen(clock)
            await app.push_screen(screen)
            app.state = landed
            screens.append(screen)

        app.call_next(mount_then_land)
        await until(pilot, lambda: bool(screens), "the second screen to mount")
        screen = screens[0]
        body = screen.query_one("#body", ContentSwitcher)
        await until(pilot, lambda: "Avery Okafor" in screen_text(app), "the data drawn")
        await settle(pilot)
        assert app.state is landed
        assert body.current == "data", screen_text(app)
        assert "Loading" not in screen_text(app)
