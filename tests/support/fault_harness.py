"""Run cftui the ways a user does, against one fake API scenario, and keep all it showed.

The CLI runs as a real subprocess (``python -m cftui``) against the fake API on loopback; the
TUI runs through Pilot with the real ``CloudflareClient``. Every record keeps the full output
(stdout, stderr, the screen as text and as SVG, notifications, log lines), so the fault matrix
can assert on it and the leak sweep can search it. Records are cached per scenario and surface
for the whole pytest process: the leak sweep reads the very outputs the matrix checked.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import keyring
from textual.widgets import ContentSwitcher, Input, Static

from cftui.core.api.client import CloudflareClient
from cftui.core.api.endpoints import ApiCall, get_user
from cftui.core.api.envelope import UserResponse
from cftui.core.credentials.kinds import Credential
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.models.user import User
from cftui.core.redact import mask
from cftui.ui.app import CftuiApp
from cftui.ui.screens.login import LoginScreen
from cftui.ui.screens.main import MainScreen
from cftui.ui.state import Problem
from cftui.ui.widgets.account_table import AccountTable
from cftui.ui.widgets.status_bar import StatusBar
from tests.support.fake.canned import OK_USER
from tests.support.fake.routes import REAL_USER
from tests.support.fake.server import FakeApi
from tests.support.fixed_clock import CHILD_ENV
from tests.support.ui_fakes import FakeClock, record_notes, screen_text, settle

REPO = Path(__file__).resolve().parents[2]
R = TypeVar("R")

# Distinctive fake secrets: a leak of either (or of its first 8 characters) is a substring.
TOKEN = "cfut_Mq4Zt8Xw2Kb6Nv1Jr5Hs9Lc3Pg7Df0Ya4Te8Uo"
EMAIL = "grace.hopper@example.com"
GLOBAL_KEY = "d15ea5edb0a7c0de5ca1ab1ef00dcafe12345"
SECRETS = (TOKEN, GLOBAL_KEY)

TIMEOUT = 1.0
"""Seconds the slow scenarios get (the fake API makes them wait 5): the timeout is the test."""
SLOW = frozenset({"slow", "stall_mid_body"})
ROOMY = 10.0
"""Seconds for every other scenario: a loaded machine must not turn them into timeouts."""
CLI_LEGS = ("whoami", "whoami --json")
TUI_LEGS = ("TUI start", "TUI refresh", "TUI login")
TUI_SIZE = (80, 24)


@dataclass(frozen=True)
class Expect:
    """What a user must get from one scenario.

    ``says`` appears in the CLI's message and in the TUI (the problem, or the data shown);
    ``kind`` is the TUI's problem state, ``None`` when the user's data is shown.
    """

    code: int
    says: str
    kind: str | None = None
    user_id: str | None = None
    orgs: int = 0
    warns: bool = False  # whoami adds one warning line about the token on stderr
    drawn: str | None = None  # what the TUI's card says instead of ``says``, where it differs

    @property
    def on_screen(self) -> str:
        return self.drawn or self.says


_OK = Expect(0, "Ada Lovelace", user_id=OK_USER["id"], orgs=3)
_warns = Expect(0, "Ada Lovelace", user_id=OK_USER["id"], orgs=3, warns=True)
_TIMED_OUT = Expect(5, f"did not send a complete answer within {TIMEOUT:g} s", "network")
EXPECT: dict[str, Expect] = {
    "ok": _OK,
    "flaky_503": _OK,
    "many_orgs": Expect(0, "Ada Lovelace", user_id=OK_USER["id"], orgs=200),
    "empty": Expect(
        0, "0d7a7b2e9b8c4f0e8a1d2c3b4a5f6e7d", user_id="0d7a7b2e9b8c4f0e8a1d2c3b4a5f6e7d"
    ),
    "all_null": Expect(0, "(unnamed user)", drawn="Name not set"),  # the card's row
    "echo": Expect(0, "Echo", user_id=OK_USER["id"], orgs=3),
    "echo_error": Expect(4, f"Invalid credential: Bearer {mask(TOKEN)} (code 1000)", "auth"),
    "hostile": Expect(0, "[bold red]x[/]", user_id=f"{OK_USER['id']} [bold red]x[/]", orgs=3),
    "auth_9109": Expect(4, "(code 9109)", "auth"),
    "auth_9109_401": Expect(4, "Invalid access token (code 9109)", "auth"),
    "auth_10000": Expect(4, "Authentication error (code 10000)", "auth"),
    "auth_9106": Expect(4, "no credentials it recognises", "auth"),
    "auth_9103": Expect(4, "does not recognise this email and Global API key", "auth"),
    "auth_6003": Expect(4, "X-Auth-Key header (code 6103)", "auth"),
    "auth_6003_6102": Expect(4, "X-Auth-Email header (code 6102)", "auth"),
    "auth_6003_6111": Expect(4, "Authorization header (code 6111)", "auth"),
    "unknown_code": Expect(4, "Something new went wrong (code 12345)", "auth"),
    "success_false_200": Expect(4, "reported a failure (HTTP 200)", "auth"),
    "rate_limited": Expect(5, "1,200 requests per 5 minutes", "rate_limited"),
    "rate_limited_html": Expect(5, "an HTML error page (HTTP 429)", "rate_limited"),
    "error_500": Expect(5, "problem answering (HTTP 500)", "network"),
    "error_502": Expect(5, "Bad gateway (code 10002)", "network"),
    "error_503": Expect(5, "Service temporarily unavailable (code 10043)", "network"),
    "html_error": Expect(5, "an HTML error page (HTTP 502)", "network"),
    "redirect": Expect(5, "redirect (HTTP 302) to example.invalid", "network"),
    "reset": Expect(5, "closed or reset before a complete answer", "network"),
    "slow": _TIMED_OUT,
    "stall_mid_body": _TIMED_OUT,
    "result_null": Expect(6, "result is null", "malformed"),
    "html_200": Expect(6, "not JSON (text/html)", "malformed"),
    "truncated_json": Expect(6, "the body is truncated", "malformed"),
    "wrong_types": Expect(6, "result.organizations[2].roles", "malformed"),
    "deep_nesting": Expect(6, "nests JSON more than 64 levels deep", "malformed"),
    "huge_body": Expect(6, "too large: the body exceeded 32 MiB", "malformed"),
    # Beyond /user: the token check answers differently; /user is the ok user's.
    "real_account": Expect(0, "user@example.com", user_id=REAL_USER["id"]),
    "token_expiring": _warns,
    "token_expired": _warns,
    "token_disabled": _warns,
    "token_not_yet_valid": _warns,
    "token_never_expires": _OK,
    "verify_403": _OK,
    "verify_500": _OK,
    "verify_html": _OK,
    "verify_timeout": _OK,  # the check answers after 5 s: within the roomy timeout
    "verify_malformed": _OK,
    # A cfut_ token is a user's by its prefix: 9109 on /user is only a refusal then.
    "account_token": Expect(4, "(code 9109)", "auth"),
}

# Box-drawing characters of panel borders: removed so that wrapped text reads as one line.
_BORDERS = re.compile("[│┃║╭╮╰╯─━═▁▔▎▊]")


def flat(text: str) -> str:
    """Screen text with borders dropped and every run of whitespace made one space."""
    return " ".join(_BORDERS.sub(" ", text).split())


# -- the CLI ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CliRun:
    args: tuple[str, ...]
    code: int
    out: bytes
    err: bytes

    @property
    def stdout(self) -> str:
        return self.out.decode("utf-8")

    @property
    def stderr(self) -> str:
        return self.err.decode("utf-8")

    def __str__(self) -> str:
        """For assertion messages: what a person would have seen."""
        return f"cftui {' '.join(self.args)} -> {self.code}\n{self.stdout}{self.stderr}"


@dataclass(frozen=True)
class Job:
    args: tuple[str, ...]
    env: dict[str, str]
    stdin: bytes | None = None


def cli_env(home: Path, **overrides: str) -> dict[str, str]:
    """A child environment: no real credentials, a private config dir and file keyring."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CLOUDFLARE_", "PYTHON_KEYRING", "CFTUI_"))
    }
    env.update(
        **CHILD_ENV,
        HOME=str(home),
        CFTUI_CONFIG_DIR=str(home / "config"),
        PYTHON_KEYRING_BACKEND="tests.support.keyrings.FileKeyring",
        CFTUI_TEST_KEYRING_FILE=str(home / "keyring.json"),
    )
    env.update(overrides)
    return env


def run_cli(job: Job, timeout: float = 60.0) -> CliRun:
    done = subprocess.run(
        [sys.executable, "-m", "cftui", *job.args],
        input=job.stdin or b"",  # never pytest's own stdin: a terminal, /dev/null or closed
        capture_output=True,
        env=job.env,
        cwd=REPO,
        timeout=timeout,
        check=False,
    )
    return CliRun(job.args, done.returncode, done.stdout, done.stderr)


def run_all(jobs: Sequence[Job]) -> list[CliRun]:
    """Run the jobs in parallel; most of a run's time is spent waiting on the fake API."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(run_cli, jobs))


def whoami_args(scenario: str, leg: str) -> tuple[str, ...]:
    args = tuple(leg.split())
    return (*args, "--timeout", f"{TIMEOUT:g}") if scenario in SLOW else args


_CLI_CACHE: dict[tuple[str, str], CliRun] = {}


def cli_matrix(api: FakeApi, home: Path) -> dict[tuple[str, str], CliRun]:
    """Every scenario x CLI leg, with the token in the environment (computed once)."""
    if not _CLI_CACHE:
        keys = [(s, leg) for s in sorted(EXPECT) for leg in CLI_LEGS]
        jobs = [
            Job(
                whoami_args(s, leg),
                cli_env(
                    home,
                    CLOUDFLARE_API_TOKEN=TOKEN,
                    CLOUDFLARE_BASE_URL=api.base_url(s, fresh=True),
                ),
            )
            for s, leg in keys
        ]
        _CLI_CACHE.update(zip(keys, run_all(jobs), strict=True))
    return dict(_CLI_CACHE)


# -- the TUI ---------------------------------------------------------------------------------


async def _no_sleep(seconds: float) -> None:
    """Retries happen, but without waiting: the matrix is about outcomes, not backoff."""


class RealSource:
    """The real client; a new one whenever the test moves the app to another scenario."""

    def __init__(self, factory: Retargetable, credential: Credential) -> None:
        self.factory = factory
        self.credential = credential
        self._client: CloudflareClient | None = None

    async def get_user(self) -> UserResponse:
        return await self.request(get_user())

    async def request(self, call: ApiCall[R]) -> R:
        client = self._client
        if client is None or client.base_url != self.factory.base_url:
            if client is not None:
                await client.aclose()
            url = self.factory.base_url
            timeout = TIMEOUT if url.split("/")[3].split("~")[0] in SLOW else ROOMY
            client = self._client = CloudflareClient(
                self.credential,
                base_url=url,
                connect_timeout=timeout,
                total_timeout=timeout,
                sleep=_no_sleep,
            )
        return await client.request(call)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()


class Retargetable:
    """The app's ``client_factory``; ``base_url`` says which scenario answers next."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def __call__(self, credential: Credential) -> RealSource:
        return RealSource(self, credential)


@dataclass
class TuiRecord:
    scenario: str
    leg: str
    problem: Problem | None = None
    shows_data: bool = False
    user: User | None = None
    orgs: int = -1
    screen: str = ""
    svg: str = ""
    status: str = ""
    notes: list[str] = field(default_factory=list)
    logs: list[str] = field(default_factory=list)
    login_open: bool = False
    login_status: str = ""
    profiles: list[str] = field(default_factory=list)
    keyring: dict[Any, str] = field(default_factory=dict)
    recovered: bool = False  # the refresh leg: ``r`` after the start leg brought data

    @property
    def on_screen(self) -> str:
        return flat(self.screen)

    def texts(self) -> list[str]:
        """Everything a user or a log reader could see, for the leak sweep."""
        problem = self.problem
        shown = [problem.message, problem.hint or ""] if problem else []
        return [
            self.screen,
            self.svg,
            self.status,
            self.login_status,
            *self.notes,
            *self.logs,
            *shown,
        ]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextmanager
def captured_logs() -> Iterator[list[str]]:
    """Every log line at DEBUG of cftui and of the HTTP stack under it (httpx, httpcore),
    formatted with the exception text if any."""
    handler = _Collect()
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    logs = [logging.getLogger(name) for name in ("cftui", "httpx", "httpcore")]
    levels = [log.level for log in logs]
    for log in logs:
        log.addHandler(handler)
        log.setLevel(logging.DEBUG)
    try:
        yield handler.lines
    finally:
        for log, level in zip(logs, levels, strict=True):
            log.removeHandler(handler)
            log.setLevel(level)


def _read(app: CftuiApp, record: TuiRecord, notes: list[str], logs: list[str]) -> None:
    record.svg = app.export_screenshot()
    record.screen = screen_text(app)
    record.notes, record.logs = list(notes), list(logs)
    record.problem = app.state.problem
    response = app.state.response
    record.user = response.user if response else None
    main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
    record.shows_data = main.query_one("#body", ContentSwitcher).current == "data"
    record.orgs = len(main.query_one(AccountTable).rows)
    record.status = main.query_one(StatusBar).describe().plain
    if isinstance(app.screen, LoginScreen):
        record.login_open = True
        record.login_status = str(app.screen.query_one("#login-status", Static).content)


async def _start_then_refresh(
    api: FakeApi, scenario: str, tmp: Path, start: TuiRecord, refresh: TuiRecord
) -> None:
    """Start on ``scenario``; ``r`` with ``ok`` answering; then ``r`` on ``scenario`` again.

    One app run serves both legs (Textual's start-up is most of a leg's time), and the
    middle step checks that a retry after any failure recovers.
    """
    clock = FakeClock()
    factory = Retargetable(api.base_url(scenario, fresh=True))
    env = {"CLOUDFLARE_API_TOKEN": TOKEN}
    app = CftuiApp(ProfileStore(tmp / "profiles"), env=env, client_factory=factory, clock=clock)
    notes = record_notes(app)
    with captured_logs() as logs:
        async with app.run_test(size=TUI_SIZE) as pilot:
            await settle(pilot)
            _read(app, start, notes, logs)
            clock.advance(60)  # past any Retry-After: the app refuses an early retry
            factory.base_url = api.base_url("ok", fresh=True)
            await pilot.press("r")
            await settle(pilot)
            refresh.recovered = app.state.problem is None and app.state.response is not None
            clock.advance(30)
            factory.base_url = api.base_url(scenario, fresh=True)
            await pilot.press("r")
            await settle(pilot)
            _read(app, refresh, notes, logs)


async def _login(api: FakeApi, scenario: str, tmp: Path, record: TuiRecord) -> None:
    """First run, ``L``, paste the token, Enter: the modal verifies against ``scenario``."""
    store = ProfileStore(tmp / "profiles")
    factory = Retargetable(api.base_url(scenario, fresh=True))
    app = CftuiApp(store, env={}, client_factory=factory, clock=FakeClock())
    notes = record_notes(app)
    with captured_logs() as logs:
        async with app.run_test(size=TUI_SIZE) as pilot:
            await settle(pilot)
            assert app.state.problem is not None and app.state.problem.kind == "first_run"
            await pilot.press("L")
            await pilot.pause()
            assert isinstance(app.screen, LoginScreen)
            app.screen.query_one("#login-secret", Input).value = TOKEN
            await pilot.press("enter")
            await settle(pilot)
            await settle(pilot)  # a saved login fetches again, as the new profile
            _read(app, record, notes, logs)
    record.profiles = [p.name for p in store.list_profiles()]
    record.keyring = dict(getattr(keyring.get_keyring(), "store", {}))


_TUI_CACHE: dict[tuple[str, str], TuiRecord] = {}


async def tui_run(api: FakeApi, scenario: str, leg: str, tmp: Path) -> TuiRecord:
    """One TUI leg against ``scenario``, cached; ``tmp`` holds its profile store."""
    if (scenario, leg) not in _TUI_CACHE:
        if leg == "TUI login":
            record = TuiRecord(scenario, leg)
            await _login(api, scenario, tmp, record)
            _TUI_CACHE[(scenario, leg)] = record
        else:
            start, refresh = TuiRecord(scenario, "TUI start"), TuiRecord(scenario, "TUI refresh")
            await _start_then_refresh(api, scenario, tmp, start, refresh)
            _TUI_CACHE[(scenario, start.leg)] = start
            _TUI_CACHE[(scenario, refresh.leg)] = refresh
    return _TUI_CACHE[(scenario, leg)]
