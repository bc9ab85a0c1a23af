"""The embedded demo user: the whole UI with no account, no network and no keyring."""

from __future__ import annotations

from typing import Any

from cftui.core.credentials.kinds import ApiToken
from cftui.core.demo.data import load

DEMO_SOURCE = "demo data"
DEMO_CREDENTIAL = ApiToken("cfut_" + "demo" * 9)
"""A user-token-shaped placeholder for the demo user's token: it never leaves the process."""


def demo_body() -> dict[str, Any]:
    """The demo ``/user`` response body, as the API would send it."""
    return load("user.json")
