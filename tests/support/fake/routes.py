"""What each fake API scenario answers beyond ``/user``: token verify, ``/accounts``, the
account verify; and the scenarios that exist for those answers.

A scenario's answer for a path is, in order: its own route here; for a scenario whose ``/user``
succeeds, ``DEFAULT_ROUTES`` (an active user token); for one whose ``/user`` fails, that same
failure (a broken server is broken on every path). Token dates are counted from the suite's
fixed day (``tests/support/fixed_clock.py``), which every cftui the tests run reads as today.
"""

from __future__ import annotations

from typing import Any

from tests.support.fake.accounts import (
    ACCOUNT_TOKEN_ACCOUNT,
    Health,
    account_token_user,
    account_token_user_verify,
    accounts_page,
    real_user,
    refused,
    server_error,
    token_verify,
)
from tests.support.fake.canned import (
    CLOUDFLARE_502_PAGE,
    OK,
    OK_USER,
    RATELIMIT_OK,
    Canned,
    envelope,
    to_json,
)
from tests.support.fixed_clock import FIXED_NOW

NOW = FIXED_NOW
"""The day the fake API's token dates are counted from: the suite's fixed day."""

USER = "user"
VERIFY = "user/tokens/verify"
ACCOUNTS = "accounts"
ACCOUNT_VERIFY = f"accounts/{ACCOUNT_TOKEN_ACCOUNT['id']}/tokens/verify"
SLOW_ROUTE = Canned(0, b"")
"""Marks a route that answers only after the fake API's ``delay`` (a timeout to provoke)."""


def verify(health: Health) -> Canned:
    return token_verify(NOW, health).canned()


DEFAULT_ROUTES: dict[str, Canned] = {VERIFY: verify("active")}


def _with_token(health: Health) -> dict[str, Canned]:
    return {USER: OK, VERIFY: verify(health)}


def _ok_user(user: dict[str, Any]) -> Canned:
    return Canned(200, to_json(envelope(user)), dict(RATELIMIT_OK))


REAL_USER = real_user()

ROUTED: dict[str, dict[str, Canned]] = {
    "real_account": {USER: _ok_user(REAL_USER), VERIFY: verify("active")},
    "token_expiring": _with_token("expiring"),
    "token_expired": _with_token("expired"),
    "token_disabled": _with_token("disabled"),
    "token_not_yet_valid": _with_token("not_yet_valid"),
    "token_never_expires": _with_token("never_expires"),
    "account_token": {
        USER: account_token_user().canned(),
        VERIFY: account_token_user_verify().canned(),
        ACCOUNTS: accounts_page().canned(),
        ACCOUNT_VERIFY: verify("active"),
    },
    "verify_403": {USER: OK, VERIFY: refused(9109).canned()},
    "verify_500": {USER: OK, VERIFY: server_error().canned()},
    "verify_html": {
        USER: OK,
        VERIFY: Canned(502, CLOUDFLARE_502_PAGE, {}, "text/html; charset=UTF-8"),
    },
    "verify_timeout": {USER: OK, VERIFY: SLOW_ROUTE},
    "verify_malformed": {
        USER: OK,
        VERIFY: Canned(200, to_json(envelope({"id": "t", "status": 5})), dict(RATELIMIT_OK)),
    },
}
"""Scenarios that exist for what they answer beyond ``/user`` (``/user`` itself included)."""

# The ``ok`` user with the echoed credential as the token's id: a verify answer that leaks.
ECHO_VERIFY_KEYS = ("authorization", "x-auth-key")


def echo_verify(headers: dict[str, str]) -> Canned:
    said = next((headers[k] for k in ECHO_VERIFY_KEYS if headers.get(k)), "")
    result = {"id": said, "status": "active", "expires_on": None}
    return Canned(200, to_json(envelope(result)), dict(RATELIMIT_OK))


def route_of(path: str) -> str:
    """``/ok~3/client/v4/user/tokens/verify`` -> ``user/tokens/verify`` ('' if not the API's)."""
    parts = path.split("/")
    return "/".join(parts[4:]) if parts[2:4] == ["client", "v4"] else ""


def expected_user(scenario: str) -> dict[str, Any]:
    """The ``/user`` result a routed scenario serves."""
    return REAL_USER if scenario == "real_account" else OK_USER
