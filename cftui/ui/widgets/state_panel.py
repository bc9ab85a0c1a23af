"""The whole-body panel for trouble before any data arrived: what happened and what to do.

A problem with data already on screen goes to the status bar instead (the data stays); this
panel is for the first fetch, first run and credential trouble, where there is nothing else
to show. Each next step is a key and a compact button, so it works with or without a mouse;
the key is read from its binding, as it is now.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from cftui.ui.keys import app_binding, key_for
from cftui.ui.state import Problem


class StatePanel(Vertical):
    DEFAULT_CSS = """
    StatePanel {
        width: 1fr;
        max-width: 76;
        height: auto;
        max-height: 100%;
        border: round $error;
        border-title-color: $text-error;
        border-title-style: bold;
        padding: 0 1;
        &.-welcome { border: round $primary; border-title-color: $text-primary; }
        & > Static { margin-bottom: 1; }
        & > #state-hint { color: $text-muted; }
        & > #state-wait { color: $text-warning; text-style: bold; }
        & > #state-buttons { height: auto; }
        & > #state-buttons > Button { margin-right: 2; }
    }
    """

    def __init__(self, clock: Callable[[], float], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._clock = clock
        self.problem: Problem | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="state-message")
        yield Static(id="state-wait")
        yield Static(id="state-hint")
        yield Horizontal(id="state-buttons")

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)

    async def show(self, problem: Problem) -> None:
        """Show ``problem``; rebuilds the buttons only when the available steps change."""
        old = self.problem
        self.problem = problem
        self.border_title = problem.title
        self.set_class(problem.kind == "first_run", "-welcome")
        self.query_one("#state-message", Static).update(Text(problem.message))
        hint = self.query_one("#state-hint", Static)
        hint.update(Text(problem.hint or ""))
        hint.display = bool(problem.hint)
        self._tick()
        if old is None or old.actions != problem.actions:
            buttons = self.query_one("#state-buttons", Horizontal)
            await buttons.remove_children()
            await buttons.mount_all(
                Button(
                    f"{label} ({key_for(self, binding)})",
                    action=f"app.{app_binding(binding).action}",
                    compact=True,
                    id=f"state-button-{binding.rpartition('.')[2]}",
                    variant="primary" if n == 0 else "default",
                )
                for n, (binding, label) in enumerate(problem.actions)
            )

    def _tick(self) -> None:
        wait_line = self.query_one("#state-wait", Static)
        problem = self.problem
        if problem is None or problem.retry_at is None:
            wait_line.display = False
            return
        wait = problem.retry_in(self._clock())
        wait_line.display = True
        retry = key_for(self, "app.refresh")
        wait_line.update(f"Retry in {wait} s." if wait else f"You can retry now: press {retry}.")
