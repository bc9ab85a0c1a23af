"""One API token up close: its dates, what needs attention, and every policy in words; and
rolling it, after the same question ``cftui tokens roll`` asks.

The roll follows the core's rules (``ui.token_roll``): the new secret goes into the keyring
entries that held the token and is never drawn; only when it could not be stored anywhere
is it shown, once, in a dialog that says why (``NewSecretScreen``). A roll of the token in
use switches the session to the profile's new secret and refreshes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from cftui.core.errors import CftuiError
from cftui.core.overview.token_report import when
from cftui.core.text import shorten
from cftui.core.tokens.describe import describe_token
from cftui.core.tokens.inventory import TokenRow
from cftui.ui.state import Identity
from cftui.ui.widgets.footer import AppFooter
from cftui.ui.widgets.header import AppHeader

NAME_LIMIT = 80


def roll_question(name: str) -> str:
    """What is asked before a roll: the token by name, and that the old value dies at once."""
    return (
        f"Roll the API token {name}? Cloudflare gives it a new secret, and the old value "
        "stops working at once: whatever still uses it fails until it has the new one. "
        "cftui puts the new value into the profiles that hold this token."
    )


def details_text(row: TokenRow, now: datetime) -> Text:
    """The token's facts and policies as plain text (API strings never read as markup)."""
    token = row.token
    text = Text(end="")
    text.append(shorten(token.name or "(unnamed token)", NAME_LIMIT), style="bold")
    if row.current:
        text.append("  ● the token in use", style="italic")
    facts = [
        ("id", token.id or "—"),
        ("status", token.status or "unknown"),
        ("expires", when(token.expires_on, now).full),
        ("last used", when(token.last_used_on, now).full),
        ("modified", when(token.modified_on, now).full),
        ("issued", when(token.issued_on, now).full),
    ]
    if token.not_before is not None:
        facts.append(("valid from", when(token.not_before, now).full))
    words = describe_token(token)
    facts.append(("IP", words.ip))
    for label, value in facts:
        text.append(f"\n{label:<11}", style="dim")
        text.append(value)
    text.append("\n\nNeeds attention\n", style="bold")
    text.append(", ".join(row.hygiene.words) or "nothing")
    text.append("\n\nPolicies\n", style="bold")
    for policy in words.policies:
        head, *lines = policy.lines()
        effect, _, groups = head.partition(": ")
        text.append(f"{effect}: ", style="bold" if policy.effect == "deny" else "")
        text.append(f"{groups}\n")
        for line in lines:
            text.append(f"{line}\n", style="dim")
    if not words.policies:
        text.append("No policies.\n")
    return text


class TokenScreen(Screen[None]):
    DEFAULT_CSS = """
    TokenScreen #token-body { height: 1fr; border: round $foreground 25%; padding: 0 1; }
    TokenScreen #token-body:focus { border: round $border; }
    TokenScreen #token-roll-state { height: auto; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="back to the tokens", id="token.back"),
        Binding(
            "R",
            "roll",
            "Roll",
            tooltip="roll: a new secret, stored where the old one was (asks first)",
            id="token.roll",
        ),
    ]

    def __init__(self, row: TokenRow) -> None:
        super().__init__()
        self.row = row
        self.rolling = False

    @property
    def cftui(self) -> Any:
        """The ``CftuiApp`` (its session, clocks and state); not imported: the app imports
        the screens."""
        return self.app

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with VerticalScroll(id="token-body"):
            yield Static(details_text(self.row, self.cftui.wall_clock()), id="token-details")
        yield Static(id="token-roll-state")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "identity", self._show_identity)
        body = self.query_one("#token-body")
        body.border_title = "API token"
        body.focus()
        self.query_one("#token-roll-state").display = False

    def _show_identity(self, identity: Identity) -> None:
        header = self.query_one(AppHeader)
        header.identity = identity
        header.token = self.cftui.state.token

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "roll":
            return not self.rolling and bool(self.row.token.id) and not self.cftui.session.demo
        return True

    def action_back(self) -> None:
        self.dismiss()

    def action_roll(self) -> None:
        from cftui.ui.screens.confirm import ConfirmScreen

        name = shorten(self.row.token.name or self.row.token.id or "", NAME_LIMIT)
        confirm = ConfirmScreen(roll_question(name), yes_label="Roll", no_label="Cancel")
        self.app.push_screen(confirm, self._confirmed)

    def _confirmed(self, yes: bool | None) -> None:
        if yes:
            self._roll()

    def _say(self, words: str | None) -> None:
        state = self.query_one("#token-roll-state", Static)
        state.display = words is not None
        state.update(Text(words or ""))

    @work(exclusive=True, group="roll", exit_on_error=False)
    async def _roll(self) -> None:
        from cftui.ui.token_roll import Roller, stored_note, why_shown

        app = self.cftui
        token = self.row.token
        assert token.id is not None
        name = shorten(token.name or token.id, NAME_LIMIT)
        self.rolling = True
        self.refresh_bindings()
        self._say(f"Rolling {name}…")
        session = app.session
        try:
            source = await session.source()
            roller = Roller(source, app.client_factory, session.store, session.resolved)
            outcome, search = await roller.roll(token.id, name)
        except CftuiError as error:
            self._say(None)
            hint = f" {error.hint}" if error.hint else ""
            app.notify(f"{error.message}{hint}", title="Not rolled", severity="error", markup=False)
            return
        finally:
            self.rolling = False
            self.refresh_bindings()
        self._say(f"{name} was rolled: its old value no longer works.")
        if outcome.must_show:
            from cftui.ui.screens.new_secret import NewSecretScreen

            app.push_screen(NewSecretScreen(outcome.secret, why_shown(outcome, search)))
        else:
            app.notify(stored_note(outcome), title="Token rolled", markup=False)
        resolved = session.resolved
        if resolved is not None and resolved.profile in outcome.stored:
            from cftui.ui.types import UseProfile

            app.switch(UseProfile(resolved.profile))  # the session's secret is the new one
