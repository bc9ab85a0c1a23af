"""The organizations table: a Line-API widget, so 10,000 rows load and filter instantly.

``DataTable`` was the first choice, but it measures every cell it is given (about 50 µs a
row), so re-populating it on each keystroke of the filter takes half a second for 10,000
organizations. Here a row is only an index into the model tuple: filtering is one pass over
precomputed lowercase strings, and only the visible rows are ever rendered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cftui.core.models import Organization
from cftui.ui.widgets.org_rows import (
    COUNT_WIDTH,
    HEADER,
    PAD,
    count_text,
    count_width,
    layout,
    matches,
    search_text,
)

CACHED_ROWS = 512
"""Rendered rows kept: a few screenfuls, whatever the number of organizations."""


class OrganizationTable(ScrollView, can_focus=True):
    """Name, status and role/permission counts; ``enter`` opens, ``/`` (on the screen) filters.

    The header is line 0 of the widget and stays put; data rows scroll beneath it.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "org-table--header",
        "org-table--cursor",
        "org-table--empty",
        "org-table--invited",
    }

    DEFAULT_CSS = """
    OrganizationTable {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        & > .org-table--header { text-style: bold; background: $panel; }
        & > .org-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .org-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .org-table--empty { color: $text-muted; text-style: italic; }
        & > .org-table--invited { color: $text-warning; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, tooltip="previous row", id="orgs.up"),
        Binding("down,j", "cursor_down", "Down", show=False, tooltip="next row", id="orgs.down"),
        Binding("pageup", "page_up", "Page up", show=False, tooltip="page up", id="orgs.page_up"),
        Binding(
            "pagedown",
            "page_down",
            "Page down",
            show=False,
            tooltip="page down",
            id="orgs.page_down",
        ),
        Binding("home,g", "first", "First", show=False, tooltip="first row", id="orgs.first"),
        Binding("end,G", "last", "Last", show=False, tooltip="last row", id="orgs.last"),
    ]

    cursor: reactive[int] = reactive(0, repaint=False, init=False, always_update=True)

    class Selected(Message):
        """The user asked to open an organization (enter or a click on the current row)."""

        def __init__(self, organization: Organization) -> None:
            super().__init__()
            self.organization = organization

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._orgs: tuple[Organization, ...] = ()
        self._haystacks: list[str] = []
        self._rows: list[int] = []
        self._query = ""
        self._counts = COUNT_WIDTH
        self._cache: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(CACHED_ROWS)

    # -- data ------------------------------------------------------------------------------

    @property
    def organizations(self) -> tuple[Organization, ...]:
        return self._orgs

    @property
    def shown(self) -> list[Organization]:
        """The organizations the filter lets through, in table order."""
        return [self._orgs[i] for i in self._rows]

    @property
    def filter_text(self) -> str:
        return self._query

    @property
    def highlighted(self) -> Organization | None:
        if not self._rows:
            return None
        return self._orgs[self._rows[min(self.cursor, len(self._rows) - 1)]]

    def set_organizations(self, orgs: Sequence[Organization]) -> None:
        """Replace the data, keeping the filter and (by id) the highlighted organization."""
        previous = self.highlighted
        self._orgs = tuple(orgs)
        self._haystacks = [search_text(o) for o in self._orgs]
        self._counts = count_width(self._orgs)
        self._cache.clear()  # keyed by index into the data, so valid until the data changes
        self._apply_filter(keep=previous)

    def filter(self, query: str) -> int:
        """Show only organizations matching every word of ``query``; returns how many."""
        self._query = query
        self._apply_filter(keep=self.highlighted)
        return len(self._rows)

    def _apply_filter(self, keep: Organization | None) -> None:
        terms = self._query.lower().split()
        if terms:
            self._rows = [i for i, h in enumerate(self._haystacks) if matches(h, terms)]
        else:
            self._rows = list(range(len(self._orgs)))
        self.virtual_size = Size(self.size.width, len(self._rows) + 1)
        target = 0
        if keep is not None:
            for n, i in enumerate(self._rows):
                if self._orgs[i] is keep or (keep.id and self._orgs[i].id == keep.id):
                    target = n
                    break
        self.cursor = target  # always_update: scrolls the cursor into view even if unmoved

    # -- cursor ----------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1))

    def watch_cursor(self) -> None:
        self.refresh()
        self._scroll_cursor_into_view()

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

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.size.height - 2)

    def action_page_down(self) -> None:
        self.cursor += max(1, self.size.height - 2)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._rows) - 1

    def select_highlighted(self) -> None:
        org = self.highlighted
        if org is not None:
            self.post_message(self.Selected(org))

    def on_click(self, event: events.Click) -> None:
        row = event.y + int(self.scroll_y) - 1
        if event.y < 1 or not 0 <= row < len(self._rows):
            return
        if row == self.cursor or event.chain > 1:
            self.cursor = row
            self.select_highlighted()
        else:
            self.cursor = row

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows) + 1)
        self._scroll_cursor_into_view()

    # -- rendering -------------------------------------------------------------------------

    def _to_strip(self, text: Text, width: int, style: Style) -> Strip:
        segments = list(text.render(self.app.console))
        return Strip(segments, text.cell_len).adjust_cell_length(width).apply_style(style)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("org-table--header")
            return self._to_strip(layout(HEADER, width, self._counts), width, style)
        row = int(self.scroll_y) + y - 1
        if not self._rows:
            return self._empty_line(y, width, base)
        if row >= len(self._rows):
            return Strip.blank(width, base)
        index = self._rows[row]
        is_cursor = row == self.cursor
        key = (index, width, is_cursor, self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(self._orgs[index], width, is_cursor, base)
            self._cache.set(key, strip)
        return strip

    def _render_row(self, org: Organization, width: int, is_cursor: bool, base: Style) -> Strip:
        invited = org.status == "invited"
        status_style = self.get_component_rich_style("org-table--invited") if invited else ""
        cells = (
            Text(org.display_name),
            Text(org.status or "—", style=status_style),
            Text(count_text(len(org.roles)), justify="right"),
            Text(count_text(len(org.permissions)), justify="right"),
        )
        style = base
        if is_cursor:
            style = base + self.get_component_rich_style("org-table--cursor")
        return self._to_strip(layout(cells, width, self._counts), width, style)

    def _empty_line(self, y: int, width: int, base: Style) -> Strip:
        if y != 1:
            return Strip.blank(width, base)
        if self._orgs:
            message = Text(f"No organizations match '{self._query.strip()}'")
        else:
            message = Text("No organizations")
        message.truncate(max(0, width - PAD), overflow="ellipsis")
        message = Text(" " * PAD) + message
        style = base + self.get_component_rich_style("org-table--empty")
        return self._to_strip(message, width, style)
