"""The embedded demo data answering API calls, for ``cftui --demo whoami``.

It answers through each call's own parser, exactly as the client does with a real body, so
the demo output is what a real account of that shape prints, section for section. No
network, no keyring.
"""

from __future__ import annotations

from typing import Any

from cftui.core.credentials import Credential
from cftui.core.demo import DEMO_CREDENTIAL, demo_body
from cftui.core.demo_accounts import DemoAccounts, demo_token_verify_body
from cftui.core.endpoints import ApiCall
from cftui.core.envelope import parse_envelope
from cftui.core.errors import NetworkError


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
