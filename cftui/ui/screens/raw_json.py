"""The last answer about what is on screen, as JSON (``v``): what the API said, for debugging
and trust. ``GET /user`` on the main screen; on an account, that membership as
``GET /memberships/{id}`` (or the ``PUT`` that answered its invitation) sent it, policies and
all, once it has come.

The body never holds a secret (credentials travel only in request headers), but this view
makes sure anyway: any occurrence of the current credential's secret is replaced by its
masked form before the text reaches the screen. The body may be tens of megabytes, so it is
sanitized, formatted and measured in a thread while the screen says so; ``escape`` and ``q``
work all the while.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from cftui.core.redact import Redactor
from cftui.ui.keys import key_for
from cftui.ui.widgets.footer import AppFooter
from cftui.ui.widgets.json_view import JsonLines, JsonView, format_json

if TYPE_CHECKING:
    from textual.app import App

    from cftui.core.api.envelope import Response
    from cftui.ui.accounts import Shown


def formatted(response: Response[Any], secrets: Iterable[str]) -> JsonLines:
    return JsonLines.of(Redactor(secrets)(format_json(response.raw)))


@runtime_checkable
class ShowsResponse(Protocol):
    """A screen whose own answer ``v`` shows (the Tokens screen: its list's last page)."""

    def raw_response(self) -> tuple[str, Response[Any]] | None: ...


def show_raw_json(
    app: App[Any],
    user: Response[Any] | None,
    accounts: Mapping[str, Shown],
    secrets: Iterable[str],
) -> None:
    """Open the raw view of what the screen on top shows (``v``), saying which answer it is:
    ``user`` (``GET /user``), or on an account its answer in ``accounts`` (by its key)."""
    from cftui.ui.screens.account import AccountScreen

    screen = app.screen
    if isinstance(screen, RawJsonScreen):
        return
    request = "GET /user"
    response = user
    if isinstance(screen, ShowsResponse):
        shown_here = screen.raw_response()
        if shown_here is not None:
            request, response = shown_here
    elif isinstance(screen, AccountScreen):
        shown = accounts.get(screen.row.key)
        if shown is not None:
            request, response = shown
        elif response is not None:
            app.notify(
                "This account's membership has not been fetched: showing GET /user.",
                markup=False,
            )
    if response is None:
        app.notify("No response yet: nothing to show.", severity="warning")
        return
    app.push_screen(RawJsonScreen(response, request=request, secrets=secrets))


class RawJsonScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    RawJsonScreen { align: center middle; }
    RawJsonScreen > #json-dialog {
        width: 100%; height: 100%;
        border: round $primary; border-title-color: $text-primary; border-title-style: bold;
        background: $surface;
    }
    RawJsonScreen.-wide > #json-dialog { margin: 1 2; }
    RawJsonScreen #json-wait { padding: 1 2; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v", "close", "Close", tooltip="close the raw JSON", id="json.close"),
        Binding("q", "app.quit", "Quit", tooltip="quit", id="json.quit"),
    ]

    def __init__(
        self, response: Response[Any], *, request: str = "GET /user", secrets: Iterable[str] = ()
    ) -> None:
        super().__init__()
        self._response = response
        self.request = request
        self._secrets = tuple(secrets)
        self.text: str | None = None
        """What the view shows, once formatted."""

    def compose(self) -> ComposeResult:
        with Vertical(id="json-dialog") as dialog:
            dialog.border_title = f"{self.request} · HTTP {self._response.status} · raw JSON"
            dialog.border_subtitle = f"{key_for(self, 'json.close')} to close"
            yield Static("Formatting the response…", id="json-wait")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self._format()

    @work(exclusive=True, group="raw-json", exit_on_error=False)
    async def _format(self) -> None:
        wait = self.query_one("#json-wait", Static)
        try:
            json = await asyncio.to_thread(formatted, self._response, self._secrets)
        except Exception as error:  # a bug must not take the app down; the type says enough
            wait.update(Text(f"The response could not be shown ({type(error).__name__})."))
            return
        self.text = json.text
        view = JsonView(json, id="json")
        await self.query_one("#json-dialog").mount(view)
        await wait.remove()
        view.focus()

    def action_close(self) -> None:
        self.dismiss()
