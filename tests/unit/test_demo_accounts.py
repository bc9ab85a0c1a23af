"""The demo's accounts and token: shaped exactly like the API's answers, and covering every
case the accounts panel has to show."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from cftui.core.accounts.rows import FROM_MEMBERSHIPS, FROM_USER
from cftui.core.accounts.scopes import policy_headline, policy_scopes
from cftui.core.api.pagination import last_page
from cftui.core.demo.accounts import (
    demo_accounts,
    demo_invitation_answer_body,
    demo_membership_detail,
    demo_membership_detail_body,
    demo_memberships,
    demo_memberships_body,
    demo_result_info,
)
from cftui.core.demo.token import demo_token_status, demo_token_verify_body
from cftui.core.demo.user import demo_body, demo_user
from cftui.core.models.membership import parse_membership
from cftui.core.models.token import TokenHealth, describe_token, token_health

HEX32 = re.compile(r"[0-9a-f]{32}")
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def assert_envelope(body: dict[str, Any]) -> None:
    assert body["success"] is True
    assert body["errors"] == [] and isinstance(body["messages"], list)
    assert "result" in body


def test_the_demo_user_has_the_identity_fields() -> None:
    user = demo_user()
    assert user.email == "avery.okafor@example.com"
    assert user.display_name == "Avery Okafor"
    assert user.distinct_username == "aokafor"
    assert user.created_on is not None and user.created_on.date_text == "2019-03-14"
    assert user.modified_on is not None and user.modified_on.value is not None
    assert user.extra == {}  # every field the demo sends is a known one
    assert set(demo_body()["result"]) <= set(user.to_json())


def test_the_memberships_body_is_a_full_list_envelope() -> None:
    body = demo_memberships_body()
    assert_envelope(body)
    assert body["result_info"] == {
        "page": 1,
        "per_page": 50,
        "count": len(body["result"]),
        "total_count": len(body["result"]),
        "total_pages": 1,
    }
    assert last_page(demo_result_info()) == 1
    assert all("policies" not in item for item in body["result"])  # the list carries none


def test_every_id_is_shaped_like_cloudflares() -> None:
    ids = []
    for m in demo_memberships():
        ids += [m.id, m.account_id]
        detail = demo_membership_detail(m.id or "")
        assert detail is not None
        for policy in detail.policies or ():
            ids += [policy.id, *(g.id for g in policy.permission_groups)]
            ids += [g.id for g in policy.resource_groups]
    assert ids and all(i is not None and HEX32.fullmatch(i) for i in ids), ids
    assert len({m.id for m in demo_memberships()}) == len(demo_memberships())


def test_each_detail_is_its_list_item_plus_policies() -> None:
    listed = {item["id"]: item for item in demo_memberships_body()["result"]}
    for mid, item in listed.items():
        body = demo_membership_detail_body(mid)
        assert body is not None
        assert_envelope(body)
        detail = dict(body["result"])
        assert isinstance(detail.pop("policies"), list)
        assert detail == item
    assert demo_membership_detail_body("0" * 32) is None
    assert demo_membership_detail("0" * 32) is None


def test_bodies_are_copies() -> None:
    demo_memberships_body()["result"].clear()
    assert demo_memberships()
    body = demo_membership_detail_body(demo_memberships()[0].id or "")
    assert body is not None
    body["result"]["status"] = "rejected"
    again = demo_membership_detail(demo_memberships()[0].id or "")
    assert again is not None and again.status == "accepted"


def test_the_demo_covers_every_case_of_the_panel() -> None:
    merge = demo_accounts()
    rows = {r.name: r for r in merge.rows()}
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
    assert merge.pending_count == 2


def test_the_demo_policies_include_a_deny_and_zone_scopes() -> None:
    names = demo_accounts().account_names()
    lines: list[str] = []
    accesses = set()
    for m in demo_memberships():
        detail = demo_membership_detail(m.id or "")
        assert detail is not None and detail.policies is not None
        for policy in detail.policies:
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
    pending = [m for m in demo_memberships() if m.status == "pending"]
    assert pending
    body = demo_invitation_answer_body(pending[0].id or "", status)  # type: ignore[arg-type]
    assert body is not None
    assert_envelope(body)
    assert body["result"]["status"] == status
    merge = demo_accounts()
    row = merge.update_membership(parse_membership(body["result"]))
    assert row.can_answer is False
    assert merge.pending_count == 1
    accepted = next(m for m in demo_memberships() if m.status == "accepted")
    assert demo_invitation_answer_body(accepted.id or "", "rejected") is None  # not an invitation


def test_the_demo_token_is_a_healthy_user_token() -> None:
    body = demo_token_verify_body()
    assert_envelope(body)
    assert body["messages"][0]["code"] == 10000
    status = demo_token_status()
    assert token_health(status, NOW) is TokenHealth.ACTIVE
    assert describe_token(status, NOW) == "active, expires 2027-06-30, in 213 days"
