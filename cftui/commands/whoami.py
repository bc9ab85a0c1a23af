"""``cftui whoami``: a quick profile check from the shell."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from cftui.cli.options import CREDENTIALS, add_timeout, common, epilog, examples, exit_codes
from cftui.core.errors import CftuiError, UsageError

if TYPE_CHECKING:
    from datetime import datetime

    from cftui.cli.context import Context
    from cftui.cli.options import Commands
    from cftui.core.credentials.env import ResolvedCredential
    from cftui.core.overview.check import Overview


def grammar(commands: Commands) -> None:
    whoami = commands.add_parser(
        "whoami",
        parents=[common()],
        help="print who the credentials belong to",
        description="Print who the credentials belong to: the user, the token's health "
        "and where the credential came from, and the accounts you belong to with the "
        "invitations waiting. --json prints the same for scripts, in a versioned shape "
        '("schema": 1); on failure too, with the error.',
        epilog=epilog(
            CREDENTIALS,
            examples(
                "cftui whoami",
                "cftui whoami --profile work",
                "CLOUDFLARE_API_TOKEN=… cftui whoami --json | jq .user.email",
                "cftui --demo whoami",
            ),
            exit_codes(0, 1, 2, 3, 4, 5, 6, 7),
        ),
    )
    whoami.add_argument("--json", action="store_true", help="print JSON for scripts")
    whoami.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="the embedded demo user instead of an account",
    )
    whoami.add_argument(
        "--policies",
        action="store_true",
        help="with --json: each account's policies too (one more request per account)",
    )
    add_timeout(whoami)


def run(args: argparse.Namespace, context: Context) -> int:
    from cftui.cli.progress import checking
    from cftui.commands.output import error_json, format_whoami, whoami_json

    profile: str | None = getattr(args, "profile", None)
    as_json: bool = args.json
    policies: bool = args.policies
    overview: Overview | None = None
    resolved = None
    now = context.utc_now()
    try:
        if getattr(args, "demo", False):
            resolved, overview = _demo(profile, policies)
        else:
            resolved = _resolve(profile, context)
            # Only now the network stack (httpx): "not logged in" answers fast.
            from cftui.core.overview.check import fetch_overview_sync

            with (
                checking("Checking with Cloudflare…"),
                context.client(resolved.credential, args.timeout) as client,
            ):
                overview = fetch_overview_sync(client, policies=policies)
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


def _resolve(profile: str | None, context: Context) -> ResolvedCredential:
    """``ProfileStore.resolve``, with the environment's credential looked at first here: it
    wins anyway without ``--profile``, and then the profiles, the index and the keyring
    (modules a CI run or a server without a keyring never needs) stay unimported."""
    from cftui.core.credentials.env import from_env

    resolved = from_env(context.env) if profile is None else None
    if resolved is not None:
        return resolved
    return context.profile_store().resolve(profile, context.env)


def _demo(profile: str | None, policies: bool) -> tuple[ResolvedCredential, Overview]:
    """The demo user, through the same sections and output as a real account."""
    from cftui.core.credentials.env import ResolvedCredential

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
