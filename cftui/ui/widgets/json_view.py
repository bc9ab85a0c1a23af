"""Pretty-printed JSON with syntax colours, rendered a line at a time.

The body for an account with thousands of organizations is tens of thousands of lines, too
many to highlight up front in a ``Static``. ``json.dumps(indent=2)`` puts every token on a
single line, so each visible line can be highlighted on its own with a small tokenizer
(theme-aware component styles, no Pygments stubs needed) as it scrolls into view.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cftui.ui.keys import scroll_bindings

_TOKEN = re.compile(
    r'(?P<string>"(?:[^"\\]|\\.)*")(?P<colon>\s*:)?'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<constant>true|false|null)"
    r"|(?P<punct>[{}\[\],])"
)

KINDS = ("key", "string", "number", "constant", "punct")


def format_json(data: Any) -> str:
    """The body as the raw view shows it: indented, keys in API order, Unicode kept."""
    return json.dumps(data, indent=2, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class JsonLines:
    """Formatted JSON split for ``JsonView``: made in a thread, since for a body of tens of
    megabytes formatting and measuring take seconds the event loop must not wait for."""

    text: str
    lines: list[str]
    width: int

    @classmethod
    def of(cls, text: str) -> JsonLines:
        lines = text.splitlines() or [""]
        return cls(text, lines, max(cell_len(line) for line in lines))


def tokens(line: str) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` spans of one line of ``format_json`` output."""
    spans = []
    for match in _TOKEN.finditer(line):
        if match.group("string") is not None:
            kind = "key" if match.group("colon") else "string"
            spans.append((match.start("string"), match.end("string"), kind))
        else:
            kind = match.lastgroup or "punct"
            spans.append((match.start(), match.end(), kind))
    return spans


class JsonView(ScrollView, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {f"json--{kind}" for kind in KINDS}

    DEFAULT_CSS = """
    JsonView {
        height: 1fr;
        background: $surface;
        & > .json--key { color: $text-accent; text-style: bold; }
        & > .json--string { color: $text-success; }
        & > .json--number { color: $text-warning; }
        & > .json--constant { color: $text-primary; text-style: italic; }
        & > .json--punct { color: $text-muted; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = scroll_bindings("json")

    def __init__(self, json: JsonLines, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines = json.lines
        self.virtual_size = Size(json.width, len(self.lines))
        self._highlighted: LRUCache[int, Strip] = LRUCache(512)

    def _styles(self) -> dict[str, Style]:
        return {k: self.get_component_rich_style(f"json--{k}", partial=True) for k in KINDS}

    def _highlight_line(self, index: int) -> Strip:
        line = self.lines[index]
        text = Text(line, no_wrap=True, end="")
        styles = self._styles()
        for start, end, kind in tokens(line):
            text.stylize(styles[kind], start, end)
        return Strip(list(text.render(self.app.console)), text.cell_len)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._highlighted.clear()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self.lines):
            return Strip.blank(width, base)
        strip = self._highlighted.get(index)
        if strip is None:
            strip = self._highlight_line(index)
            self._highlighted.set(index, strip)
        return strip.crop_extend(scroll_x, scroll_x + width, base).apply_style(base)
