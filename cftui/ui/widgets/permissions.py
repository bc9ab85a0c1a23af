"""An organization's roles and its permissions grouped by resource (``zones  read, edit``).

Both are short lists for a real account (tens of lines), so they are plain text in focusable
scroll panels: ``tab`` moves between them and ``j``/``k`` or the arrows scroll. Resource names
are cut with an ellipsis; the actions wrap. The API decides how long these lists are, and a
Rich table costs ~0.2 ms a row, so each list shows a bounded number of entries and says how
many more there are (the raw JSON view, ``v``, has them all).
"""

from __future__ import annotations

import heapq
from typing import ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from cftui.core.models import Organization
from cftui.core.text import shorten

RESOURCE_WIDTH = 24
MAX_ROLES = 50
MAX_RESOURCES = 200
MAX_ACTIONS = 12
TEXT_LIMIT = 120
"""Longest role or action shown; an API string can be megabytes."""


def more(count: int, what: str) -> str:
    return f"and {count:,} more {what}"


class ScrollingList(VerticalScroll, can_focus=True):
    """A read-only list that scrolls with the arrows and with ``j``/``k``."""

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

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Up", show=False, tooltip="scroll up", id="list.up"),
        Binding("down,j", "scroll_down", "Down", show=False, tooltip="scroll down", id="list.down"),
    ]

    def show(self, content: RenderableType | None, empty: str) -> None:
        body = self.query_one(Static)
        body.set_class(content is None, "empty")
        body.update(Text(empty) if content is None else content)


class RoleList(ScrollingList):
    BORDER_TITLE = "Roles"

    def compose(self) -> ComposeResult:
        yield Static(id="roles-body")

    def show_roles(self, org: Organization) -> None:
        if not org.roles:
            self.show(None, "No roles")
            return
        lines = Text(no_wrap=False, end="")
        for n, role in enumerate(org.roles[:MAX_ROLES]):
            if n:
                lines.append("\n")
            lines.append("• ")
            lines.append(shorten(role, TEXT_LIMIT))
        if len(org.roles) > MAX_ROLES:
            lines.append(f"\n… {more(len(org.roles) - MAX_ROLES, 'roles')}", style="italic")
        self.show(lines, "No roles")


def permission_grid(org: Organization) -> Table | None:
    groups = org.permissions_by_resource()
    if not groups:
        return None
    grid = Table.grid(padding=(0, 2), expand=True)
    grid.add_column(no_wrap=True, overflow="ellipsis", max_width=RESOURCE_WIDTH, style="bold")
    grid.add_column(ratio=1, overflow="fold")
    for resource in heapq.nsmallest(MAX_RESOURCES, groups):
        grid.add_row(Text(shorten(resource, TEXT_LIMIT)), actions_text(groups[resource]))
    if len(groups) > MAX_RESOURCES:
        extra = more(len(groups) - MAX_RESOURCES, "resources")  # in the wide column: uncut
        grid.add_row(Text("…"), Text(extra, style="italic"))
    return grid


def actions_text(actions: list[str]) -> Text:
    if not actions:
        return Text("—")
    shown = ", ".join(shorten(a, TEXT_LIMIT) for a in actions[:MAX_ACTIONS])
    if len(actions) > MAX_ACTIONS:
        shown += f" … {more(len(actions) - MAX_ACTIONS, 'actions')}"
    return Text(shown)


class PermissionList(ScrollingList):
    BORDER_TITLE = "Permissions"

    def compose(self) -> ComposeResult:
        yield Static(id="permissions-body")

    def show_permissions(self, org: Organization) -> None:
        self.show(permission_grid(org), "No permissions")
        count = len(org.permissions)
        self.border_subtitle = f"{count:,} permission{'s' if count != 1 else ''}" if count else None
