"""The demo user's accounts: ``/memberships``, ``/memberships/{id}`` and the answer to an
invitation, as the API would send them (package data).

The demo covers what a real user meets: accounts known to both ``/memberships`` and ``/user``,
one only in ``/user``'s organizations (Blue Harbor Media), two only in memberships (Meridian
Analytics Co, scoped to two zones by policy; Harbourline Events, a new invitation), a pending
and a declined invitation, a deny policy and zone scopes. ``demo_membership_details.json`` maps
a membership id to its ``GET /memberships/{id}`` body.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from cftui.core.accounts.merge import AccountMerge
from cftui.core.api.endpoints import ApiCall
from cftui.core.api.envelope import parse_envelope
from cftui.core.api.pagination import ResultInfo, parse_result_info
from cftui.core.demo.data import load
from cftui.core.demo.user import demo_user
from cftui.core.errors import ApiError
from cftui.core.models.membership import (
    InvitationAnswer,
    Membership,
    parse_membership,
    parse_memberships,
)

R = TypeVar("R")


def demo_memberships_body() -> dict[str, Any]:
    """``GET /memberships?per_page=50``: one page, ``result_info`` included."""
    body: dict[str, Any] = load("memberships.json")
    return body


def demo_memberships() -> tuple[Membership, ...]:
    return parse_memberships(demo_memberships_body()["result"])


def demo_result_info() -> ResultInfo | None:
    return parse_result_info(demo_memberships_body().get("result_info"))


def demo_membership_detail_body(membership_id: str) -> dict[str, Any] | None:
    """``GET /memberships/{id}`` (with policies), or None for an id the demo does not know."""
    details: dict[str, Any] = load("membership_details.json")
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
