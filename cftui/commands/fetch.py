"""The one request the CLI makes: a verified ``GET /user`` (``whoami``, and ``login``'s check)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cftui.core.credentials import Credential
    from cftui.core.envelope import UserResponse


def fetch_user(credential: Credential, base_url: str, timeout: float) -> UserResponse:
    """One ``GET /user`` with the CLI's timeout.

    Blocking on purpose: one request needs no event loop, and asyncio plus anyio would add
    tens of milliseconds and megabytes to every ``whoami``.
    """
    from cftui.core.client import SyncCloudflareClient

    with SyncCloudflareClient(
        credential,
        base_url=base_url,
        connect_timeout=min(5.0, timeout),
        total_timeout=timeout,
    ) as client:
        return client.get_user()
