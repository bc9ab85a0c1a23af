"""Every fake API scenario through the real client over loopback: the end-to-end contract.

Tests that go through ``run`` do so with the async client (the TUI's) and the blocking one
(whoami's and login's): both must give the same answers, retries and waits included.
"""

from __future__ import annotations

import inspect
import json
import os
import signal
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cftui import __version__
from cftui.core.api.client import CloudflareClient, SyncCloudflareClient
from cftui.core.api.envelope import UserResponse
from cftui.core.credentials.kinds import ApiToken, Credential, GlobalApiKey
from cftui.core.errors import (
    ApiError,
    AuthError,
    CftuiError,
    MalformedResponseError,
    NetworkError,
    RateLimitedError,
    ServerError,
)
from tests.support.fake.canned import HOSTILE
from tests.support.fake.fleet import SCENARIO as FLEET
from tests.support.fake.router import MEMBER_SCENARIOS, SCENARIOS
from tests.support.fake.server import FakeApi, RecordedRequest
from tests.support.fake.tokens import TOKEN_SCENARIOS
from tests.support.fixed_clock import CHILD_PYTHONPATH
from tests.support.waiting import DEADLINE, end

TOKEN_SECRET = "cfut_FAKEAPIsecret0123456789abcdefghijklmnopqrs"
KEY_SECRET = "fedcba9876543210fedcba9876543210fedcb"
TOKEN = ApiToken(TOKEN_SECRET)
GLOBAL = GlobalApiKey(email="ada@example.com", key=KEY_SECRET)
REPO = Path(__file__).resolve().parents[2]


class FakeSleep:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)

    def sync(self, delay: float) -> None:
        self.delays.append(delay)


MODE = {"sync": False}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "await run(" in inspect.getsource(metafunc.function):
        metafunc.parametrize("client_mode", ["async", "sync"], indirect=True)


@pytest.fixture(autouse=True)
def client_mode(request: pytest.FixtureRequest) -> Iterator[str]:
    mode: str = getattr(request, "param", "async")
    MODE["sync"] = mode == "sync"
    yield mode
    MODE["sync"] = False


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's proxy settings must not route loopback traffic elsewhere."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


class Run:
    def __init__(self, result: UserResponse | CftuiError, requests: list[RecordedRequest]):
        self.result = result
        self.requests = requests
        self.delays: list[float] = []

    @property
    def user(self) -> UserResponse:
        assert isinstance(self.result, UserResponse), self.result
        return self.result

    @property
    def error(self) -> CftuiError:
        assert isinstance(self.result, CftuiError), self.result
        return self.result


async def run(api: FakeApi, scenario: str, credential: Credential = TOKEN, **kwargs: Any) -> Run:
    """One get_user against a fresh instance of ``scenario``."""
    base = api.base_url(scenario, fresh=True)
    prefix = base.split("/")[3]
    sleep = FakeSleep()
    kwargs.setdefault("total_timeout", 5.0)
    result: UserResponse | CftuiError
    if MODE["sync"]:
        with SyncCloudflareClient(
            credential, base_url=base, sleep=sleep.sync, **kwargs
        ) as sync_client:
            try:
                result = sync_client.get_user()
            except CftuiError as exc:
                result = exc
    else:
        async with CloudflareClient(credential, base_url=base, sleep=sleep, **kwargs) as client:
            try:
                result = await client.get_user()
            except CftuiError as exc:
                result = exc
    outcome = Run(result, [r for r in api.requests if r.prefix == prefix])
    outcome.delays = sleep.delays
    return outcome


# scenario -> (error class or None, exit code, fragments of the message, requests made)
EXPECTED: dict[str, tuple[type[CftuiError] | None, int, tuple[str, ...], int]] = {
    "ok": (None, 0, (), 1),
    "many_orgs": (None, 0, (), 1),
    "empty": (None, 0, (), 1),
    "all_null": (None, 0, (), 1),
    "hostile": (None, 0, (), 1),
    "flaky_503": (None, 0, (), 2),
    "echo": (None, 0, (), 1),
    "echo_error": (ApiError, 4, ("Invalid credential: Bearer cfut…", "(code 1000)"), 1),
    "auth_9109": (AuthError, 4, ("(code 9109)", "not allowed to read your user details"), 1),
    "auth_9109_401": (AuthError, 4, ("Invalid access token (code 9109)",), 1),
    "auth_10000": (AuthError, 4, ("Authentication error (code 10000)",), 1),
    "auth_9106": (AuthError, 4, ("(code 9106)", "no credentials it recognises"), 1),
    "auth_9103": (AuthError, 4, ("(code 9103)", "email and Global API key"), 1),
    "auth_6003": (AuthError, 4, ("(code 6003)", "(code 6103)", "authentication headers"), 1),
    "auth_6003_6102": (AuthError, 4, ("(code 6003)", "(code 6102)", "authentication headers"), 1),
    "auth_6003_6111": (AuthError, 4, ("(code 6003)", "(code 6111)", "authentication headers"), 1),
    "unknown_code": (ApiError, 4, ("Something new went wrong (code 12345)",), 1),
    "success_false_200": (ApiError, 4, ("reported a failure (HTTP 200)", "(code 1000)"), 1),
    "result_null": (MalformedResponseError, 6, ("result is null",), 1),
    "rate_limited": (RateLimitedError, 5, ("(code 971)", "1,200 requests per 5 minutes"), 3),
    "rate_limited_html": (RateLimitedError, 5, ("HTML error page (HTTP 429)",), 3),
    "error_500": (ServerError, 5, ("HTTP 500", "(code 10013)"), 3),
    "error_502": (ServerError, 5, ("HTTP 502", "Bad gateway (code 10002)"), 3),
    "error_503": (ServerError, 5, ("HTTP 503", "(code 10043)"), 3),
    "html_error": (ServerError, 5, ("HTML error page (HTTP 502)",), 3),
    "html_200": (MalformedResponseError, 6, ("not JSON (text/html)", "HTTP 200"), 1),
    "truncated_json": (MalformedResponseError, 6, ("truncated", "HTTP 200"), 1),
    "wrong_types": (MalformedResponseError, 6, ("result.organizations[2].roles",), 1),
    "deep_nesting": (MalformedResponseError, 6, ("levels deep",), 1),
    "huge_body": (MalformedResponseError, 6, ("too large", "32 MiB"), 1),
    "redirect": (NetworkError, 5, ("redirect (HTTP 302) to example.invalid",), 1),
    "slow": (NetworkError, 5, ("did not send a complete answer within 0.3 s",), 1),
    "stall_mid_body": (NetworkError, 5, ("did not send a complete answer within 0.3 s",), 1),
    "reset": (NetworkError, 5, ("closed or reset",), 3),
    # Scenarios for the paths beyond /user: their /user answer (the rest: test_overview_api.py).
    "real_account": (None, 0, (), 1),
    "token_expiring": (None, 0, (), 1),
    "token_expired": (None, 0, (), 1),
    "token_disabled": (None, 0, (), 1),
    "token_not_yet_valid": (None, 0, (), 1),
    "token_never_expires": (None, 0, (), 1),
    "account_token": (AuthError, 4, ("(code 9109)",), 1),
    "verify_403": (None, 0, (), 1),
    "verify_500": (None, 0, (), 1),
    "verify_html": (None, 0, (), 1),
    "verify_timeout": (None, 0, (), 1),
    "verify_malformed": (None, 0, (), 1),
}


def test_every_scenario_has_an_expectation() -> None:
    assert set(EXPECTED) == set(SCENARIOS)


@pytest.mark.parametrize("scenario", sorted(EXPECTED))
async def test_scenario(fake_api: FakeApi, scenario: str) -> None:
    error_class, exit_code, fragments, requests = EXPECTED[scenario]
    # Only the scenarios that never finish get the short timeout: a loaded machine must not
    # turn a 50 MB body into a timeout.
    slow = scenario in ("slow", "stall_mid_body")
    outcome = await run(fake_api, scenario, total_timeout=0.3 if slow else 10.0)
    assert len(outcome.requests) == requests
    if error_class is None:
        assert outcome.user.status == 200
        return
    error = outcome.error
    assert type(error) is error_class
    assert error.exit_code == exit_code
    for fragment in fragments:
        assert fragment in error.message
    assert error.hint is None or TOKEN_SECRET not in error.hint
    assert TOKEN_SECRET not in str(error)


async def test_ok_user_and_request_headers(fake_api: FakeApi) -> None:
    outcome = await run(fake_api, "ok")
    response = outcome.user
    user = response.user
    assert (user.first_name, user.last_name, user.country) == ("Ada", "Lovelace", "GB")
    assert (user.zipcode, user.telephone) == ("NW1 6XE", "+44 20 7946 0958")
    assert user.betas == ("workers_ai_beta", "zone_level_access_beta")
    assert (user.has_pro_zones, user.has_business_zones, user.suspended) == (True, False, False)
    assert [o.status for o in user.organizations] == ["member", "member", "invited"]
    assert user.organizations[1].roles == ("Administrator Read Only", "Billing")
    assert user.organizations[2].permissions_by_resource() == {
        "dns_records": ["read", "edit"],
        "zones": ["read"],
    }
    assert user.email == "ada.lovelace@example.com"
    assert user.created_on is not None and user.created_on.date_text == "2019-03-14"
    assert response.raw["result"]["username"] == "adalovelace"
    assert response.ratelimit is not None
    assert (response.ratelimit.remaining, response.ratelimit.limit) == (1199, 1200)
    (request,) = outcome.requests
    assert request.path.endswith("/client/v4/user")
    assert request.headers["authorization"] == f"Bearer {TOKEN_SECRET}"
    assert request.headers["user-agent"] == f"cftui/{__version__}"
    assert request.headers["accept"] == "application/json"
    assert request.client_host == "127.0.0.1"


async def test_global_key_headers_reach_the_server(fake_api: FakeApi) -> None:
    outcome = await run(fake_api, "ok", GLOBAL)
    (request,) = outcome.requests
    assert request.headers["x-auth-email"] == "ada@example.com"
    assert request.headers["x-auth-key"] == KEY_SECRET
    assert "authorization" not in request.headers


async def test_many_orgs(fake_api: FakeApi) -> None:
    user = (await run(fake_api, "many_orgs")).user.user
    assert len(user.organizations) == 200
    assert {o.status for o in user.organizations} == {"member", "invited"}


async def test_empty_and_all_null(fake_api: FakeApi) -> None:
    empty = (await run(fake_api, "empty")).user.user
    assert empty.organizations == ()
    assert (empty.first_name, empty.betas, empty.has_pro_zones) == (None, (), None)
    assert empty.display_name == "0d7a7b2e9b8c4f0e8a1d2c3b4a5f6e7d"
    nulls = (await run(fake_api, "all_null")).user.user
    assert all(v in (None, []) for v in nulls.to_json().values())
    assert nulls.display_name == "(unnamed user)"


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


async def test_hostile_strings_arrive_inert(fake_api: FakeApi) -> None:
    response = (await run(fake_api, "hostile")).user
    user = response.user
    texts = _strings(user.to_json()) + _strings(response.raw)
    assert len(texts) > 40
    for text in texts:
        assert all(unicodedata.category(ch) not in ("Cc", "Cf", "Cs") for ch in text), text[:80]
    name = user.organizations[0].name
    assert name is not None
    assert len(name) > 8000  # 10,000 sent; only the control characters are dropped
    first = user.first_name or ""
    assert "[bold red]x[/]" in first  # markup stays literal text: the UI never renders it
    assert "مرحبا" in first
    assert "שלום" in first
    assert "🎉" in first
    assert "\x1b" not in json.dumps(response.raw, ensure_ascii=False)
    assert first != HOSTILE


async def test_flaky_503_recovers_after_one_retry(fake_api: FakeApi) -> None:
    outcome = await run(fake_api, "flaky_503")
    assert outcome.user.attempts == 2
    assert outcome.delays == [1.0]  # the 503 carried Retry-After: 1


async def test_rate_limited_honours_retry_after(fake_api: FakeApi) -> None:
    outcome = await run(fake_api, "rate_limited")
    error = outcome.error
    assert isinstance(error, RateLimitedError)
    assert error.retry_after == 2.0
    assert outcome.delays == [2.0, 2.0]
    assert error.hint is not None
    assert "Wait 2 seconds" in error.hint


async def test_redirect_sends_the_secret_only_to_loopback(fake_api: FakeApi) -> None:
    fake_api.reset()
    outcome = await run(fake_api, "redirect")
    assert isinstance(outcome.error, NetworkError)
    carrying = [r for r in fake_api.requests if TOKEN_SECRET in json.dumps(r.headers)]
    assert [(r.client_host, r.scenario) for r in carrying] == [("127.0.0.1", "redirect")]


async def test_loopback_is_never_sent_through_a_proxy(
    fake_api: FakeApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proxy would see the credential of a plain-http loopback request in clear text."""
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{fake_api.port}")
    monkeypatch.setenv("ALL_PROXY", f"http://127.0.0.1:{fake_api.port}")
    monkeypatch.setenv("NO_PROXY", "")
    fake_api.reset()
    base = fake_api.base_url("ok").replace("127.0.0.1", "localhost")
    async with CloudflareClient(TOKEN, base_url=base, max_retries=0) as client:
        response = await client.get_user()
    assert response.user.last_name == "Lovelace"
    (request,) = fake_api.requests
    assert not request.via_proxy
    assert request.path == "/ok/client/v4/user"


async def test_unknown_path_is_a_cloudflare_style_404(fake_api: FakeApi) -> None:
    base = f"http://127.0.0.1:{fake_api.port}/no_such_scenario/client/v4"
    async with CloudflareClient(TOKEN, base_url=base) as client:
        with pytest.raises(ApiError) as info:
            await client.get_user()
    assert info.value.codes == (7003,)
    assert info.value.status == 404
    with pytest.raises(ValueError, match="unknown scenario"):
        fake_api.base_url("no_such_scenario")


async def test_fresh_instances_count_separately_and_reset_clears(fake_api: FakeApi) -> None:
    a = fake_api.base_url("flaky_503", fresh=True)
    b = fake_api.base_url("flaky_503", fresh=True)
    assert a != b
    async with httpx.AsyncClient() as http:
        assert (await http.get(f"{a}/user")).status_code == 503
        assert (await http.get(f"{a}/user")).status_code == 200
        assert (await http.get(f"{b}/user")).status_code == 503
    assert (fake_api.hits(a), fake_api.hits(b)) == (2, 1)
    fake_api.reset()
    assert (fake_api.hits(a), fake_api.requests) == (0, [])


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": CHILD_PYTHONPATH}


def test_cli_lists_scenarios() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.support.fake", "--list"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=_env(),
        timeout=60,
        check=True,
    )
    assert done.stdout.split() == [*SCENARIOS, *MEMBER_SCENARIOS, *TOKEN_SCENARIOS, FLEET]


def test_cli_serves_a_scenario_until_interrupted() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.fake", "--scenario", "auth_9109"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=_env(),
    )
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().strip()
        assert base.startswith("http://127.0.0.1:")
        assert base.endswith("/auth_9109/client/v4")
        answer = httpx.get(f"{base}/user")
        assert answer.status_code == 403
        assert answer.json()["errors"][0]["code"] == 9109
        proc.send_signal(signal.SIGINT)  # Ctrl-C, whatever pytest's own SIGINT disposition
        assert proc.wait(timeout=DEADLINE) == 0
    finally:
        end(proc)
