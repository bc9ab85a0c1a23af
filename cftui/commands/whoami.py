"""``cftui whoami``: a quick profile check from the shell."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from cftui.core.errors import CftuiError

if TYPE_CHECKING:
    from cftui.core.credentials import Credential
    from cftui.core.envelope import UserResponse


def fetch_user(credential: Credential, base_url: str, timeout: float) -> UserResponse:
    """One verified ``GET /user`` with the CLI's timeout (whoami and login's verification).

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


def run_whoami(*, profile: str | None, as_json: bool, timeout: float = 20.0) -> int:
    from cftui.commands.output import error_json, format_whoami, whoami_json
    from cftui.core.profiles import ProfileStore

    try:
        resolved = ProfileStore().resolve(profile, os.environ)
        # Only now the network stack (httpx): "not logged in" answers fast.
        from cftui.core.network import base_url_from_env

        base_url = base_url_from_env(os.environ)
        response = fetch_user(resolved.credential, base_url, timeout)
    except CftuiError as error:
        if as_json:
            print(error_json(error))
        raise
    for note in resolved.notes:
        print(f"cftui: note: {note}", file=sys.stderr)
    print(whoami_json(response, resolved) if as_json else format_whoami(response, resolved))
    return 0
