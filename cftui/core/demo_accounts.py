"""The demo user's accounts and token: ``/memberships``, ``/memberships/{id}``, the answer to an
invitation and ``/user/tokens/verify``, as the API would send them (package data).

The demo covers what a real user meets: accounts known to both ``/memberships`` and ``/user``,
one only in ``/user``'s organizations (Blue Harbor Media), two only in memberships (Meridian
Analytics Co, scoped to two zones by policy; Harbourline Events, a new invitation), a pending
and a declined invitation, a deny policy and zone scopes. ``demo_membership_details.json`` maps
a membership id to its ``GET /memberships/{id}`` body.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

from cftui.core.account_merge import AccountMerge
from cftui.core.demo import demo_user
from cftui.core.memberships import (
    InvitationAnswer,
    Membership,
    parse_membership,
    parse_memberships,
)
from cftui.core.pagination import ResultInfo, parse_result_info
from cftui.core.tokens import TokenStatus, parse_token_status


@cache
def _load(name: str) -> Any:
    return json.loads(resources.files("cftui.core").joinpath(name).read_text("utf-8"))


def demo_memberships_body() -> dict[str, Any]:
    """``GET /memberships?per_page=50``: one page, ``result_info`` included."""
    body: dict[str, Any] = copy.deepcopy(_load("demo_memberships.json"))
    return body


def demo_memberships() -> tuple[Membership, ...]:
    return parse_memberships(demo_memberships_body()["result"])


def demo_result_info() -> ResultInfo | None:
    return parse_result_info(demo_memberships_body().get("result_info"))


def demo_membership_detail_body(membership_id: str) -> dict[str, Any] | None:
    """``GET /memberships/{id}`` (with policies), or None for an id the demo does not know."""
    details: dict[str, Any] = _load("demo_membership_details.json")
    body = details.get(membership_id)
    return None if body is None else copy.deepcopy(body)


def demo_membership_detail(membership_id: str) -> Membership | None:
    body = demo_membership_detail_body(membership_id)
    return None if body is None else parse_membership(body["result"])


def demo_invitation_answer_body(
    membership_id: str, status: InvitationAnswer
) -> dict[str, Any] | None:
    """What ``PUT /memberships/{id}`` with ``{"status": status}`` answers: the membership with
    its new status. None unless the demo has that membership pending."""
    body = demo_membership_detail_body(membership_id)
    if body is None or body["result"].get("status") != "pending":
        return None
    body["result"]["status"] = status
    return body


def demo_token_verify_body() -> dict[str, Any]:
    """``GET /user/tokens/verify`` for the demo's (user) API token."""
    body: dict[str, Any] = copy.deepcopy(_load("demo_token_verify.json"))
    return body


def demo_token_status() -> TokenStatus:
    return parse_token_status(demo_token_verify_body()["result"])


def demo_accounts() -> AccountMerge:
    """The accounts panel's rows for the demo user: memberships merged with organizations."""
    return AccountMerge(demo_memberships(), demo_user().organizations)
