"""The quick check and the verdict on it, for every persona of the fleet (MockTransport).

The quick check asks only what a header needs: ``/user``, the token check, memberships page 1
and the pending count together, then (for a user token that verified) the token reading
itself. The verdict is judged from it and the fixed day, without a network.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import httpx
import pytest

from cftui.core.api.client import CloudflareClient, SyncCloudflareClient
from cftui.core.credentials.kinds import ApiToken, Credential, GlobalApiKey
from cftui.core.fleet.health import (
    API_TOKENS_READ,
    GLOBAL_KEY_EXPIRY_NOTE,
    MEMBERSHIPS_READ,
    USER_DETAILS_READ,
    Verdict,
    judge,
    locked,
    missing,
)
from cftui.core.overview.credential_kind import CredentialKind
from cftui.core.overview.quick import (
    Count,
    QuickCheck,
    count_from_page,
    fetch_quick,
    fetch_quick_sync,
)
from tests.support.fake.accounts import ok, refused, server_error, token_verify, user_answer
from tests.support.fake.fleet import GLOBAL_EMAIL, GLOBAL_KEY, TOKENS, answer_for, route_of_path
from tests.support.fixed_clock import FIXED_NOW

NOW = FIXED_NOW


class Fleet:
    """The fleet's personas as a MockTransport handler; ``down`` makes every request fail."""

    def __init__(self, *, down: bool = False) -> None:
        self.down = down
        self.routes: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        route = route_of_path(request.url.path)
        with self.lock:
            self.routes.append(route)
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        headers = {k.lower(): v for k, v in request.headers.items()}
        said = answer_for(headers, request.method, route, dict(request.url.params))
        assert said is not None, "the slow persona has no MockTransport answer"
        return said.response()


def check(credential: Credential, fleet: Fleet | None = None) -> QuickCheck:
    transport = httpx.MockTransport(fleet or Fleet())
    with SyncCloudflareClient(
        credential, transport=transport, sleep=lambda s: None, max_retries=0
    ) as client:
        return fetch_quick_sync(client)


def token(persona: str) -> ApiToken:
    return ApiToken(TOKENS[persona])


def test_a_good_token_is_ok_with_its_owner_accounts_and_invitations() -> None:
    fleet = Fleet()
    health = judge(check(token("good"), fleet), NOW)
    assert health.verdict is Verdict.OK
    assert health.kind is CredentialKind.USER_TOKEN
    assert health.whose == "ada@example.com"
    assert (health.days_left, health.never_expires) == (42, False)
    assert health.expires_on is not None and health.expires_on.date_text == "2027-01-10"
    assert (health.accounts, health.invitations) == (Count(4), Count(1))
    assert health.missing_permissions == ()
    # Page 1 and the pending count, never a second page; the token reads itself after its
    # verify gave the id.
    assert sorted(fleet.routes) == [
        "memberships",
        "memberships",
        "user",
        "user/tokens/ed17574386854bf78a67040be0a770b0",
        "user/tokens/verify",
    ]
    read = fleet.routes.index("user/tokens/ed17574386854bf78a67040be0a770b0")
    assert fleet.routes.index("user/tokens/verify") < read


def test_a_token_expiring_within_14_days_is_expiring() -> None:
    health = judge(check(token("expiring")), NOW)
    assert health.verdict is Verdict.EXPIRING and health.verdict.usable
    assert health.days_left == 5
    assert health.token_summary == "active, expires 2026-12-04, in 5 days"


def test_an_account_token_that_verifies_is_ok_and_names_its_account() -> None:
    health = judge(check(token("account")), NOW)
    assert health.verdict is Verdict.OK
    assert health.kind is CredentialKind.ACCOUNT_TOKEN
    assert health.whose == "Okafor Studio"
    assert health.missing_permissions == ()


@pytest.mark.parametrize(
    ("persona", "lacking"),
    [("no_members", (MEMBERSHIPS_READ,)), ("no_tokens_read", (API_TOKENS_READ,))],
)
def test_missing_permissions_are_named_as_the_dashboard_names_them(
    persona: str, lacking: tuple[str, ...]
) -> None:
    health = judge(check(token(persona)), NOW)
    assert health.verdict is Verdict.OK
    assert health.missing_permissions == lacking


def test_a_token_without_user_details_read_is_usable_and_says_what_it_lacks() -> None:
    transport = httpx.MockTransport(
        lambda request: {
            "/client/v4/user": refused(9109),
            "/client/v4/user/tokens/verify": token_verify(NOW),
        }.get(request.url.path, ok([])).response()
    )
    with SyncCloudflareClient(token("good"), transport=transport, max_retries=0) as client:
        health = judge(fetch_quick_sync(client), NOW)
    assert health.verdict is Verdict.OK
    assert health.whose is None
    assert USER_DETAILS_READ in health.missing_permissions


def test_a_revoked_token_is_rejected_with_the_reason() -> None:
    health = judge(check(token("rejected")), NOW)
    assert health.verdict is Verdict.REJECTED and not health.verdict.usable
    assert health.reason is not None and "Authentication error" in health.reason


@pytest.mark.parametrize(("days", "verdict"), [(-3, Verdict.REJECTED), (14, Verdict.EXPIRING)])
def test_the_expiry_rule_counts_calendar_days(days: int, verdict: Verdict) -> None:
    expires = (NOW + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    transport = httpx.MockTransport(
        lambda request: {
            "/client/v4/user": user_answer(),
            "/client/v4/user/tokens/verify": ok(
                {"id": "t", "status": "active", "expires_on": expires}
            ),
        }.get(request.url.path, ok([])).response()
    )
    with SyncCloudflareClient(token("good"), transport=transport, max_retries=0) as client:
        health = judge(fetch_quick_sync(client), NOW)
    assert health.verdict is verdict
    assert health.days_left == days


def test_a_network_failure_is_unreachable_never_invalid() -> None:
    health = judge(check(token("good"), Fleet(down=True)), NOW)
    assert health.verdict is Verdict.UNREACHABLE
    assert health.missing_permissions == ()


def test_a_5xx_is_unreachable() -> None:
    transport = httpx.MockTransport(lambda request: server_error().response())
    with SyncCloudflareClient(token("good"), transport=transport, max_retries=0) as client:
        health = judge(fetch_quick_sync(client), NOW)
    assert health.verdict is Verdict.UNREACHABLE


def test_a_global_key_is_ok_and_says_it_cannot_be_verified_for_expiry() -> None:
    fleet = Fleet()
    health = judge(check(GlobalApiKey(GLOBAL_EMAIL, GLOBAL_KEY), fleet), NOW)
    assert health.verdict is Verdict.OK
    assert health.kind is CredentialKind.GLOBAL_KEY
    assert health.whose == GLOBAL_EMAIL
    assert health.note == GLOBAL_KEY_EXPIRY_NOTE
    assert health.token is None and not health.never_expires
    assert health.accounts == Count(2)
    assert health.missing_permissions == ()  # a Global API key has every permission
    assert "user/tokens/verify" not in fleet.routes


def test_missing_and_locked_carry_their_reason_without_control_characters() -> None:
    assert missing("gone\x1b[2J").reason == "gone[2J"
    assert locked("locked").verdict is Verdict.LOCKED
    assert not Verdict.MISSING.usable and not Verdict.LOCKED.usable


@pytest.mark.parametrize(
    ("items", "total", "complete", "count"),
    [
        (3, 99, True, Count(3)),  # a short page is the whole list, whatever the total says
        (50, 120, False, Count(120)),
        (50, 7, False, Count(50, at_least=True)),  # a total below what came is nonsense
        (50, None, False, Count(50, at_least=True)),
    ],
)
def test_page_one_counts_trust_the_total_only_when_plausible(
    items: int, total: int | None, complete: bool, count: Count
) -> None:
    assert count_from_page(items, total, 50, complete=complete) == count


async def test_the_async_quick_check_says_the_same() -> None:
    async with CloudflareClient(token("good"), transport=httpx.MockTransport(Fleet())) as client:
        health = judge(await fetch_quick(client), NOW)
    assert (health.verdict, health.accounts, health.invitations) == (Verdict.OK, Count(4), Count(1))
