"""``cftui logout``: remove a saved profile and delete its secret from the keyring."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cftui.cli.options import common

if TYPE_CHECKING:
    from cftui.cli.context import Context
    from cftui.cli.options import Commands


def grammar(commands: Commands) -> None:
    commands.add_parser(
        "logout",
        parents=[common("remove this profile (default: the default profile)")],
        help="remove a profile and delete its secret from the keyring",
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
