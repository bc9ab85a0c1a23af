"""The key map, one screen away from anywhere (``?``).

The footer only has room for the most used keys at 80 columns; this lists them all, so
nothing the app can do is only discoverable by reading the source.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from cftui.ui.widgets.footer import AppFooter

KEYMAP: tuple[tuple[str, str], ...] = (
    ("↑ ↓   j k", "move in a list"),
    ("g G  home end", "first / last row; page up and page down work too"),
    ("enter", "open the selected organization: roles, permissions"),
    ("escape", "back / close / clear the filter"),
    ("tab  shift+tab", "next / previous panel"),
    ("/", "filter organizations by name, id, role or permission"),
    ("r", "refresh (the status bar says how long ago it was)"),
    ("p", "profiles: switch, set default, add (log in), remove"),
    ("l", "log in: save a profile, or use one for this session only"),
    ("d", "demo data (when there is nothing else to show)"),
    ("c", "copy the selected id (OSC 52: works over SSH)"),
    ("v", "raw JSON of the last response (it never contains secrets)"),
    ("?", "this help"),
    ("ctrl+p", "command palette: every action by name"),
    ("q  ctrl+q", "quit"),
)


def keymap_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for keys, what in KEYMAP:
        table.add_row(Text(keys), Text(what))
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > #help-dialog {
        width: 92; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; border-title-color: $text-primary; border-title-style: bold;
        background: $surface; padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "close", "Close", id="help.close"),
        Binding("q", "app.quit", "Quit", id="help.quit"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "escape to close"
            yield Static(keymap_table(), id="help-keys")
        yield AppFooter(compact=True)

    def action_close(self) -> None:
        self.dismiss()
