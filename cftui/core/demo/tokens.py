"""The demo user's API tokens: ``GET /user/tokens`` and ``GET /user/tokens/{id}`` as the API
would send them, with a token for every flag ``cftui tokens`` knows.

Dates in ``tokens.json`` are written as ``today-41`` / ``today+12`` and made real here from
today (``clock.utc_now``), as the demo's verify answer is: the demo looks the same on any
day, and its expiring token never ages into an expired one. The first token is the one the
demo's verify answers for: the token in use. The demo cannot roll: a roll answers a refusal
that says so (``cftui tokens roll`` refuses before asking).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from cftui.core import clock
from cftui.core.demo.data import load

_RELATIVE = re.compile(r"today([+-]\d{1,4})")
CANNOT_ROLL = 1
"""The code of the demo's refusal to roll (not one of Cloudflare's)."""


def _dated(value: Any, now: datetime) -> Any:
    if isinstance(value, str):
        found = _RELATIVE.fullmatch(value)
        if found is None:
            return value
        moment = now + timedelta(days=int(found.group(1)))
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dict):
        return {k: _dated(v, now) for k, v in value.items()}
    if isinstance(value, list):
        return [_dated(v, now) for v in value]
    return value


def demo_tokens_body() -> dict[str, Any]:
    """Every demo token on one page (there are fewer than 50)."""
    body: dict[str, Any] = _dated(load("tokens.json"), clock.utc_now())
    return body


def demo_token_body(token_id: str) -> dict[str, Any] | None:
    """One demo token, or ``None`` when there is none with that id."""
    body = demo_tokens_body()
    found = next((t for t in body["result"] if t["id"] == token_id), None)
    if found is None:
        return None
    return {"success": True, "errors": [], "messages": [], "result": found}


def demo_roll_refusal() -> tuple[int, dict[str, Any]]:
    message = "The demo cannot roll tokens: its tokens are examples, with no secrets."
    errors = [{"code": CANNOT_ROLL, "message": message}]
    return 403, {"success": False, "errors": errors, "messages": [], "result": None}
