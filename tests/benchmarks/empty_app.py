"""The smallest Textual app that paints something, in cftui's frame (a header, a line, the
key bar): the floor for cftui's first paint."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Footer, Header, Static


class EmptyApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("ready")
        yield Footer()


if __name__ == "__main__":
    EmptyApp().run()
