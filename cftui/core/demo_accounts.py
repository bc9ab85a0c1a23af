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
from datetime import timedelta
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from cftui.core import clock
from cftui.core.account_merge import AccountMerge
from cftui.core.demo import demo_user
from cftui.core.endpoints import ApiCall
from cftui.core.envelope import parse_envelope
from cftui.core.errors import ApiError
from cftui.core.memberships import (
    InvitationAnswer,
    Membership,
    parse_membership,
    parse_memberships,
)
from cftui.core.pagination import ResultInfo, parse_result_info
from cftui.core.tokens import TokenStatus, parse_token_status

R = TypeVar("R")


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


DEMO_TOKEN_AGE_DAYS = 328
DEMO_TOKEN_DAYS_LEFT = 213


def demo_token_verify_body() -> dict[str, Any]:
    """``GET /user/tokens/verify`` for the demo's (user) API token.

    Its dates are counted from today (``clock.utc_now``): the demo token is always a healthy
    one, 213 days from expiry, on whatever day the demo runs; it never ages into an expired
    token.
    """
    body: dict[str, Any] = copy.deepcopy(_load("demo_token_verify.json"))
    today = clock.utc_now().date()
    valid_from = today - timedelta(days=DEMO_TOKEN_AGE_DAYS)
    expires = today + timedelta(days=DEMO_TOKEN_DAYS_LEFT)
    body["result"]["not_before"] = f"{valid_from.isoformat()}T00:00:00Z"
    body["result"]["expires_on"] = f"{expires.isoformat()}T23:59:59Z"
    return body


def demo_token_status() -> TokenStatus:
    return parse_token_status(demo_token_verify_body()["result"])


def demo_accounts() -> AccountMerge:
    """The accounts panel's rows for the demo user: memberships merged with organizations."""
    return AccountMerge(demo_memberships(), demo_user().organizations)


class DemoAccounts:
    """Answers the accounts endpoints from the demo data, through the endpoints' own readers,
    so the demo shows exactly what a real answer would. An answered invitation stays answered
    for the rest of the run (the next listing shows it so)."""

    def __init__(self) -> None:
        self._answers: dict[str, InvitationAnswer] = {}

    def _body(self, call: ApiCall[Any]) -> dict[str, Any]:
        path = call.path
        if path == "/memberships":
            body = demo_memberships_body()
            for item in body["result"]:
                item["status"] = self._answers.get(item["id"], item["status"])
            return body
        membership_id = path.removeprefix("/memberships/")
        if call.method == "PUT" and path != membership_id:
            wanted = (call.json or {}).get("status")
            status: InvitationAnswer = "accepted" if wanted == "accepted" else "rejected"
            answer = (
                demo_invitation_answer_body(membership_id, status)
                if wanted in ("accepted", "rejected") and membership_id not in self._answers
                else None
            )
            if answer is not None:
                self._answers[membership_id] = status
                return answer
        elif path != membership_id:
            detail = demo_membership_detail_body(membership_id)
            if detail is not None:
                detail["result"]["status"] = self._answers.get(
                    membership_id, detail["result"]["status"]
                )
                return detail
        raise ApiError(
            f"The demo data has no answer for {call.method} {path}.",
            status=404,
            codes=(7003,),
        )

    def answer(self, call: ApiCall[R]) -> R:
        body = self._body(call)
        envelope = parse_envelope(body, call.parse)
        return call.respond(
            envelope.result,
            envelope.messages,
            body=body,
            result_info=envelope.result_info,
        )
