"""What cftui fetches for a credential, through both clients (MockTransport).

Each case runs on the blocking client (threads: whoami) and the async one (tasks: the TUI):
the same sections, the same requests, the same answers. The requests that do not depend on
each other must be in flight together, and a failing section must leave the others alone.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from cftui.core.api.client import CloudflareClient, SyncCloudflareClient
from cftui.core.credentials.kinds import ApiToken, Credential, GlobalApiKey
from cftui.core.errors import MalformedResponseError, NetworkError, ServerError
from cftui.core.models.token import TokenHealth, parse_token_status
from cftui.core.overview.check import Overview, TokenCheck, fetch_overview, fetch_overview_sync
from cftui.core.overview.credential_kind import CredentialKind
from cftui.core.overview.steps import Outcome
from cftui.core.overview.token_report import UNKNOWN, account_token_error, token_report
from tests.support.fake.accounts import (
    ACCOUNT_TOKEN_ACCOUNT,
    Answer,
    Health,
    account_token_user,
    account_token_user_verify,
    accounts_page,
    ok,
    refused,
    server_error,
    token_verify,
    user_answer,
)
from tests.support.fake.canned import CLOUDFLARE_502_PAGE

NOW = datetime(2026, 11, 29, 15, 30, tzinfo=UTC)
USER_TOKEN = ApiToken("cfut_OverviewTEST0123456789abcdefghijklmnopq")
LEGACY_TOKEN = ApiToken("Zq3xV8pL2mN7rT5yW1aB4cD6eF9gH0jK_sU-iO3p")
ACCOUNT_TOKEN = ApiToken("cfat_OverviewTEST0123456789abcdefghijklmnopq")
GLOBAL_KEY = GlobalApiKey("ada@example.com", "0123456789abcdef0123456789abcdef01234")
ACCOUNT_ID = ACCOUNT_TOKEN_ACCOUNT["id"]
Route = Answer | Callable[[], Answer | Exception]


class Api:
    """A MockTransport handler for both clients: answers by path, records what was asked."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.paths: list[str] = []
        self.lock = threading.Lock()

    def token_paths(self) -> list[str]:
        """What was asked besides the memberships section's pages (test_membership_section)."""
        return [p for p in self.paths if not p.startswith("/memberships")]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/client/v4")
        with self.lock:
            self.paths.append(path)
        route = self.routes.get(path)
        if route is None:
            return refused(7003, status=404).response()
        answer = route() if callable(route) else route
        if isinstance(answer, Exception):
            raise answer
        return answer.response()


async def fetch(credential: Credential, api: Api, mode: str) -> Overview:
    if mode == "sync":
        transport = httpx.MockTransport(api)
        with SyncCloudflareClient(credential, transport=transport, sleep=lambda s: None) as c:
            return fetch_overview_sync(c)

    async def no_sleep(seconds: float) -> None:
        return None

    async with CloudflareClient(
        credential, transport=httpx.MockTransport(api), sleep=no_sleep
    ) as client:
        return await fetch_overview(client)


MODES = pytest.mark.parametrize("mode", ["sync", "async"])


def user_token_api(health: Health = "active", **user: Any) -> Api:
    return Api({"/user": user_answer(**user), "/user/tokens/verify": token_verify(NOW, health)})


@MODES
async def test_a_real_shaped_user_is_named_by_email(mode: str) -> None:
    overview = await fetch(USER_TOKEN, user_token_api(), mode)
    user = overview.response().user
    assert (user.first_name, user.telephone, user.organizations) == (None, None, ())
    assert user.display_name == "user@example.com"
    assert user.distinct_username is None  # the username is the id: not worth showing
    assert user.created_on is not None and user.created_on.date_text == "2024-05-16"


@MODES
@pytest.mark.parametrize(
    ("health", "summary", "warning"),
    [
        ("active", "active, expires 2027-01-10, in 42 days", None),
        ("expiring", "active, expires 2026-12-01, in 2 days", "expires 2026-12-01, in 2 days"),
        ("expired", "expired 2026-11-26, 3 days ago", "has expired 2026-11-26, 3 days ago"),
        ("disabled", "disabled", "is disabled"),
        ("not_yet_valid", "not valid until 2026-12-02, in 3 days", "not valid until 2026-12-02"),
        ("never_expires", "active, never expires", None),
    ],
)
async def test_token_health_is_checked_alongside_the_user(
    mode: str, health: Health, summary: str, warning: str | None
) -> None:
    api = user_token_api(health)
    overview = await fetch(USER_TOKEN, api, mode)
    assert overview.token.status is not None
    own = f"/user/tokens/{overview.token.status.id}"  # its own policies, after the verify
    assert sorted(api.token_paths()) == sorted(["/user", "/user/tokens/verify", own])
    assert api.paths.index("/user/tokens/verify") < api.paths.index(own)
    assert overview.own.asked and overview.own.details is None  # this fake has no such route
    assert overview.response().user.email == "user@example.com"
    report = token_report(overview, NOW)
    assert report.kind is CredentialKind.USER_TOKEN
    assert report.line == f"user API token · {summary}"
    if warning is None:
        assert report.warning is None
    else:
        assert report.warning is not None and warning in report.warning
    assert report.health is not None
    assert report.health.value == {"never_expires": "active"}.get(health, health)


@MODES
async def test_user_and_verify_are_in_flight_together(mode: str) -> None:
    """Each answer waits until the other request has arrived: sequential requests would
    never get one (the barrier times out and the test fails)."""
    both = threading.Barrier(2, timeout=10)
    routes = user_token_api().routes

    def waiting(path: str) -> Callable[[], Answer]:
        def answer() -> Answer:
            both.wait()
            route = routes[path]
            assert isinstance(route, Answer)
            return route

        return answer

    api = Api({path: waiting(path) for path in routes})
    if mode == "sync":
        overview = await fetch(USER_TOKEN, api, mode)
    else:  # MockTransport calls a sync handler on the loop: run it in threads instead
        overview = await fetch(USER_TOKEN, _threaded(api), mode)
    assert overview.user.ok and overview.token.status is not None
    assert not both.broken


def _threaded(api: Api) -> Any:
    async def handler(request: httpx.Request) -> httpx.Response:
        return await asyncio.to_thread(api, request)

    return handler


@MODES
@pytest.mark.parametrize("credential", [LEGACY_TOKEN, ACCOUNT_TOKEN], ids=["legacy", "cfat"])
async def test_an_account_token_is_told_apart_and_verified_on_its_account(
    mode: str, credential: ApiToken
) -> None:
    api = Api(
        {
            "/user": account_token_user(),
            "/user/tokens/verify": account_token_user_verify(),
            "/accounts": accounts_page(),
            f"/accounts/{ACCOUNT_ID}/tokens/verify": token_verify(NOW, "expiring"),
        }
    )
    overview = await fetch(credential, api, mode)
    verify_account = f"/accounts/{ACCOUNT_ID}/tokens/verify"
    if credential is LEGACY_TOKEN:
        # 9109 on /user and 1000 on the user verify, then the account's own check.
        assert sorted(api.token_paths()[:2]) == ["/user", "/user/tokens/verify"]
        assert api.token_paths()[2:] == ["/accounts", verify_account]
    else:  # the prefix says it already: no user verify, no waiting for /user
        assert sorted(api.token_paths()) == sorted(["/user", "/accounts", verify_account])
        assert api.paths.index("/accounts") < api.paths.index(verify_account)
    assert overview.is_account_token and overview.kind is CredentialKind.ACCOUNT_TOKEN
    assert overview.token.account is not None
    assert overview.token.account.name == "Okafor Studio"
    error = account_token_error(overview, NOW)
    assert error.exit_code == 4 and error.codes == (9109,)
    assert error.message.startswith(
        "This is an account API token for the account Okafor Studio "
        "(active, expires 2026-12-01, in 2 days)."
    )
    assert "User Details: Read" in error.message
    report = token_report(overview, NOW)
    assert report.line.startswith("account API token for Okafor Studio · active, expires")
    assert report.warning is not None and "Account API Tokens" in report.warning


@MODES
async def test_a_revoked_legacy_token_is_not_taken_for_an_account_token(mode: str) -> None:
    """1000 on the verify but not 9109 on /user: no reason to look for an account."""
    api = Api({"/user": refused(10000), "/user/tokens/verify": refused(1000)})
    overview = await fetch(LEGACY_TOKEN, api, mode)
    assert sorted(api.token_paths()) == ["/user", "/user/tokens/verify"]
    assert not overview.is_account_token and overview.kind is CredentialKind.TOKEN
    assert overview.user.error is not None and overview.user.error.exit_code == 4


@MODES
async def test_an_account_token_whose_accounts_cannot_be_listed(mode: str) -> None:
    api = Api({"/user": account_token_user(), "/accounts": refused(9109)})
    overview = await fetch(ACCOUNT_TOKEN, api, mode)
    assert overview.is_account_token
    report = token_report(overview, NOW)
    assert report.summary == UNKNOWN
    assert report.reason == (
        "Cloudflare refused the check (HTTP 403, code 9109); "
        "finding its account needs the Account Settings: Read permission"
    )
    assert "for an account." in account_token_error(overview, NOW).message


@MODES
async def test_an_account_token_its_account_refused_is_not_named_for_it(mode: str) -> None:
    """Every account it can see refused to verify it: none of them is named as its owner."""
    api = Api(
        {
            "/user": account_token_user(),
            "/accounts": accounts_page(),
            f"/accounts/{ACCOUNT_ID}/tokens/verify": refused(1000),
        }
    )
    overview = await fetch(ACCOUNT_TOKEN, api, mode)
    assert overview.is_account_token and overview.token.status is None
    message = account_token_error(overview, NOW).message
    assert "Okafor Studio" not in message and "for an account." in message
    report = token_report(overview, NOW)
    assert report.account is None and "Okafor Studio" not in report.line


@MODES
async def test_a_global_key_is_never_sent_to_verify(mode: str) -> None:
    api = user_token_api()
    overview = await fetch(GLOBAL_KEY, api, mode)
    assert api.token_paths() == ["/user"]
    assert not overview.token.checked
    report = token_report(overview, NOW)
    assert report.kind is CredentialKind.GLOBAL_KEY
    assert report.line.startswith("Global API key · never expires")
    assert report.note is not None and "scoped API token" in report.note
    assert report.warning is None


def _timeout() -> Exception:
    return httpx.ReadTimeout("timed out")


@MODES
@pytest.mark.parametrize(
    ("answer", "error", "reason"),
    [
        (refused(9109), None, "Cloudflare refused the check (HTTP 403, code 9109)"),
        (server_error(), ServerError, "Cloudflare had a problem answering (HTTP 500)"),
        (
            Answer(502, {"Content-Type": "text/html"}, CLOUDFLARE_502_PAGE),
            ServerError,
            "Cloudflare had a problem answering (HTTP 502)",
        ),
        (_timeout, NetworkError, "did not send a complete answer"),
        (ok({"id": "t", "status": 5}), MalformedResponseError, "result.status should be"),
    ],
    ids=["403", "500", "html", "timeout", "malformed"],
)
async def test_a_failing_verify_never_hides_the_profile(
    mode: str, answer: Route, error: type[Exception] | None, reason: str
) -> None:
    api = Api({"/user": user_answer(), "/user/tokens/verify": answer})
    overview = await fetch(USER_TOKEN, api, mode)
    assert overview.response().user.display_name == "user@example.com"
    if error is not None:
        assert isinstance(overview.token.error, error)
    report = token_report(overview, NOW)
    assert (report.summary, report.health, report.warning) == (UNKNOWN, None, None)
    assert report.reason is not None and reason in report.reason
    assert report.line == f"user API token · {UNKNOWN}"


@MODES
async def test_a_failing_user_leaves_the_token_section_alone(mode: str) -> None:
    api = Api({"/user": server_error(), "/user/tokens/verify": token_verify(NOW, "expired")})
    overview = await fetch(USER_TOKEN, api, mode)
    with pytest.raises(ServerError):
        overview.response()
    report = token_report(overview, NOW)
    assert report.health is TokenHealth.EXPIRED
    assert report.warning is not None and "create a new one" in report.warning


def test_the_countdown_follows_the_clock_it_is_given() -> None:
    status = parse_token_status(token_verify(NOW, "expiring").json()["result"])
    overview = Overview(USER_TOKEN, Outcome(error=ServerError("down")), TokenCheck(status))
    assert token_report(overview, NOW).health is TokenHealth.EXPIRING
    assert token_report(overview, NOW + timedelta(days=3)).health is TokenHealth.EXPIRED
