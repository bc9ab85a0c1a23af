"""Fakes and a tiny host app for Pilot and snapshot tests of the login and profiles screens.

The host is a bare ``App`` so these tests (and their snapshots) do not depend on the main
screen; it records what the screens hand back and every notification.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from typing import Any

from keyring.errors import PasswordDeleteError, PasswordSetError
from textual.app import App
from textual.notifications import SeverityLevel
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

from cftui.core.api.endpoints import ApiCall, get_user
from cftui.core.api.reading import answer_locally
from cftui.core.credentials.kinds import Credential
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.demo.server import DemoApi
from cftui.ui.save_check import SaveCheck
from cftui.ui.screens.login import LoginScreen
from tests.support.keyrings import InMemoryKeyring
from tests.support.waiting import settle, until

# Distinctive fake secrets: a leak shows up as a plain substring match.
TOKEN = "cfut_Lx7Qm2Vb9Rz4Tk8Wn3Hy6Pd1Sg5Jc0Fa2Ue7Yo"
OTHER_TOKEN = "cfut_Old0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld"
GLOBAL_KEY = "4d2c8e9f1a7b3c5d6e8f0a1b2c3d4e5f6a7b8"  # 37 hex: the legacy Global key shape
EMAIL = "alice@example.com"


class FakeSource:
    """A requester that answers ``/user`` from the demo data, or raises what its factory says."""

    def __init__(self, factory: FakeFactory, credential: Credential) -> None:
        self.factory = factory
        self.credential = credential

    async def request(self, call: ApiCall[Any]) -> Any:
        """``GET /user`` (a login's check), the only call a login screen makes."""
        assert call.path == "/user", call.path
        self.factory.calls.append(self.credential)
        if self.factory.gate is not None:
            await self.factory.gate.wait()
        if self.factory.errors:
            raise self.factory.errors.pop(0)
        return answer_locally(get_user(), DemoApi(), self.credential)

    async def aclose(self) -> None:
        self.factory.closed += 1


class FakeFactory:
    """``client_factory`` stand-in: ``errors`` are raised by successive ``GET /user`` calls."""

    def __init__(self, *errors: Exception, gate: asyncio.Event | None = None) -> None:
        self.errors = list(errors)
        self.gate = gate
        self.built: list[Credential] = []
        self.calls: list[Credential] = []
        self.closed = 0

    def __call__(self, credential: Credential) -> FakeSource:
        self.built.append(credential)
        return FakeSource(self, credential)


class FailingKeyring(InMemoryKeyring):
    """A keyring that reads but refuses writes and deletes, like a locked collection."""

    def __init__(self, entries: dict[tuple[str, str], str] | None = None) -> None:
        super().__init__()
        self.store = {} if entries is None else entries  # shared, to read what was saved

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("the collection is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError("the collection is locked")


class HostApp(App[None]):
    """Pushes one screen on mount and records its result."""

    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.animation_level = "none"  # the loading indicator then renders as still text
        self._make_screen = make_screen
        self.results: list[Any] = []
        self.notes: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(self._make_screen(), self.results.append)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        self.notes.append(f"{title} {message}")
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


def screen_text(app: App[Any]) -> str:
    """Everything drawn on the terminal, as text (from the SVG screenshot)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def still_cursors(pilot: Pilot[Any]) -> None:
    """A blinking cursor would make snapshots flaky."""
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False


# -- login screen helpers ------------------------------------------------------------------


def login_host(
    store: ProfileStore | None, factory: FakeFactory, *, saving: SaveCheck | None = None
) -> HostApp:
    return HostApp(lambda: LoginScreen(store, factory, saving=saving))


async def decided(pilot: Pilot[Any]) -> None:
    """Wait until the login dialog knows whether it can save (its keyring probe answered)
    and has laid that out (its submit button, hidden while it asks, is on screen)."""
    app = pilot.app
    screen = app.screen
    assert isinstance(screen, LoginScreen)
    await until(pilot, lambda: not screen.checking, "the keyring check to answer")
    await until(pilot, lambda: shown(app, "#login-submit"), "the dialog to offer its buttons")


def status(app: App[Any]) -> str:
    """The login screen's inline message."""
    return str(app.screen.query_one("#login-status", Static).render())


def field(app: App[Any], name: str) -> Input:
    return app.screen.query_one(f"#login-{name}", Input)


def shown(app: App[Any], selector: str) -> bool:
    """On screen for real: laid out with a non-empty region (not just ``display`` on itself)."""
    return app.screen.query_one(selector).region.area > 0


async def fill(
    pilot: Pilot[Any], *, name: str | None = None, secret: str = "", email: str | None = None
) -> None:
    """Type into the login form as a user would leave it: cursor in the secret field."""
    app = pilot.app
    await decided(pilot)
    if email is not None:
        await pilot.click("#kind-global")
        field(app, "email").value = email
    if name is not None:
        field(app, "name").value = name
    field(app, "secret").value = secret
    field(app, "secret").focus()
    await pilot.pause()


async def submit(pilot: Pilot[Any]) -> None:
    """Press Enter and wait for the verifying worker to finish and the screen to follow."""
    await pilot.press("enter")
    await settle(pilot)


def assert_no_secret(app: HostApp, *secrets: str) -> None:
    text = screen_text(app)
    for secret in secrets:
        assert secret not in text
        assert all(secret not in note for note in app.notes)
