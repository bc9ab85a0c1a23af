"""A read-only panel that scrolls: ``tab`` reaches it, the arrows and ``j``/``k``/``g``/``G``
scroll it.

The account's permission grid and its policies are plain text in these (tens of lines for a
real account; the API decides how many, so each caller bounds what it shows).
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from cftui.ui.keys import scroll_bindings


class ScrollingList(VerticalScroll, can_focus=True):
    """A read-only list that scrolls with the arrows, ``home``/``end``, ``j``/``k``/``g``/``G``."""

    DEFAULT_CSS = """
    ScrollingList {
        height: auto;
        max-height: 100%;
        border: round $foreground 25%;
        border-title-color: $text-accent;
        border-title-style: bold;
        padding: 0 1;
        &:focus { border: round $border; }
        & > .empty { color: $text-muted; text-style: italic; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = scroll_bindings("list")

    def show(self, content: RenderableType | None, empty: str) -> None:
        body = self.query_one(Static)
        body.set_class(content is None, "empty")
        body.update(Text(empty) if content is None else content)
