"""Which credentials ``cftui status`` checks, and where each one's secret lives.

Every profile the index lists, plus the environment's credential when one is set (then the one
in use, above the default profile). With ``only`` a single profile, as ``--profile`` asks. The
secrets are read here, one profile after another (keyring backends are not all safe to call
from several threads); once the keyring cannot be read, the profiles left are ``locked``
without asking it again, so a locked keyring costs one timeout, not one a profile. Nothing is
written: not the index, not the keyring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from cftui.core.credentials.env import from_env
from cftui.core.credentials.kinds import Credential
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.errors import KeyringUnavailableError, NoCredentialsError
from cftui.core.fleet.health import Health, locked, missing


@dataclass(frozen=True, slots=True)
class Entry:
    """One credential to check: ``profile`` None for the environment's; ``health`` already
    decided (missing, locked) when there is nothing to send."""

    profile: str | None
    source: str  # "keyring (keyring.backends.SecretService.Keyring)" / "CLOUDFLARE_API_TOKEN"
    default: bool = False
    in_use: bool = False
    credential: Credential | None = None
    health: Health | None = None

    @property
    def name(self) -> str:
        return self.profile if self.profile is not None else "environment"


@dataclass(frozen=True, slots=True)
class Roster:
    entries: tuple[Entry, ...]
    from_env: bool  # the environment's credential is among them
    keyring_error: KeyringUnavailableError | None = None


def _env_source(source: str) -> str:
    """``env CLOUDFLARE_API_TOKEN`` -> ``CLOUDFLARE_API_TOKEN``: the variable's name."""
    return source.removeprefix("env ")


def roster(store: ProfileStore, env: Mapping[str, str], only: str | None = None) -> Roster:
    """Raises ``NoCredentialsError`` for an unknown ``only``, ``ConfigError`` for an index that
    cannot be read, ``UsageError`` for an environment credential that is not one."""
    resolved = None if only is not None else from_env(env)
    profiles = store.list_profiles()
    if only is not None:
        chosen = [p for p in profiles if p.name == only]
        if not chosen:
            store.load(only)  # says there is no such profile, with the known ones
            raise NoCredentialsError(f"There is no profile named {only!r}.")
        profiles = chosen
    entries: list[Entry] = []
    if resolved is not None:
        entries.append(
            Entry(None, _env_source(resolved.source), in_use=True, credential=resolved.credential)
        )
    where = _keyring_name() if profiles else "keyring"
    trouble: KeyringUnavailableError | None = None
    for info in profiles:
        in_use = only is not None or (resolved is None and info.is_default)
        entry = Entry(info.name, where, default=info.is_default, in_use=in_use)
        if trouble is not None:
            entries.append(replace(entry, health=locked(trouble.message)))
            continue
        try:
            entries.append(replace(entry, credential=store.load(info.name)))
        except KeyringUnavailableError as error:
            trouble = error
            entries.append(replace(entry, health=locked(error.message)))
        except NoCredentialsError as error:
            entries.append(replace(entry, health=missing(error.message)))
    return Roster(tuple(entries), resolved is not None, trouble)


def _keyring_name() -> str:
    """``keyring (module.Class)``: the backend the secrets are read from; just ``keyring``
    when even choosing one fails (reading will say why)."""
    from cftui.core.credentials.keyring_backend import current_choice

    try:
        return f"keyring ({current_choice().name})"
    except KeyringUnavailableError:
        return "keyring"
