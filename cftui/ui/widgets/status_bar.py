"""The line above the footer: how fresh the data is, and any trouble with the last refresh.

When a refresh fails the data on screen stays, so the failure has to be said somewhere that
does not hide it: here, until the next success. It re-renders every second from the injected
clock ("updated 12 s ago", "retry in 41 s"), so tests control time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from cftui.ui.keys import key_for
from cftui.ui.state import FetchState, ago

TICK_SECONDS = 1.0


class StatusBar(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "status-bar--problem",
        "status-bar--muted",
        "status-bar--warn",
    }

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        padding: 0 1;
        background: $boost;
        color: $foreground;
        & > .status-bar--problem { color: $text-error; text-style: bold; }
        & > .status-bar--muted { color: $text-muted; }
        & > .status-bar--warn { color: $text-warning; text-style: bold; }
    }
    """

    state: reactive[FetchState] = reactive(FetchState, always_update=True)

    def __init__(self, clock: Callable[[], float], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._clock = clock

    def on_mount(self) -> None:
        self.set_interval(TICK_SECONDS, self.refresh)

    def describe(self) -> Text:
        """The status line as plain text; also what tests read."""
        state = self.state
        now = self._clock()
        muted = self.get_component_rich_style("status-bar--muted", partial=True)
        bad = self.get_component_rich_style("status-bar--problem", partial=True)
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        problem = state.problem
        if problem is not None and state.response is not None:
            # The next step comes before the message, so a narrow terminal cuts the message.
            line.append(f"⚠ {problem.title}", style=bad)
            wait = problem.retry_in(now)
            if wait:
                line.append(f" · retry in {wait} s", style=bad)
            else:
                line.append(f" · {key_for(self, 'app.refresh')} retry", style=muted)
            line.append(" · showing earlier data · ", style=muted)
            line.append(problem.message)
            return line
        if state.loading:
            line.append("refreshing…" if state.response else "loading…", style=muted)
            return line
        if state.response is not None and state.fetched_at is not None:
            token = state.token
            if token is not None and token.warning and token.badge:
                # First, so a narrow terminal cuts the counts, not the warning.
                warn = self.get_component_rich_style("status-bar--warn", partial=True)
                line.append(f"⚠ {token.badge}", style=warn)
                line.append(" · ", style=muted)
            line.append(ago(now - state.fetched_at))
            if state.checking:
                line.append(" · checking the token…", style=muted)
            limit = state.response.ratelimit
            if limit is not None and limit.remaining is not None and limit.limit is not None:
                line.append(f" · API quota {limit.remaining}/{limit.limit}", style=muted)
        return line

    def render(self) -> RenderableType:
        return self.describe()
