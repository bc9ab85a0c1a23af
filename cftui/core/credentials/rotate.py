"""Replacing a stored token's secret with the one it was rolled to, without losing either.

After a roll the old secret no longer works, so the profile is only useful with the new one;
but the keyring write is where things go wrong. The replacement follows the save's
discipline (``keyring_writes``): under the index lock, the entry is read and must still hold
the credential that was rolled (another login since would be overwritten otherwise); a trial
value of the same shape proves the keyring keeps what it is given; the new secret is written
and read back; any failure after the trial puts the old entry back and checks it. The index
entry (kind, email, when login verified it) stays as it is: the profile is the same one.
On failure the caller still holds the new secret, and must not lose it.
"""

from __future__ import annotations

from cftui.core.credentials import profile_index
from cftui.core.credentials.keyring_writes import prove_keyring_keeps, restore, undo_save
from cftui.core.credentials.keystore import KEYRING_HINT, secret_parts
from cftui.core.credentials.kinds import ApiToken, from_secret_json, to_secret_json
from cftui.core.credentials.profile_index import read_index
from cftui.core.credentials.profiles import MAX_ENTRY_CHARS, ProfileStore
from cftui.core.errors import CftuiError, KeyringUnavailableError


def replace_token_secret(store: ProfileStore, name: str, old: ApiToken, new: ApiToken) -> None:
    """Put ``new`` where profile ``name`` holds ``old``; raises (leaving ``old`` in place, or
    saying why it could not be put back) when that cannot be done."""
    value = to_secret_json(new)
    with profile_index.index_lock(store.path):
        index = read_index(store.path)
        if name not in index.profiles:
            raise KeyringUnavailableError(
                f"Profile {name!r} was removed while the token was rolled; nothing was stored.",
                hint=KEYRING_HINT,
            )
        previous = store.keystore.get(
            name,
            action=f"replace the secret of profile {name!r} in the system keyring",
            secrets=[*secret_parts(value), old.token],
        )
        held = None if previous is None or len(previous) > MAX_ENTRY_CHARS else previous
        if held is None or from_secret_json(held) != old:
            raise KeyringUnavailableError(
                f"The keyring entry of profile {name!r} changed while the token was rolled "
                "(another login?); it was left as it is.",
                hint=KEYRING_HINT,
            )
        prove_keyring_keeps(store.keystore, name, value)
        try:
            store.keystore.set(name, value)
        except CftuiError as exc:
            undo_save(store.keystore, name, held, value, exc, store.config_dir)
            raise
        except BaseException:  # Ctrl-C mid-write: the old entry back, as a save does
            restore(store.keystore, name, held, value)
            raise
