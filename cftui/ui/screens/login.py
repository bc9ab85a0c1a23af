"""Log in from inside the TUI: check a credential with Cloudflare, then keep it in the keyring.

The order matters. Obvious mistakes (an empty paste, a Global key in the token field) are
caught locally so the network never sees them; a credential Cloudflare rejects is never
saved and never replaces a stored one; only a verified credential reaches the keyring. When
there is no keyring the credential may still be used for this session, and the screen says
plainly that it is not saved anywhere.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
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

from cftui.core.credentials import Credential, make_global_key, make_token
from cftui.core.errors import CftuiError, UsageError
from cftui.core.profiles import ProfileStore, check_profile_name
from cftui.ui.types import LoginResult, UserSource
from cftui.ui.widgets.footer import AppFooter

NO_KEYRING_NOTE = "Session only: not saved (no keyring)"
SESSION_BUTTON = "Use for this session only (not saved)"
_WELL_FORMED_KEY = "0" * 37  # not a secret: lets the email be checked on its own


def _bad_email(email: str) -> bool:
    """Whether ``make_global_key`` would refuse the email, to put the cursor where the fix is."""
    try:
        make_global_key(email, _WELL_FORMED_KEY)
    except UsageError:
        return True
    return False


class LoginScreen(ModalScreen[LoginResult | None]):
    """Ask for a credential, verify it with ``GET /user`` and save it if that worked.

    Dismisses with a ``LoginResult`` (saved or session-only) or ``None`` when cancelled.
    """

    DEFAULT_CSS = """
    LoginScreen { align: center middle; }
    LoginScreen > #login-dialog {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; border-title-align: left;
        background: $surface; padding: 0 1;
    }
    LoginScreen #login-note { color: $text-warning; text-style: bold; margin-bottom: 1; }
    LoginScreen #login-kind { width: 100%; layout: horizontal; }
    LoginScreen #login-kind > RadioButton { width: auto; margin-right: 2; }
    LoginScreen .login-row { height: 3; }
    LoginScreen .login-row > Label { width: 16; padding: 1 1 0 0; }
    LoginScreen .login-row > Input { width: 1fr; }
    LoginScreen #login-default { margin-left: 16; }
    LoginScreen #login-status { height: auto; min-height: 1; }
    LoginScreen #login-keys { color: $text-muted; width: 1fr; padding-top: 1; }
    LoginScreen #login-status.-error { color: $text-error; }
    LoginScreen.-offer-session #login-keys, LoginScreen.-busy #login-keys { display: none; }
    LoginScreen #login-busy { height: 1; display: none; }
    LoginScreen #login-busy LoadingIndicator { width: 12; height: 1; }
    LoginScreen.-busy #login-busy { display: block; }
    LoginScreen.-busy #login-status { display: none; }
    LoginScreen #login-buttons { height: auto; align-horizontal: right; }
    LoginScreen #login-buttons Button { margin-left: 1; }
    LoginScreen #login-session { display: none; }
    LoginScreen.-offer-session #login-session { display: block; }
    LoginScreen.-global-key #login-email-row { display: block; }
    LoginScreen #login-email-row { display: none; }
    LoginScreen.-session-only .save-only { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Verify", tooltip="verify, then save", id="login.submit"),
        Binding("escape", "cancel", "Cancel", tooltip="cancel", id="login.cancel"),
    ]
    AUTO_FOCUS = "#login-secret"

    def __init__(
        self,
        store: ProfileStore | None,
        client_factory: Callable[[Credential], UserSource],
        *,
        default_name: str = "default",
        keyring_ok: bool = True,
    ) -> None:
        self._can_save = store is not None and keyring_ok
        super().__init__(classes="" if self._can_save else "-session-only")
        self._store = store
        self._client_factory = client_factory
        self._default_name = default_name
        self._verified: Credential | None = None

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="login-dialog") as dialog:
            dialog.border_title = "Log in to Cloudflare"
            if not self._can_save:
                yield Static(NO_KEYRING_NOTE, id="login-note")
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
            with Horizontal(id="login-buttons"):
                yield Static("enter verify · tab next · esc cancel", id="login-keys")
                yield Button(SESSION_BUTTON, id="login-session", variant="warning")
                submit = "Verify & save" if self._can_save else "Verify & use"
                yield Button(submit, id="login-submit", variant="primary")
                yield Button("Cancel", id="login-cancel")
        yield AppFooter()

    def on_mount(self) -> None:
        if self._can_save and not self._default_name:
            self._input("name").focus()  # no name to suggest: that is the first thing to type

    @property
    def global_key_mode(self) -> bool:
        return self.query_one("#kind-global", RadioButton).value

    @property
    def busy(self) -> bool:
        return self.has_class("-busy")

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
        self.dismiss(None)

    # -- submit and verify ---------------------------------------------------------------

    def action_submit(self) -> None:
        """Validate locally, then hand over to the verifying worker."""
        if self.busy:
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
                field = "email" if _bad_email(email) else "secret"
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
            await self._check(credential)
        except CftuiError as exc:
            self._set_busy(False)
            self._say_error(exc, "Not saved:")
            return
        except Exception as exc:  # a bug in a user source must not take the app down
            self._set_busy(False)
            self._say(f"Not saved: unexpected {type(exc).__name__} while verifying.", error=True)
            return
        if name is None or self._store is None:
            self._finish(LoginResult(None, credential, saved=False, make_default=False))
            return
        try:
            await asyncio.to_thread(self._store.save, name, credential, make_default=make_default)
        except CftuiError as exc:
            self._set_busy(False)
            self._say_error(exc, "Verified, but not saved:")
            self._offer_session(credential)
            self.query_one("#login-session", Button).focus()
            return
        self._finish(LoginResult(name, credential, saved=True, make_default=make_default))

    async def _check(self, credential: Credential) -> None:
        """One ``GET /user`` with a client built for this credential, always closed."""
        source = self._client_factory(credential)
        try:
            await source.get_user()
        finally:
            await source.aclose()

    def _finish(self, result: LoginResult) -> None:
        what = result.credential.describe()
        if result.saved:
            note = f"Saved profile '{result.profile}' ({what})."
            if result.make_default:
                note += " It is now the default."
        else:
            note = f"Using {what} for this session only; it is not saved."
        self.notify(note, title="Logged in", markup=False)
        self.dismiss(result)
