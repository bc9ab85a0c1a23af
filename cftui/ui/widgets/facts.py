"""A bordered panel of "label  value" lines: the shape shared by the card, security and tiers.

Values are ``rich.text.Text`` (API strings are never read as markup) and are cut to one line
with an ellipsis unless a panel asks for wrapping, so a 5,000-character name cannot push the
rest of the screen away. Wrapped values break at spaces and identifier separators
(``zone_level_`` / ``access_beta``), not wherever the column ends.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from cftui.core.models.user import User
from cftui.ui.wrapping import SeparatorWrapped

Fact = tuple[str, Text]

GOOD = "facts--good"
BAD = "facts--bad"
ALARM = "facts--alarm"
MISSING = "facts--missing"
OFF = "facts--off"
WARN = "facts--warn"


class FactsPanel(Widget):
    """Subclasses say which facts of a ``User`` they show; this renders them consistently."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"facts--label", GOOD, BAD, ALARM, MISSING, OFF, WARN}

    DEFAULT_CSS = """
    FactsPanel {
        height: auto;
        border: round $foreground 25%;
        border-title-color: $text-accent;
        border-title-style: bold;
        padding: 0 1;
        & > .facts--label { color: $text-muted; }
        & > .facts--good { color: $text-success; }
        & > .facts--bad { color: $text-error; }
        & > .facts--alarm { color: $text; background: $error; text-style: bold; }
        & > .facts--missing { color: $text-muted; text-style: italic; }
        & > .facts--off { color: $text-muted; }
        & > .facts--warn { color: $text-warning; text-style: bold; }
    }
    """

    LABEL_WIDTH: ClassVar[int] = 10
    WRAP: ClassVar[frozenset[str]] = frozenset()
    """Labels whose value may wrap onto more lines instead of being cut."""

    def facts(self) -> list[Fact] | None:
        """The lines to show, or ``None`` when there is no data yet."""
        raise NotImplementedError

    def styled(self, text: str, component: str) -> Text:
        """A ``Text`` in one of this panel's component styles (theme-aware colours)."""
        return Text(text, style=self.get_component_rich_style(component, partial=True))

    def missing(self, text: str = "not set") -> Text:
        return self.styled(text, MISSING)

    def render(self) -> RenderableType:
        facts = self.facts()
        if facts is None:
            return self.missing("no data")
        grid = Table.grid(padding=(0, 1), expand=True)
        label_style: Style = self.get_component_rich_style("facts--label", partial=True)
        grid.add_column(style=label_style, width=self.LABEL_WIDTH, no_wrap=True)
        grid.add_column(ratio=1)
        for label, value in facts:
            if label in self.WRAP:
                grid.add_row(Text(label), SeparatorWrapped(value))
                continue
            value = value.copy()
            value.no_wrap = True
            value.overflow = "ellipsis"
            grid.add_row(Text(label), value)
        return grid


class UserFacts(FactsPanel):
    """A panel about the user; set ``user`` and it re-renders."""

    user: reactive[User | None] = reactive(None, layout=True, always_update=True)

    def facts(self) -> list[Fact] | None:
        return None if self.user is None else self.user_facts(self.user)

    def user_facts(self, user: User) -> list[Fact]:
        raise NotImplementedError
