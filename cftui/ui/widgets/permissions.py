"""An organization's roles and its permissions grouped by resource (``zones  read, edit``).

Both are short lists (tens of lines), so they are plain text in focusable scroll panels:
``tab`` moves between them and ``j``/``k`` or the arrows scroll. Resource names are cut with
an ellipsis; the actions wrap, so nothing the user is allowed to do is hidden.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from cftui.core.models import Organization

RESOURCE_WIDTH = 24


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
        Binding("k", "scroll_up", "Up", show=False, id="list.up"),
        Binding("j", "scroll_down", "Down", show=False, id="list.down"),
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
        for n, role in enumerate(org.roles):
            if n:
                lines.append("\n")
            lines.append("• ")
            lines.append(role)
        self.show(lines, "No roles")


def permission_grid(org: Organization) -> Table | None:
    groups = org.permissions_by_resource()
    if not groups:
        return None
    grid = Table.grid(padding=(0, 2), expand=True)
    grid.add_column(no_wrap=True, overflow="ellipsis", max_width=RESOURCE_WIDTH, style="bold")
    grid.add_column(ratio=1, overflow="fold")
    for resource, actions in sorted(groups.items()):
        grid.add_row(Text(resource), Text(", ".join(actions) if actions else "—"))
    return grid


class PermissionList(ScrollingList):
    BORDER_TITLE = "Permissions"

    def compose(self) -> ComposeResult:
        yield Static(id="permissions-body")

    def show_permissions(self, org: Organization) -> None:
        self.show(permission_grid(org), "No permissions")
        count = len(org.permissions)
        self.border_subtitle = f"{count} permission{'s' if count != 1 else ''}" if count else None
