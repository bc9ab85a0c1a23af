"""``cftui logout``: remove a saved profile and delete its secret from the keyring."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cftui.cli.options import common, epilog, examples, exit_codes

if TYPE_CHECKING:
    from cftui.cli.context import Context
    from cftui.cli.options import Commands


def grammar(commands: Commands) -> None:
    commands.add_parser(
        "logout",
        parents=[common("remove this profile (default: the default profile)")],
        help="remove a profile and delete its secret from the keyring",
        description="Remove a saved profile from the profile index and delete its secret "
        "from the OS keyring. --profile NAME removes that profile; without it, the default "
        "one. Credentials in the environment are not touched. `cftui login --profile NAME` "
        "adds a profile again.",
        epilog=epilog(
            examples("cftui logout --profile work", "cftui logout", "cftui profiles --names"),
            exit_codes(
                0,
                1,
                2,
                3,
                7,
                c2="usage (a malformed profile name)",
                c3="no such profile, no default profile, or unusable profile index",
            ),
        ),
    )


def run(args: argparse.Namespace, context: Context) -> int:
    from cftui.core.errors import NoCredentialsError

    store = context.profile_store()
    name = getattr(args, "profile", None) or store.default_name()
    if name is None:
        raise NoCredentialsError(
            "There is no default profile to log out of.",
            hint="Name one with --profile NAME (see `cftui profiles`).",
        )
    removal = store.remove(name)
    if not removal.in_index:
        print(
            f"Deleted the secret of profile '{name}' from the OS keyring "
            "(the profile itself was already gone)."
        )
    elif removal.secret_deleted:
        print(f"Removed profile '{name}' and deleted its secret from the OS keyring.")
    else:
        print(f"Removed profile '{name}'; the OS keyring held no secret for it.")
    return 0
