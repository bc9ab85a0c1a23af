"""Named profiles: the secret in the OS keyring, the rest in ``config.json``, env on top.

Which credential a run uses, first match wins: ``--profile NAME``, ``CLOUDFLARE_API_TOKEN``,
``CLOUDFLARE_EMAIL`` + ``CLOUDFLARE_API_KEY``, the default profile (the environment's part is
in ``env_credentials``).

A save writes the keyring first and the index second, both under the index lock. Before it
replaces a secret, a trial value of the same shape proves that the keyring keeps what it is
given; when anything after that fails (the write itself, its read-back, the index, a
signal), the keyring entry is put back as it was and checked, and the error says where
things stand. A removal goes the other way round: index first, then the secret. (A keyring
call abandoned after its timeout may still land later: cftui cannot know, and says so.)

Defaults: the first profile saved (more precisely, any save while there is no default)
becomes the default. Removing the default leaves the only remaining profile as the default,
if exactly one remains; with several left there is no default, and cftui asks for
``--profile`` rather than guess.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cftui.core.credentials import profile_index
from cftui.core.credentials.env import EMAIL_VAR, KEY_VAR, TOKEN_VAR, env_value, from_env
from cftui.core.credentials.env import ResolvedCredential as ResolvedCredential
from cftui.core.credentials.keyring_writes import prove_keyring_keeps, restore, undo_save
from cftui.core.credentials.keystore import (
    DEFAULT_TIMEOUT,
    KEYRING_HINT,
    KeyringTimeoutError,
    KeyStore,
    secret_parts,
)
from cftui.core.credentials.kinds import (
    ApiToken,
    AuthKind,
    Credential,
    from_secret_json,
    to_secret_json,
)
from cftui.core.credentials.profile_index import (
    CONFIG_NAME,
    ConfigIndex,
    ProfileEntry,
    read_index,
    write_index,
)
from cftui.core.credentials.profile_index import check_profile_name as check_profile_name
from cftui.core.errors import (
    CftuiError,
    KeyringUnavailableError,
    NoCredentialsError,
)

NOT_LOGGED_IN_HINT = "Run `cftui login`, set CLOUDFLARE_API_TOKEN, or try `cftui --demo`."
MAX_ENTRY_CHARS = 64 * 1024
"""A stored credential is about 100 characters; anything this large was not written by cftui."""


def _parse_entry(value: str) -> Credential | None:
    """The credential in a keyring entry, or ``None`` for anything cftui did not write there
    (an entry another program replaced may be huge, or nested deeper than the parser goes)."""
    if len(value) > MAX_ENTRY_CHARS:
        return None
    try:
        return from_secret_json(value)
    except RecursionError:
        return None


@dataclass(frozen=True)
class ProfileInfo:
    name: str
    kind: AuthKind
    email: str | None
    is_default: bool
    verified_email: str | None = None
    verified_on: str | None = None


@dataclass(frozen=True)
class Removal:
    in_index: bool
    """False when only a secret left behind by an earlier, failed removal was deleted."""
    secret_deleted: bool
    """False when the keyring held no secret for the profile."""


class ProfileStore:
    """Profiles of one config directory; see the module docstring for the rules."""

    def __init__(
        self, config_dir: Path | None = None, *, keyring_timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        self.config_dir = profile_index.config_dir() if config_dir is None else Path(config_dir)
        self.path = self.config_dir / CONFIG_NAME
        self.keystore = KeyStore(timeout=keyring_timeout)

    # -- the index ---------------------------------------------------------------------

    def list_profiles(self) -> list[ProfileInfo]:
        index = read_index(self.path)
        return [
            ProfileInfo(
                name,
                entry.kind,
                entry.email,
                name == index.default,
                entry.verified_email,
                entry.verified_on,
            )
            for name, entry in sorted(index.profiles.items())
        ]

    def default_name(self) -> str | None:
        return read_index(self.path).default

    def set_default(self, name: str) -> None:
        check_profile_name(name)
        with profile_index.index_lock(self.path):
            index = read_index(self.path)
            self._require_known(index, name)
            if index.default != name:
                index.default = name
                write_index(self.path, index)

    def _require_known(self, index: ConfigIndex, name: str) -> ProfileEntry:
        entry = index.profiles.get(name)
        if entry is not None:
            return entry
        if index.profiles:
            known = ", ".join(sorted(index.profiles))
            hint = f"Known profiles: {known}. Run `cftui login --profile {name}` to add it."
        else:
            hint = f"No profiles are saved yet. Run `cftui login --profile {name}` to add it."
        raise NoCredentialsError(f"There is no profile named {name!r}.", hint=hint)

    # -- secrets -----------------------------------------------------------------------

    def load(self, name: str) -> Credential:
        check_profile_name(name)
        self._require_known(read_index(self.path), name)
        value = self.keystore.get(name)
        relogin = f"Run `cftui login --profile {name}` again."
        if value is None:
            raise NoCredentialsError(
                f"The keyring has no secret for profile {name!r}.", hint=relogin
            )
        credential = _parse_entry(value)
        if credential is None:
            raise NoCredentialsError(
                f"The keyring entry of profile {name!r} is not a credential cftui can read.",
                hint=relogin,
            )
        return credential

    def save(
        self,
        name: str,
        credential: Credential,
        *,
        make_default: bool = False,
        verified: tuple[str | None, str] | None = None,
    ) -> None:
        """``verified``: the email Cloudflare answered with (``None`` if it gave none) and the
        UTC date it did, recorded with the profile; without it, neither is known."""
        check_profile_name(name)
        verified_email, verified_on = verified or (None, None)
        value = to_secret_json(credential)
        with profile_index.index_lock(self.path):
            index = read_index(self.path)  # a corrupt index refuses the save up front
            previous = self.keystore.get(
                name,
                action=f"store the secret of profile {name!r} in the system keyring",
                secrets=secret_parts(value),
            )
            if previous is not None:
                prove_keyring_keeps(self.keystore, name, value)
            try:
                self.keystore.set(name, value)
                email = None if isinstance(credential, ApiToken) else credential.email
                index.profiles[name] = ProfileEntry(
                    credential.kind, email, verified_email, verified_on
                )
                if make_default or index.default is None:
                    index.default = name
                write_index(self.path, index)
            except CftuiError as exc:
                undo_save(self.keystore, name, previous, value, exc, self.config_dir)
                raise
            except BaseException:  # Ctrl-C mid-save: still leave the old secret in place
                restore(self.keystore, name, previous, value)
                raise

    def remove(self, name: str) -> Removal:
        """Take the profile out of the index first, then delete its secret.

        A read of the secret comes before both: a missing or locked keyring fails there, with
        nothing changed. After that, a failed index write changes nothing either, and a failed
        delete leaves a consistent state that the error spells out: the profile is gone and
        only its secret is left, which a second ``remove`` deletes (a name not in the index
        still has its keyring entry looked up, for exactly this leftover).
        """
        check_profile_name(name)
        action = f"delete the secret of profile {name!r} from the system keyring"
        with profile_index.index_lock(self.path):
            index = read_index(self.path)
            if name not in index.profiles:
                if self._delete_leftover(name):
                    return Removal(in_index=False, secret_deleted=True)
                self._require_known(index, name)
            stored = self.keystore.get(name, action=action) is not None
            del index.profiles[name]
            if index.default == name:
                only = list(index.profiles)
                index.default = only[0] if len(only) == 1 else None
            write_index(self.path, index)  # on failure nothing has changed yet
            if not stored:
                return Removal(in_index=True, secret_deleted=False)
            try:
                self.keystore.delete(name)
            except KeyringUnavailableError as exc:
                still = "may still be" if isinstance(exc, KeyringTimeoutError) else "is still"
                raise KeyringUnavailableError(
                    f"Removed profile {name!r} from the profile index, but "
                    f"{exc.message[:1].lower()}{exc.message[1:]} Its secret {still} in the "
                    f"keyring: run `cftui logout --profile {name}` again once the keyring "
                    "works to delete it.",
                    hint=KEYRING_HINT,
                    detail=exc.detail,
                ) from None
        return Removal(in_index=True, secret_deleted=True)

    def _delete_leftover(self, name: str) -> bool:
        """Delete a secret whose profile is no longer in the index (an earlier logout failed)."""
        try:
            if self.keystore.get(name) is None:
                return False
        except KeyringUnavailableError:
            return False  # most likely a typo; the caller says the profile does not exist
        return self.keystore.delete(name)

    # -- resolution --------------------------------------------------------------------

    def resolve(
        self, profile: str | None = None, env: Mapping[str, str] | None = None
    ) -> ResolvedCredential:
        env = os.environ if env is None else env
        if profile is not None:
            check_profile_name(profile)
            shadowed = [n for n in (TOKEN_VAR, EMAIL_VAR, KEY_VAR) if env_value(env, n)]
            notes: tuple[str, ...] = ()
            if shadowed:
                notes = (f"--profile {profile} is used; {', '.join(shadowed)} ignored",)
            return ResolvedCredential(self.load(profile), f"profile {profile}", profile, notes)
        resolved = from_env(env)
        if resolved is not None:
            return resolved
        index = read_index(self.path)
        stray = env_value(env, EMAIL_VAR) is not None
        if index.default is None:
            message = "No credentials found."
            if stray:
                message = f"No credentials found ({EMAIL_VAR} is set, but {KEY_VAR} is not)."
            if index.profiles:
                known = ", ".join(sorted(index.profiles))
                raise NoCredentialsError(
                    f"{message[:-1]}, and no default profile is set.",
                    hint=f"Use --profile NAME (known: {known}), or choose a default "
                    "with `cftui profiles`.",
                )
            raise NoCredentialsError(message, hint=NOT_LOGGED_IN_HINT)
        name = index.default
        notes = (f"{EMAIL_VAR} is set without {KEY_VAR}; ignored",) if stray else ()
        return ResolvedCredential(self.load(name), f"profile {name}", name, notes)
