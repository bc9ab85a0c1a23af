"""``cftui whoami``: a quick profile check from the shell."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from cftui.core.errors import CftuiError

if TYPE_CHECKING:
    from cftui.core.overview import Overview


def run_whoami(*, profile: str | None, as_json: bool, timeout: float = 20.0) -> int:
    from cftui.commands.fetch import fetch_overview
    from cftui.commands.output import error_json, format_whoami, whoami_json
    from cftui.core.profiles import ProfileStore

    overview: Overview | None = None
    resolved = None
    now = datetime.now(UTC)
    try:
        resolved = ProfileStore().resolve(profile, os.environ)
        # Only now the network stack (httpx): "not logged in" answers fast.
        from cftui.core.network import base_url_from_env

        base_url = base_url_from_env(os.environ)
        overview = fetch_overview(resolved.credential, base_url, timeout)
        if overview.is_account_token:
            from cftui.core.token_report import account_token_error

            raise account_token_error(overview, now)
        overview.response()  # /user's failure is whoami's failure
    except CftuiError as error:
        if as_json:
            print(error_json(error, overview, resolved, now))
        if overview is not None and not overview.is_account_token:
            _warn(overview, now)
        raise
    for note in resolved.notes:
        print(f"cftui: note: {note}", file=sys.stderr)
    if as_json:
        print(whoami_json(overview, resolved, now))
    else:
        print(format_whoami(overview, resolved, now))
    _warn(overview, now)
    return 0


def _warn(overview: Overview, now: datetime) -> None:
    """One line on stderr when the token is expiring, expired, disabled or not yet valid."""
    from cftui.core.token_report import token_report

    warning = token_report(overview, now).warning
    if warning:
        print(f"cftui: warning: {warning}", file=sys.stderr)
