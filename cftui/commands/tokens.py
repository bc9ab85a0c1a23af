"""``cftui tokens``: every user API token with what needs attention; ``tokens roll ID``.

    cftui tokens [--json]        GET /user/tokens (all pages), flags and scope in words
    cftui tokens roll ID [--yes] PUT /user/tokens/ID/value, the new secret into the keyring

Listing needs *API Tokens Read*; without it the refusal names the permission and what it
would show (exit 4). A Global API key can list (it may do anything) but is no token, so none
is marked as in use. Rolling is ``tokens_roll``.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from cftui.cli.options import CREDENTIALS, add_timeout, common, epilog, examples, exit_codes
from cftui.core.errors import CftuiError, UsageError

if TYPE_CHECKING:
    from cftui.cli.context import Context
    from cftui.cli.options import Commands
    from cftui.core.api.client import SyncCloudflareClient
    from cftui.core.credentials.env import ResolvedCredential
    from cftui.core.tokens.inventory import Inventory


def grammar(commands: Commands) -> None:
    parser = commands.add_parser(
        "tokens",
        parents=[common()],
        help="list your API tokens and what needs attention; roll one",
        description="List every API token of your user: status, expiry, last use, last "
        "change, IP restriction, what it may do, and flags for what needs attention (expiring, "
        "expired, disabled, unused, never expiring, no IP restriction, all accounts or zones, "
        "a deny policy), most urgent first; * marks the token in use. Needs API Tokens Read. "
        "`cftui tokens roll ID` gives a token a new secret (needs API Tokens Write): a "
        "profile that held the token gets the new secret in the keyring, never printed; "
        "otherwise it is printed once on stdout. --json prints "
        '{"schema": 1, "tokens": […]}.',
        epilog=epilog(
            CREDENTIALS,
            examples(
                "cftui tokens",
                "cftui tokens --json | jq -r '.tokens[] | select(.flags.expires_soon) | .name'",
                "cftui tokens roll 06000000000000000000000000000001",
                "cftui --demo tokens",
            ),
            exit_codes(
                0,
                1,
                2,
                3,
                4,
                5,
                6,
                7,
                c2="usage (--yes needed without a terminal; not confirmed; roll in the demo)",
                c4="refused by Cloudflare (API Tokens Read or Write missing, no such token)",
                c7="keyring unavailable; or the roll worked but its new secret could not be "
                "stored (it is on stdout)",
            ),
        ),
    )
    parser.add_argument("action", nargs="?", choices=("roll",), help="roll a token (without: list)")
    parser.add_argument(
        "id", nargs="?", metavar="ID", help="the token's id (`cftui tokens` lists them)"
    )
    parser.add_argument("--yes", action="store_true", help="roll without asking")
    parser.add_argument("--json", action="store_true", help="print the list as JSON for scripts")
    parser.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="the embedded demo tokens instead of an account",
    )
    add_timeout(parser)


def run(args: argparse.Namespace, context: Context) -> int:
    action: str | None = args.action
    wanted: str | None = args.id
    demo = bool(getattr(args, "demo", False))
    if action is None and wanted is not None:
        raise UsageError("Say what to do with it: `cftui tokens roll ID`.")
    if action == "roll":
        from cftui.commands import tokens_roll

        return tokens_roll.run(args, context, demo=demo)
    profile: str | None = getattr(args, "profile", None)
    try:
        if demo:
            if profile is not None:
                raise UsageError(
                    "--demo lists the demo's tokens, not a profile's.", hint="Drop one."
                )
            from cftui.core.demo.clients import demo_sync_client

            with demo_sync_client() as client:
                return _list(client, args.json, context, marked=True)
        from cftui.commands.resolving import resolve

        resolved = resolve(profile, context)
        for note in resolved.notes:
            print(f"cftui: note: {note}", file=sys.stderr)
        _refuse_account_token(resolved)
        from cftui.cli.progress import checking

        with (
            checking("Listing your API tokens…"),
            context.client(resolved.credential, args.timeout) as client,
        ):
            marked = resolved.credential.kind == "token"
            return _list(client, args.json, context, marked=marked)
    except CftuiError as error:
        if args.json:
            from cftui.commands.output import error_json

            print(error_json(error))
        raise


def _refuse_account_token(resolved: ResolvedCredential) -> None:
    from cftui.core.credentials.kinds import ACCOUNT_TOKEN_PREFIX, ApiToken

    credential = resolved.credential
    if isinstance(credential, ApiToken) and credential.token.startswith(ACCOUNT_TOKEN_PREFIX):
        from cftui.core.errors import AccountTokenError
        from cftui.core.tokens.words import ACCOUNT_TOKENS, READ_PERMISSION, READ_WHERE

        raise AccountTokenError(
            f"This is an account API token ({resolved.source}): it cannot list user API "
            f"tokens. {ACCOUNT_TOKENS}",
            hint=f"Use a user API token with {READ_PERMISSION} ({READ_WHERE}).",
        )


def _list(client: SyncCloudflareClient, as_json: bool, context: Context, *, marked: bool) -> int:
    from cftui.core.tokens.inventory import fetch_inventory_sync
    from cftui.core.tokens.words import listing_words

    inventory = fetch_inventory_sync(client)
    listing = inventory.listing
    if listing.error is not None:
        raise listing_words(listing.error) from None
    now = context.utc_now()
    rows = inventory.rows(now)
    from cftui.commands.tokens_output import format_list, list_json

    if as_json:
        print(list_json(rows, inventory.current_id, complete=listing.complete, now=now))
    else:
        print(format_list(rows, marked=marked and inventory.current_id is not None))
    return _notes(inventory, marked=marked)


def _notes(inventory: Inventory, *, marked: bool) -> int:
    """What stderr adds: no token to mark, a list cut short. A failed page fails the command
    (what was read is printed), as a script must not take a part for the whole."""
    if not marked:
        print(
            "cftui: note: a Global API key is no token, so none is marked as in use.",
            file=sys.stderr,
        )
    elif inventory.verify_error is not None:
        print(
            "cftui: note: the token in use is not marked: its verify failed "
            f"({inventory.verify_error.message})",
            file=sys.stderr,
        )
    listing = inventory.listing
    if listing.failed:
        from cftui.core.tokens.words import listing_words

        page, error = min(listing.failed.items())
        worded = listing_words(error)
        print(
            f"cftui: the list is incomplete: page {page} failed: {worded.message}", file=sys.stderr
        )
        return int(worded.exit_code)
    if listing.capped:
        print(
            f"cftui: note: only the first {len(listing.items):,} tokens are listed.",
            file=sys.stderr,
        )
    return 0
