"""What answers API calls for one credential: ``CloudflareClient``, a client over a local
handler (the demo), a test's fake. The app, the accounts panel and the overview's sections
take any of them, so none knows which it has."""

from __future__ import annotations

from typing import Protocol, TypeVar

from cftui.core.api.endpoints import ApiCall
from cftui.core.credentials.kinds import Credential

R = TypeVar("R")


class Requester(Protocol):
    """``request`` answers any endpoint (``cftui.core.api.endpoints``) or raises its
    ``CftuiError``; ``aclose`` lets go of the connections when the credential changes."""

    credential: Credential  # the one it sends

    async def request(self, call: ApiCall[R]) -> R: ...

    async def aclose(self) -> None: ...
