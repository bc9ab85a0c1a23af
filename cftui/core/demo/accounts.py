"""The demo user's accounts: ``/memberships``, ``/memberships/{id}`` and the answer to an
invitation, as the API would send them (package data).

The demo covers what a real user meets: accounts known to both ``/memberships`` and ``/user``,
one only in ``/user``'s organizations (Blue Harbor Media), two only in memberships (Meridian
Analytics Co, scoped to two zones by policy; Harbourline Events, a new invitation), a pending
and a declined invitation, a deny policy and zone scopes. ``membership_details.json`` maps a
membership id to its ``GET /memberships/{id}`` body.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping
from typing import Any

from cftui.core.demo.data import load
from cftui.core.models.membership import InvitationAnswer

DEFAULT_PER_PAGE = 20
PER_PAGE_RANGE = (5, 50)


def _number(text: str | None, default: int, low: int, high: int) -> int:
    try:
        value = default if text is None else int(text)
    except ValueError:
        value = default
    return min(max(value, low), high)


class DemoAccounts:
    """The accounts endpoints' bodies. An answered invitation stays answered for the rest of
    the run: the next listing and the next detail show it so. Safe to ask from several
    threads at once (``whoami`` sends its requests together)."""

    def __init__(self) -> None:
        self._answers: dict[str, InvitationAnswer] = {}
        self._lock = threading.Lock()

    def _status(self, item: dict[str, Any]) -> None:
        with self._lock:
            item["status"] = self._answers.get(item["id"], item["status"])

    def listing(self, query: Mapping[str, str]) -> dict[str, Any]:
        """``GET /memberships``: ``status`` filters, ``page`` and ``per_page`` (5–50, 20
        unless asked) cut the list, ``result_info`` counts what there is."""
        body: dict[str, Any] = load("memberships.json")
        items: list[dict[str, Any]] = body["result"]
        for item in items:
            self._status(item)
        wanted = query.get("status")
        if wanted is not None:
            items = [item for item in items if item["status"] == wanted]
        per_page = _number(query.get("per_page"), DEFAULT_PER_PAGE, *PER_PAGE_RANGE)
        page = _number(query.get("page"), 1, 1, 1_000_000)
        shown = items[(page - 1) * per_page : page * per_page]
        body["result"] = shown
        body["result_info"] = {
            "page": page,
            "per_page": per_page,
            "count": len(shown),
            "total_count": len(items),
            "total_pages": math.ceil(len(items) / per_page),
        }
        return body

    def detail(self, membership_id: str) -> dict[str, Any] | None:
        """``GET /memberships/{id}`` (with policies), or None for an id the demo does not know."""
        body: dict[str, Any] | None = load("membership_details.json").get(membership_id)
        if body is not None:
            self._status(body["result"])
        return body

    def answer(self, membership_id: str, wanted: object) -> dict[str, Any] | None:
        """``PUT /memberships/{id}`` with ``{"status": wanted}``: the membership with its new
        status. None unless ``wanted`` is an answer and the membership a pending invitation."""
        if wanted not in ("accepted", "rejected"):
            return None
        status: InvitationAnswer = "accepted" if wanted == "accepted" else "rejected"
        with self._lock:
            if membership_id in self._answers:
                return None
            body: dict[str, Any] | None = load("membership_details.json").get(membership_id)
            if body is None or body["result"].get("status") != "pending":
                return None
            self._answers[membership_id] = status
        body["result"]["status"] = status
        return body
