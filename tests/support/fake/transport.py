"""The fake API's in-process front end: the same router (``router``) behind
``httpx.MockTransport``, for a real ``CloudflareClient`` without a socket.

``WorldApi(world)`` serves a ``World`` of ``/memberships`` (``worlds``) with the ``ok`` user
and an active user token, as the loopback server's member scenarios do; ``WorldApi(
scenario="auth_9109")`` serves any named scenario instead. The client's whole request path
runs (building, retries, decoding, the envelope), only the socket is left out, so a scenario
that needs one (slow, stall_mid_body, reset, huge_body) is refused here: use the server.
Every request is logged (method, path, query, body); ``hold(page)`` keeps a page's answer back
until ``release()``, to look at the panel while pages are still on their way; ``routes``
queues answers given before the router's, per method and route.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from cftui.core.api.client import CloudflareClient
from cftui.core.credentials.kinds import Credential
from tests.support.fake.canned import OK, Canned
from tests.support.fake.router import Asked, Router
from tests.support.fake.worlds import World

BASE_URL = "https://api.example.test/client/v4"
WORLD = "world"
"""The name a ``WorldApi``'s own world is served under."""


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
        world: World | None = None,
        *,
        user: Canned = OK,
        routes: dict[tuple[str, str], list[Canned]] | None = None,
        scenario: str = "ok",
    ) -> None:
        self.router = Router()
        self._world: World | None = None
        self.user = user  # the ``/user`` answer beside ``world``
        self.scenario = scenario
        if not self.router.knows(scenario):
            raise ValueError(f"unknown scenario {scenario!r}")
        if world is not None:
            self.world = world
        self.routes = routes or {}  # (method, route) -> answers to give first, in order
        self.log: list[Logged] = []
        self._hits: Counter[str] = Counter()
        self._held: set[int] = set()
        self.hold_puts = False  # every PUT waits for ``release()`` too
        self._release: asyncio.Event | None = None

    @property
    def world(self) -> World:
        if self._world is None:
            raise AttributeError(f"this API serves the scenario {self.scenario!r}, not a world")
        return self._world

    @world.setter
    def world(self, world: World) -> None:
        """A test may swap the world between requests: the next one is answered from it."""
        self._world = world
        self.router.add(WORLD, self.user, world=world)
        self.scenario = WORLD

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
        else:
            self._hits[route] += 1
            headers = {k.lower(): v for k, v in request.headers.items()}
            asked = Asked(
                self.scenario,
                request.method,
                route,
                query,
                request.content,
                headers,
                self._hits[route],
            )
            reply = self.router.answer(asked)
            if reply.how != "send":
                raise NotImplementedError(
                    f"{self.scenario!r} answers with a socket ({reply.how}): "
                    "use the loopback server (tests.support.fake.server)"
                )
            canned = reply.canned
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
