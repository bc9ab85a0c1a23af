"""What the fake API answers on ``/memberships``: pages by ``page`` / ``per_page`` / ``status``,
one membership with its policies, and ``PUT`` answering an invitation; per scenario.

A scenario is a ``World``: the memberships that exist (built with ``memberships``), how
its pages lie (``total_count``), which page fails and how, and what the detail and ``PUT``
answer. Every other scenario whose ``/user`` succeeds answers with its own user's
organizations as memberships (same ids, names, roles, statuses), as a real account would; one
whose ``/user`` fails fails here the same way; an account token gets 9106.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.support.fake.accounts import Answer, hex_id, rate_limited, refused, server_error
from tests.support.fake.canned import CLOUDFLARE_502_PAGE, OK_USER, Canned, envelope, to_json
from tests.support.fake.memberships import (
    hostile_membership,
    membership,
    membership_put,
    memberships_page,
    policies_for,
)

MEMBERSHIPS = "memberships"
Items = list[dict[str, Any]]


def _from_organizations(organizations: Any) -> Items:
    """A user's organizations as memberships: same ids, names, roles and statuses."""
    out = []
    for n, org in enumerate(organizations if isinstance(organizations, list) else []):
        if not isinstance(org, dict):
            continue
        grants: dict[str, dict[str, bool]] = {}
        for permission in org.get("permissions") or []:
            if not isinstance(permission, str):
                continue
            resource, _, action = permission.lstrip("#").partition(":")
            grant = grants.setdefault(resource, {"read": False, "write": False})
            grant["write" if action == "edit" else "read"] = True
        out.append(
            membership(n, status="pending" if org.get("status") == "invited" else "accepted")
            | {
                "id": hex_id(2, n),
                "account": {"id": org.get("id"), "name": org.get("name")},
                "roles": org.get("roles") or [],
                "permissions": grants,
            }
        )
    return out


@dataclass(frozen=True)
class World:
    items: Items
    per_page_cap: int = 50
    total_count: int | None = None  # what result_info claims; the items' count when None
    page_failure: Mapping[int, Canned] = field(default_factory=dict)
    listing: Canned | None = None  # answers every page (a refusal, a malformed body)
    detail: Canned | None = None  # answers every GET /memberships/{id}
    put: Canned | None = None  # answers every PUT /memberships/{id}
    result_info: str = "totals"  # "totals", "no totals" (page, per_page, count), "floats"
    page_size: int | None = None  # items a page, whatever per_page asked (a server ignoring it)
    put_says: str | None = None  # a PUT's answer lies: "pending", "opposite" or "another"

    def by_id(self, membership_id: str) -> dict[str, Any] | None:
        return next((m for m in self.items if m["id"] == membership_id), None)


def _query(query: Mapping[str, str], name: str, default: int) -> int:
    try:
        return int(query.get(name, default))
    except ValueError:
        return default


def _index(membership_id: str) -> int:
    try:
        return int(membership_id[2:], 16)
    except ValueError:
        return 0


def page_answer(world: World, query: Mapping[str, str]) -> Canned:
    page = max(1, _query(query, "page", 1))
    per_page = world.page_size or min(max(5, _query(query, "per_page", 20)), world.per_page_cap)
    if page in world.page_failure:
        return world.page_failure[page]
    status = query.get("status")
    items = [m for m in world.items if status is None or m["status"] == status]
    total = world.total_count if world.total_count is not None and status is None else len(items)
    chunk = items[(page - 1) * per_page : page * per_page]
    answer = memberships_page(chunk, page, per_page, total)
    if world.result_info == "totals":
        return answer.canned()
    doc = answer.json()
    info = doc["result_info"]
    if world.result_info == "no totals":  # the schema makes every field optional
        doc["result_info"] = {k: info[k] for k in ("page", "per_page", "count")}
    else:  # JSON has only numbers: 1.0 is a page number as good as 1
        doc["result_info"] = {k: float(v) for k, v in info.items()}
    return Canned(200, to_json(doc))


def detail_answer(world: World, membership_id: str) -> Canned:
    found = world.by_id(membership_id)
    if found is None:
        return refused(7003, status=404).canned()
    policies = found.get("policies") or policies_for(_index(membership_id))
    return Canned(200, to_json(envelope(found | {"policies": policies})))


def put_answer(world: World, membership_id: str, body: bytes) -> Canned:
    found = world.by_id(membership_id)
    try:
        wanted = json.loads(body or b"{}").get("status")
    except (ValueError, AttributeError):
        wanted = None
    if found is None:
        return refused(7003, status=404).canned()
    if wanted not in ("accepted", "rejected"):
        return refused(1001, "Invalid status", 400).canned()
    answered = membership_put(_index(membership_id), wanted).json()["result"]
    answered |= {"account": found["account"], "roles": found["roles"]}
    if world.put_says == "pending":
        answered["status"] = "pending"
    elif world.put_says == "opposite":
        answered["status"] = "rejected" if wanted == "accepted" else "accepted"
    elif world.put_says == "another":
        answered["id"] = "02" + "f" * 30
    return Canned(200, to_json(envelope(answered)))


def answer(world: World, method: str, route: str, query: Mapping[str, str], body: bytes) -> Canned:
    """``world``'s answer for a ``/memberships`` route (``route`` without the API prefix)."""
    if route == MEMBERSHIPS and method == "GET":
        return world.listing or page_answer(world, query)
    membership_id = route.removeprefix(MEMBERSHIPS + "/")
    if membership_id == route or "/" in membership_id:
        return refused(7003, status=404).canned()
    if method == "PUT":
        return world.put or put_answer(world, membership_id, body)
    return world.detail or detail_answer(world, membership_id)


def _pages(count: int, *, pending_every: int = 0, **kw: Any) -> World:
    items = [
        membership(n, status="pending" if pending_every and n % pending_every == 0 else "accepted")
        for n in range(count)
    ]
    return World(items, **kw)


def _invites() -> Items:
    items = [membership(n) for n in range(3)]
    items += [
        membership(3, status="pending", name="Lambda Collective", roles=["DNS", "Workers Admin"]),
        membership(4, status="pending", name="Harbourline Events"),
        membership(5, status="rejected", name="Tidewater Nonprofit Trust"),
    ]
    return items


def _canned(answer: Answer) -> Canned:
    return answer.canned()


_MALFORMED = Canned(
    200,
    to_json(
        {
            **envelope([membership(0) | {"roles": "Administrator"}]),
            "result_info": {"page": 1, "per_page": 50, "count": 1, "total_count": 1},
        }
    ),
)
_HTML_502 = Canned(502, CLOUDFLARE_502_PAGE, {}, "text/html; charset=UTF-8")

DEFAULT = World(_from_organizations(OK_USER["organizations"]))

WORLDS: dict[str, Callable[[], World]] = {
    "members_3_pages": lambda: _pages(120, pending_every=40),
    "members_1000": lambda: _pages(1000, pending_every=97),
    "members_10000": lambda: _pages(10_000, pending_every=997),
    "members_total_disagrees": lambda: _pages(120, total_count=135),
    "members_no_totals": lambda: _pages(120, pending_every=40, result_info="no totals"),
    "members_float_pages": lambda: _pages(120, pending_every=40, result_info="floats"),
    "invites_no_totals": lambda: World(
        [membership(n, status="pending" if n % 2 else "accepted") for n in range(120)],
        result_info="no totals",
    ),
    "members_ignore_per_page": lambda: _pages(15_000, page_size=5_000),
    "members_failing_page": lambda: _pages(150, page_failure={2: _canned(server_error())}),
    "members_duplicates": lambda: World(
        [membership(n) for n in range(50)] + [membership(n) for n in range(45, 95)],
        total_count=100,
    ),
    "members_empty_page": lambda: _pages(100, total_count=160),
    "members_no_permission": lambda: World([], listing=_canned(refused(9109))),
    "members_auth_10000": lambda: World([], listing=_canned(refused(10000))),
    "members_rate_limited": lambda: World([], listing=_canned(rate_limited(7))),
    "members_500": lambda: World([], listing=_canned(server_error())),
    "members_html": lambda: World([], listing=_HTML_502),
    "members_malformed": lambda: World([], listing=_MALFORMED),
    "members_policies_refused": lambda: World(_invites(), detail=_canned(refused(9109))),
    "invites": lambda: World(_invites()),
    "invites_put_refused": lambda: World(_invites(), put=_canned(refused(9109))),
    "invites_put_pending": lambda: World(_invites(), put_says="pending"),
    "invites_put_opposite": lambda: World(_invites(), put_says="opposite"),
    "invites_put_another": lambda: World(_invites(), put_says="another"),
    "members_hostile": lambda: World([hostile_membership(0), membership(1)]),
}
"""Scenarios that exist for what ``/memberships`` answers (``/user`` is the ``ok`` user's)."""

_BUILT: dict[str, World] = {}


def world_for(scenario: str) -> World | None:
    if scenario not in WORLDS:
        return None
    if scenario not in _BUILT:
        _BUILT[scenario] = WORLDS[scenario]()
    return _BUILT[scenario]


_MIRRORED: dict[int, World | None] = {}
ACCOUNT_TOKEN_SCENARIOS = ("account_token",)


def mirrored(user: Canned) -> World | None:
    """The world of a scenario defined by its ``/user`` answer: its organizations when that
    answer succeeds, None when it fails (the same failure then answers here)."""
    key = id(user)
    if key not in _MIRRORED:
        try:
            doc = json.loads(user.body)
            ok = user.status == 200 and isinstance(doc, dict) and doc.get("success") is True
        except (ValueError, RecursionError):
            ok, doc = False, None
        result = doc.get("result") if ok and isinstance(doc, dict) else None
        orgs = result.get("organizations") if isinstance(result, dict) else None
        _MIRRORED[key] = World(_from_organizations(orgs)) if ok else None
    return _MIRRORED[key]


def members_answer(
    scenario: str,
    user: Canned,
    method: str,
    route: str,
    query: Mapping[str, str],
    body: bytes,
    world: World | None = None,
) -> Canned:
    """What ``scenario`` (whose ``/user`` answer is ``user``) says on a memberships route;
    ``world`` is one a test added."""
    if scenario in ACCOUNT_TOKEN_SCENARIOS:
        return refused(9106).canned()
    found = world or world_for(scenario) or mirrored(user)
    if found is None:
        return user
    return answer(found, method, route, query, body)
