"""Bodies of the fake Cloudflare API beyond ``/user``: refusals, token verify, accounts.

Every builder is pure and returns an ``Answer`` -- a ``(status, headers, body)`` tuple with the
body as the bytes the API would send -- so the fake server (``answer.canned()``) and
``httpx.MockTransport`` tests (``answer.response()``) serve exactly the same thing. Times are
computed from an injected ``now``. Shapes follow cloudflare/api-schemas (``iam_membership``,
``iam_membership-with-policies``, ``iam_response_single_segment``, ``iam_account``) and the
envelope as Cloudflare sends it, ``result_info`` included. Memberships: ``memberships``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Literal, NamedTuple

import httpx

from tests.support.fake.canned import RATELIMIT_OK, Canned

JSON = "application/json"
Health = Literal["active", "expiring", "expired", "disabled", "not_yet_valid", "never_expires"]
TOKEN_ID = "ed17574386854bf78a67040be0a770b0"
VALID_AND_ACTIVE = {"code": 10000, "message": "This API Token is valid and active", "type": None}

# Permission resources a membership's ``permissions`` object carries (iam_permissions).


class Answer(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def canned(self) -> Canned:
        headers = {k: v for k, v in self.headers.items() if k.lower() != "content-type"}
        return Canned(self.status, self.body, headers, self.headers.get("Content-Type", JSON))

    def response(self) -> httpx.Response:
        return httpx.Response(self.status, headers=self.headers, content=self.body)


def answer(status: int, doc: Any) -> Answer:
    body = json.dumps(doc, ensure_ascii=False).encode()
    return Answer(status, {"Content-Type": JSON, **RATELIMIT_OK}, body)


def ok(result: Any, result_info: dict[str, Any] | None = None) -> Answer:
    doc: dict[str, Any] = {"result": result, "success": True, "errors": [], "messages": []}
    if result_info is not None:
        doc["result_info"] = result_info
    return answer(200, doc)


def refused(code: int, message: str | None = None, status: int | None = None) -> Answer:
    """A refusal as Cloudflare words the codes the new endpoints meet."""
    known = {
        9109: (403, "Unauthorized to access requested resource"),
        10000: (403, "Authentication error"),
        9106: (400, "Missing X-Auth-Key, X-Auth-Email or Authorization headers"),
        1000: (401, "Invalid API Token"),
        1001: (400, "List accounts endpoint does not support account owned tokens."),
        7003: (404, "Could not route to /memberships, perhaps your object identifier is invalid?"),
    }
    default_status, default_message = known.get(code, (400, "Request refused"))
    doc = {
        "result": None,
        "success": False,
        "errors": [{"code": code, "message": message or default_message}],
        "messages": [],
    }
    return answer(status or default_status, doc)


def server_error() -> Answer:
    return refused(10013, "An unknown error has occurred", 500)


def rate_limited(retry_after: int = 2) -> Answer:
    status, headers, body = refused(
        971, "Please wait and consider throttling your request speed", 429
    )
    headers |= {"Retry-After": str(retry_after), "Ratelimit": f'"default";r=0;t={retry_after}'}
    return Answer(status, headers, body)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def hex_id(kind: int, n: int) -> str:
    """A 32-hex id, unique per (kind, n): 1 accounts, 2 memberships, 3 zones, 4 policies."""
    return f"{kind:02x}{n:030x}"


# -- /user shaped like a real account ------------------------------------------------------------


def real_user(**overrides: Any) -> dict[str, Any]:
    """A new user's ``/user`` result: names, phone and address null, email set, no orgs."""
    uid = "9a7806061c88ada191ed06f989cc3dac"
    user: dict[str, Any] = {
        "id": uid,
        "email": "user@example.com",
        "username": uid,
        "first_name": None,
        "last_name": None,
        "telephone": None,
        "country": None,
        "zipcode": None,
        "two_factor_authentication_enabled": False,
        "two_factor_authentication_locked": False,
        "created_on": "2024-05-16T11:02:48.191948Z",
        "modified_on": "2026-02-01T08:15:00.104205Z",
        "organizations": [],
        "has_pro_zones": False,
        "has_business_zones": False,
        "has_enterprise_zones": False,
        "suspended": False,
        "betas": [],
    }
    return user | overrides


def user_answer(**overrides: Any) -> Answer:
    return ok(real_user(**overrides))


# -- token verify ----------------------------------------------------------------------------------


def token_result(now: datetime, health: Health, token_id: str = TOKEN_ID) -> dict[str, Any]:
    """``/user/tokens/verify`` (or the account one): a token in the given state at ``now``."""
    result: dict[str, Any] = {"id": token_id, "status": "active"}
    if health == "active":
        result |= {"not_before": stamp(now - timedelta(days=30))}
        result |= {"expires_on": stamp(now + timedelta(days=42))}
    elif health == "expiring":
        result["expires_on"] = stamp(now + timedelta(days=2))
    elif health == "expired":
        result |= {"status": "expired", "expires_on": stamp(now - timedelta(days=3))}
    elif health == "disabled":
        result["status"] = "disabled"
    elif health == "not_yet_valid":
        result |= {"not_before": stamp(now + timedelta(days=3))}
        result |= {"expires_on": stamp(now + timedelta(days=90))}
    return result


def token_verify(now: datetime, health: Health = "active", token_id: str = TOKEN_ID) -> Answer:
    doc = {
        "result": token_result(now, health, token_id),
        "success": True,
        "errors": [],
        "messages": [VALID_AND_ACTIVE] if health != "disabled" else [],
    }
    return answer(200, doc)


# -- an account-owned token ------------------------------------------------------------------------

ACCOUNT_TOKEN_ACCOUNT = {
    "id": "4d2b7c1e9a8f4e6d8c2b1a0f9e8d7c6b",
    "name": "Okafor Studio",
    "type": "standard",
    "settings": {
        "enforce_twofactor": False,
        "api_access_enabled": None,
        "access_approval_expiry": None,
        "abuse_contact_email": None,
    },
    "legacy_flags": {"enterprise_zone_quota": {"maximum": 0, "current": 0, "available": 0}},
    "created_on": "2019-03-14T09:26:53.589793Z",
}


def account_token_user() -> Answer:
    """``/user`` with an account-owned token: the token is not a user's."""
    return refused(9109)


def account_token_user_verify() -> Answer:
    """``/user/tokens/verify`` with an account-owned token."""
    return refused(1000)


def accounts_page(
    accounts: Sequence[dict[str, Any]] = (ACCOUNT_TOKEN_ACCOUNT,), page: int = 1, per_page: int = 20
) -> Answer:
    info = {"page": page, "per_page": per_page, "count": len(accounts)}
    info |= {"total_count": len(accounts), "total_pages": 1}
    return ok(list(accounts), info)
