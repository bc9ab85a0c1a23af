"""The fake fleet for the TUI: a ``client_factory`` whose real async clients are answered by
the fleet's personas (``fake_fleet``) over ``httpx.MockTransport``, and a store of profiles,
one a persona. ``slow`` is held until ``release()``: a check that has not landed yet.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from cftui.core.api.client import CloudflareClient
from cftui.core.credentials.keystore import SERVICE
from cftui.core.credentials.kinds import ApiToken, Credential, GlobalApiKey
from cftui.core.credentials.profiles import ProfileStore
from tests.support.fake.fleet import (
    GLOBAL_EMAIL,
    GLOBAL_KEY,
    TOKENS,
    answer_for,
    route_of_path,
    slow_answer,
)

PROFILES = {
    "good": ApiToken(TOKENS["good"]),
    "expiring": ApiToken(TOKENS["expiring"]),
    "studio": ApiToken(TOKENS["account"]),
    "reports": ApiToken(TOKENS["no_members"]),
    "revoked": ApiToken(TOKENS["rejected"]),
    "slow": ApiToken(TOKENS["slow"]),
    "legacy": GlobalApiKey(GLOBAL_EMAIL, GLOBAL_KEY),
}
SECRETS = (*TOKENS.values(), GLOBAL_KEY)


class FleetFactory:
    """``client_factory`` for the app and its screens; ``built`` and ``closed`` count clients."""

    def __init__(self) -> None:
        self.released = asyncio.Event()
        self.built: list[Credential] = []
        self.closed = 0

    def release(self) -> None:
        self.released.set()

    async def _answer(self, request: httpx.Request) -> httpx.Response:
        route = route_of_path(request.url.path)
        headers = {k.lower(): v for k, v in request.headers.items()}
        said = answer_for(headers, request.method, route, dict(request.url.params))
        if said is None:
            await self.released.wait()
            said = slow_answer()
        return said.response()

    def __call__(self, credential: Credential) -> CloudflareClient:
        self.built.append(credential)
        factory = self

        class Counted(CloudflareClient):
            async def aclose(self) -> None:
                factory.closed += 1
                await super().aclose()

        transport = httpx.MockTransport(self._answer)
        return Counted(credential, transport=transport, max_retries=0)


def fleet_store(path: Path, *names: str, missing: tuple[str, ...] = ()) -> ProfileStore:
    """The named personas saved as profiles (the first the default); ``missing`` ones are in
    the index with their secret gone from the keyring."""
    import keyring

    store = ProfileStore(path)
    for n, name in enumerate(names):
        store.save(name, PROFILES[name], make_default=n == 0)
    for name in missing:
        keyring.delete_password(SERVICE, name)
    return store
