"""One account: who it is and where each fact came from, its permission grid, its policies
(fetched when the account is opened), and an invitation to accept or decline.

The screen follows the app's ``AccountsView`` by the account's key: a page, a refresh, the
policies or an invitation's answer update it in place, so it is never older than the panel
underneath. Answering an invitation asks first, naming the account, and shows the answer
Cloudflare gave (the row's new status), never what was merely asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from cftui.core.accounts.load import AccountsView
from cftui.core.accounts.rows import AccountRow
from cftui.ui.intents import CopyId
from cftui.ui.invitations import UNANSWERABLE, ask_to_answer
from cftui.ui.keys import PANEL_BINDINGS, key_for
from cftui.ui.state import FetchState, Identity
from cftui.ui.widgets.account_detail import AccountSummary, GridPanel, PolicyPanel
from cftui.ui.widgets.footer import AppFooter
from cftui.ui.widgets.header import AppHeader
from cftui.ui.widgets.status_bar import StatusBar

ANSWER = "accept, decline the invitation to this account (asks first)"


class AccountPage(VerticalScroll, can_focus=False):
    """The account's panels. Under 80 columns they stack at their full height and the page
    scrolls; a panel with nothing to scroll passes the arrows (and ``j``/``k``) on to it. Not
    a focus stop of its own: ``tab`` goes from panel to panel as before."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "scroll_up", "Up", show=False, id="account.page_up"),
        Binding("j", "scroll_down", "Down", show=False, id="account.page_down"),
        Binding("g", "scroll_home", "Top", show=False, id="account.page_top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="account.page_bottom"),
    ]


class AccountScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="back to the accounts", id="account.back"),
        Binding(
            "c",
            "copy_id",
            "Copy id",
            tooltip="copy the account's id to the clipboard",
            id="account.copy_id",
        ),
        Binding(
            "a",
            "answer(True)",
            "Accept",
            tooltip=ANSWER,
            id="account.accept",
        ),
        Binding(
            "d",
            "answer(False)",
            "Decline",
            tooltip=ANSWER,
            id="account.decline",
        ),
        *PANEL_BINDINGS,
    ]

    def __init__(self, row: AccountRow, clock: Callable[[], float]) -> None:
        super().__init__()
        self.row = row
        self._clock = clock
        self._view: AccountsView | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with AccountPage(id="account-body"):
            yield AccountSummary(id="account-summary")
            yield Static(id="account-invite")
            with Container(id="account-lists"):
                yield GridPanel(id="account-grid")
                yield PolicyPanel(id="account-policies")
        yield StatusBar(self._clock, id="account-status")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "identity", self._show_identity)
        self.watch(self.app, "state", self._show_state)
        self.watch(self.app, "accounts", self._show_accounts)
        self.query_one(GridPanel).focus()

    def _show_identity(self, identity: Identity) -> None:
        self.query_one(AppHeader).identity = identity

    def _show_state(self, state: FetchState) -> None:
        self.query_one(StatusBar).state = state

    def _show_accounts(self, view: AccountsView) -> None:
        self._view = view
        fresh = view.row(self.row.key)
        row = fresh or self.row
        self.row = row
        summary = self.query_one(AccountSummary)
        summary.gone = fresh is None and not view.loading
        summary.row = row
        grid = self.query_one(GridPanel)
        if grid.cells is not row.grid:
            grid.show_grid(row.grid)
        self.query_one(PolicyPanel).show_policies(
            row,
            loading=row.key in view.policy_loading,
            problem=view.policy_problems.get(row.key),
            names=_account_names(view) if row.policies else {},
        )
        self._show_invitation(row, view)
        self.refresh_bindings()

    def _show_invitation(self, row: AccountRow, view: AccountsView) -> None:
        banner = self.query_one("#account-invite", Static)
        problem = view.answer_problems.get(row.key)
        text: Text | None = None
        banner.set_class(problem is not None, "-problem")
        if row.key in view.answering:
            text = Text("Sending your answer to Cloudflare…")
        elif problem is not None:
            text = Text(f"{problem.message} ", end="")
            text.append(problem.hint, style="italic")
        elif row.can_answer:
            text = Text("• You are invited to join this account.", end="")
            keys = Text(end="")
            keys.append(key_for(self, "account.accept"), style="bold")
            keys.append(" accept · ")
            keys.append(key_for(self, "account.decline"), style="bold")
            keys.append(" decline")
            # The keys are one phrase: where the line is too short for both, they go to a
            # line of their own, never "a accept · d" on one line and "decline" below.
            room = self.size.width - banner.styles.gutter.width
            text.append("\n" if text.cell_len + 2 + keys.cell_len > room else "  ")
            text.append_text(keys)
        elif row.is_pending:
            text = Text(f"• {UNANSWERABLE}")
        banner.display = text is not None
        banner.update(text or "")

    def on_resize(self) -> None:
        if self._view is not None:
            self._show_invitation(self.row, self._view)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            view = self._view
            busy = view is not None and self.row.key in view.answering
            return self.row.can_answer and not busy
        return True

    # -- actions ---------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_copy_id(self) -> None:
        row = self.row
        if row.account_id:
            self.post_message(CopyId("account", row.account_id, row.name))
        else:
            self.notify("This account has no id.", severity="warning")

    def action_answer(self, accept: bool) -> None:
        view = self._view
        busy = view is not None and self.row.key in view.answering
        ask_to_answer(self, self.row, accept=accept, busy=busy)


def _account_names(view: AccountsView) -> dict[str, str]:
    """Account id -> name, for wording policy scopes (``zone … in account Okafor Studio``)."""
    return {row.account_id: row.name for row in view.rows if row.account_id}
