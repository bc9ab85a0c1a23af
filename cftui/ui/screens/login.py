"""Log in from inside the TUI: check a credential with Cloudflare, then keep it in the keyring.

The order matters. Obvious mistakes (an empty paste, a Global key in the token field) are
caught locally so the network never sees them; a credential Cloudflare rejects is never
saved and never replaces a stored one; only a verified credential reaches the keyring. When
there is no keyring the credential may still be used for this session, and the screen says
plainly that it is not saved anywhere. Whether it can be saved is decided before the
dialog offers its buttons (``SaveCheck``: one probe of the keyring, shared by every dialog).
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    LoadingIndicator,
    RadioButton,
    RadioSet,
    Static,
)

from cftui.core.credentials.kinds import Credential, make_global_key, make_token
from cftui.core.credentials.profiles import ProfileStore, check_profile_name
from cftui.core.errors import CftuiError, UsageError
from cftui.ui.login_steps import bad_email, logged_in_note, verify
from cftui.ui.save_check import SaveCheck, SaveDecision
from cftui.ui.types import ClientFactory, LoginResult
from cftui.ui.widgets.footer import AppFooter

NO_KEYRING_NOTE = "Session only: this login cannot be saved"
SESSION_BUTTON = "Use for this session only (not saved)"


class LoginScreen(ModalScreen[LoginResult | None]):
    """Ask for a credential, verify it with ``GET /user`` and save it if that worked.

    Dismisses with a ``LoginResult`` (saved or session-only) or ``None`` when cancelled.
    """

    CSS_PATH = "login.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Verify", tooltip="verify, then save", id="login.submit"),
        Binding("escape", "cancel", "Cancel", tooltip="cancel", id="login.cancel"),
    ]
    AUTO_FOCUS = "#login-secret"

    def __init__(
        self,
        store: ProfileStore | None,
        client_factory: ClientFactory,
        *,
        default_name: str = "default",
        saving: SaveCheck | None = None,
    ) -> None:
        super().__init__(classes="-checking")
        self._saving = saving or SaveCheck(store)
        self._can_save = False  # until the check says so
        self._store = store
        self._client_factory = client_factory
        self._default_name = default_name
        self._verified: Credential | None = None

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="login-dialog") as dialog:
            dialog.border_title = "Log in to Cloudflare"
            with Vertical(id="login-note"):
                yield Static(NO_KEYRING_NOTE, id="login-headline")
                yield Static("", id="login-why")
            with RadioSet(id="login-kind", compact=True):
                yield RadioButton("API token (recommended)", value=True, id="kind-token")
                yield RadioButton("Email + Global API key", id="kind-global")
            with Horizontal(classes="login-row save-only"):
                yield Label("Profile name")
                yield Input(self._default_name, id="login-name", max_length=64)
            with Horizontal(classes="login-row", id="login-email-row"):
                yield Label("Email")
                yield Input(placeholder="you@example.com", id="login-email")
            with Horizontal(classes="login-row"):
                yield Label("API token", id="login-secret-label")
                yield Input(password=True, placeholder="paste it here", id="login-secret")
            yield Checkbox(
                "Make this the default profile",
                id="login-default",
                classes="save-only",
                compact=True,
            )
            yield Static("", id="login-status")
            with Horizontal(id="login-busy"):
                yield LoadingIndicator()
                yield Label("Checking the credential with Cloudflare…")
            with Horizontal(id="login-probe"):
                yield LoadingIndicator()
                yield Label("Checking whether the keyring can save it…")
            with Horizontal(id="login-buttons"):
                yield Static("enter verify · tab next · esc cancel", id="login-keys")
                yield Button(SESSION_BUTTON, id="login-session", variant="warning")
                yield Button("Verify & save", id="login-submit", variant="primary")
                yield Button("Cancel", id="login-cancel")
        yield AppFooter()

    def on_mount(self) -> None:
        known = self._saving.known
        if known is not None:
            self._decided(known)  # no flicker when the answer is already in
        else:
            self._decide()

    @work(exclusive=True, group="login-probe", exit_on_error=False)
    async def _decide(self) -> None:
        self._decided(await self._saving.decide())

    @work(exclusive=True, group="login-submit", exit_on_error=False)
    async def _submit_when_decided(self) -> None:
        self._decided(await self._saving.decide())
        self.action_submit()

    def _decided(self, decision: SaveDecision) -> None:
        """Offer what can be done: save (name, default) or use for this session only."""
        self._can_save = decision.can_save
        self.query_one("#login-why", Static).update(Text(decision.why_not))
        self.set_class(not decision.can_save, "-session-only")
        submit = "Verify & save" if decision.can_save else "Verify & use"
        self.query_one("#login-submit", Button).label = submit
        self.remove_class("-checking")
        self.refresh_bindings()
        if decision.can_save and not self._default_name and not self.busy:
            self._input("name").focus()  # no name to suggest: that is the first thing to type

    @property
    def global_key_mode(self) -> bool:
        return self.query_one("#kind-global", RadioButton).value

    @property
    def busy(self) -> bool:
        return self.has_class("-busy")

    @property
    def checking(self) -> bool:
        return self.has_class("-checking")

    def _input(self, name: str) -> Input:
        return self.query_one(f"#login-{name}", Input)

    def _say(self, text: str, error: bool = False) -> None:
        status = self.query_one("#login-status", Static)
        status.update(Text(text))
        status.set_class(error, "-error")

    def _say_error(self, exc: CftuiError, prefix: str = "") -> None:
        self._say(" ".join(p for p in (prefix, exc.message, exc.hint or "") if p), error=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a check runs, Enter does nothing, so the footer does not offer it."""
        return not (action == "submit" and self.busy)

    def _set_busy(self, busy: bool) -> None:
        self.set_class(busy, "-busy")
        self.refresh_bindings()
        for widget in self.query("Input, RadioSet, Checkbox, #login-submit"):
            widget.disabled = busy
        if not busy:
            self._input("secret").focus()

    def _offer_session(self, credential: Credential | None) -> None:
        self._verified = credential
        self.set_class(credential is not None, "-offer-session")

    # -- events --------------------------------------------------------------------------

    @on(RadioSet.Changed, "#login-kind")
    def _kind_changed(self) -> None:
        global_key = self.global_key_mode
        self.set_class(global_key, "-global-key")
        label = "Global API key" if global_key else "API token"
        self.query_one("#login-secret-label", Label).update(label)
        self._offer_session(None)
        self._say("")

    @on(Input.Changed)
    def _edited(self) -> None:
        if self._verified is not None:
            self._offer_session(None)
            self._say("")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "login-submit":
            self.action_submit()
        elif event.button.id == "login-cancel":
            self.action_cancel()
        elif event.button.id == "login-session" and self._verified is not None:
            self._finish(LoginResult(None, self._verified, saved=False, make_default=False))

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "login-verify")
        self.workers.cancel_group(self, "login-probe")
        self.workers.cancel_group(self, "login-submit")
        self.dismiss(None)

    # -- submit and verify ---------------------------------------------------------------

    def action_submit(self) -> None:
        """Validate locally, then hand over to the verifying worker."""
        if self.busy:
            return
        if self.checking:  # Enter while the keyring is tried: go on once it has answered
            self._submit_when_decided()
            return
        self._offer_session(None)
        field = "name"
        try:
            name = None
            if self._can_save:
                name = check_profile_name(self._input("name").value.strip())
            field = "secret"
            secret = self._input("secret").value
            credential: Credential
            if self.global_key_mode:
                email = self._input("email").value
                field = "email" if bad_email(email) else "secret"
                credential = make_global_key(email, secret)
            else:
                credential = make_token(secret)
        except UsageError as exc:
            self._say_error(exc)
            self._input(field).focus()
            return
        make_default = self._can_save and self.query_one("#login-default", Checkbox).value
        self._say("")
        self._verify(credential, name, make_default)

    @work(exclusive=True, group="login-verify", exit_on_error=False)
    async def _verify(self, credential: Credential, name: str | None, make_default: bool) -> None:
        self._set_busy(True)
        try:
            await verify(self._client_factory, credential)
        except CftuiError as exc:
            self._set_busy(False)
            self._say_error(exc, "Not saved:")
            return
        except Exception as exc:  # a bug in a requester must not take the app down
            self._set_busy(False)
            self._say(f"Not saved: unexpected {type(exc).__name__} while verifying.", error=True)
            return
        if name is None or self._store is None:
            self._finish(LoginResult(None, credential, saved=False, make_default=False))
            return
        try:
            await asyncio.to_thread(self._store.save, name, credential, make_default=make_default)
        except CftuiError as exc:
            self._saving.failed(exc)  # the next dialog knows before its buttons
            self._set_busy(False)
            self._say_error(exc, "Verified, but not saved:")
            self._offer_session(credential)
            self.query_one("#login-session", Button).focus()
            return
        self._finish(LoginResult(name, credential, saved=True, make_default=make_default))

    def _finish(self, result: LoginResult) -> None:
        self.notify(logged_in_note(result), title="Logged in", markup=False)
        self.dismiss(result)
