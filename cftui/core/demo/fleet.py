"""The demo's fleet of four profiles, for ``cftui --demo status``.

- ``work`` (the default): the demo user's own token, as the rest of the demo shows it;
- ``personal``: a user token that expires in 9 days;
- ``studio-ci``: an account-owned token of the account "Okafor Studio";
- ``reports``: a user token without Memberships Read.

Each is answered by its own handler through the real blocking client (``api.local``), so the
checks take the same path as Cloudflare's answers. The secrets are placeholders that never
leave the process. Dates are counted from today (``clock.utc_now``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from cftui.core import clock
from cftui.core.credentials.kinds import ApiToken, Credential
from cftui.core.demo.server import DemoApi, not_found
from cftui.core.demo.token import demo_token_verify_body
from cftui.core.demo.user import DEMO_CREDENTIAL, demo_body
from cftui.core.fleet.health import Health, judge
from cftui.core.fleet.roster import Entry, Roster

SOURCE = "demo data"
TOKEN_ID = "ed17574386854bf78a67040be0a770b0"  # noqa: S105 (an id, not a secret)
STUDIO = {"id": "4d2b7c1e9a8f4e6d8c2b1a0f9e8d7c6b", "name": "Okafor Studio", "type": "standard"}
PERSONAL_DAYS_LEFT = 9
PERSONAL_MEMBERSHIP = {
    "id": "7e1f0c2d3b4a59687766554433221100",
    "account": {"id": "5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f", "name": "Avery's Account"},
    "roles": ["Super Administrator - All Privileges"],
    "status": "accepted",
}
Answer = tuple[int, dict[str, Any]]
Handler = Callable[[str, str, Mapping[str, str], Any], Answer]


def _ok(result: Any, info: dict[str, Any] | None = None) -> Answer:
    body: dict[str, Any] = {"success": True, "errors": [], "messages": [], "result": result}
    if info is not None:
        body["result_info"] = info
    return 200, body


def _refused(status: int, code: int, message: str) -> Answer:
    errors = [{"code": code, "message": message}]
    return status, {"success": False, "errors": errors, "messages": [], "result": None}


def _no_permission() -> Answer:
    return _refused(403, 9109, "Unauthorized to access requested resource")


def _token_details() -> Answer:
    return _ok({"id": TOKEN_ID, "name": "cftui", "status": "active", "policies": []})


class _Work:
    """The demo user, and the token reading itself."""

    def __init__(self) -> None:
        self._api = DemoApi()

    def __call__(self, method: str, path: str, query: Mapping[str, str], body: Any) -> Answer:
        if path == f"/user/tokens/{TOKEN_ID}":
            return _token_details()
        return self._api(method, path, query, body)


def _user(email: str) -> dict[str, Any]:
    body: dict[str, Any] = demo_body()
    body["result"] |= {"email": email, "first_name": None, "last_name": None}
    body["result"]["organizations"] = []
    return body


def _personal(method: str, path: str, query: Mapping[str, str], body: Any) -> Answer:
    if path == "/user":
        return 200, _user("avery.personal@example.com")
    if path == "/user/tokens/verify":
        expires = clock.utc_now().date() + timedelta(days=PERSONAL_DAYS_LEFT)
        return _ok({"id": TOKEN_ID, "status": "active", "expires_on": f"{expires}T23:59:59Z"})
    if path == "/memberships":
        mine = [] if query.get("status") == "pending" else [PERSONAL_MEMBERSHIP]
        info = {"page": 1, "per_page": 50, "count": len(mine), "total_count": len(mine)}
        return _ok(mine, info)
    if path == f"/user/tokens/{TOKEN_ID}":
        return _token_details()
    return not_found(path)


def _studio_ci(method: str, path: str, query: Mapping[str, str], body: Any) -> Answer:
    if path == "/user":
        return _no_permission()
    if path == "/user/tokens/verify":
        return _refused(401, 1000, "Invalid API Token")
    if path == "/accounts":
        info = {"page": 1, "per_page": 20, "count": 1, "total_count": 1, "total_pages": 1}
        return _ok([STUDIO], info)
    if path == f"/accounts/{STUDIO['id']}/tokens/verify":
        return _ok({"id": TOKEN_ID, "status": "active"})
    return _refused(400, 9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers")


def _reports(method: str, path: str, query: Mapping[str, str], body: Any) -> Answer:
    if path == "/user":
        return 200, _user("reports@okafor.example")
    if path == "/user/tokens/verify":
        return 200, demo_token_verify_body()
    if path == "/memberships":
        return _no_permission()
    if path == f"/user/tokens/{TOKEN_ID}":
        return _token_details()
    return not_found(path)


PROFILES: tuple[tuple[str, Credential], ...] = (
    ("personal", ApiToken("cfut_" + "demp" * 9)),
    ("reports", ApiToken("cfut_" + "dem0" * 9)),
    ("studio-ci", ApiToken("cfat_" + "demo" * 9)),
    ("work", DEMO_CREDENTIAL),
)
"""The demo's profiles in the order ``status`` lists saved ones (by name)."""
_HANDLERS: dict[str, Callable[[], Handler]] = {
    "personal": lambda: _personal,
    "reports": lambda: _reports,
    "studio-ci": lambda: _studio_ci,
    "work": _Work,
}


def demo_roster() -> Roster:
    """The four profiles as ``status`` lists them, ``work`` the default and the one in use."""
    entries = tuple(
        Entry(name, SOURCE, default=name == "work", in_use=name == "work", credential=cred)
        for name, cred in PROFILES
    )
    return Roster(entries, from_env=False)


def demo_check(credential: Credential, now: datetime) -> Health:
    """One profile's quick check, answered by its persona through the real client."""
    from cftui.core.api.local import local_sync_client
    from cftui.core.overview.quick import fetch_quick_sync

    name = next(n for n, c in PROFILES if c == credential)
    with local_sync_client(credential, _HANDLERS[name]()) as client:
        return judge(fetch_quick_sync(client), now)
