"""The main screen: profile card, security, zone tiers and the accounts panel.

It renders whatever ``FetchState`` and ``AccountsView`` the app publishes and never fetches
anything itself: the body switches between the data, a loading indicator and a problem panel,
and the data stays on screen while a refresh fails (the status bar says so). The accounts
panel fails on its own: what went wrong with the memberships is said inside it, above the
accounts ``/user`` still lists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Input, LoadingIndicator, Static

from cftui.core.accounts.load import AccountsView
from cftui.core.accounts.rows import AccountRow
from cftui.core.models.user import User
from cftui.ui.intents import CopyId, OpenAccount
from cftui.ui.invitations import ask_to_answer
from cftui.ui.keys import key_for
from cftui.ui.list_keys import MAIN_BINDINGS
from cftui.ui.state import FetchState, Identity
from cftui.ui.widgets.account_table import AccountTable
from cftui.ui.widgets.filter_input import FilterInput
from cftui.ui.widgets.footer import AppFooter
from cftui.ui.widgets.header import AppHeader
from cftui.ui.widgets.overview_panel import OverviewPanel
from cftui.ui.widgets.profile_card import ProfileCard
from cftui.ui.widgets.security import SecurityPanel
from cftui.ui.widgets.state_panel import StatePanel
from cftui.ui.widgets.status_bar import StatusBar
from cftui.ui.widgets.tier_flags import TierFlags
from cftui.ui.words import counted


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = MAIN_BINDINGS

    def __init__(self, clock: Callable[[], float]) -> None:
        super().__init__()
        self._clock = clock
        self._user: User | None = None
        self._state = FetchState()
        self._view = AccountsView()

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with ContentSwitcher(initial="loading", id="body"):
            with Container(id="data"):
                yield Static("⚠ This account is suspended.", id="suspended-banner")
                yield OverviewPanel(id="overview")
                with Vertical(id="accounts"):
                    yield Static(id="accounts-problem")
                    yield FilterInput(
                        placeholder="Filter: name, id, role, permission or policy", id="filter"
                    )
                    yield AccountTable(id="account-table")
            with Container(id="loading"):
                yield LoadingIndicator()
                yield Static("Loading your Cloudflare profile…", id="loading-text")
            with Container(id="problem"):
                yield StatePanel(self._clock, id="state")
        yield StatusBar(self._clock, id="status")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#accounts").border_title = "Accounts"
        self.query_one("#filter", Input).display = False
        self.query_one("#accounts-problem").display = False
        self.watch(self.app, "identity", self._show_identity)
        self.watch(self.app, "state", self._state_changed)
        self.watch(self.app, "accounts", self._show_accounts)
        self.query_one(AccountTable).focus()

    def on_resize(self) -> None:
        self._refit()

    def _refit(self) -> None:
        """Size the overview again once laid out: the card, a banner, the accounts' problem
        line or the filter changed height."""
        self.call_after_refresh(self.query_one(OverviewPanel).fit)

    # -- rendering the app's state ---------------------------------------------------------

    def _show_identity(self, identity: Identity) -> None:
        self.query_one(AppHeader).identity = identity

    def _state_changed(self, state: FetchState) -> None:
        # Drawing awaits (the problem panel mounts buttons), and Textual queues an async
        # watcher's first call on the app, not on this screen: a coroutine bound to the state
        # of the moment could run after a newer one and draw "Loading" over the data. So note
        # the state here, synchronously and in order, and draw whatever is newest.
        self._state = state
        self.call_next(self._show_state)

    async def _show_state(self) -> None:
        state = self._state
        self.query_one(StatusBar).state = state
        if state.response is not None:  # the token section belongs to the data on screen
            self.query_one(AppHeader).token = state.token
            security = self.query_one(SecurityPanel)
            security.checking = state.checking
            security.own = state.own
            security.token = state.token
        body = self.query_one("#body", ContentSwitcher)
        response = state.response
        if response is not None:
            if response.user is not self._user:
                self._show_user(response.user)
            if body.current != "data":
                body.current = "data"
                self.query_one(AccountTable).focus()
            self._refit()
        elif state.loading:
            body.current = "loading"
        elif state.problem is not None:
            await self.query_one(StatePanel).show(state.problem)
            if self._state is not state:
                return  # a newer state arrived meanwhile; its own call draws it
            body.current = "problem"
            buttons = self.query("#state-buttons Button")
            if buttons:
                buttons.first().focus()
        self.refresh_bindings()

    def _show_user(self, user: User) -> None:
        self._user = user
        self.query_one(ProfileCard).user = user
        self.query_one(SecurityPanel).user = user
        self.query_one(TierFlags).user = user
        self.query_one("#suspended-banner").set_class(bool(user.suspended), "-on")

    def _show_accounts(self, view: AccountsView) -> None:
        empty = "Loading accounts…" if view.loading else "No accounts"
        self.query_one(AccountTable).set_rows(view.rows, empty=empty)
        panel = self.query_one("#accounts")
        invited = view.pending
        panel.border_title = (
            f"Accounts · {invited:,} invitation{'s' if invited != 1 else ''}"
            if invited
            else "Accounts"
        )
        problem_line = self.query_one("#accounts-problem", Static)
        problem = view.problem
        problem_line.display = problem is not None
        if problem is not None:
            text = Text(f"⚠ {problem.brief} ", end="")
            text.append(problem.hint, style="bold")
            problem_line.update(text)
        self._view = view
        self._update_count()
        self._refit()

    def _update_count(self) -> None:
        table = self.query_one(AccountTable)
        parts = []
        if table.filter_text.strip():
            parts.append(counted(len(table.shown), "match", "matches"))
        if self._view.progress:
            parts.append(f"memberships {self._view.progress}")
        self.query_one("#accounts").border_subtitle = " · ".join(parts) or None

    # -- filtering -------------------------------------------------------------------------

    @property
    def filter_active(self) -> bool:
        return self.query_one("#filter", Input).display

    def action_filter(self) -> None:
        if self.query_one("#body", ContentSwitcher).current != "data":
            return
        field = self.query_one("#filter", Input)
        field.display = True
        field.focus()
        self.refresh_bindings()
        self._refit()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_one(AccountTable).filter(event.value)
        self._update_count()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(AccountTable).focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        field.display = False
        table = self.query_one(AccountTable)
        table.filter("")
        table.focus()
        self._update_count()
        self.refresh_bindings()
        self._refit()

    def action_match(self, step: int) -> None:
        """The next (``step`` 1) or previous match of the filter, wrapping at the ends."""
        table = self.query_one(AccountTable)
        if not table.filter_text.strip():
            filter_key = key_for(self, "main.filter")
            self.notify(f"No filter: press {filter_key} to find accounts.", severity="warning")
        elif table.shown:
            table.move_to((table.cursor + step) % len(table.shown))

    # -- the whole screen for the list -------------------------------------------------------

    @property
    def zoomed(self) -> bool:
        return self.has_class("-zoomed")

    def action_zoom(self) -> None:
        """Hide the card above (or beside) the accounts, or show it again."""
        self.set_class(not self.zoomed, "-zoomed")
        self.query_one(AccountTable).focus()
        self._refit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return self.filter_active
        if action in ("filter", "open", "copy_id", "zoom", "match"):
            return self._user is not None
        if action == "answer":  # in the footer only on an invitation; said, never silent
            row = self.query_one(AccountTable).highlighted
            return self._user is not None and row is not None and row.is_pending
        return True

    @on(AccountTable.Moved)
    def _cursor_moved(self) -> None:
        self.refresh_bindings()  # accept and decline follow the row the cursor is on

    def action_answer(self, accept: bool) -> None:
        row = self.query_one(AccountTable).highlighted
        if row is not None:
            ask_to_answer(self, row, accept=accept, busy=row.key in self._view.answering)

    # -- opening and copying ---------------------------------------------------------------

    def action_open(self) -> None:
        row = self.query_one(AccountTable).highlighted
        if row is None:
            self.notify("No account selected.", severity="warning")
            return
        self._open(row)

    @on(AccountTable.Selected)
    def _selected(self, event: AccountTable.Selected) -> None:
        self._open(event.row)

    def _open(self, row: AccountRow) -> None:
        self.post_message(OpenAccount(row))

    def action_tokens(self) -> None:
        from cftui.ui.screens.tokens import TokensScreen

        self.app.push_screen(TokensScreen())

    def action_own_token(self) -> None:
        from cftui.ui.screens.tokens import open_own_token

        open_own_token(self, self._state)

    def action_copy_id(self) -> None:
        """Copy the highlighted account's id; the user's id when the card has focus."""
        row = self.query_one(AccountTable).highlighted
        overview_focused = self.focused is self.query_one(OverviewPanel)
        if row is not None and row.account_id and not overview_focused:
            self.post_message(CopyId("account", row.account_id, row.name))
        elif self._user is not None and self._user.id:
            self.post_message(CopyId("user", self._user.id, self._user.display_name))
        else:
            self.notify("Nothing to copy yet.", severity="warning")
