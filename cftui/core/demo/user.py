"""The embedded demo user: the whole UI with no account, no network and no keyring.

The demo user's ``/user`` answer, and what a check of the demo credential comes to.
"""

from __future__ import annotations

from typing import Any

from cftui.core.api.envelope import UserResponse, parse_envelope
from cftui.core.credentials.kinds import ApiToken
from cftui.core.demo.data import load
from cftui.core.demo.token import demo_token_status
from cftui.core.models.user import User
from cftui.core.overview.check import Overview, TokenCheck
from cftui.core.overview.credential_kind import CallOutcome
from cftui.core.overview.steps import Outcome

DEMO_SOURCE = "demo data"
DEMO_CREDENTIAL = ApiToken("cfut_" + "demo" * 9)
"""A user-token-shaped placeholder for the demo user's token: it never leaves the process."""


def demo_body() -> dict[str, Any]:
    """The demo ``/user`` response body, as the API would send it."""
    return load("user.json")


def demo_user() -> User:
    envelope = parse_envelope(demo_body())
    assert envelope.result is not None
    return envelope.result


def demo_response() -> UserResponse:
    """The demo ``/user`` answer, as a real client would return it."""
    body = demo_body()
    envelope = parse_envelope(body)
    assert envelope.result is not None
    return UserResponse(envelope.result, raw=body)


def demo_overview() -> Overview:
    """What a fetch of the demo data comes to, without running one (the first frame)."""
    check = TokenCheck(status=demo_token_status(), user_verify=CallOutcome.success())
    return Overview(DEMO_CREDENTIAL, Outcome(demo_response()), check)
