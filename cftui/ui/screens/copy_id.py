"""Copying an id (``c``): sent with OSC 52, and said honestly.

The terminal never answers a clipboard request, so the app says "sent", never "copied".
When tmux or GNU screen is known to drop the request, a small dialog says so, with the fix,
and holds the id on screen until closed, so it can be selected by hand; otherwise a
notification names the id (with a caution when a multiplexer may be in the way).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from cftui.ui.clipboard import ClipboardRoute, TmuxQuery, clipboard_route

NOTE_SECONDS = 10.0
"""Long enough to read the id, or to select it by hand."""


def copy_id(
    app: App[Any], env: Mapping[str, str], tmux_query: TmuxQuery, what: str, value: str, name: str
) -> None:
    """Send ``value`` to the clipboard and say what is known about where it went.

    Only inside tmux is anything asked (a short subprocess); that runs in a worker, the
    rest is decided at once from the environment.
    """
    app.copy_to_clipboard(value)
    if not env.get("TMUX"):
        _tell(app, clipboard_route(env), what, value, name)
        return

    async def ask_and_tell() -> None:
        route = await asyncio.to_thread(clipboard_route, env, tmux_query)
        _tell(app, route, what, value, name)

    app.run_worker(ask_and_tell(), group="copy-id", exclusive=True, exit_on_error=False)


def _tell(app: App[Any], route: ClipboardRoute, what: str, value: str, name: str) -> None:
    if route.reaches == "dropped":
        app.push_screen(CopyIdScreen(route, what, value, name))
        return
    note = f"{what.capitalize()} id {value} ({name}) sent to the terminal's clipboard."
    if route.reaches == "sent":
        app.notify(note, title="Copy", timeout=NOTE_SECONDS, markup=False)
    else:
        note += f" It may not arrive: {route.why} {route.fix}"
        app.notify(note, title="Copy", severity="warning", timeout=2 * NOTE_SECONDS, markup=False)


class CopyIdScreen(ModalScreen[None]):
    """The id that could not reach the clipboard, why, and how to fix that."""

    DEFAULT_CSS = """
    CopyIdScreen { align: center middle; }
    CopyIdScreen > #copy-dialog {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: round $warning; border-title-align: left; border-title-style: bold;
        background: $surface; padding: 0 1;
    }
    CopyIdScreen #copy-value {
        width: 100%; padding: 0 1; margin: 1 0 0 0;
        background: $boost; text-style: bold;
    }
    CopyIdScreen #copy-name { color: $text-muted; padding: 0 1; margin-bottom: 1; }
    CopyIdScreen #copy-why { color: $text-warning; }
    CopyIdScreen #copy-hand { margin-top: 1; }
    CopyIdScreen #copy-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", tooltip="close", id="copy.close"),
    ]

    def __init__(self, route: ClipboardRoute, what: str, value: str, name: str) -> None:
        super().__init__()
        self.route = route
        self.what = what
        self.value = value
        self.label = name

    def compose(self) -> ComposeResult:
        with Vertical(id="copy-dialog") as dialog:
            dialog.border_title = f"The {self.what} id did not reach the clipboard"
            yield Static(Text(self.value), id="copy-value")
            yield Static(Text(self.label), id="copy-name")
            yield Static(Text(self.route.why), id="copy-why")
            yield Static(Text(self.route.fix), id="copy-fix")
            yield Static(Text(self.route.by_hand), id="copy-hand")
            with Horizontal(id="copy-buttons"):
                yield Button("Close", id="copy-close", compact=True)

    def action_close(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#copy-close")
    def _close_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss()
