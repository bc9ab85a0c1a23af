"""The requests the CLI makes: a verified ``GET /user`` (``login``'s check) and, for
``whoami``, ``/user`` with the token check beside it (``cftui.core.overview.check``).

Blocking on purpose: a request (or a few at once, on threads) needs no event loop, and asyncio
plus anyio would add tens of milliseconds and megabytes to every ``whoami``.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cftui.core.api.client import SyncCloudflareClient
    from cftui.core.api.envelope import UserResponse
    from cftui.core.credentials.kinds import Credential
    from cftui.core.overview.check import Overview


def _client(credential: Credential, base_url: str, timeout: float) -> SyncCloudflareClient:
    from cftui.core.api.client import SyncCloudflareClient

    return SyncCloudflareClient(
        credential,
        base_url=base_url,
        connect_timeout=min(5.0, timeout),
        total_timeout=timeout,
        deadline=time.monotonic() + timeout,  # --timeout bounds the whole command
    )


def fetch_user(credential: Credential, base_url: str, timeout: float) -> UserResponse:
    """One ``GET /user`` with the CLI's timeout."""
    with _client(credential, base_url, timeout) as client:
        return client.get_user()


def fetch_overview(
    credential: Credential, base_url: str, timeout: float, *, policies: bool = False
) -> Overview:
    """``/user``, the token check and the memberships together, each request with the CLI's
    timeout; ``policies`` adds each membership's policies."""
    from cftui.core.overview.check import fetch_overview_sync

    with _client(credential, base_url, timeout) as client:
        return fetch_overview_sync(client, policies=policies)
