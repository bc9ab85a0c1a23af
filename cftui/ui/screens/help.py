"""The keys, one screen away from anywhere (``?``).

The footer only has room for the most used keys at 80 columns; this lists every key that
works on the screen the help was opened from, then the keys that work everywhere. Both lists
are read from the bindings themselves (``cftui.ui.keys``), so they cannot drift from what
the keys do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from cftui.ui.keys import KeyHelp, key_for


def keys_table(sections: Sequence[tuple[str, Sequence[KeyHelp]]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    for title, keys in sections:
        if not keys:
            continue
        if title:  # the first section's title is the dialog's: a row more for the keys
            table.add_row(Text(title, style="bold underline"), Text(""))
        for key in keys:
            table.add_row(Text(", ".join(key.keys), style="bold"), Text(key.text))
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
        Binding(
            "escape,question_mark", "close", "Close", tooltip="close the help", id="help.close"
        ),
        Binding("q", "app.quit", "Quit", tooltip="quit", id="help.quit"),
    ]

    def __init__(self, here: Sequence[KeyHelp], everywhere: Sequence[KeyHelp]) -> None:
        super().__init__()
        self._sections = (("", here), ("Everywhere", everywhere))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Keys here"
            close, leave = key_for(self, "help.close"), key_for(self, "help.quit")
            dialog.border_subtitle = f"{close} close · {leave} quit"
            yield Static(keys_table(self._sections), id="help-keys")
        # No footer: its line is worth more to the list, which then fits 80x24.

    def action_close(self) -> None:
        self.dismiss()
