"""The embedded demo user: the whole UI with no account, no network and no keyring."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from cftui.core.envelope import UserResponse, parse_envelope
from cftui.core.models import User

DEMO_SOURCE = "demo data"


def demo_body() -> dict[str, Any]:
    """The demo ``/user`` response body, as the API would send it."""
    text = resources.files("cftui.core").joinpath("demo_user.json").read_text("utf-8")
    body: dict[str, Any] = json.loads(text)
    return body


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


class DemoClient:
    """Stands in for ``CloudflareClient``: answers ``get_user`` from the embedded data."""

    async def get_user(self) -> UserResponse:
        return demo_response()

    async def aclose(self) -> None:
        return None
