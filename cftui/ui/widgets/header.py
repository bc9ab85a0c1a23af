"""One header line: whose data this is and where the credential came from.

Textual's ``Header`` centres a title and can show a clock; this line instead answers the
question a user has after switching profiles ("which account am I looking at?") and carries
the demo / session-only markers, so they are visible on every screen. No clock: snapshots
must not change with the time of day.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from cftui.ui.state import Identity


class AppHeader(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "app-header--name",
        "app-header--label",
        "app-header--badge",
    }

    DEFAULT_CSS = """
    AppHeader {
        height: 1;
        dock: top;
        background: $panel;
        color: $foreground;
        & > .app-header--name { background: $primary; color: $text; text-style: bold; }
        & > .app-header--label { color: $text-muted; }
        & > .app-header--badge { background: $warning; color: $text; text-style: bold; }
    }
    """

    identity: reactive[Identity] = reactive(Identity, always_update=True)

    def render(self) -> RenderableType:
        identity = self.identity
        name = self.get_component_rich_style("app-header--name", partial=True)
        label = self.get_component_rich_style("app-header--label", partial=True)
        badge_style = self.get_component_rich_style("app-header--badge", partial=True)
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(" cftui ", style=name)
        line.append("  profile ", style=label)
        line.append(identity.profile or "—")
        if identity.source:
            line.append("  source ", style=label)
            line.append(identity.source)
        badge = ""
        if identity.demo:
            badge = " DEMO DATA "
        elif identity.session_only:
            badge = " SESSION ONLY · not saved "
        width = self.size.width
        if badge:
            room = max(0, width - len(badge) - 1)
            line.truncate(room, overflow="ellipsis", pad=True)
            line.append(" ")
            line.append(badge, style=badge_style)
        return line
