"""``cftui profiles``: the saved profiles, from the shell."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cftui.cli.argparsing import Verb
from cftui.cli.options import common, epilog, examples, exit_codes

if TYPE_CHECKING:
    from cftui.cli.context import Context
    from cftui.cli.options import Commands
    from cftui.core.credentials.profiles import ProfileInfo

_KIND_LABEL = {"token": "API token", "global_key": "Global API key"}


def grammar(commands: Commands) -> None:
    profiles = commands.add_parser(
        "profiles",
        parents=[common(argparse.SUPPRESS)],
        help="list saved profiles, or switch the default one",
        description="List the saved profiles, the default one marked (default), from the "
        "profile index alone: never the keyring; for each, whose it is as Cloudflare said when "
        "`cftui login` saved it. `cftui login --profile NAME` adds one, "
        "`cftui logout --profile NAME` removes one, `cftui profiles switch NAME` (or "
        "--set-default NAME) chooses the one used when no other credential is given. "
        '--json prints {"schema": 1, "profiles": [{name, kind, email, default, '
        "verified_email, verified_on}, …]}.",
        epilog=epilog(
            examples(
                "cftui profiles",
                "cftui profiles switch work",
                "cftui profiles --json | jq -r '.profiles[].name'",
            ),
            exit_codes(
                0,
                1,
                2,
                3,
                signals=False,
                c2="usage (a malformed profile name)",
                c3="no such profile or unusable profile index",
            ),
        ),
    )
    profiles.add_argument(
        "action",
        nargs="?",
        action=Verb,
        words=("switch",),
        metavar="switch",
        help="make NAME the default profile",
    )
    profiles.add_argument("name", nargs="?", metavar="NAME", help="the profile to switch to")
    profiles.add_argument("--json", action="store_true", help="print JSON for scripts")
    profiles.add_argument(
        "--names", action="store_true", help="print only the names, one a line (for scripts)"
    )
    profiles.add_argument("--set-default", metavar="NAME", help="make NAME the default profile")


def run(args: argparse.Namespace, context: Context) -> int:
    """The saved profiles, from the index alone: listing them never touches the keyring."""
    from cftui.cli.argparsing import closest
    from cftui.commands.output import dumps
    from cftui.core.errors import UsageError
    from cftui.core.redact import mask_secret_runs
    from cftui.core.text import shorten

    store = context.profile_store()
    set_default: str | None = args.set_default
    if args.action not in (None, "switch"):
        guess = " (did you mean switch?)" if closest(args.action, ["switch"]) else ""
        raise UsageError(
            f"Unknown word {shorten(mask_secret_runs(repr(args.action)), 40)}{guess}.",
            hint="Run `cftui profiles` to list them, or `cftui profiles switch NAME`.",
        )
    if args.action == "switch":
        if args.name is None or set_default not in (None, args.name):
            raise UsageError(
                "`cftui profiles switch` takes one profile name.",
                hint="Run `cftui profiles switch NAME`; `cftui profiles --names` lists them.",
            )
        set_default = args.name
    if set_default is not None:
        store.set_default(set_default)
        print(f"cftui: '{set_default}' is now the default profile.", file=sys.stderr)
    profiles = store.list_profiles()
    if args.names:
        for p in profiles:
            print(p.name)
        return 0
    if args.json:
        doc = {
            "schema": 1,
            "profiles": [
                {
                    "name": p.name,
                    "kind": p.kind,
                    "email": p.email,
                    "default": p.is_default,
                    "verified_email": p.verified_email,
                    "verified_on": p.verified_on,
                }
                for p in profiles
            ],
        }
        print(dumps(doc))
        return 0
    if not profiles:
        print("No profiles saved. Run `cftui login` to add one.")
    else:
        print(format_profiles(profiles))
    if context.env.get("CLOUDFLARE_API_TOKEN") or context.env.get("CLOUDFLARE_API_KEY"):
        print(
            "cftui: note: Cloudflare credentials are set in the environment; they take precedence "
            "over the default profile (but not over --profile).",
            file=sys.stderr,
        )
    return 0


def format_profiles(profiles: Sequence[ProfileInfo]) -> str:
    """One line a profile, in columns; the default one says so in words."""
    labels = [f"{p.name} (default)" if p.is_default else p.name for p in profiles]
    kinds = [_KIND_LABEL.get(p.kind, p.kind) for p in profiles]
    columns = [labels, kinds]
    if any(p.email for p in profiles):  # the login email of Global API key profiles
        columns.append([p.email or "" for p in profiles])
    columns.append([_verified(p) for p in profiles])
    widths = [max(len(cell) for cell in column) for column in columns]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in zip(*columns, strict=True)
    ]
    if not any(p.is_default for p in profiles):
        lines.append("No default profile: choose one with `cftui profiles --set-default NAME`.")
    return "\n".join(lines)


def _verified(profile: ProfileInfo) -> str:
    """Whose the profile is, as checked when it was saved; profiles saved by an older cftui
    never had it checked."""
    if profile.verified_on is None:
        return "not recorded"
    if profile.verified_email is None:
        return f"email unknown, verified {profile.verified_on}"
    return f"{profile.verified_email}, verified {profile.verified_on}"
