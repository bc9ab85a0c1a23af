"""Canned answers of the fake Cloudflare API: bodies, statuses and headers like the real one's.

Answers that need timing or socket tricks (slow, stall_mid_body, reset, huge_body, flaky_503)
are built by the router (``router``); so are those built from the request (echo, echo_error,
from ``echo()`` here). Everything else is a ``Canned`` value here.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

RAY = "8e2f6a1c3b7d4e59-LHR"
THROTTLED = "Please wait and consider throttling your request speed"
RATELIMIT_OK = {"Ratelimit": '"default";r=1199;t=300', "Ratelimit-Policy": '"burst";q=1200;w=300'}


@dataclass(frozen=True)
class Canned:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


def envelope(result: Any = None, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"result": result, "success": not errors, "errors": errors or [], "messages": []}


def to_json(value: Any, *, ascii_only: bool = True) -> bytes:
    return json.dumps(value, ensure_ascii=ascii_only).encode()


def _org(oid: str, name: str, status: str, roles: list[str], perms: list[str]) -> dict[str, Any]:
    return {"id": oid, "name": name, "status": status, "roles": roles, "permissions": perms}


_ADMIN_PERMS = [
    f"#{resource}:{action}"
    for resource in ("access", "analytics", "billing", "dns_records", "organization", "zones")
    for action in ("read", "edit")
]

OK_USER: dict[str, Any] = {
    "id": "7c5dae5552338874e5053f2534d2767a",
    "email": "ada.lovelace@example.com",
    "username": "adalovelace",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "telephone": "+44 20 7946 0958",
    "country": "GB",
    "zipcode": "NW1 6XE",
    "created_on": "2019-03-14T09:26:53.589793Z",
    "modified_on": "2026-10-02T17:04:11.105114Z",
    "two_factor_authentication_enabled": True,
    "two_factor_authentication_locked": False,
    "has_pro_zones": True,
    "has_business_zones": False,
    "has_enterprise_zones": False,
    "suspended": False,
    "betas": ["workers_ai_beta", "zone_level_access_beta"],
    "organizations": [
        _org(
            "01a7362d577a6c3019a474fd6f485823",
            "Analytical Engines Ltd",
            "member",
            ["Super Administrator - All Privileges"],
            _ADMIN_PERMS,
        ),
        _org(
            "4f1c2a9e8b7d6c5a4f3e2d1c0b9a8f7e",
            "Difference Engine Society",
            "member",
            ["Administrator Read Only", "Billing"],
            ["#analytics:read", "#billing:read", "#billing:edit", "#zones:read"],
        ),
        _org(
            "9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d",
            "Royal Society Web Team",
            "invited",
            ["DNS"],
            ["#dns_records:read", "#dns_records:edit", "#zones:read"],
        ),
    ],
}

_ROLES = ["Administrator", "Billing", "DNS", "Analytics", "Firewall", "Workers Admin"]
MANY_ORGS_USER: dict[str, Any] = {
    **OK_USER,
    "organizations": [
        _org(
            f"{i:032x}",
            f"Organization {i:03d}",
            "invited" if i % 7 == 0 else "member",
            [_ROLES[i % len(_ROLES)]],
            ["#zones:read", "#analytics:read"] + (["#dns_records:edit"] if i % 2 else []),
        )
        for i in range(200)
    ],
}

EMPTY_USER: dict[str, Any] = {"id": "0d7a7b2e9b8c4f0e8a1d2c3b4a5f6e7d", "organizations": []}
ALL_NULL_USER: dict[str, Any] = {
    key: None for key in OK_USER if key not in ("email", "username", "created_on", "modified_on")
}

WRONG_TYPES_USER = copy.deepcopy(OK_USER)
WRONG_TYPES_USER["organizations"][2]["roles"] = "DNS"

HOSTILE = (
    "[bold red]x[/] \x1b[31mred\x1b[0m \x1b]52;c;ZXZpbA==\x07 \x1b]0;pwned\x07 \x9b31m "
    "nul\x00 cr\r \u202eevil\u202c zero\u200bwidth مرحبا שלום 🎉🇬🇧"
)


def _hostile_user() -> dict[str, Any]:
    def poison(value: Any) -> Any:
        if isinstance(value, str):
            return f"{value} {HOSTILE}"
        if isinstance(value, list):
            return [poison(v) for v in value]
        if isinstance(value, dict):
            return {k: poison(v) for k, v in value.items()}
        return value

    user: dict[str, Any] = poison(OK_USER)
    user["organizations"][0]["name"] = (HOSTILE * 200)[:10_000]
    user["\x1b[2J" + HOSTILE] = HOSTILE  # a hostile key, kept only in the raw view
    return user


HOSTILE_USER = _hostile_user()


def _error(code: int, message: str, chain: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    err: dict[str, Any] = {"code": code, "message": message}
    if chain:
        err["error_chain"] = chain
    return err


def _refusal(status: int, *errors: dict[str, Any], **headers: str) -> Canned:
    hdrs = {k.replace("_", "-"): v for k, v in headers.items()}
    return Canned(status, to_json(envelope(None, list(errors))), {**RATELIMIT_OK, **hdrs})


def _ok(user: dict[str, Any], *, ascii_only: bool = True) -> Canned:
    return Canned(200, to_json(envelope(user), ascii_only=ascii_only), dict(RATELIMIT_OK))


CLOUDFLARE_502_PAGE = b"""<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<html class="no-js" lang="en-US">
<head>
<title>api.cloudflare.com | 502: Bad gateway</title>
<meta charset="UTF-8" />
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<link rel="stylesheet" id="cf_styles-css" href="/cdn-cgi/styles/main.css" />
</head>
<body>
<div id="cf-wrapper"><div id="cf-error-details" class="p-0">
<h1><span class="cf-error-type">Bad gateway</span>
<span class="code-label">Error code 502</span></h1>
<p>Visit <a href="https://www.cloudflare.com/5xx-error-landing">cloudflare.com</a>
for more information.</p>
<div class="cf-error-footer"><span>Cloudflare Ray ID: <strong>8e2f6a1c3b7d4e59</strong></span>
</div></div></div>
</body>
</html>
"""

# What the edge (not the API) sends when a rate-limiting rule blocks a client: error 1015.
RATE_LIMITED_1015_PAGE = (
    b"<!DOCTYPE html><html><head><title>Access denied | api.cloudflare.com used Cloudflare to "
    b"restrict access</title></head><body><h1>Error 1015</h1><h2>You are being rate limited</h2>"
    b"</body></html>"
)

CAPTIVE_PORTAL_PAGE = (
    b"<!DOCTYPE html><html><head><title>Guest Wi-Fi</title></head>"
    b"<body><h1>Welcome</h1><p>Accept the terms to continue.</p></body></html>"
)

_OK_BODY = to_json(envelope(OK_USER))

CANNED: dict[str, Canned] = {
    "ok": _ok(OK_USER),
    "many_orgs": _ok(MANY_ORGS_USER),
    "empty": _ok(EMPTY_USER),
    "all_null": _ok(ALL_NULL_USER),
    "wrong_types": _ok(WRONG_TYPES_USER),
    "hostile": _ok(HOSTILE_USER, ascii_only=False),
    "result_null": Canned(200, to_json(envelope(None)), dict(RATELIMIT_OK)),
    "auth_9109": _refusal(403, _error(9109, "Unauthorized to access requested resource")),
    "auth_10000": _refusal(403, _error(10000, "Authentication error")),
    "auth_9106": _refusal(
        400, _error(9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers")
    ),
    "auth_9103": _refusal(400, _error(9103, "Unknown X-Auth-Key or X-Auth-Email")),
    "auth_6003": _refusal(
        400,
        _error(
            6003,
            "Invalid request headers",
            [_error(6103, "Invalid format for X-Auth-Key header")],
        ),
    ),
    "auth_9109_401": _refusal(401, _error(9109, "Invalid access token")),
    "auth_6003_6102": _refusal(
        400,
        _error(
            6003,
            "Invalid request headers",
            [_error(6102, "Invalid format for X-Auth-Email header")],
        ),
    ),
    "auth_6003_6111": _refusal(
        400,
        _error(
            6003,
            "Invalid request headers",
            [_error(6111, "Invalid format for Authorization header")],
        ),
    ),
    "unknown_code": _refusal(400, _error(12345, "Something new went wrong")),
    "success_false_200": _refusal(
        200, _error(1000, "An internal error occurred while processing the request")
    ),
    "rate_limited": Canned(
        429,
        to_json(
            envelope(None, [_error(971, "Please wait and consider throttling your request speed")])
        ),
        {
            "Retry-After": "2",
            "Ratelimit": '"default";r=0;t=2',
            "Ratelimit-Policy": '"burst";q=1200;w=300',
        },
    ),
    "error_500": _refusal(500, _error(10013, "An unknown error has occurred")),
    "error_502": _refusal(502, _error(10002, "Bad gateway")),
    "error_503": _refusal(503, _error(10043, "Service temporarily unavailable"), Retry_After="1"),
    "rate_limited_html": Canned(
        429, RATE_LIMITED_1015_PAGE, {"Retry-After": "1"}, "text/html; charset=UTF-8"
    ),
    "html_error": Canned(502, CLOUDFLARE_502_PAGE, {}, "text/html; charset=UTF-8"),
    "html_200": Canned(200, CAPTIVE_PORTAL_PAGE, {}, "text/html; charset=UTF-8"),
    "truncated_json": Canned(200, _OK_BODY[: len(_OK_BODY) // 2], dict(RATELIMIT_OK)),
    "deep_nesting": Canned(
        200,
        b'{"success":true,"errors":[],"messages":[],"result":{"id":"x","deep":'
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}}",
    ),
    "redirect": Canned(
        302,
        b"<html><body>Found</body></html>",
        {"Location": "http://example.invalid/client/v4/user"},
        "text/html",
    ),
}


def echo(headers: dict[str, str], *, refuse: bool = False) -> Canned:
    """A server that reflects the credential it received (a debugging proxy, a base URL that
    points at an echo service): the secret comes back inside the answer."""
    said = headers.get("authorization") or headers.get("x-auth-key") or ""
    if refuse:
        return _refusal(400, _error(1000, f"Invalid credential: {said}"))
    return _ok({**OK_USER, "first_name": said, "last_name": "Echo", "request": headers})


NOT_FOUND = _refusal(
    404, _error(7003, "Could not route to /user, perhaps your object identifier is invalid?")
)
SERVICE_UNAVAILABLE = CANNED["error_503"]
OK = CANNED["ok"]
