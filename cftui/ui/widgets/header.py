"""One header line: whose data this is, where the credential came from and what kind it is.

Textual's ``Header`` centres a title and can show a clock; this line instead answers the
question a user has after switching profiles ("which account am I looking at?") and carries
the demo / session-only markers and a token about to expire (or expired, disabled, not yet
valid), so they are visible on every screen. No clock: snapshots must not change with the
time of day.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from cftui.core.models.token import TokenHealth
from cftui.core.overview.token_report import TokenReport
from cftui.ui.state import Identity


class AppHeader(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "app-header--name",
        "app-header--label",
        "app-header--badge",
        "app-header--alarm",
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
        & > .app-header--alarm { background: $error; color: $text; text-style: bold; }
    }
    """

    identity: reactive[Identity] = reactive(Identity, always_update=True)
    token: reactive[TokenReport | None] = reactive(None, always_update=True)

    def render(self) -> RenderableType:
        identity = self.identity
        name = self.get_component_rich_style("app-header--name", partial=True)
        label = self.get_component_rich_style("app-header--label", partial=True)
        token = self.token
        parts = [("  profile ", identity.profile or "—")]
        if identity.source and identity.source != f"profile {identity.profile}":
            parts.append(("  source ", identity.source))  # said once when it is the profile
        if token is not None:
            parts.append((" · ", token.label))
        badges: list[tuple[str, str]] = []
        if token is not None and token.badge:
            late = token.health in (TokenHealth.EXPIRED, TokenHealth.DISABLED)
            style = "app-header--alarm" if late else "app-header--badge"
            badges.append((f" ⚠ {token.badge} ", style))
        if identity.demo:
            badges.append((" DEMO DATA ", "app-header--badge"))
        elif identity.session_only:
            badges.append((" SESSION ONLY · not saved ", "app-header--badge"))
        room = self.size.width - sum(len(b) + 1 for b, _ in badges)
        while len(parts) > 1 and len(" cftui ") + sum(len(a + b) for a, b in parts) > room:
            parts.pop()  # a whole part gives way (the token, then the source), never "sour…"
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(" cftui ", style=name)
        for label_text, value in parts:
            line.append(label_text, style=label)
            line.append(value)
        if badges:
            line.truncate(max(0, room), overflow="ellipsis", pad=True)
            for badge, style in badges:
                line.append(" ")
                line.append(badge, style=self.get_component_rich_style(style, partial=True))
        return line
