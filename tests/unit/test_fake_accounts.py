"""The fake API's new answers say what they claim: statuses, codes, envelopes, page counts,
times relative to the injected now; usable as canned server answers and by MockTransport."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest

from tests.support.fake.accounts import (
    ACCOUNT_TOKEN_ACCOUNT,
    Answer,
    account_token_user,
    account_token_user_verify,
    accounts_page,
    rate_limited,
    real_user,
    refused,
    server_error,
    token_verify,
    user_answer,
)
from tests.support.fake.canned import Canned
from tests.support.fake.memberships import (
    empty_page,
    membership_detail,
    membership_put,
    memberships_pages,
    pages_with_a_failure,
    pages_with_duplicates,
)

NOW = datetime(2026, 11, 29, 15, 30, tzinfo=UTC)


def codes(answer: Answer) -> list[int]:
    return [e["code"] for e in answer.json()["errors"]]


def test_an_answer_is_a_status_headers_body_triple() -> None:
    status, headers, body = user_answer()
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert "Ratelimit" in headers
    assert json.loads(body)["result"]["email"] == "user@example.com"


def test_canned_and_mock_responses_carry_the_same_answer() -> None:
    answer = token_verify(NOW, "expired")
    canned = answer.canned()
    assert isinstance(canned, Canned)
    assert (canned.status, canned.body, canned.content_type) == (
        answer.status,
        answer.body,
        "application/json",
    )
    assert "Content-Type" not in canned.headers and canned.headers["Ratelimit"]
    response = answer.response()
    assert response.status_code == answer.status
    assert response.json() == answer.json()


async def test_answers_serve_through_a_mock_transport() -> None:
    routes = {
        "/client/v4/user": account_token_user(),
        "/client/v4/user/tokens/verify": account_token_user_verify(),
        "/client/v4/accounts": accounts_page(),
        f"/client/v4/accounts/{ACCOUNT_TOKEN_ACCOUNT['id']}/tokens/verify": token_verify(NOW),
    }

    def handler(request: httpx.Request) -> httpx.Response:
        return routes[request.url.path].response()

    async with httpx.AsyncClient(
        transport=httpx.MockTransport(handler), base_url="https://api.example/client/v4"
    ) as client:
        user = await client.get("/user")
        verify = await client.get("/user/tokens/verify")
        accounts = await client.get("/accounts")
        account_id = accounts.json()["result"][0]["id"]
        account_verify = await client.get(f"/accounts/{account_id}/tokens/verify")
    assert (user.status_code, user.json()["errors"][0]["code"]) == (403, 9109)
    assert (verify.status_code, verify.json()["errors"][0]["code"]) == (401, 1000)
    assert accounts.json()["result_info"]["count"] == 1
    assert account_verify.json()["result"]["status"] == "active"


def test_the_real_shaped_user() -> None:
    user = real_user()
    assert user["email"] and user["organizations"] == []
    assert all(
        user[k] is None for k in ("first_name", "last_name", "telephone", "country", "zipcode")
    )
    assert real_user(first_name="Ada")["first_name"] == "Ada"


@pytest.mark.parametrize(
    ("health", "status", "expires", "not_before"),
    [
        ("active", "active", "2027-01-10T15:30:00Z", "2026-10-30T15:30:00Z"),
        ("expiring", "active", "2026-12-01T15:30:00Z", None),
        ("expired", "expired", "2026-11-26T15:30:00Z", None),
        ("disabled", "disabled", None, None),
        ("not_yet_valid", "active", "2027-02-27T15:30:00Z", "2026-12-02T15:30:00Z"),
        ("never_expires", "active", None, None),
    ],
)
def test_token_answers_follow_now(
    health: str, status: str, expires: str | None, not_before: str | None
) -> None:
    result = token_verify(NOW, health).json()["result"]  # type: ignore[arg-type]
    assert result["status"] == status
    assert result.get("expires_on") == expires
    assert result.get("not_before") == not_before


@pytest.mark.parametrize(
    ("answer", "status", "code"),
    [
        (refused(9109), 403, 9109),
        (refused(10000), 403, 10000),
        (refused(9106), 400, 9106),
        (refused(1001), 400, 1001),
        (account_token_user(), 403, 9109),
        (account_token_user_verify(), 401, 1000),
        (server_error(), 500, 10013),
        (rate_limited(), 429, 971),
        (refused(12345, "New", 418), 418, 12345),
    ],
)
def test_refusals(answer: Answer, status: int, code: int) -> None:
    assert answer.status == status
    assert codes(answer) == [code]
    doc = answer.json()
    assert doc["success"] is False and doc["result"] is None and doc["messages"] == []


def test_rate_limited_says_when_to_come_back() -> None:
    assert rate_limited(7).headers["Retry-After"] == "7"


def test_pages_of_fifty() -> None:
    pages = [a.json() for a in memberships_pages(120)]
    assert [len(p["result"]) for p in pages] == [50, 50, 20]
    assert [p["result_info"]["page"] for p in pages] == [1, 2, 3]
    assert {p["result_info"]["total_pages"] for p in pages} == {3}
    ids = [m["account"]["id"] for p in pages for m in p["result"]]
    assert len(set(ids)) == 120


def test_total_count_may_disagree() -> None:
    pages = [a.json() for a in memberships_pages(100, total_count=130)]
    assert len(pages) == 2
    assert pages[0]["result_info"] == {
        "page": 1,
        "per_page": 50,
        "count": 50,
        "total_count": 130,
        "total_pages": 3,
    }


def test_zero_memberships_is_one_empty_page() -> None:
    (page,) = [a.json() for a in memberships_pages(0)]
    assert page["result"] == [] and page["result_info"]["total_pages"] == 1
    assert empty_page(3, total_count=130).json()["result_info"]["count"] == 0


def test_a_failing_page() -> None:
    pages = pages_with_a_failure(150, 2)
    assert [a.status for a in pages] == [200, 500, 200]
    pages = pages_with_a_failure(150, 3, refused(9109))
    assert codes(pages[2]) == [9109]


def test_duplicates_across_pages() -> None:
    first, second = (a.json()["result"] for a in pages_with_duplicates())
    overlap = {m["id"] for m in first} & {m["id"] for m in second}
    assert len(overlap) == 5


def test_pending_every() -> None:
    statuses = [
        m["status"] for a in memberships_pages(21, pending_every=7) for m in a.json()["result"]
    ]
    assert statuses.count("pending") == 3


def test_detail_and_put() -> None:
    detail = membership_detail(4, status="pending").json()["result"]
    assert detail["status"] == "pending" and len(detail["policies"]) == 2
    assert {p["access"] for p in detail["policies"]} == {"allow", "deny"}
    put = membership_put(4, "rejected").json()["result"]
    assert put["status"] == "rejected" and put["id"] == detail["id"]
