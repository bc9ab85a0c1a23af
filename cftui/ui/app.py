"""The Textual app: the fetch worker and the one place that switches credentials.

Everything shown lives in screens and widgets; everything about credentials lives in
``Session``. The app's own job is the one network call, run in an exclusive worker so a
second refresh cancels the first and the UI never waits on the network. Its keys are
declared with the others in ``keys.py``.
"""

from __future__ import annotations

import logging
import os
import time
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.screen import Screen

from cftui.core import clock
from cftui.core.accounts.load import AccountsView
from cftui.core.accounts.rows import AccountRow
from cftui.core.credentials.kinds import Credential
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.errors import CftuiError, KeyringUnavailableError, NoCredentialsError
from cftui.ui.accounts import AccountsController
from cftui.ui.clipboard import TmuxQuery, ask_tmux
from cftui.ui.fetch import load
from cftui.ui.intents import AnswerInvitation, CopyId, OpenAccount
from cftui.ui.invitations import answered_note
from cftui.ui.keys import APP_BINDINGS, key_for, key_help, screen_keys
from cftui.ui.memory import settle_memory
from cftui.ui.palette import palette_commands
from cftui.ui.save_check import SaveCheck
from cftui.ui.screens.account import AccountScreen
from cftui.ui.screens.copy_id import copy_id
from cftui.ui.screens.main import MainScreen
from cftui.ui.session import Session
from cftui.ui.signals import stop_cleanly
from cftui.ui.state import (
    FetchState,
    Identity,
    TuiKeys,
    cloudflare_notes,
    exit_state,
    first_run_problem,
    problem_from_error,
)
from cftui.ui.types import ClientFactory, ExitState, Switch, UseDemo

if TYPE_CHECKING:
    from cftui.core.api.envelope import UserResponse
    from cftui.core.api.requester import Requester
    from cftui.core.overview.token_report import TokenReport

logger = logging.getLogger("cftui.ui")


class CftuiApp(App[ExitState]):
    CSS_PATH = "app.tcss"
    TITLE = "cftui"
    # Not a ClassVar annotation: App declares it in a way mypy reads as an instance variable.
    HORIZONTAL_BREAKPOINTS = [(0, "-tight"), (80, "-narrow"), (120, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS

    state: var[FetchState] = var(FetchState, always_update=True)
    identity: var[Identity] = var(Identity, always_update=True)
    accounts: var[AccountsView] = var(AccountsView, always_update=True)

    def __init__(
        self,
        store: ProfileStore | None,
        *,
        profile: str | None = None,
        env: Mapping[str, str] | None = None,
        demo: bool = False,
        client_factory: ClientFactory | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] | None = None,
        tmux_query: TmuxQuery = ask_tmux,
    ) -> None:
        super().__init__()
        env = os.environ if env is None else env
        self.clock = clock
        self.wall_clock = now or _utc_now  # token expiry words; tests fix the day
        self._advised: set[str] = set()
        self.tmux_query = tmux_query  # where a copy goes inside tmux; tests answer for tmux
        self.client_factory: ClientFactory = client_factory or _default_factory
        self.session = Session(
            store, profile=profile, env=env, demo=demo, client_factory=self.client_factory
        )
        self.accounts_ctl = AccountsController(self, self._publish_accounts)
        self.save_check = SaveCheck(store)  # every login dialog shows its one answer

    def _publish_accounts(self, view: AccountsView) -> None:
        self.accounts = view

    async def _demo_accounts(self) -> None:
        """The demo's memberships from the session's demo client, so an invitation answered
        now is still answered after ``r``. Called after the first frame's data is set: the
        client (and httpx with it) is built only then."""
        self.accounts_ctl.fetch(await self.session.source())

    def on_mount(self) -> None:
        if not self.is_headless:  # a test's event loop keeps the test runner's signals
            stop_cleanly(self)
        self.identity = self.session.identity
        if self.session.demo:
            # Demo data is local: applied now, the very first frame already shows it instead
            # of a loading panel one worker round trip earlier.
            from cftui.core.demo.clients import demo_overview
            from cftui.core.overview.token_report import token_report

            overview = demo_overview()
            token = token_report(overview, self.wall_clock())
            response = overview.response()
            self.state = FetchState.answered(response, self.clock(), token, overview.own)
            self.accounts_ctl.organizations(response.user.organizations)
            self.call_later(self._demo_accounts)
            self.push_screen(MainScreen(self.clock))
            return
        self.push_screen(MainScreen(self.clock))
        self.refresh_user()

    async def on_unmount(self) -> None:
        await self.session.aclose()

    # -- what the screens ask for --------------------------------------------------------

    def on_copy_id(self, intent: CopyId) -> None:
        copy_id(self, self.session.env, self.tmux_query, intent.what, intent.value, intent.name)

    def on_open_account(self, intent: OpenAccount) -> None:
        """The policies are asked for before the screen mounts: it first shows them loading."""
        self.accounts_ctl.open(intent.row)
        self.push_screen(AccountScreen(intent.row, self.clock))

    def on_answer_invitation(self, intent: AnswerInvitation) -> None:
        def done(row: AccountRow) -> None:
            note = answered_note(row, intent.accept)
            self.notify(note, title="Invitation answered", markup=False)

        self.accounts_ctl.answer(intent.row, accept=intent.accept, done=done)

    # -- fetching --------------------------------------------------------------------------

    def refresh_user(self) -> None:
        self.state = replace(self.state, loading=True, problem=None)
        self._fetch()

    @work(exclusive=True, group="fetch", exit_on_error=False)
    async def _fetch(self) -> None:
        """Fetch ``/user``; every failure becomes a screen state, never a traceback."""
        previous = self.state
        retry_key = key_for(self, "app.refresh")  # the words name the key as it is bound now
        keys = TuiKeys(key_for(self, "app.login"), key_for(self, "app.demo"))
        try:
            source = await self.session.source()
            self.identity = self.session.identity
            self.accounts_ctl.fetch(source)  # the memberships section, beside /user and the token
            response, token, own = await load(source, self.wall_clock(), self._user_arrived)
        except CftuiError as error:
            self.identity = self.session.identity
            if isinstance(error, KeyringUnavailableError):
                self.save_check.failed(error)
            if isinstance(error, NoCredentialsError) and self.session.first_run:
                problem = first_run_problem(self.clock())
            else:
                problem = problem_from_error(error, self.clock(), retry_key=retry_key, keys=keys)
            self.state = replace(previous, loading=False, problem=problem)
            if previous.response is not None:
                self.notify(problem.message, title=problem.title, severity="error", markup=False)
        except Exception as error:
            # Frames only, never the exception's text: it could quote anything, a header too.
            frames = "".join(traceback.format_tb(error.__traceback__))
            logger.error("unexpected %s while fetching /user:\n%s", type(error).__name__, frames)
            problem = problem_from_error(error, self.clock(), retry_key=retry_key, keys=keys)
            self.state = replace(previous, loading=False, problem=problem)
        else:
            self.state = FetchState.answered(response, self.clock(), token, own)
            self._advise(token)
            if not self.accounts_ctl.listing:  # else the listing settles when it ends
                self.call_after_refresh(settle_memory)  # once the answer is on screen
            resolved = self.session.resolved
            for note in resolved.notes if resolved else ():
                self.notify(note, title="Credentials", severity="warning", markup=False)
            for note in cloudflare_notes(response.messages, raw_key=key_for(self, "app.raw_json")):
                self.notify(note, title="Cloudflare says", markup=False)

    def _user_arrived(self, response: UserResponse) -> None:
        """The card is drawn now; the token section follows when its answer comes."""
        self.state = FetchState(response=response, fetched_at=self.clock(), checking=True)
        self.accounts_ctl.organizations(response.user.organizations)

    def _advise(self, token: TokenReport) -> None:
        """Say once per credential and session what the header and status bar only hint at:
        a token's warning with its next step, a Global API key's advice (quietly)."""
        identity = self.session.identity
        advice: tuple[tuple[str | None, SeverityLevel], ...] = (
            (token.warning, "warning"),
            (token.note, "information"),
        )
        for text, severity in advice:
            key = f"{identity.profile}/{identity.source}/{text}"
            if text and key not in self._advised:
                self._advised.add(key)
                self.notify(text, title=token.label, severity=severity, markup=False)

    def switch(self, choice: Switch | None) -> None:
        """Change whose data is shown: the one place, for every screen's result."""
        if choice is None:
            return
        self.session.switch(choice)
        self.identity = self.session.identity
        self.state = FetchState()
        self.accounts_ctl.reset()
        self.refresh_user()

    # -- actions ---------------------------------------------------------------------------

    async def action_quit(self) -> None:
        self.exit(exit_state(self.state, self.accounts))

    def action_refresh(self) -> None:
        problem = self.state.problem
        wait = problem.retry_in(self.clock()) if problem else None
        if wait:
            self.notify(f"Rate limited by Cloudflare: retry in {wait} s.", severity="warning")
            return
        self.refresh_user()

    def action_demo(self) -> None:
        self.switch(UseDemo())

    def action_help(self) -> None:
        # Screens not on show at start are imported when first opened: first paint is sooner.
        from cftui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(screen_keys(self.screen), key_help([self])))

    def action_raw_json(self) -> None:
        from cftui.ui.screens.raw_json import show_raw_json

        show_raw_json(self, self.state.response, self.accounts_ctl.raw, self.session.secrets)

    def action_profiles(self) -> None:
        from cftui.ui.profiles_open import profiles_screen

        screen = profiles_screen(self.session, self.save_check, self.wall_clock)
        if screen is None:
            self.notify("No saved profiles in this session.", severity="warning")
            return
        self.push_screen(screen, self.switch)

    def action_login(self) -> None:
        from cftui.ui.screens.login import LoginScreen

        login = LoginScreen(self.session.store, self.client_factory, saving=self.save_check)
        self.push_screen(login, lambda result: self.switch(result.switch if result else None))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "demo":
            return self.state.response is None and not self.session.demo
        if action == "raw_json":
            return self.state.response is not None
        return True

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from palette_commands(self, screen, super().get_system_commands(screen))


def _utc_now() -> datetime:
    return clock.utc_now()  # read at each call: tests fix the day in one place


def _default_factory(credential: Credential) -> Requester:
    """The real client at Cloudflare's own base URL. The app never reads the base URL from the
    environment: ``cftui`` passes its context's ``async_client``, which carries
    ``CLOUDFLARE_BASE_URL``; tests pass theirs."""
    # httpx is imported with the first real client, not before the first frame.
    from cftui.core.api.client import CloudflareClient

    return CloudflareClient(credential)
