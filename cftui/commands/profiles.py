"""``cftui profiles`` and ``cftui logout``: the saved profiles, from the shell."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cftui.core.errors import NoCredentialsError

if TYPE_CHECKING:
    from cftui.core.credentials.profiles import ProfileInfo

_KIND_LABEL = {"token": "API token", "global_key": "Global API key"}


def run_profiles(*, as_json: bool, set_default: str | None, names: bool = False) -> int:
    """The saved profiles, from the index alone: listing them never touches the keyring."""
    from cftui.commands.output import dumps
    from cftui.core.credentials.profiles import ProfileStore

    store = ProfileStore()
    if set_default is not None:
        store.set_default(set_default)
        print(f"'{set_default}' is now the default profile.", file=sys.stderr)
    profiles = store.list_profiles()
    if names:
        for p in profiles:
            print(p.name)
        return 0
    if as_json:
        doc = [
            {"name": p.name, "kind": p.kind, "email": p.email, "default": p.is_default}
            for p in profiles
        ]
        print(dumps(doc))
        return 0
    if not profiles:
        print("No profiles saved. Run `cftui login` to add one.")
    else:
        print(format_profiles(profiles))
    if os.environ.get("CLOUDFLARE_API_TOKEN") or os.environ.get("CLOUDFLARE_API_KEY"):
        print(
            "note: Cloudflare credentials are set in the environment; they take precedence "
            "over the default profile (but not over --profile).",
            file=sys.stderr,
        )
    return 0


def format_profiles(profiles: Sequence[ProfileInfo]) -> str:
    """One line a profile, in columns; the default one says so in words."""
    labels = [f"{p.name} (default)" if p.is_default else p.name for p in profiles]
    kinds = [_KIND_LABEL.get(p.kind, p.kind) for p in profiles]
    name_width = max(len(label) for label in labels)
    kind_width = max(len(kind) for kind in kinds)
    lines = []
    for p, label, kind in zip(profiles, labels, kinds, strict=True):
        lines.append(f"{label:<{name_width}}  {kind:<{kind_width}}  {p.email or ''}".rstrip())
    if not any(p.is_default for p in profiles):
        lines.append("No default profile: choose one with `cftui profiles --set-default NAME`.")
    return "\n".join(lines)


def run_logout(*, profile: str | None) -> int:
    from cftui.core.credentials.profiles import ProfileStore

    store = ProfileStore()
    name = profile or store.default_name()
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
