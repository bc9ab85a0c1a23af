"""The embedded demo data: the whole UI with no account, no network and no keyring.

``DemoClient`` answers like the real client, from package data: ``/user`` (the demo user) and
``/user/tokens/verify`` (its user API token, with fixed dates: ``demo_accounts``).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, TypeVar

from cftui.core.credential_kind import CallOutcome
from cftui.core.credentials import ApiToken, Credential
from cftui.core.endpoints import ApiCall
from cftui.core.envelope import UserResponse, parse_envelope
from cftui.core.models import User
from cftui.core.overview import Overview, TokenCheck
from cftui.core.sections import Outcome

R = TypeVar("R")
DEMO_SOURCE = "demo data"
DEMO_CREDENTIAL = ApiToken("cfut_" + "demo" * 9)
"""A user-token-shaped placeholder for the demo user's token: it never leaves the process."""


def _load(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(
        resources.files("cftui.core").joinpath(name).read_text("utf-8")
    )
    return body


def demo_body() -> dict[str, Any]:
    """The demo ``/user`` response body, as the API would send it."""
    return _load("demo_user.json")


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
    from cftui.core.demo_accounts import demo_token_status  # it imports this module

    check = TokenCheck(status=demo_token_status(), user_verify=CallOutcome.success())
    return Overview(DEMO_CREDENTIAL, Outcome(demo_response()), check)


class DemoClient:
    """Stands in for ``CloudflareClient``, answering from the embedded data; an invitation
    it answers stays answered for the rest of the run."""

    credential: Credential = DEMO_CREDENTIAL

    def __init__(self) -> None:
        from cftui.core.demo_requester import DemoRequester  # it imports this module

        self._requester = DemoRequester()

    async def get_user(self) -> UserResponse:
        return demo_response()

    async def request(self, call: ApiCall[R]) -> R:
        """As ``DemoRequester`` answers ``cftui --demo whoami``: the same data, parsed."""
        result: R = self._requester.request(call)
        return result

    async def aclose(self) -> None:
        return None
