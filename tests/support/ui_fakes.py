"""Fakes for the app's Pilot and snapshot tests: requesters, a clock, users, a store.

A ``FakeFactory`` is the app's ``client_factory``: each ``get_user`` call takes the next
outcome from its script (a ``UserResponse`` to return or an exception to raise); when the
script runs out, it keeps answering with the last response. An optional ``gate`` holds every
call until the test opens it, to observe the loading state. Other endpoints answer from
``answers`` (by path); the token check, unless told otherwise, with an active token that
never expires.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from cftui.core.api.endpoints import ApiCall
from cftui.core.api.envelope import Response, UserResponse, parse_envelope
from cftui.core.api.ratelimit import RateLimit
from cftui.core.credentials.kinds import Credential, make_token
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.demo.user import demo_body
from cftui.core.errors import ApiError
from cftui.core.models.token import TokenStatus
from cftui.ui.app import CftuiApp
from tests.support.fixed_clock import FIXED_NOW
from tests.support.waiting import settle as settle  # where the UI tests have always found it

TOKEN = "cfut_Ui7Qm2Vb9Rz4Tk8Wn3Hy6Pd1Sg5Jc0Fa2Ue7Yo"
"""A distinctive fake secret: a leak shows up as a plain substring match."""
TODAY = FIXED_NOW
"""The wall clock of every app built here: token countdowns read the same every day."""

Outcome = UserResponse | BaseException
Answer = Response[Any] | BaseException
VERIFY = "/user/tokens/verify"
MEMBERSHIPS = "/memberships"
ACTIVE = TokenStatus(id="ed17574386854bf78a67040be0a770b0", status="active")


def answered(result: Any) -> Response[Any]:
    """``result`` as a client would return it."""
    return Response(result, raw={"success": True, "result": repr(result)})


class FakeClock:
    """The app's injected clock: time moves only when a test says so."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def response(body: dict[str, Any] | None = None, **ratelimit: int) -> UserResponse:
    """A ``UserResponse`` for ``body`` (default: the demo user), parsed like the client does."""
    body = demo_body() if body is None else body
    envelope = parse_envelope(body)
    assert envelope.result is not None
    limit = (
        RateLimit(ratelimit["limit"], ratelimit["remaining"], ratelimit.get("reset"), None)
        if ratelimit
        else None
    )
    return UserResponse(envelope.result, raw=body, ratelimit=limit)


def body_with(**fields: Any) -> dict[str, Any]:
    """The demo body with some ``result`` fields replaced."""
    body = demo_body()
    body["result"].update(fields)
    return body


def orgs_body(count: int) -> dict[str, Any]:
    orgs = [
        {
            "id": f"{n:032x}",
            "name": f"Org {n:05d}",
            "status": "member" if n % 3 else "invited",
            "roles": ["Administrator"] if n % 2 else ["Billing"],
            "permissions": ["#zones:read", f"#resource{n % 7}:edit"],
        }
        for n in range(count)
    ]
    return body_with(organizations=orgs)


class FakeSource:
    def __init__(self, factory: FakeFactory, credential: Credential) -> None:
        self.factory = factory
        self.credential = credential

    async def get_user(self) -> UserResponse:
        factory = self.factory
        factory.calls.append(self.credential)
        if factory.gate is not None:
            await factory.gate.wait()
        outcome = factory.script.pop(0) if len(factory.script) > 1 else factory.script[0]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    async def request(self, call: ApiCall[Any]) -> Any:
        if call.path == "/user":
            return await self.get_user()
        factory = self.factory
        factory.paths.append(call.path)
        answer = factory.answers.get(call.path)
        if answer is None:
            raise ApiError(f"No fake answer for {call.path}.", status=404, codes=(7003,))
        if isinstance(answer, BaseException):
            raise answer
        return answer

    async def aclose(self) -> None:
        self.factory.closed += 1


class FakeFactory:
    def __init__(
        self,
        *script: Outcome,
        gate: asyncio.Event | None = None,
        answers: dict[str, Answer] | None = None,
    ) -> None:
        self.script: list[Outcome] = list(script) or [response()]
        self.gate = gate
        # No memberships by default: the accounts panel shows /user's organizations.
        self.answers: dict[str, Answer] = {
            VERIFY: answered(ACTIVE),
            MEMBERSHIPS: answered(()),
            **(answers or {}),
        }
        self.paths: list[str] = []  # every path asked of the fake but /user
        self.built: list[Credential] = []
        self.calls: list[Credential] = []
        self.closed = 0

    def __call__(self, credential: Credential) -> FakeSource:
        self.built.append(credential)
        return FakeSource(self, credential)


def store_with(tmp_path: Path, *names: str) -> ProfileStore:
    """A store (in-memory keyring from conftest) holding token profiles; the first is default."""
    store = ProfileStore(config_dir=tmp_path / "profiles")
    for n, name in enumerate(names):
        store.save(name, make_token(TOKEN[:-2] + f"{n:02d}"), make_default=n == 0)
    return store


def make_app(
    tmp_path: Path,
    *script: Outcome,
    profiles: Iterable[str] = ("work",),
    store: ProfileStore | None = None,
    clock: FakeClock | None = None,
    gate: asyncio.Event | None = None,
    profile: str | None = None,
    env: dict[str, str] | None = None,
    answers: dict[str, Answer] | None = None,
) -> tuple[CftuiApp, FakeFactory, FakeClock]:
    factory = FakeFactory(*script, gate=gate, answers=answers)
    clock = clock or FakeClock()
    store = store if store is not None else store_with(tmp_path, *profiles)
    app = CftuiApp(
        store,
        profile=profile,
        env=env or {},
        client_factory=factory,
        clock=clock,
        now=lambda: TODAY,
    )
    return app, factory, clock


def demo_app(clock: FakeClock | None = None) -> CftuiApp:
    return CftuiApp(None, demo=True, env={}, clock=clock or FakeClock(), now=lambda: TODAY)


def record_notes(app: App[Any]) -> list[str]:
    """Every notification's title and message, in order (wraps ``app.notify``)."""
    notes: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        notes.append(f"{kwargs.get('title', '')}: {message}")
        original(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return notes


_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>'
)
CELL_WIDTH = 12.2
"""Width of one terminal cell in Rich's SVG export (0.61 x the 20 px font size)."""


def screen_text(app: App[Any]) -> str:
    """The terminal as plain text, one line per row, rebuilt from the SVG screenshot.

    Each run of text in the SVG carries its column as an ``x`` coordinate; putting runs back
    at their columns keeps the spaces between them (which the SVG does not spell out).
    """
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for x, line, content in _TEXT.findall(app.export_screenshot()):
        row = rows[int(line)] if int(line) < height else None
        if row is None:
            continue
        column = round(float(x) / CELL_WIDTH)
        for n, char in enumerate(html.unescape(content).replace("\xa0", " ")):
            if column + n < width:
                row[column + n] = char
    return "\n".join("".join(row).rstrip() for row in rows)


def still(pilot: Pilot[Any]) -> None:
    """No blinking cursor, no animated spinner: snapshots must not depend on timing."""
    pilot.app.animation_level = "none"
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
