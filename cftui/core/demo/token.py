"""The demo user's API token: ``/user/tokens/verify`` as the API would send it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from cftui.core import clock
from cftui.core.demo.data import load

DEMO_TOKEN_AGE_DAYS = 328
DEMO_TOKEN_DAYS_LEFT = 213


def demo_token_verify_body() -> dict[str, Any]:
    """``GET /user/tokens/verify`` for the demo's (user) API token.

    Its dates are counted from today (``clock.utc_now``): the demo token is always a healthy
    one, 213 days from expiry, on whatever day the demo runs; it never ages into an expired
    token.
    """
    body: dict[str, Any] = load("token_verify.json")
    today = clock.utc_now().date()
    valid_from = today - timedelta(days=DEMO_TOKEN_AGE_DAYS)
    expires = today + timedelta(days=DEMO_TOKEN_DAYS_LEFT)
    body["result"]["not_before"] = f"{valid_from.isoformat()}T00:00:00Z"
    body["result"]["expires_on"] = f"{expires.isoformat()}T23:59:59Z"
    return body
