"""Credentials from the environment: what CI and servers without a keyring use.

They never touch the keyring or the config file, so they work on machines that have
neither. A variable set to an empty value counts as unset (``VAR= cftui`` switches one off).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cftui.core.credentials.kinds import Credential, make_global_key, make_token
from cftui.core.errors import UsageError

TOKEN_VAR = "CLOUDFLARE_API_TOKEN"  # noqa: S105 (a variable name)
EMAIL_VAR = "CLOUDFLARE_EMAIL"
KEY_VAR = "CLOUDFLARE_API_KEY"


@dataclass(frozen=True)
class ResolvedCredential:
    credential: Credential
    source: str
    profile: str | None
    notes: tuple[str, ...] = ()


def env_value(env: Mapping[str, str], name: str) -> str | None:
    """An empty variable counts as unset: ``VAR= cftui`` is how people switch one off."""
    value = env.get(name, "")
    return value if value.strip() else None


def from_env(env: Mapping[str, str]) -> ResolvedCredential | None:
    token, email, key = (env_value(env, n) for n in (TOKEN_VAR, EMAIL_VAR, KEY_VAR))
    if token is not None:
        try:
            credential: Credential = make_token(token)
        except UsageError as exc:
            raise UsageError(
                f"{TOKEN_VAR} is not a usable API token: {exc.message}",
                hint=f"Fix or unset {TOKEN_VAR}.",
            ) from None
        notes: tuple[str, ...] = ()
        if key is not None:
            notes = (f"both {TOKEN_VAR} and {KEY_VAR} are set; using the token",)
        return ResolvedCredential(credential, f"env {TOKEN_VAR}", None, notes)
    if key is not None:
        if email is None:
            raise UsageError(
                f"{KEY_VAR} is set but {EMAIL_VAR} is not.",
                hint=f"Set {EMAIL_VAR} to the email you log in to Cloudflare with, "
                f"or use {TOKEN_VAR} instead.",
            )
        try:
            credential = make_global_key(email, key)
        except UsageError as exc:
            raise UsageError(
                f"{EMAIL_VAR} + {KEY_VAR} are not a usable Global API key: {exc.message}",
                hint=f"Fix or unset {EMAIL_VAR} and {KEY_VAR}.",
            ) from None
        return ResolvedCredential(credential, f"env {EMAIL_VAR} + {KEY_VAR}", None)
    return None
