"""User API tokens as ``GET /user/tokens`` sends them, built for tests: one token per flag.

Dates are counted from an injected ``now`` (the suite's fixed day, ``fixed_clock``), so a
token "expiring in 9 days" is that on any real day. Shapes follow cloudflare-python's
``types/shared/token.py`` and ``token_policy.py``: ``resources`` maps a key to ``"*"`` or, in
newer tokens, an account key to a map of its zone keys; the IP condition sits under
``condition["request.ip"]`` on the wire.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.support.fake.accounts import hex_id, stamp

ACCOUNT_A = "01a7362d577a6c3019a474fd6f485823"
ACCOUNT_B = "4f1c2a9e8b7d6c5a4f3e2d1c0b9a8f7e"
ZONES = tuple(hex_id(3, n) for n in range(1, 6))
ALL_ACCOUNTS = "com.cloudflare.api.account.*"
ALL_ZONES = "com.cloudflare.api.account.zone.*"
USER_KEY = "com.cloudflare.api.user.7c5dae5552338874e5053f2534d2767a"

GROUPS = {
    "DNS Write": "4755a26eedb94da69e1066d98aa820be",
    "Zone Read": "c8fed203ed3043cba015a93ad1616f1f",
    "Account Settings Read": "c1fde68c7bcc44588cbb6ddbc16d6480",
    "Workers Scripts Write": "e086da7e2179491d91ee5f35b3ca210a",
    "API Tokens Read": "0cc3a61731504c89b99ec1be78b77aa0",
    "API Tokens Write": "686d18d5ac6c441c867cbf6771e58a0a",
    "User Details Read": "8acbe5bb0d54464ab867149d7f7cf8ac",
    "Billing Read": "7cf72faf220841aabcfdfab81c43c4f6",
}
"""Permission group names and ids (the ids as Cloudflare's permission groups list gives them)."""


def account(account_id: str) -> str:
    return f"com.cloudflare.api.account.{account_id}"


def zone(zone_id: str) -> str:
    return f"com.cloudflare.api.account.zone.{zone_id}"


def policy(
    n: int, groups: list[str], resources: dict[str, Any], effect: str = "allow"
) -> dict[str, Any]:
    return {
        "id": hex_id(4, n),
        "effect": effect,
        "permission_groups": [{"id": GROUPS.get(g, hex_id(5, n)), "name": g} for g in groups],
        "resources": resources,
    }


def token(
    n: int,
    name: str,
    now: datetime,
    *,
    policies: list[dict[str, Any]],
    expires_in: int | None = 200,
    last_used: int | None = 1,
    modified: int = 40,
    status: str = "active",
    ip: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """One token: days from ``now`` for expiry (``None``: never), last use and last change
    (days ago; ``None``: never used)."""
    body: dict[str, Any] = {
        "id": hex_id(6, n),
        "name": name,
        "status": status,
        "issued_on": stamp(now - timedelta(days=modified + 30)),
        "modified_on": stamp(now - timedelta(days=modified)),
        "last_used_on": None if last_used is None else stamp(now - timedelta(days=last_used)),
        "not_before": stamp(now - timedelta(days=modified + 30)),
        "expires_on": None if expires_in is None else stamp(now + timedelta(days=expires_in)),
        "policies": policies,
    }
    if ip is not None:
        body["condition"] = {"request.ip": ip}
    return body


OFFICE = {"in": ["192.0.2.0/24"], "not_in": ["192.0.2.7/32"]}
DNS_ON_3 = {zone(z): "*" for z in ZONES[:3]}
TOKENS_READ_WRITE = [
    "API Tokens Read",
    "API Tokens Write",
    "User Details Read",
]


def every_flag(now: datetime) -> list[dict[str, Any]]:
    """Tokens that show every flag between them; token 1 ("cftui laptop") may read and roll
    tokens, and is the one the fake's first secret belongs to."""
    return [
        token(
            1,
            "cftui laptop",
            now,
            policies=[
                policy(1, TOKENS_READ_WRITE, {USER_KEY: "*"}),
                policy(2, ["Account Settings Read"], {ALL_ACCOUNTS: "*"}),
            ],
            expires_in=9,
            last_used=0,
            ip=OFFICE,
        ),
        token(2, "CI deploys", now, policies=[policy(3, ["DNS Write"], DNS_ON_3)], ip=OFFICE),
        token(
            3,
            "old backup script",
            now,
            policies=[policy(4, ["Zone Read"], {ALL_ZONES: "*"})],
            expires_in=-3,
            status="expired",
            last_used=120,
        ),
        token(
            4,
            "paused integration",
            now,
            policies=[policy(5, ["Workers Scripts Write"], {account(ACCOUNT_A): "*"})],
            status="disabled",
            expires_in=None,
            last_used=None,
        ),
        token(
            5,
            "read-only dashboards",
            now,
            policies=[
                policy(6, ["Zone Read", "DNS Write"], {account(ACCOUNT_B): {ALL_ZONES: "*"}}),
                policy(7, ["Billing Read"], {account(ACCOUNT_B): "*"}, effect="deny"),
            ],
            expires_in=400,
            last_used=95,
            ip=OFFICE,
        ),
    ]
