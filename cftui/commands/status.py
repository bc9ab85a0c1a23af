"""``cftui status``: every credential's health at once, from the shell."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from cftui.cli.options import add_timeout, common, epilog, examples, exit_codes

if TYPE_CHECKING:
    from datetime import datetime

    from cftui.cli.context import Context
    from cftui.cli.options import Commands
    from cftui.core.credentials.kinds import Credential
    from cftui.core.fleet.health import Health


def grammar(commands: Commands) -> None:
    status = commands.add_parser(
        "status",
        parents=[common("check only this saved profile")],
        help="check every saved credential at once",
        description="Check every saved profile, and the environment's credential when one is "
        "set, all at once: for each, whether it is the default or the one in use, where its "
        "secret lives, its kind, whose it is, the token's expiry, the number of accounts and "
        "pending invitations, the permissions cftui uses that it lacks, and one verdict: ok, "
        "expiring (within 14 days), rejected, unreachable, missing (no secret in the keyring) "
        "or locked (the keyring cannot be read). Profiles are never changed. --json prints "
        '{"schema": 1, "credentials": [...]} (README, "cftui status").',
        epilog=epilog(
            examples(
                "cftui status",
                "cftui status --profile work",
                "cftui status --json | jq -r '.credentials[] | [.name, .verdict] | @tsv'",
                "cftui --demo status",
            ),
            exit_codes(
                0,
                1,
                2,
                3,
                4,
                5,
                7,
                c0="every credential is usable (an expiring one is warned about on stderr)",
                c3="nothing to check, an unknown profile, a secret missing from the keyring, "
                "or an unusable profile index",
                c4="any credential rejected",
                c5="any credential could not be checked (network, timeout, 429, 5xx), none "
                "rejected",
                c7="the keyring cannot be read and no environment credential is set",
            ),
        ),
    )
    status.add_argument("--json", action="store_true", help="print JSON for scripts")
    status.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="the embedded demo fleet of profiles instead of yours",
    )
    add_timeout(status)


def run(args: argparse.Namespace, context: Context) -> int:
    import time

    from cftui.commands.status_output import format_status, status_json, warnings
    from cftui.core.errors import UsageError
    from cftui.core.fleet.run import check_all, exit_code

    profile: str | None = getattr(args, "profile", None)
    deadline = time.monotonic() + float(args.timeout)
    now = context.utc_now()
    if getattr(args, "demo", False):
        if profile is not None:
            raise UsageError(
                "--demo shows the embedded demo fleet, not a profile.", hint="Drop --demo."
            )
        from cftui.core.demo.fleet import demo_check, demo_roster

        roster = demo_roster()
        checked = check_all(roster, lambda c: demo_check(c, now), deadline=deadline)
    else:
        from cftui.core.fleet.roster import roster as build_roster

        roster = build_roster(context.profile_store(), context.env, profile)
        checked = check_all(roster, _Check(context, deadline, now), deadline=deadline)
    if args.json:
        print(status_json(checked))
    elif checked:
        print(format_status(checked))
    else:
        print(
            "cftui: nothing to check: no profile is saved and no credential is set in the "
            "environment.\nRun `cftui login`, or set CLOUDFLARE_API_TOKEN.",
            file=sys.stderr,
        )
    for message, hint in warnings(checked, roster):
        print(f"cftui: {message}" + (f"\n{hint}" if hint else ""), file=sys.stderr)
    return int(exit_code(checked, from_env=roster.from_env))


class _Check:
    """One credential's quick check with a client of its own, timed to the command's one
    deadline (whatever is left of it when the check starts)."""

    def __init__(self, context: Context, deadline: float, now: datetime) -> None:
        self.context = context
        self.deadline = deadline
        self.now = now

    def __call__(self, credential: Credential) -> Health:
        import time

        from cftui.core.fleet.health import judge
        from cftui.core.overview.quick import fetch_quick_sync

        # To a tenth of a second: a timeout's message then says "8 s", not "7.99846 s".
        left = max(round(self.deadline - time.monotonic(), 1), 0.1)
        with self.context.client(credential, left) as client:
            return judge(fetch_quick_sync(client), self.now)
