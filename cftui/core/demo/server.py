"""The demo's API: what Cloudflare would answer the demo user, as a request handler.

Pure (no httpx, no sockets): ``cftui.core.api.local`` serves it to the real clients through
``httpx.MockTransport``, so the demo's answers take the same path as Cloudflare's (envelope,
refusals, pages). One ``DemoApi`` is one run of the demo: an invitation answered through it
stays answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cftui.core.demo.accounts import DemoAccounts
from cftui.core.demo.token import demo_token_verify_body
from cftui.core.demo.tokens import demo_roll_refusal, demo_token_body, demo_tokens_body
from cftui.core.demo.user import demo_body

NOT_FOUND = 7003


def not_found(path: str) -> tuple[int, dict[str, Any]]:
    """Cloudflare's answer to a path it cannot route."""
    message = f"Could not route to {path}, perhaps your object identifier is invalid?"
    errors = [{"code": NOT_FOUND, "message": message}]
    return 404, {"success": False, "errors": errors, "messages": [], "result": None}


class DemoApi:
    """A ``reading.Handler``: ``(method, path, query, body) -> (status, json body)``."""

    def __init__(self) -> None:
        self._accounts = DemoAccounts()

    def __call__(
        self, method: str, path: str, query: Mapping[str, str], body: Any
    ) -> tuple[int, dict[str, Any]]:
        if method == "PUT" and path.startswith("/user/tokens/") and path.endswith("/value"):
            return demo_roll_refusal()
        answer = self._answer(method, path, query, body)
        return (200, answer) if answer is not None else not_found(path)

    def _answer(
        self, method: str, path: str, query: Mapping[str, str], body: Any
    ) -> dict[str, Any] | None:
        if method == "GET" and path == "/user":
            return demo_body()
        if method == "GET" and path == "/user/tokens/verify":
            return demo_token_verify_body()
        if method == "GET" and path == "/user/tokens":
            return demo_tokens_body()
        if method == "GET" and path.startswith("/user/tokens/"):
            return demo_token_body(path.removeprefix("/user/tokens/"))
        if method == "GET" and path == "/memberships":
            return self._accounts.listing(query)
        membership_id = path.removeprefix("/memberships/")
        if membership_id == path or not membership_id or "/" in membership_id:
            return None
        if method == "GET":
            return self._accounts.detail(membership_id)
        if method == "PUT" and isinstance(body, dict):
            return self._accounts.answer(membership_id, body.get("status"))
        return None
