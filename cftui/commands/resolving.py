"""Which credential a command that talks to Cloudflare uses, resolved the cheap way round."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cftui.cli.context import Context
    from cftui.core.credentials.env import ResolvedCredential


def resolve(profile: str | None, context: Context) -> ResolvedCredential:
    """The credential to use: the environment's first without ``--profile`` (the keyring is
    then never asked), else the profile's."""
    from cftui.core.credentials.env import from_env

    resolved = from_env(context.env) if profile is None else None
    if resolved is not None:
        return resolved
    return context.profile_store().resolve(profile, context.env)
