"""The last ``GET /user`` body as JSON (``v``): what the API said, for debugging and trust.

The body never holds a secret (credentials travel only in request headers), but this view
makes sure anyway: any occurrence of the current credential's secret is replaced by its
masked form before the text reaches the screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen

from cftui.core.redact import Redactor
from cftui.ui.widgets.footer import AppFooter
from cftui.ui.widgets.json_view import JsonView, format_json


class RawJsonScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    RawJsonScreen { align: center middle; }
    RawJsonScreen > #json-dialog {
        width: 100%; height: 100%;
        border: round $primary; border-title-color: $text-primary; border-title-style: bold;
        background: $surface;
    }
    RawJsonScreen.-wide > #json-dialog { margin: 1 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v", "close", "Close", tooltip="close the raw JSON", id="json.close"),
        Binding("q", "app.quit", "Quit", tooltip="quit", id="json.quit"),
    ]

    def __init__(self, body: Any, *, status: int, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.text = Redactor(secrets)(format_json(body))
        self.status = status

    def compose(self) -> ComposeResult:
        with Vertical(id="json-dialog") as dialog:
            dialog.border_title = f"GET /user · HTTP {self.status} · raw JSON"
            dialog.border_subtitle = "escape to close"
            yield JsonView(self.text, id="json")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(JsonView).focus()

    def action_close(self) -> None:
        self.dismiss()
