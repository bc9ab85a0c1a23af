"""Replacing a keyring entry without losing the one that was there.

A keyring backend can accept a value and keep only part of it, or something else, or fail
after storing; written straight over a working secret, any of those destroys it on the way to
failing. So a replacement is tried first on a separate entry with a value of the same shape
that holds no secret, and when the real write (or anything after it) still fails, the old
value is put back and checked.
"""

from __future__ import annotations

import secrets
import string
from contextlib import suppress
from pathlib import Path

from cftui.core.credentials.keystore import KeyringTimeoutError, KeyStore, secret_parts
from cftui.core.errors import CftuiError, ConfigError
from cftui.core.text import sanitize

TRIAL_ENTRY = "~trial"
"""The keyring username of the trial write; ``~`` keeps it apart from every profile name."""

_POOLS = (string.ascii_lowercase, string.ascii_uppercase, string.digits)


def lookalike(value: str) -> str:
    """``value`` with each letter and digit replaced by a random one of the same class."""
    out = []
    for ch in value:
        pool = next((p for p in _POOLS if ch in p), None)
        out.append(ch if pool is None else secrets.choice(pool))
    return "".join(out)


def prove_keyring_keeps(keystore: KeyStore, name: str, value: str) -> None:
    """Raise, leaving profile ``name`` untouched, unless the keyring keeps a value like ``value``.

    The trial entry is deleted afterwards, pass or fail (unless the keyring stopped
    answering: another call would only wait again); one left behind is harmless (it holds no
    secret), so failing to delete it is not an error.
    """
    try:
        keystore.set(
            TRIAL_ENTRY,
            lookalike(value),
            subject=f"a trial value (before replacing the secret of profile {name!r})",
        )
    except CftuiError as exc:
        exc.message += f" The secret of profile {name!r} was not touched."
        if not isinstance(exc, KeyringTimeoutError):
            _discard_trial(keystore)
        raise
    _discard_trial(keystore)


def _discard_trial(keystore: KeyStore) -> None:
    with suppress(CftuiError):
        keystore.delete(TRIAL_ENTRY)


def restore(keystore: KeyStore, name: str, previous: str | None, new: str) -> str | None:
    """Put entry ``name`` back to ``previous``; ``None`` when it is, else why it could not be.

    An entry already as it was is left alone: a keyring that refused the new value would most
    likely refuse the old one too. ``set`` reads back what it stores, so success is checked.
    """
    try:
        action = f"check the secret of profile {name!r} in the system keyring"
        if keystore.get(name, action=action, secrets=secret_parts(new)) == previous:
            return None
        if previous is None:
            keystore.delete(name)
        else:
            keystore.set(name, previous)
    except CftuiError as undo:
        return undo.message
    return None


def undo_save(
    keystore: KeyStore,
    name: str,
    previous: str | None,
    new: str,
    failure: CftuiError,
    config_dir: Path,
) -> None:
    """Undo the keyring half of a failed save, and make ``failure`` say where things stand."""
    if isinstance(failure, KeyringTimeoutError):  # another call would only wait again
        later = "store it later" if previous is None else "replace the previous one with it later"
        failure.message += (
            f" The keyring may still {later} (the call was abandoned, not refused); the "
            f"profile index was not changed."
        )
        return
    undo = restore(keystore, name, previous, new)
    if isinstance(failure, ConfigError):  # the keyring took the secret; the index did not
        if undo is not None:
            what = "new" if previous is None else "replaced"
            failure.hint = (
                f"The keyring still holds the {what} secret of profile {name!r}, "
                f"because putting it back failed too: {undo} Run `cftui login --profile "
                f"{name}` again once {sanitize(str(config_dir))} is writable."
            )
        return  # otherwise the hint's "nothing was changed" is true
    if undo is None and previous is None:
        state = "Nothing was saved."
    elif undo is None:
        state = f"The previous secret of profile {name!r} is in place."
    elif previous is None:
        state = (
            f"The profile was not added, but the keyring may hold a value for it that cftui "
            f"could not delete ({undo}); `cftui logout --profile {name}` deletes it once the "
            "keyring works."
        )
    else:
        state = (
            f"The keyring may no longer hold the previous secret of profile {name!r}: cftui "
            f"could not check it or put it back ({undo}) Run `cftui login --profile {name}` "
            "again once the keyring works."
        )
    failure.message += f" {state}"
