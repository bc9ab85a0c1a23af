"""The one place a rolled secret is ever drawn: when it could not be stored where it is used.

After a roll the old value is dead; if the new one went into no keyring entry (none held the
token, the environment's variable did, or the write failed), the user must get it now or it
is lost. So it is shown once, in this dialog, with why; nothing logs it, and closing the
dialog lets go of it. Tests and snapshots take the stored path, where this never opens.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from cftui.core.models.token_value import NewSecret

ONLY_COPY = (
    "This is the only copy: cftui keeps it nowhere and shows it only now. Copy it to where "
    "the token is used before you close this; the old value no longer works."
)


class NewSecretScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    NewSecretScreen { align: center middle; }
    NewSecretScreen > #secret-dialog {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $warning;
        background: $surface;
        padding: 1 2;
    }
    NewSecretScreen #secret-value { margin: 1 0; text-style: bold; }
    NewSecretScreen #secret-close { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "close",
            "Close",
            tooltip="close: the value is not shown again",
            id="secret.close",
        ),
    ]

    def __init__(self, secret: NewSecret, why: str) -> None:
        super().__init__()
        self._secret: NewSecret | None = secret
        self.why = why

    def compose(self) -> ComposeResult:
        assert self._secret is not None
        with Vertical(id="secret-dialog") as dialog:
            dialog.border_title = "The new token value: not stored"
            yield Static(Text(self.why), id="secret-why")
            yield Static(Text(self._secret.reveal()), id="secret-value")
            yield Static(Text(ONLY_COPY), id="secret-note")
            yield Button("I have copied it", id="secret-close", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#secret-close", Button).focus()

    def action_close(self) -> None:
        self._secret = None
        self.dismiss()

    @on(Button.Pressed, "#secret-close")
    def _close(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_close()
