"""``cftui whoami``: a quick profile check from the shell."""

from __future__ import annotations

import os
import sys

from cftui.core.errors import CftuiError


def run_whoami(*, profile: str | None, as_json: bool, timeout: float = 20.0) -> int:
    from cftui.commands.fetch import fetch_user
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
