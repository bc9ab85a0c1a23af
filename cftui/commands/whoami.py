"""``cftui whoami``: a quick profile check from the shell."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from cftui.cli.options import CREDENTIALS, add_timeout, common, epilog, examples, exit_codes
from cftui.core.errors import CftuiError, UsageError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from cftui.cli.context import Context
    from cftui.cli.options import Commands
    from cftui.core.api.client import SyncCloudflareClient
    from cftui.core.credentials.env import ResolvedCredential
    from cftui.core.overview.check import Overview
    from cftui.core.overview.quick import QuickCheck


def grammar(commands: Commands) -> None:
    whoami = commands.add_parser(
        "whoami",
        parents=[common()],
        help="print who the credentials belong to",
        description="Print who the credentials belong to: the user, the token's health "
        "and where the credential came from, and the accounts you belong to with the "
        "invitations waiting: as many accounts as fit the screen below the rest (20 when "
        "piped), in one round trip to Cloudflare; --all for every one (every page). --json "
        'prints everything for scripts, in a versioned shape ("schema": 1); on failure too, '
        "with the error.",
        epilog=epilog(
            CREDENTIALS,
            examples(
                "cftui whoami",
                "cftui whoami --profile work --all | less",
                "CLOUDFLARE_API_TOKEN=… cftui whoami --json | jq .user.email",
                "cftui --demo whoami",
            ),
            exit_codes(0, 1, 2, 3, 4, 5, 6, 7),
        ),
    )
    whoami.add_argument("--json", action="store_true", help="print JSON for scripts")
    whoami.add_argument(
        "--all",
        action="store_true",
        help="list every account, reading every page of memberships (one more round trip); "
        "the summary lists as many as fit the screen, 20 when piped, from page 1",
    )
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
    from cftui.commands.output import error_json, whoami_json

    profile: str | None = getattr(args, "profile", None)
    as_json: bool = args.json
    policies: bool = args.policies
    overview: Overview | None = None
    quick: QuickCheck | None = None
    resolved = None
    now = context.utc_now()
    try:
        if getattr(args, "demo", False):
            resolved, overview, quick = _demo(profile, policies, every=_every_page(args))
        else:
            resolved = _resolve(profile, context)
            with (
                checking("Checking with Cloudflare…"),
                context.client(resolved.credential, args.timeout) as client,
            ):
                overview, quick = _fetch(client, policies, every=_every_page(args))
        if overview.is_account_token:
            from cftui.core.overview.token_report import account_token_error

            raise account_token_error(overview, now)
        overview.response()  # /user's failure is whoami's failure
    except CftuiError as caught:
        from cftui.core.env_advice import for_the_source

        error = for_the_source(caught, resolved)
        if as_json:
            print(error_json(error, overview, resolved, now))
        if overview is not None and not overview.is_account_token:
            _say(_token_warning(overview, now))
        if error is caught:
            raise
        raise error from caught.__cause__
    _say(f"note: {note}" for note in resolved.notes)
    after = _warnings(overview, now, quick=quick is not None)
    if as_json:
        print(whoami_json(overview, resolved, now, policies=policies))
    else:
        _print_summary(args, overview, resolved, now, after, quick)
    _say(after)
    return 0


def _every_page(args: argparse.Namespace) -> bool:
    """``--all``, ``--json`` and ``--policies`` read every page; the text summary needs page
    1 and the counts alone (``fetch_quick_sync``): one round trip."""
    return bool(args.all or args.json or args.policies)


def _fetch(
    client: SyncCloudflareClient, policies: bool, *, every: bool
) -> tuple[Overview, QuickCheck | None]:
    """Every page (concurrently, after page 1), or the quick check: ``/user``, the token
    check, memberships page 1 and the pending invitations' count, all leaving together."""
    # Only now the network stack (httpx): "not logged in" answers fast.
    if every:
        from cftui.core.overview.check import fetch_overview_sync

        return fetch_overview_sync(client, policies=policies), None
    from cftui.core.overview.quick import fetch_quick_sync

    quick = fetch_quick_sync(client)
    return quick.overview, quick


def _print_summary(
    args: argparse.Namespace,
    overview: Overview,
    resolved: ResolvedCredential,
    now: datetime,
    after: list[str],
    quick: QuickCheck | None,
) -> None:
    """The text summary, as many accounts as keep its head on the screen (or all)."""
    from cftui.commands.output import whoami_summary
    from cftui.commands.whoami_fit import for_screen

    before = "cftui --demo" if getattr(args, "demo", False) else "cftui"
    profile = getattr(args, "profile", None)
    if profile is not None:
        import shlex

        before = f"cftui --profile {shlex.quote(profile)}"
    again, invites = f"{before} whoami --all", f"{before} invites"
    summary = whoami_summary(overview, resolved, now, again=again, invites=invites, quick=quick)
    stderr_lines = [f"cftui: {line}" for line in after]
    summary, shown = for_screen(summary, stderr_lines, terminal=_is_terminal(), every=args.all)
    print("\n".join(summary.lines(shown)))


def _is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced, or closed
        return False


def _say(lines: Iterable[str]) -> None:
    for line in lines:
        print(f"cftui: {line}", file=sys.stderr)


def _resolve(profile: str | None, context: Context) -> ResolvedCredential:
    """``ProfileStore.resolve``, with the environment's credential looked at first here: it
    wins anyway without ``--profile``, and then the profiles, the index and the keyring
    (modules a CI run or a server without a keyring never needs) stay unimported."""
    from cftui.core.credentials.env import from_env

    resolved = from_env(context.env) if profile is None else None
    if resolved is not None:
        return resolved
    return context.profile_store().resolve(profile, context.env)


def _demo(
    profile: str | None, policies: bool, *, every: bool
) -> tuple[ResolvedCredential, Overview, QuickCheck | None]:
    """The demo user, through the same sections and output as a real account."""
    from cftui.core.credentials.env import ResolvedCredential

    if profile is not None:
        raise UsageError(
            "--demo shows the embedded demo user, not a profile.",
            hint="Drop --demo to use the profile, or --profile to see the demo.",
        )
    from cftui.core.demo.clients import demo_sync_client
    from cftui.core.demo.user import DEMO_SOURCE

    with demo_sync_client() as client:  # the real request path, answered in process
        resolved = ResolvedCredential(
            client.credential, DEMO_SOURCE, None, ("--demo: embedded demo data, not an account",)
        )
        return resolved, *_fetch(client, policies, every=every)


def _warnings(overview: Overview, now: datetime, *, quick: bool) -> list[str]:
    """What stderr says after the output (without ``cftui:``): a line when the token is
    expiring, expired, disabled or not yet valid, and one when the accounts could not all be
    listed (after the ``quick`` check, only page 1 failing: it reads no other page by
    design). Known before the output is printed, so that the summary leaves room for them."""
    from cftui.commands.accounts_output import accounts_warning

    page_one_failed = overview.memberships.error is not None
    trouble = accounts_warning(overview) if not quick or page_one_failed else None
    return [*_token_warning(overview, now), *([trouble] if trouble else [])]


def _token_warning(overview: Overview, now: datetime) -> list[str]:
    from cftui.core.overview.token_report import token_report

    warning = token_report(overview, now).warning
    return [f"warning: {warning}"] if warning else []
