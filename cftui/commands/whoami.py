"""``cftui whoami``: a quick profile check from the shell."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from cftui.cli.progress import checking
from cftui.core import clock
from cftui.core.credentials.env import ResolvedCredential, from_env
from cftui.core.errors import CftuiError, UsageError

if TYPE_CHECKING:
    from datetime import datetime

    from cftui.core.overview.check import Overview


def run_whoami(
    *,
    profile: str | None,
    as_json: bool,
    timeout: float = 20.0,
    demo: bool = False,
    policies: bool = False,
) -> int:
    from cftui.commands.fetch import fetch_overview
    from cftui.commands.output import error_json, format_whoami, whoami_json

    overview: Overview | None = None
    resolved = None
    now = clock.utc_now()
    try:
        if demo:
            resolved, overview = _demo(profile, policies)
        else:
            resolved = _resolve(profile)
            # Only now the network stack (httpx): "not logged in" answers fast.
            from cftui.core.api.network import base_url_from_env

            base_url = base_url_from_env(os.environ)
            with checking("Checking with Cloudflare…"):
                overview = fetch_overview(resolved.credential, base_url, timeout, policies=policies)
        if overview.is_account_token:
            from cftui.core.overview.token_report import account_token_error

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
        print(whoami_json(overview, resolved, now, policies=policies))
    else:
        from cftui.commands.accounts_output import screenful

        print(format_whoami(overview, resolved, now, shown=screenful()))
    _warn(overview, now)
    from cftui.commands.accounts_output import accounts_warning

    trouble = accounts_warning(overview)
    if trouble:
        print(f"cftui: {trouble}", file=sys.stderr)
    return 0


def _resolve(profile: str | None) -> ResolvedCredential:
    """``ProfileStore.resolve``, with the environment's credential looked at first here: it
    wins anyway without ``--profile``, and then the profiles, the index and the keyring
    (modules a CI run or a server without a keyring never needs) stay unimported."""
    resolved = from_env(os.environ) if profile is None else None
    if resolved is not None:
        return resolved
    from cftui.core.credentials.profiles import ProfileStore

    return ProfileStore().resolve(profile, os.environ)


def _demo(profile: str | None, policies: bool) -> tuple[ResolvedCredential, Overview]:
    """The demo user, through the same sections and output as a real account."""
    if profile is not None:
        raise UsageError(
            "--demo shows the embedded demo user, not a profile.",
            hint="Drop --demo to use the profile, or --profile to see the demo.",
        )
    from cftui.core.demo.clients import demo_sync_client
    from cftui.core.demo.user import DEMO_SOURCE
    from cftui.core.overview.check import fetch_overview_sync

    with demo_sync_client() as client:  # the real request path, answered in process
        resolved = ResolvedCredential(
            client.credential, DEMO_SOURCE, None, ("--demo: embedded demo data, not an account",)
        )
        return resolved, fetch_overview_sync(client, policies=policies)


def _warn(overview: Overview, now: datetime) -> None:
    """One line on stderr when the token is expiring, expired, disabled or not yet valid."""
    from cftui.core.overview.token_report import token_report

    warning = token_report(overview, now).warning
    if warning:
        print(f"cftui: warning: {warning}", file=sys.stderr)
