"""The demo's answers (``DemoApi``): shaped exactly like the API's, and covering every case
the accounts panel has to show."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from cftui.core.accounts.merge import AccountMerge
from cftui.core.accounts.rows import FROM_MEMBERSHIPS, FROM_USER
from cftui.core.accounts.scopes import policy_headline, policy_scopes
from cftui.core.api import endpoints
from cftui.core.api.pagination import last_page
from cftui.core.api.reading import answer_locally
from cftui.core.demo.server import DemoApi
from cftui.core.demo.user import DEMO_CREDENTIAL
from cftui.core.models.membership import Membership, parse_membership
from cftui.core.models.token import TokenHealth, describe_token, token_health
from cftui.core.models.user import User

HEX32 = re.compile(r"[0-9a-f]{32}")
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
MEMBERSHIPS = "/memberships"
PAGE_1 = {"page": "1", "per_page": "50"}  # what the clients ask first


def body(api: DemoApi, path: str, query: dict[str, str] | None = None) -> dict[str, Any]:
    """A ``GET`` that the demo answers with 200."""
    status, answer = api("GET", path, query or {}, None)
    assert status == 200, answer
    return answer


def assert_envelope(answer: dict[str, Any]) -> None:
    assert answer["success"] is True
    assert answer["errors"] == [] and isinstance(answer["messages"], list)
    assert "result" in answer


def user() -> User:
    return answer_locally(endpoints.get_user(), DemoApi(), DEMO_CREDENTIAL).result


def memberships(api: DemoApi | None = None) -> tuple[Membership, ...]:
    call = endpoints.list_memberships()
    return answer_locally(call, api or DemoApi(), DEMO_CREDENTIAL).result


def detail(membership_id: str, api: DemoApi | None = None) -> Membership:
    call = endpoints.get_membership(membership_id)
    return answer_locally(call, api or DemoApi(), DEMO_CREDENTIAL).result


def merge(api: DemoApi | None = None) -> AccountMerge:
    return AccountMerge(memberships(api), user().organizations)


def test_the_demo_user_has_the_identity_fields() -> None:
    demo = user()
    assert demo.email == "avery.okafor@example.com"
    assert demo.display_name == "Avery Okafor"
    assert demo.distinct_username == "aokafor"
    assert demo.created_on is not None and demo.created_on.date_text == "2019-03-14"
    assert demo.modified_on is not None and demo.modified_on.value is not None
    assert demo.extra == {}  # every field the demo sends is a known one
    assert set(body(DemoApi(), "/user")["result"]) <= set(demo.to_json())


def test_the_memberships_listing_is_a_full_list_envelope() -> None:
    listing = body(DemoApi(), MEMBERSHIPS, PAGE_1)
    assert_envelope(listing)
    count = len(listing["result"])
    assert listing["result_info"] == {
        "page": 1,
        "per_page": 50,
        "count": count,
        "total_count": count,
        "total_pages": 1,
    }
    call = endpoints.list_memberships()
    info = answer_locally(call, DemoApi(), DEMO_CREDENTIAL).result_info
    assert last_page(info) == 1
    assert all("policies" not in item for item in listing["result"])  # the list carries none


def test_the_listing_follows_its_query() -> None:
    api = DemoApi()
    everything = body(api, MEMBERSHIPS, PAGE_1)["result"]
    pending = body(api, MEMBERSHIPS, {**PAGE_1, "status": "pending"})
    assert [m["status"] for m in pending["result"]] == ["pending", "pending"]
    assert pending["result_info"]["total_count"] == 2
    first = body(api, MEMBERSHIPS, {"page": "1", "per_page": "5"})
    second = body(api, MEMBERSHIPS, {"page": "2", "per_page": "5"})
    assert first["result_info"]["total_pages"] == 2
    assert (len(first["result"]), len(second["result"])) == (5, len(everything) - 5)
    assert first["result"] + second["result"] == everything
    assert body(api, MEMBERSHIPS)["result_info"]["per_page"] == 20  # the API's default


def test_every_id_is_shaped_like_cloudflares() -> None:
    ids = []
    for m in memberships():
        ids += [m.id, m.account_id]
        for policy in detail(m.id or "").policies or ():
            ids += [policy.id, *(g.id for g in policy.permission_groups)]
            ids += [g.id for g in policy.resource_groups]
    assert ids and all(i is not None and HEX32.fullmatch(i) for i in ids), ids
    assert len({m.id for m in memberships()}) == len(memberships())


def test_each_detail_is_its_list_item_plus_policies() -> None:
    api = DemoApi()
    listed = {item["id"]: item for item in body(api, MEMBERSHIPS, PAGE_1)["result"]}
    for mid, item in listed.items():
        answer = body(api, f"{MEMBERSHIPS}/{mid}")
        assert_envelope(answer)
        one = dict(answer["result"])
        assert isinstance(one.pop("policies"), list)
        assert one == item


@pytest.mark.parametrize(
    ("method", "path", "sent"),
    [
        ("GET", f"{MEMBERSHIPS}/{'0' * 32}", None),
        ("GET", "/accounts", None),
        ("GET", f"{MEMBERSHIPS}/a/b", None),
        ("PUT", "/user", {"status": "accepted"}),
        ("PUT", f"{MEMBERSHIPS}/{'0' * 32}", {"status": "accepted"}),
    ],
)
def test_what_the_demo_does_not_know_is_cloudflares_404(
    method: str, path: str, sent: dict[str, str] | None
) -> None:
    status, answer = DemoApi()(method, path, {}, sent)
    assert status == 404
    assert answer["success"] is False and answer["result"] is None
    assert [e["code"] for e in answer["errors"]] == [7003]


def test_answers_are_copies() -> None:
    api = DemoApi()
    body(api, MEMBERSHIPS, PAGE_1)["result"].clear()
    first = memberships(api)[0]
    assert first.id
    body(api, f"{MEMBERSHIPS}/{first.id}")["result"]["status"] = "rejected"
    assert detail(first.id, api).status == "accepted"


def test_the_demo_covers_every_case_of_the_panel() -> None:
    accounts = merge()
    rows = {r.name: r for r in accounts.rows()}
    assert {r.status for r in rows.values()} == {"member", "invited", "declined"}
    assert rows["Blue Harbor Media"].sources == (FROM_USER,)
    assert rows["Meridian Analytics Co"].sources == (FROM_MEMBERSHIPS,)
    assert rows["Harbourline Events"].sources == (FROM_MEMBERSHIPS,)
    assert rows["Okafor Studio"].sources == (FROM_MEMBERSHIPS, FROM_USER)
    # /user still says invited; the membership says the invitation was declined
    tidewater = rows["Tidewater Nonprofit Trust"]
    assert tidewater.organization is not None
    assert (tidewater.status, tidewater.organization.status) == ("declined", "invited")
    assert [r.name for r in rows.values() if r.can_answer] == [
        "Harbourline Events",
        "Lambda Collective",
    ]
    assert accounts.pending_count == 2


def test_the_demo_policies_include_a_deny_and_zone_scopes() -> None:
    names = merge().account_names()
    lines: list[str] = []
    accesses = set()
    for m in memberships():
        policies = detail(m.id or "").policies
        assert policies is not None
        for policy in policies:
            accesses.add(policy.access)
            lines += [policy_headline(policy), *policy_scopes(policy, names)]
    assert accesses == {"allow", "deny"}
    assert "Deny: Cache Purge" in lines
    assert "zone 023e105f4ecef8ad9ca31a8372d0c353 in account Kestrel Security GmbH" in lines
    assert "all zones in account Kestrel Security GmbH" in lines
    assert "everything in account Okafor Studio" in lines
    assert sum(line.startswith("zone ") for line in lines) >= 3


@pytest.mark.parametrize("status", ["accepted", "rejected"])
def test_answering_a_demo_invitation(status: str) -> None:
    api = DemoApi()
    pending = [m for m in memberships(api) if m.status == "pending"]
    assert pending and pending[0].id
    path = f"{MEMBERSHIPS}/{pending[0].id}"
    code, answer = api("PUT", path, {}, {"status": status})
    assert code == 200
    assert_envelope(answer)
    assert answer["result"]["status"] == status
    accounts = merge()
    row = accounts.update_membership(parse_membership(answer["result"]))
    assert row.can_answer is False
    assert accounts.pending_count == 1
    # answered for the rest of the run: in the listing, the detail, and not answerable again
    assert merge(api).pending_count == 1
    assert body(api, path)["result"]["status"] == status
    assert api("PUT", path, {}, {"status": "accepted"})[0] == 404
    assert DemoApi()("GET", path, {}, None)[1]["result"]["status"] == "pending"  # a new run
    accepted = next(m for m in memberships(api) if m.status == "accepted")
    not_invited = api("PUT", f"{MEMBERSHIPS}/{accepted.id}", {}, {"status": "rejected"})
    assert not_invited[0] == 404
    assert api("PUT", f"{MEMBERSHIPS}/{pending[1].id}", {}, {"status": "maybe"})[0] == 404


def test_the_demo_token_is_a_healthy_user_token() -> None:
    answer = body(DemoApi(), "/user/tokens/verify")
    assert_envelope(answer)
    assert answer["messages"][0]["code"] == 10000
    call = endpoints.verify_token()
    status = answer_locally(call, DemoApi(), DEMO_CREDENTIAL).result
    assert token_health(status, NOW) is TokenHealth.ACTIVE
    assert describe_token(status, NOW) == "active, expires 2027-06-30, in 213 days"
