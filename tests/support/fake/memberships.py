"""Bodies of the fake Cloudflare API for ``/memberships``: pages, one membership with its
policies, and the answer to an invitation. Builders return ``Answer`` (see ``accounts``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from tests.support.fake.accounts import Answer, hex_id, ok, server_error
from tests.support.fake.canned import HOSTILE

RESOURCES = (
    "analytics",
    "billing",
    "cache_purge",
    "dns",
    "dns_records",
    "lb",
    "logs",
    "organization",
    "ssl",
    "waf",
    "zone_settings",
    "zones",
)
ROLES = ("Administrator", "Administrator Read Only", "Billing", "DNS", "Analytics", "Firewall")


# -- memberships -----------------------------------------------------------------------------------


def permissions_for(n: int) -> dict[str, dict[str, bool]]:
    """A different, deterministic grid per account: every third resource writable."""
    return {
        resource: {"read": (n + i) % 4 != 0, "write": (n + i) % 3 == 0}
        for i, resource in enumerate(RESOURCES)
    }


def membership(
    n: int, *, status: str = "accepted", name: str | None = None, roles: Sequence[str] = ()
) -> dict[str, Any]:
    return {
        "id": hex_id(2, n),
        "account": {
            "id": hex_id(1, n),
            "name": name if name is not None else f"Account {n:05d}",
            "settings": {"enforce_twofactor": n % 5 == 0, "api_access_enabled": None},
            "created_on": "2020-06-01T12:00:00.000000Z",
        },
        "roles": list(roles) or [ROLES[n % len(ROLES)]],
        "status": status,
        "api_access_enabled": None if n % 2 else True,
        "permissions": permissions_for(n),
    }


def memberships_page(
    items: Sequence[dict[str, Any]],
    page: int,
    per_page: int = 50,
    total_count: int | None = None,
    total_pages: int | None = None,
) -> Answer:
    total = len(items) if total_count is None else total_count
    pages = total_pages if total_pages is not None else max(1, -(-total // per_page))
    info = {"page": page, "per_page": per_page, "count": len(items)}
    info |= {"total_count": total, "total_pages": pages}
    return ok(list(items), info)


def memberships_pages(
    count: int, per_page: int = 50, *, total_count: int | None = None, pending_every: int = 0
) -> list[Answer]:
    """``count`` memberships across pages of ``per_page``; ``total_count`` may disagree (the
    real API counts memberships that the pages then do not all carry)."""
    items = [
        membership(n, status="pending" if pending_every and n % pending_every == 0 else "accepted")
        for n in range(count)
    ]
    total = count if total_count is None else total_count
    chunks = [items[i : i + per_page] for i in range(0, count, per_page)] or [[]]
    pages = max(len(chunks), -(-total // per_page))
    return [
        memberships_page(chunk, i + 1, per_page, total, pages) for i, chunk in enumerate(chunks)
    ]


def pages_with_a_failure(
    count: int, failing_page: int, failure: Answer | None = None, per_page: int = 50
) -> list[Answer]:
    """``memberships_pages`` with one page answered by ``failure`` (a 500 unless given:
    ``refused(9109)``, ``rate_limited()``...). The other pages still say how many there are."""
    pages = memberships_pages(count, per_page)
    pages[failing_page - 1] = failure if failure is not None else server_error()
    return pages


def pages_with_duplicates(per_page: int = 50) -> list[Answer]:
    """Two full pages where page 2 repeats five of page 1's accounts (the list moved)."""
    first = [membership(n) for n in range(per_page)]
    second = [membership(n) for n in range(per_page - 5, 2 * per_page - 5)]
    return [
        memberships_page(first, 1, per_page, 2 * per_page, 2),
        memberships_page(second, 2, per_page, 2 * per_page, 2),
    ]


def empty_page(page: int, per_page: int = 50, total_count: int = 0) -> Answer:
    return memberships_page([], page, per_page, total_count)


# -- one membership with policies, and answering an invitation -------------------------------------


def zone_scope(account_id: str, *zone_ids: str) -> dict[str, Any]:
    objects = [{"key": f"com.cloudflare.api.account.zone.{z}"} for z in zone_ids] or [{"key": "*"}]
    return {"key": f"com.cloudflare.api.account.{account_id}", "objects": objects}


def policies_for(n: int) -> list[dict[str, Any]]:
    """An allow on two zones and on every zone, and a deny on one zone."""
    account_id = hex_id(1, n)
    zones = [hex_id(3, 2 * n), hex_id(3, 2 * n + 1)]
    return [
        {
            "id": hex_id(4, 2 * n),
            "access": "allow",
            "permission_groups": [
                {"id": "c8fed203ed3043cba015a93ad1616f1f", "name": "Zone Read"},
                {"id": "82e64a83756745bbbb1c9c2701bf816b", "name": "DNS Write"},
            ],
            "resource_groups": [
                {
                    "id": "6d7f2f5f5b1d4a0e9081fdc98d432fd1",
                    "name": f"com.cloudflare.api.account.{account_id}",
                    "scope": [zone_scope(account_id, *zones)],
                    "meta": {"editable": "false"},
                }
            ],
        },
        {
            "id": hex_id(4, 2 * n + 1),
            "access": "deny",
            "permission_groups": [
                {
                    "id": "3030687196b94b638145a3953da2b699",
                    "name": "Cache Purge",
                    "meta": {"label": "cache_purge", "scopes": "com.cloudflare.api.account.zone"},
                }
            ],
            "resource_groups": [
                {
                    "id": "7e8f9a0b1c2d4e3f8a9b0c1d2e3f4a5b",
                    "name": "Production zone",
                    "scope": [zone_scope(account_id, zones[0])],
                }
            ],
        },
    ]


def membership_detail(n: int, *, status: str = "accepted") -> Answer:
    """``GET /memberships/{id}``: the membership with its policies."""
    return ok(membership(n, status=status) | {"policies": policies_for(n)})


def membership_put(n: int, answer_status: Literal["accepted", "rejected"]) -> Answer:
    """``PUT /memberships/{id}`` with ``{"status": ...}``: the updated membership."""
    return ok(membership(n, status=answer_status) | {"policies": policies_for(n)})


def hostile_membership(n: int = 0) -> dict[str, Any]:
    """Every string a membership can carry, poisoned: names, roles, resources, policies."""
    base = membership(n, name=f"{HOSTILE} name", roles=[f"{HOSTILE} role"])
    base["status"] = f"{HOSTILE} status"
    base["permissions"] = {f"{HOSTILE} resource": {"read": True, "write": True}}
    policy = policies_for(n)[0]
    policy["permission_groups"][0]["name"] = f"{HOSTILE} group"
    policy["resource_groups"][0]["name"] = f"{HOSTILE} resources"
    policy["resource_groups"][0]["scope"][0]["key"] = f"com.cloudflare.api.account.{HOSTILE}"
    policy["resource_groups"][0]["scope"][0]["objects"][0]["key"] = f"zone.{HOSTILE}"
    policy["access"] = f"{HOSTILE} access"
    return base | {"policies": [policy]}
