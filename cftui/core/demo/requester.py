"""The embedded demo data answering API calls, for ``cftui --demo whoami``.

It answers through each call's own parser, exactly as the client does with a real body, so
the demo output is what a real account of that shape prints, section for section. No
network, no keyring.
"""

from __future__ import annotations

from typing import Any, TypeVar

from cftui.core.api.endpoints import ApiCall
from cftui.core.api.envelope import UserResponse, parse_envelope
from cftui.core.credentials.kinds import Credential
from cftui.core.demo.accounts import DemoAccounts
from cftui.core.demo.token import demo_token_verify_body
from cftui.core.demo.user import DEMO_CREDENTIAL, demo_body, demo_response
from cftui.core.errors import NetworkError

R = TypeVar("R")


def _body(path: str) -> dict[str, Any] | None:
    if path == "/user":
        return demo_body()
    if path == "/user/tokens/verify":
        return demo_token_verify_body()
    return None


class DemoRequester:
    """Stands in for ``SyncCloudflareClient.request`` with the demo's answers."""

    def __init__(self) -> None:
        self.credential: Credential = DEMO_CREDENTIAL
        self._accounts = DemoAccounts()

    def request(self, call: ApiCall[Any]) -> Any:
        if call.path == "/memberships" or call.path.startswith("/memberships/"):
            return self._accounts.answer(call)  # an answered invitation stays answered
        body = _body(call.path)
        if body is None:
            raise NetworkError(f"{call.method} {call.path} is not part of the demo data.")
        envelope = parse_envelope(body, call.parse)
        return call.respond(
            envelope.result,
            envelope.messages,
            body=body,
            result_info=envelope.result_info,
        )


class DemoClient:
    """Stands in for ``CloudflareClient``, answering from the embedded data; an invitation
    it answers stays answered for the rest of the run."""

    credential: Credential = DEMO_CREDENTIAL

    def __init__(self) -> None:
        self._requester = DemoRequester()

    async def get_user(self) -> UserResponse:
        return demo_response()

    async def request(self, call: ApiCall[R]) -> R:
        """As ``DemoRequester`` answers ``cftui --demo whoami``: the same data, parsed."""
        result: R = self._requester.request(call)
        return result

    async def aclose(self) -> None:
        return None
