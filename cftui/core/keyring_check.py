"""Does the keyring work right now? A harmless round trip says, before anyone types a secret.

The app asks this before its login dialog offers to save: a missing, locked or failing
keyring is known at once, not after the secret was typed and verified. The probe stores a
random value under an entry no profile can have, reads it back and deletes it, through the
keystore, so it is bounded in time like every other keyring call; the value is no secret.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from cftui.core.errors import KeyringUnavailableError
from cftui.core.keystore import KeyStore

PROBE_ENTRY = "~probe"
"""The keyring username of the probe; ``~`` keeps it apart from every profile name."""


@dataclass(frozen=True)
class KeyringCheck:
    """What the probe found: ``error`` is ``None`` when the keyring works."""

    error: KeyringUnavailableError | None
    summary: str
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def check_keyring(keystore: KeyStore) -> KeyringCheck:
    """Store, read back and delete a probe value; report what happened."""
    started = time.monotonic()
    value = secrets.token_urlsafe(24)
    try:
        # A read first: a locked or missing keyring says so on the mildest call.
        keystore.get(PROBE_ENTRY, action="read a test value from the system keyring")
        keystore.set(PROBE_ENTRY, value, subject="a test value")
        keystore.delete(PROBE_ENTRY)
    except KeyringUnavailableError as exc:
        return KeyringCheck(exc, exc.message, time.monotonic() - started)
    seconds = time.monotonic() - started
    summary = (
        "reachable and unlocked: a test value was stored, read back and deleted "
        f"({seconds:.1f}\u00a0s)"
    )
    return KeyringCheck(None, summary, seconds)
