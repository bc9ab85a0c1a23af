"""A yes/no question in a small modal, used before anything that cannot be undone."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from cftui.ui.widgets.footer import AppFooter


class ConfirmScreen(ModalScreen[bool]):
    """Ask before acting; dismisses with ``True`` for yes and ``False`` for no.

    The question is rendered as plain ``Text`` because it usually quotes user input (a
    profile name), which must never be read as markup. For destructive questions the No
    button has the focus, so a stray Enter keeps things as they are; ``y`` is always yes.
    """

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
    }
    ConfirmScreen > #confirm-dialog {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $error;
        border-title-align: left;
        background: $surface;
        padding: 1 2;
    }
    ConfirmScreen.-safe > #confirm-dialog {
        border: round $primary;
    }
    ConfirmScreen #confirm-question {
        width: 100%;
        margin-bottom: 1;
    }
    ConfirmScreen #confirm-buttons {
        width: 100%;
        height: auto;
        align-horizontal: right;
    }
    ConfirmScreen #confirm-buttons Button {
        margin-left: 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", tooltip="yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", key_display="n", tooltip="no", id="confirm.no"),
    ]

    def __init__(
        self,
        question: str,
        *,
        yes_label: str = "Yes",
        no_label: str = "No",
        destructive: bool = True,
    ) -> None:
        super().__init__(classes="" if destructive else "-safe")
        self.question = question
        self.yes_label = yes_label
        self.no_label = no_label
        self.destructive = destructive

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog") as dialog:
            dialog.border_title = "Please confirm"
            yield Static(Text(self.question), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(
                    f"{self.yes_label} (y)",
                    id="confirm-yes",
                    variant="error" if self.destructive else "primary",
                )
                yield Button(f"{self.no_label} (n)", id="confirm-no")
        yield AppFooter()

    def on_mount(self) -> None:
        target = "#confirm-no" if self.destructive else "#confirm-yes"
        self.query_one(target, Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(False)
