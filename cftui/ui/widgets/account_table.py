"""The accounts table: a Line-API widget, so 10,000 rows load, grow and filter instantly.

A row is a precomputed ``AccountRow`` (its filter haystack built once, in the core); only the
visible lines are ever rendered, and a rendered line is cached until the data, the width or
the focus changes. Pages of ``/memberships`` arrive while the user reads: once the user has
moved the cursor, the account it is on keeps it (by key) as rows are added above; until then
it stays on the first row. Typing into the filter narrows the previous result instead of
scanning every row again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cftui.core.accounts.rows import AccountRow, filter_rows, narrows
from cftui.ui.list_keys import TABLE_BINDINGS
from cftui.ui.widgets.account_columns import (
    HEADER,
    PAD,
    Natural,
    layout,
    natural_widths,
    row_cells,
    widths,
)

CACHED_ROWS = 512
"""Rendered rows kept: a few screenfuls, whatever the number of accounts."""


class AccountTable(ScrollView, can_focus=True):
    """Mark, account, status, roles, access; ``enter`` opens, ``/`` (on the screen) filters.

    The header is line 0 of the widget and stays put; data rows scroll beneath it.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "account-table--header",
        "account-table--cursor",
        "account-table--empty",
        "account-table--invited",
    }

    DEFAULT_CSS = """
    AccountTable {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        & > .account-table--header { text-style: bold; background: $panel; }
        & > .account-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .account-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .account-table--empty { color: $text-muted; text-style: italic; }
        & > .account-table--invited { color: $text-warning; text-style: bold; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = TABLE_BINDINGS

    cursor: reactive[int] = reactive(0, repaint=False, init=False, always_update=True)

    class Selected(Message):
        """The user asked to open an account (enter, or a click on the current row)."""

        def __init__(self, row: AccountRow) -> None:
            super().__init__()
            self.row = row

    class Moved(Message):
        """The cursor is on another row (the screen's keys for an invitation follow it)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._all: tuple[AccountRow, ...] = ()
        self._shown: Sequence[AccountRow] = ()
        self._query = ""
        self._empty_text = "No accounts"
        self._moved = False  # the user has put the cursor somewhere: keep it on that account
        self._natural = Natural()
        self._cache: LRUCache[tuple[str, int, bool, bool], Strip] = LRUCache(CACHED_ROWS)

    # -- data ------------------------------------------------------------------------------

    @property
    def rows(self) -> tuple[AccountRow, ...]:
        return self._all

    @property
    def shown(self) -> Sequence[AccountRow]:
        """The rows the filter lets through, in table order."""
        return self._shown

    @property
    def filter_text(self) -> str:
        return self._query

    @property
    def highlighted(self) -> AccountRow | None:
        if not self._shown:
            return None
        return self._shown[min(self.cursor, len(self._shown) - 1)]

    def set_rows(self, rows: tuple[AccountRow, ...], *, empty: str = "No accounts") -> None:
        """Replace the data, keeping the filter and (by key) the highlighted account."""
        if rows is self._all and empty == self._empty_text:
            return
        previous = self.highlighted if self._moved else None
        self._all = rows
        self._natural = natural_widths(rows)
        self._empty_text = empty
        self._cache.clear()  # a row of the same key may have changed (an answered invitation)
        self._shown = filter_rows(rows, self._query) if self._query.strip() else rows
        self._refilled(previous)

    def filter(self, query: str) -> int:
        """Show only accounts matching every word of ``query``; returns how many."""
        previous = self.highlighted
        base = self._shown if narrows(self._query, query) and self._query.strip() else self._all
        self._query = query
        self._shown = filter_rows(base, query) if query.strip() else self._all
        self._refilled(previous)
        return len(self._shown)

    def _set_lines(self, lines: int) -> None:
        """The scrollable height, without the screen-wide layout that assigning
        ``virtual_size`` asks for (25 ms of a 10,000-row keystroke): this widget's own size
        does not depend on it (``height: 1fr``), only its scrollbar does, which is updated
        here; Textual lays out again by itself should the scrollbar appear or go."""
        size = Size(self.size.width, lines)
        if size != self.virtual_size:
            self.set_reactive(AccountTable.virtual_size, size)
            self._scroll_update(size)

    def _refilled(self, keep: AccountRow | None) -> None:
        self._set_lines(len(self._shown) + 1)
        target = 0
        if keep is not None:
            key = keep.key
            target = next((n for n, row in enumerate(self._shown) if row.key == key), 0)
        self.cursor = target  # always_update: scrolls the cursor into view even if unmoved
        self.refresh()

    # -- cursor ----------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._shown) - 1))

    def watch_cursor(self) -> None:
        self.refresh()
        self._scroll_cursor_into_view()
        self.post_message(self.Moved())  # also on a refill: the row under it may be another

    def _scroll_cursor_into_view(self) -> None:
        # Row n is drawn on virtual line n + 1; line 0 is the header, which never scrolls,
        # so the rows' window is the view less its top line.
        self.scroll_to_region(
            Region(0, self.cursor + 1, 1, 1),
            spacing=Spacing(top=1),
            animate=False,
            force=True,
            immediate=True,
        )

    def _move(self, to: int) -> None:
        self._moved = True
        self.cursor = to

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def move_to(self, row: int) -> None:
        """Put the cursor on ``row`` of those shown, as the user would."""
        self._move(row)

    def action_page_up(self) -> None:
        self._move(self.cursor - max(1, self.size.height - 2))

    def action_page_down(self) -> None:
        self._move(self.cursor + max(1, self.size.height - 2))

    def action_half_page(self, direction: int) -> None:
        self._move(self.cursor + direction * max(1, (self.size.height - 1) // 2))

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self._shown) - 1)

    def select_highlighted(self) -> None:
        row = self.highlighted
        if row is not None:
            self.post_message(self.Selected(row))

    def on_click(self, event: events.Click) -> None:
        line = event.y + int(self.scroll_y) - 1
        if event.y < 1 or not 0 <= line < len(self._shown):
            return
        if line == self.cursor or event.chain > 1:
            self._move(line)
            self.select_highlighted()
        else:
            self._move(line)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def on_resize(self) -> None:
        self._set_lines(len(self._shown) + 1)
        self._scroll_cursor_into_view()

    # -- rendering -------------------------------------------------------------------------

    def _to_strip(self, text: Text, width: int, style: Style) -> Strip:
        segments = list(text.render(self.app.console))
        return Strip(segments, text.cell_len).adjust_cell_length(width).apply_style(style)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("account-table--header")
            return self._to_strip(layout(HEADER, widths(width, self._natural), width), width, style)
        line = int(self.scroll_y) + y - 1
        if not self._shown:
            return self._empty_line(y, width, base)
        if line >= len(self._shown):
            return Strip.blank(width, base)
        row = self._shown[line]
        is_cursor = line == self.cursor
        key = (row.key, width, is_cursor, self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(row, width, is_cursor, base)
            self._cache[key] = strip
        return strip

    def _render_row(self, row: AccountRow, width: int, is_cursor: bool, base: Style) -> Strip:
        invited = self.get_component_rich_style("account-table--invited", partial=True)
        style = base
        if is_cursor:
            style = base + self.get_component_rich_style("account-table--cursor")
        columns = widths(width, self._natural)
        cells = row_cells(row, columns[3], invited, columns[4])
        return self._to_strip(layout(cells, columns, width), width, style)

    def _empty_line(self, y: int, width: int, base: Style) -> Strip:
        if y != 1:
            return Strip.blank(width, base)
        if self._all:
            message = Text(f"No accounts match '{self._query.strip()}'")
        else:
            message = Text(self._empty_text)
        message.truncate(max(0, width - PAD), overflow="ellipsis")
        message = Text(" " * PAD) + message
        style = base + self.get_component_rich_style("account-table--empty")
        return self._to_strip(message, width, style)
