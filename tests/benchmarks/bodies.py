"""``GET /user`` bodies with many organizations, for the scaling runs.

Deterministic (same input, same bytes) so runs compare; shaped like real answers: 32-hex ids,
Cloudflare's role names, ``#resource:action`` permissions, a mix of members and invitations.
"""

from __future__ import annotations

import hashlib
from typing import Any

ROLES = (
    "Super Administrator - All Privileges",
    "Administrator",
    "Administrator Read Only",
    "Analytics",
    "Audit Logs Viewer",
    "Billing",
    "Cache Purge",
    "Cloudflare Access",
    "Cloudflare Gateway",
    "Cloudflare Images",
    "Cloudflare Stream",
    "Cloudflare Workers Admin",
    "Cloudflare Zero Trust",
    "DNS",
    "Firewall",
    "Load Balancer",
    "Log Share",
    "Magic Network Monitoring",
    "SSL/TLS, Caching, Performance, Page Rules, and Customization",
    "Trust and Safety",
)
RESOURCES = (
    "zones", "dns_records", "ssl", "waf", "cache_purge", "analytics", "logs", "lb",
    "worker", "billing", "member", "organization", "access", "gateway", "images",
    "stream", "page_shield", "bots", "healthchecks", "subscription", "teams", "zaraz",
    "ssl_certificates", "magic", "audit_logs",
)  # fmt: skip
PERMISSIONS = tuple(f"#{r}:{a}" for r in RESOURCES for a in ("read", "edit"))
WORDS = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell")
KINDS = ("Studio", "Labs", "Media", "Retail", "Cloud", "Security", "Logistics", "Games")

DEMO_ID = "7c5dae5552338874e5053f2534d2767a"


def hex_id(*parts: object) -> str:
    return hashlib.md5(repr(parts).encode(), usedforsecurity=False).hexdigest()


def organization(i: int, roles: int = 10, permissions: int = 50) -> dict[str, Any]:
    name = f"{WORDS[i % len(WORDS)]} {KINDS[(i // len(WORDS)) % len(KINDS)]} {i:05d}"
    return {
        "id": hex_id("org", i),
        "name": name,
        "status": "invited" if i % 7 == 3 else "member",
        "roles": [ROLES[(i + k) % len(ROLES)] for k in range(roles)],
        "permissions": [PERMISSIONS[(i + k) % len(PERMISSIONS)] for k in range(permissions)],
    }


def user_body(orgs: int) -> dict[str, Any]:
    """An ``ok`` envelope for a user who belongs to ``orgs`` organizations."""
    return {
        "success": True,
        "errors": [],
        "messages": [],
        "result": {
            "id": DEMO_ID,
            "email": "bench@example.com",
            "first_name": "Bench",
            "last_name": "Marker",
            "username": "bench",
            "telephone": "+44 20 7946 0000",
            "country": "GB",
            "zipcode": "EC1V 9BX",
            "two_factor_authentication_enabled": True,
            "two_factor_authentication_locked": False,
            "has_pro_zones": True,
            "has_business_zones": False,
            "has_enterprise_zones": False,
            "suspended": False,
            "betas": ["dns_analytics_v2"],
            "organizations": [organization(i) for i in range(orgs)],
        },
    }


def expected_matches(orgs: int, needle: str) -> int:
    """How many generated organizations have ``needle`` in their name (case-insensitive)."""
    n = needle.casefold()
    return sum(1 for i in range(orgs) if n in organization(i)["name"].casefold())
