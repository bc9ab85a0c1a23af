"""A ``MockTransport`` handler for the token-in-use's own entry and the user's token list.

Built on ``fake_token_bodies`` (one token per flag); the token the credential is, is the one
whose id the verify answers. ``own`` decides what ``GET /user/tokens/{id}`` says: the token,
or a refusal (9109: no *API Tokens Read*). The roll is stateful: the old secret stops working
the moment the new one is handed out, as Cloudflare's does.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

import httpx

from tests.support.fake.accounts import Answer, ok, refused, token_result, user_answer
from tests.support.fake.token_bodies import every_flag

ROLLED = "cfut_RolledNEWsecret0123456789abcdefghijklmnop"
"""The value a roll answers; tests assert it is never drawn, logged or snapshotted."""


class TokenApi:
    """Answers ``/user``, the verify, ``/user/tokens`` (one page) and ``/user/tokens/{id}``;
    records every path asked."""

    def __init__(
        self,
        now: datetime,
        secret: str,
        *,
        own: str = "ok",
        listing: str = "ok",
        tokens: list[dict[str, Any]] | None = None,
    ) -> None:
        self.now = now
        self.tokens = every_flag(now) if tokens is None else tokens
        self.current = self.tokens[0]["id"]
        self.secrets = {secret: self.current}
        self.own = own
        self.listing = listing
        self.paths: list[str] = []
        self.lock = threading.Lock()

    def _holder(self, request: httpx.Request) -> str | None:
        said = request.headers.get("Authorization", "").removeprefix("Bearer ")
        return self.secrets.get(said)

    def answer(self, method: str, path: str, holder: str | None) -> Answer:
        if holder is None:
            return refused(1000)
        if path == "/user":
            return user_answer()
        if path == "/user/tokens/verify":
            return ok(token_result(self.now, "active", holder))
        if path == "/user/tokens":
            return ok(self.tokens) if self.listing == "ok" else refused(9109)
        if path.startswith("/memberships"):
            return ok([], {"page": 1, "per_page": 50, "count": 0, "total_count": 0})
        wanted = path.removeprefix("/user/tokens/")
        if method == "PUT" and wanted.endswith("/value"):
            return self.roll(wanted.removesuffix("/value"))
        found = [t for t in self.tokens if t["id"] == wanted]
        if not found:
            return refused(7003, status=404)
        return ok(found[0]) if self.own == "ok" else refused(9109)

    def roll(self, token_id: str) -> Answer:
        if not any(t["id"] == token_id for t in self.tokens):
            return refused(7003, status=404)
        self.secrets = {s: i for s, i in self.secrets.items() if i != token_id}
        self.secrets[ROLLED] = token_id
        return ok(ROLLED)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/client/v4")
        with self.lock:
            self.paths.append(path)
            said = self.answer(request.method, path, self._holder(request))
        return said.response()
