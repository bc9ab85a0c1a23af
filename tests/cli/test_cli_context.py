"""One command shape: each module of ``cftui.commands`` adds its grammar and runs with
``run(args, context)``; ``cli.main`` dispatches through one table; what a command takes from
outside (environment, clock, profiles, client, retry sleep) comes from the ``Context``.

In process: a command runs with a client over ``httpx.MockTransport`` and a sleep that records
the backoff, and a child of the suite skips its waits only because its ``sitecustomize`` says so.
"""

from __future__ import annotations

import importlib
import inspect
import io
import json
import pkgutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

import cftui.commands
from cftui.cli.context import Context
from cftui.cli.grammar import COMMANDS
from cftui.cli.main import build_parser, main
from cftui.core import clock
from cftui.core.api.client import SyncCloudflareClient
from cftui.core.credentials.kinds import ApiToken, Credential
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.errors import RateLimitedError, ServerError, UsageError
from tests.support.fake.accounts import TOKEN_ID, ok, server_error, token_verify, user_answer
from tests.support.fake.server import FakeApi
from tests.support.fixed_clock import CHILD_ENV, FIXED_NOW, NO_BACKOFF_ENV, REPO

TOKEN = "cfut_ContextTEST0123456789abcdefghijklmnopqr"
ARGUMENTS = {"completion": ("bash",)}
"""What a command needs besides its name to parse."""


def test_the_table_dispatches_every_subcommand_of_the_grammar() -> None:
    parser = build_parser()
    assert list(parser.subcommands) == list(COMMANDS)  # same names, in --help's order
    for name, command in COMMANDS.items():
        assert parser.subcommands[name].prog == f"cftui {name}"
        args = parser.parse_args([name, *ARGUMENTS.get(name, ())])
        assert args.command == name
        assert callable(command.run)


def test_every_command_module_is_in_the_table() -> None:
    """A new module with a grammar is a new command: one the table forgot would never run."""
    names = [m.name for m in pkgutil.walk_packages(cftui.commands.__path__, "cftui.commands.")]
    shaped = {n for n in names if hasattr(importlib.import_module(n), "grammar")}
    assert shaped == {command.__name__ for command in COMMANDS.values()}
    # Importing a package's submodule sets it as the package's attribute: one named ``run``
    # would have replaced the command's function.
    assert all(inspect.isfunction(command.run) for command in COMMANDS.values())


class Cloudflare:
    """A ``MockTransport`` handler: ``/user``, the token check and no memberships, each
    request recorded with the credential it carried."""

    def __init__(self, user: Callable[[], Any] = user_answer) -> None:
        self.user = user
        self.asked: list[tuple[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/client/v4")
        self.asked.append((path, request.headers.get("Authorization", "")))
        if path == "/user":
            return self.user().response()
        if path == "/user/tokens/verify":
            return token_verify(FIXED_NOW).response()
        return ok([], {"page": 1, "per_page": 50, "count": 0, "total_count": 0}).response()


class Clients:
    """A ``ClientFactory`` that records how it was asked and builds clients over ``api``."""

    def __init__(self, api: Cloudflare, slept: list[float]) -> None:
        self.api = api
        self.slept = slept
        self.built: list[tuple[Credential, float, int]] = []

    def __call__(
        self, credential: Credential, timeout: float, *, retries: int = 2
    ) -> SyncCloudflareClient:
        self.built.append((credential, timeout, retries))
        transport = httpx.MockTransport(self.api)
        return SyncCloudflareClient(
            credential, transport=transport, max_retries=retries, sleep=self.slept.append
        )


def _no_profiles() -> ProfileStore:
    raise AssertionError("the environment's credential needs no profile store")


def cli(argv: list[str], context: Context, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    sys.stdin = io.StringIO("")
    try:
        code = main(argv, context)
    finally:
        sys.stdin = sys.__stdin__
    out, _err = capsys.readouterr()
    return code, out


def test_whoami_asks_through_the_contexts_client(capsys: pytest.CaptureFixture[str]) -> None:
    api = Cloudflare()
    clients = Clients(api, [])
    env = {"CLOUDFLARE_API_TOKEN": TOKEN}  # only the context's: os.environ holds no token
    context = Context(env=env, client=clients, profile_store=_no_profiles)
    code, out = cli(["whoami", "--json", "--timeout", "7"], context, capsys)
    assert code == 0, out
    assert clients.built == [(ApiToken(TOKEN), 7.0, 2)]
    own = f"/user/tokens/{TOKEN_ID}"  # the token's own policies, once the verify named it
    asked = {path for path, _ in api.asked}
    assert asked == {"/user", "/user/tokens/verify", own, "/memberships"}
    assert {auth for _, auth in api.asked} == {f"Bearer {TOKEN}"}
    doc = json.loads(out)
    assert doc["user"]["email"] == "user@example.com"
    assert doc["token"]["health"] == "active"


def test_whoami_reads_the_day_from_the_context(capsys: pytest.CaptureFixture[str]) -> None:
    """The token's countdown is counted from the context's day, not the process's clock."""
    later = FIXED_NOW.replace(year=FIXED_NOW.year + 5)
    env = {"CLOUDFLARE_API_TOKEN": TOKEN}
    for day in (FIXED_NOW, later):
        context = Context(env=env, client=Clients(Cloudflare(), []), utc_now=lambda d=day: d)
        code, out = cli(["whoami", "--json"], context, capsys)
        assert code == 0, out
        left = json.loads(out)["token"]["days_left"]
        assert (left > 0) == (day == FIXED_NOW), left


def test_the_retry_waits_of_a_command_are_the_contexts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``/user`` answers 500 each time: asked three times, with two backoffs in between, all
    requested from the context's sleep (the command waited for nothing)."""
    slept: list[float] = []
    api = Cloudflare(user=server_error)
    context = Context(env={"CLOUDFLARE_API_TOKEN": TOKEN}, client=Clients(api, slept))
    code, _out = cli(["whoami"], context, capsys)
    assert code == 5
    assert [path for path, _ in api.asked].count("/user") == 3
    assert len(slept) == 2 and all(0 < wait <= 60 for wait in slept), slept


def test_doctor_asks_once_through_the_contexts_client(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """doctor times one answer, so it asks for a client that does not retry."""
    clients = Clients(Cloudflare(), [])
    context = Context(env={"CLOUDFLARE_API_TOKEN": TOKEN}, client=clients)
    _code, out = cli(["doctor", "--timeout", "3"], context, capsys)
    assert clients.built == [(ApiToken(TOKEN), 3.0, 0)], out
    assert "accepted the credential" in out


def test_the_apps_client_takes_its_base_url_from_the_context_when_it_is_built() -> None:
    """The interactive app is given ``context.async_client``: the same one path from
    ``CLOUDFLARE_BASE_URL`` to a base URL as the commands, asked only when a client is built
    (the demo never builds one, so a malformed value cannot stop it)."""
    url = "http://127.0.0.1:9/ok/client/v4"
    client = Context(env={"CLOUDFLARE_BASE_URL": url}).async_client(ApiToken(TOKEN))
    assert client.base_url == url
    malformed = Context(env={"CLOUDFLARE_BASE_URL": "http://example.com/client/v4"})
    with pytest.raises(UsageError, match="CLOUDFLARE_BASE_URL"):
        malformed.async_client(ApiToken(TOKEN))


def test_the_default_client_honours_retry_after_through_the_contexts_sleep(
    fake_api: FakeApi,
) -> None:
    """The CLI's own client: the base URL from the context's environment, and Retry-After's
    2 s asked of the context's sleep before each of the two retries."""
    slept: list[float] = []
    url = fake_api.base_url("rate_limited", fresh=True)
    context = Context(env={"CLOUDFLARE_BASE_URL": url}, sleep=slept.append)
    assert context.base_url() == url
    with context.client(ApiToken(TOKEN), 5.0) as client:
        assert client.base_url == url
        with pytest.raises(RateLimitedError):
            client.get_user()
    assert slept == [2.0, 2.0]
    assert len(fake_api.routes(url)) == 3


def test_the_default_sleep_is_the_clocks_looked_up_at_each_wait(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The seam the suite's children use: replacing ``clock.sleep`` after the context and
    the client were made still reaches them."""
    api = Cloudflare(user=server_error)
    client = SyncCloudflareClient(ApiToken(TOKEN), transport=httpx.MockTransport(api))
    context = Context()
    slept: list[float] = []
    monkeypatch.setattr(clock, "sleep", slept.append)
    context.sleep(0.5)
    with client, pytest.raises(ServerError):
        client.get_user()
    assert slept[0] == 0.5 and len(slept) == 3


def test_a_context_is_read_only() -> None:
    context = Context(env={})
    with pytest.raises(AttributeError):
        context.env = {"CLOUDFLARE_API_TOKEN": TOKEN}
    assert context.env == {}


def _child_sleep(env: dict[str, str]) -> str:
    """Where a child's ``clock.sleep`` was defined: cftui's clock, or the suite's switch."""
    code = "import cftui.core.clock as c; print(c.sleep.__code__.co_filename)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **env},
        cwd=REPO,
        timeout=60,
        check=True,
    )
    return Path(done.stdout.strip()).name


def test_a_child_of_the_suite_skips_its_waits_only_when_told() -> None:
    assert _child_sleep(CHILD_ENV) == "sitecustomize.py"
    told_not = {k: v for k, v in CHILD_ENV.items() if k != NO_BACKOFF_ENV}
    assert _child_sleep(told_not) == "clock.py"
    assert _child_sleep({NO_BACKOFF_ENV: "1"}) == "clock.py"  # cftui alone has no such switch
