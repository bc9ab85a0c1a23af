"""Does the keyring work right now? A harmless round trip says, before anyone types a secret.

``login`` asks this before it prompts for a credential (a missing or locked keyring is known
at once, not after the secret was typed and verified), ``doctor`` reports it, and the app can
ask it to decide whether a login can be saved. The probe stores a random value under an entry
no profile can have, reads it back and deletes it, through the keystore, so it is bounded in
time like every other keyring call; the value is no secret.
"""

from __future__ import annotations

import secrets
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from cftui.core.credentials.keyring_backend import BackendChoice, current_choice
from cftui.core.credentials.keystore import KeyStore
from cftui.core.errors import ConfigError, KeyringUnavailableError

PROBE_ENTRY = "~probe"
"""The keyring username of the probe; ``~`` keeps it apart from every profile name."""


@dataclass(frozen=True)
class KeyringCheck:
    """What the probe found: ``error`` is ``None`` when the keyring works."""

    choice: BackendChoice | None
    error: KeyringUnavailableError | None
    summary: str
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def keyring_turns(index_path: Path) -> AbstractContextManager[object]:
    """What a keyring call must hold while other cftui processes may use the same keyring.

    A file-based backend (an encrypted file, a test's JSON file) rewrites its one file on
    every change, so two processes writing at once lose one change, and a reader can catch
    the file half-written: its callers take turns under the profile index's lock, as a save
    does. The OS keyrings serialise their own clients and need nothing.
    """
    import keyring

    from cftui.core.credentials.keyring_backend import is_os_keyring
    from cftui.core.credentials.profile_index import index_lock

    return nullcontext() if is_os_keyring(keyring.get_keyring()) else index_lock(index_path)


def check_keyring(
    keystore: KeyStore, *, create: bool = True, index_path: Path | None = None
) -> KeyringCheck:
    """Store, read back and delete a probe value; report what happened.

    An encrypted keyring file that does not exist yet is created by the probe only with
    ``create`` (a login is about to write to it anyway); otherwise it is reported as not made
    yet, which is no failure. With ``index_path``, a file-based keyring is probed under the
    index lock (``keyring_turns``).
    """
    started = time.monotonic()
    try:
        choice = current_choice()
    except KeyringUnavailableError as exc:
        return KeyringCheck(None, exc, exc.message)
    if choice.disabled:
        error = KeyringUnavailableError(
            "The keyring is disabled (keyring.backends.null.Keyring keeps nothing).",
            hint="Choose a working backend, or remove the setting that disabled it "
            f"({choice.chosen_by}).",
        )
        return KeyringCheck(choice, error, error.message)
    if not create and _file_not_made(keystore):
        return KeyringCheck(
            choice, None, "the encrypted file does not exist yet: `cftui login` creates it"
        )
    value = secrets.token_urlsafe(24)
    try:
        with keyring_turns(index_path) if index_path is not None else nullcontext():
            # A read first: a locked or missing keyring says so on the mildest call.
            keystore.get(PROBE_ENTRY, action="read a test value from the system keyring")
            keystore.set(PROBE_ENTRY, value, subject="a test value")
            keystore.delete(PROBE_ENTRY)
    except (KeyringUnavailableError, ConfigError) as exc:
        error = exc if isinstance(exc, KeyringUnavailableError) else _lock_failed(exc)
        return KeyringCheck(choice, error, error.message, time.monotonic() - started)
    seconds = time.monotonic() - started
    return KeyringCheck(
        choice,
        None,
        "reachable and unlocked: a test value was stored, read back and deleted "
        f"({seconds:.1f}\u00a0s)",
        seconds,
    )


def _lock_failed(exc: ConfigError) -> KeyringUnavailableError:
    return KeyringUnavailableError(
        f"The keyring was not tried: {exc.message[:1].lower()}{exc.message[1:]}",
        hint=exc.hint,
    )


def _file_not_made(keystore: KeyStore) -> bool:
    import keyring

    from cftui.core.credentials.keyring_passphrase import file_exists, needs_passphrase

    backend = keyring.get_keyring()
    return needs_passphrase(backend) and not file_exists(backend)
