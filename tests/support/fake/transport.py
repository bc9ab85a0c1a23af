"""The fake API's ``/memberships`` worlds behind a real ``CloudflareClient``, in process.

``WorldApi`` answers ``/user`` (the ``ok`` user unless told), the token check (an active user
token, as the fake API's scenarios do) and every ``/memberships`` route
from a ``World`` (``tests.support.fake.worlds``), through ``httpx.MockTransport``: the client's
whole request path runs (building, retries, decoding, the envelope), only the socket is left out.
Every request is logged (method, path, query, body); ``hold(page)`` keeps a page's answer back
until ``release()``, to look at the panel while pages are still on their way.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from cftui.core.api.client import CloudflareClient
from cftui.core.credentials.kinds import Credential
from tests.support.fake.canned import OK, Canned
from tests.support.fake.routes import DEFAULT_ROUTES
from tests.support.fake.worlds import World, answer

BASE_URL = "https://api.example.test/client/v4"


@dataclass(frozen=True)
class Logged:
    method: str
    route: str  # ``memberships``, ``memberships/<id>``, ``user``
    query: dict[str, str]
    body: Any  # the decoded JSON body of a PUT, else None

    @property
    def page(self) -> int | None:
        return int(self.query["page"]) if "page" in self.query else None


class WorldApi:
    def __init__(
        self,
        world: World,
        *,
        user: Canned = OK,
        routes: dict[tuple[str, str], list[Canned]] | None = None,
    ) -> None:
        self.world = world
        self.user = user
        self.routes = routes or {}  # (method, route) -> answers to give first, in order
        self.log: list[Logged] = []
        self._held: set[int] = set()
        self.hold_puts = False  # every PUT waits for ``release()`` too
        self._release: asyncio.Event | None = None

    def hold(self, *pages: int) -> None:
        self._held.update(pages)

    def release(self) -> None:
        self._held.clear()
        if self._release is not None:
            self._release.set()

    async def _handle(self, request: httpx.Request) -> httpx.Response:
        route = request.url.path.removeprefix("/client/v4/")
        query = dict(request.url.params)
        body = json.loads(request.content) if request.content else None
        entry = Logged(request.method, route, query, body)
        self.log.append(entry)
        if entry.page in self._held or (self.hold_puts and request.method == "PUT"):
            self._release = self._release or asyncio.Event()
            await self._release.wait()
        queued = self.routes.get((request.method, route))
        if queued:
            canned = queued.pop(0)
        elif route == "user":
            canned = self.user
        elif route in DEFAULT_ROUTES:
            canned = DEFAULT_ROUTES[route]
        else:
            canned = answer(self.world, request.method, route, query, request.content)
        headers = {"Content-Type": canned.content_type, **canned.headers}
        return httpx.Response(canned.status, headers=headers, content=canned.body)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._handle)

    def factory(self) -> Callable[[Credential], CloudflareClient]:
        """An app's ``client_factory``: the real client, this API behind it, no waits."""

        async def no_wait(_: float) -> None:
            return None

        def build(credential: Credential) -> CloudflareClient:
            return CloudflareClient(
                credential, transport=self.transport(), base_url=BASE_URL, sleep=no_wait
            )

        return build

    def asked(self, method: str = "GET", route: str = "memberships") -> list[Logged]:
        return [e for e in self.log if e.method == method and e.route == route]
