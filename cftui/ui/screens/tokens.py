"""The user's API tokens: each with what needs attention, most urgent first, the one in use
marked; ``/`` filters, ``enter`` opens one (its policies in words, its dates, a roll).

The list is loaded in a worker (``core.tokens.view``), so the screen draws at once and stays
responsive; a refusal is said in the list's place: which permission is missing and what the
screen would show with it, or that an account-owned token in use has its tokens under its
account. Every string from the API is drawn as plain ``Text``, never as markup.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from cftui.core.api.envelope import Response
from cftui.core.errors import CftuiError
from cftui.core.overview.token_report import when
from cftui.core.text import shorten
from cftui.core.tokens.inventory import TokenRow
from cftui.core.tokens.view import TokensView, load_tokens
from cftui.core.tokens.words import READ_WHERE, WOULD_SHOW
from cftui.ui.state import FetchState, Identity
from cftui.ui.widgets.filter_input import FilterInput
from cftui.ui.widgets.footer import AppFooter
from cftui.ui.widgets.header import AppHeader

NAME_LIMIT = 80
URGENT = frozenset({"expired", "expires_soon", "disabled"})


def row_text(row: TokenRow, now_words: str) -> Text:
    """Three lines: the name (and whether it is in use), its dates, its flags in words."""
    token = row.token
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append("● " if row.current else "  ", style="bold")
    text.append(shorten(token.name or token.id or "(unnamed token)", NAME_LIMIT), style="bold")
    if row.current:
        text.append("  in use", style="italic")
    text.append(f"\n  {token.status or 'status unknown'} · {now_words}")
    flags = row.hygiene.flags
    text.append("\n  ")
    if flags:
        words = ", ".join(row.hygiene.words)
        style = "bold" if URGENT.intersection(flags) else "dim"
        text.append(f"⚠ {words}" if URGENT.intersection(flags) else words, style=style)
    else:
        text.append("nothing needs attention", style="dim")
    return text


def _matches(row: TokenRow, needle: str) -> bool:
    token = row.token
    said = (token.name, token.id, row.summary, *row.hygiene.words)
    return any(needle in (part or "").casefold() for part in said)


class TokensScreen(Screen[None]):
    DEFAULT_CSS = """
    TokensScreen #tokens-problem { padding: 1 2; height: auto; }
    TokensScreen #tokens-filter { border: none; height: 1; padding: 0 1; background: $boost; }
    TokensScreen #tokens-list { height: 1fr; border: round $foreground 25%; }
    TokensScreen #tokens-list:focus { border: round $border; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            tooltip="filter tokens by name, id, flag or permission",
            id="tokens.filter",
        ),
        Binding(
            "enter",
            "open",
            "Open",
            key_display="⏎",
            tooltip="open the selected token: its policies in words, its dates, roll it",
            id="tokens.open",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="clear the filter, or back to the main screen",
            id="tokens.back",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = TokensView(loading=True)
        self.shown: list[TokenRow] = []

    @property
    def cftui(self) -> Any:
        """The ``CftuiApp`` (its session, clocks and state); not imported: the app imports
        the screens."""
        return self.app

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(id="tokens-problem")
        yield FilterInput(placeholder="Filter: name, id, flag or permission", id="tokens-filter")
        yield OptionList(id="tokens-list")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#tokens-filter").display = False
        self.watch(self.app, "identity", self._show_identity)
        listing = self.query_one("#tokens-list", OptionList)
        listing.border_title = "API tokens"
        listing.focus()
        self._show()
        self.load()

    def raw_response(self) -> tuple[str, Response[Any]] | None:
        """What ``v`` shows here: the list's last page as it came (``ShowsResponse``)."""
        return self.view.raw

    def _show_identity(self, identity: Identity) -> None:
        header = self.query_one(AppHeader)
        header.identity = identity
        header.token = self.cftui.state.token

    # -- loading ---------------------------------------------------------------------------

    @work(exclusive=True, group="tokens", exit_on_error=False)
    async def load(self) -> None:
        """Every page of the list; a failure is the screen's state, never a traceback."""
        app = self.cftui
        state = app.state
        own = state.own
        kind = state.token.kind.value if state.token is not None else None
        problem = state.problem.kind if state.problem is not None else None
        account_token = "account_token" in (kind, problem)
        try:
            source = await app.session.source()
            current = own.token_id if own is not None else None
            self.view = await load_tokens(
                source, app.wall_clock(), current, account_token=account_token
            )
        except CftuiError as error:
            self.view = TokensView(error=error)
        self._show()

    def _show(self) -> None:
        view = self.view
        problem = self.query_one("#tokens-problem", Static)
        problem.display = view.loading or view.error is not None or view.incomplete
        if view.loading:
            problem.update(Text("Loading your API tokens…", style="italic"))
        elif view.error is not None:
            problem.update(self._problem_text(view))
        elif view.incomplete:
            problem.update(Text("⚠ Some pages of the list could not be read: it is incomplete."))
        self._fill()

    def _problem_text(self, view: TokensView) -> Text:
        assert view.error is not None
        text = Text(f"⚠ {view.error.message}\n", style="bold")
        if view.missing is not None:
            text.append(
                f"\nThe token in use lacks {view.missing} ({READ_WHERE}). With it, this "
                f"screen shows {WOULD_SHOW}.",
                style="",
            )
        elif view.error.hint:
            text.append(f"\n{view.error.hint}", style="")
        return text

    def _fill(self) -> None:
        listing = self.query_one("#tokens-list", OptionList)
        field = self.query_one("#tokens-filter", Input)
        needle = field.value.strip().casefold() if field.display else ""
        self.shown = [r for r in self.view.rows if not needle or _matches(r, needle)]
        now = self.cftui.wall_clock()
        listing.clear_options()
        listing.add_options(
            Option(row_text(row, self._dates(row, now)), id=row.token.id or f"row-{n}")
            for n, row in enumerate(self.shown)
        )
        total = len(self.view.rows)
        if needle:
            listing.border_subtitle = f"{len(self.shown):,} of {total:,} match"
        else:
            listing.border_subtitle = (
                f"{total:,} token{'s' if total != 1 else ''}" if total else None
            )
        if self.shown:
            listing.highlighted = 0

    @staticmethod
    def _dates(row: TokenRow, now: object) -> str:
        from datetime import datetime

        assert isinstance(now, datetime)
        token = row.token
        left = row.hygiene.days_left
        expires = ("expired " if left is not None and left < 0 else "expires ") + when(
            token.expires_on, now
        ).relative
        used = (
            "never used"
            if token.last_used_on is None
            else f"used {when(token.last_used_on, now).relative}"
        )
        return f"{expires} · {used}" if token.expires_on else f"never expires · {used}"

    # -- filtering and opening -------------------------------------------------------------

    def action_filter(self) -> None:
        field = self.query_one("#tokens-filter", Input)
        field.display = True
        field.focus()

    @on(Input.Changed, "#tokens-filter")
    def _filter_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#tokens-filter")
    def _filter_submitted(self) -> None:
        self.query_one("#tokens-list").focus()

    def action_back(self) -> None:
        field = self.query_one("#tokens-filter", Input)
        if field.display:
            field.value = ""
            field.display = False
            self._fill()
            self.query_one("#tokens-list").focus()
            return
        self.dismiss()

    def action_open(self) -> None:
        index = self.query_one("#tokens-list", OptionList).highlighted
        if index is None or index >= len(self.shown):
            self.notify("No token selected.", severity="warning")
            return
        self._open(self.shown[index])

    @on(OptionList.OptionSelected, "#tokens-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.shown):
            self._open(self.shown[event.option_index])

    def _open(self, row: TokenRow) -> None:
        from cftui.ui.screens.token import TokenScreen

        self.app.push_screen(TokenScreen(row), self._back_from_token)

    def _back_from_token(self, _: None) -> None:
        """A roll changed the token's dates: list them again."""
        self.load()


def open_own_token(screen: Screen[None], state: FetchState) -> None:
    """The token in use up close, from its own entry; or why there is none to show."""
    from cftui.core.overview.own_token import CANNOT_READ
    from cftui.core.tokens.inventory import rows
    from cftui.ui.screens.token import TokenScreen

    own = state.own
    if own is not None and own.details is not None:
        now = screen.app.wall_clock()  # type: ignore[attr-defined]
        row = rows([own.details], now, own.token_id)[0]
        screen.app.push_screen(TokenScreen(row))
    elif own is not None and own.lacks_permission:
        screen.notify(CANNOT_READ[0].upper() + CANNOT_READ[1:] + ".", severity="warning")
    else:
        screen.notify(
            "The token in use did not say what it may do: only a user API token that may "
            "read itself does.",
            severity="warning",
        )
