"""A failed save or removal never loses a working secret, and says exactly where things stand.

The keyrings here lie (they cut, alter or drop what they are given, or fail after storing) or
break half-way; each is file-backed (``tests/support/keyrings.py``), so the test can compare
the bytes of the keyring and of ``config.json`` before and after, as a user's machine would
hold them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from cftui.core.credentials import profile_index
from cftui.core.credentials.keyring_writes import TRIAL_ENTRY
from cftui.core.credentials.kinds import ApiToken, GlobalApiKey, to_secret_json
from cftui.core.credentials.profiles import ProfileStore, Removal
from cftui.core.errors import ConfigError, ExitCode, KeyringUnavailableError, NoCredentialsError
from cftui.core.redact import mask
from tests.support.keyrings import (
    AlteringKeyring,
    BrokenAfterTrialKeyring,
    BytesKeyring,
    DeleteFailingFileKeyring,
    FileKeyring,
    GlitchKeyring,
    LockedKeyring,
    RacedDeleteKeyring,
    ReadQuotingKeyring,
    StoreThenFailKeyring,
    TruncatingKeyring,
)

OLD = ApiToken("cfut_" + "0ldW0rkingT0ken1" * 2 + "abcdefgh")
NEW = ApiToken("cfut_" + "N3wT0kenVerified" * 2 + "12345678")
NEW_KEY = GlobalApiKey("ada@example.com", "0123456789abcdef0123456789abcdef01234")
SECRETS = (OLD.token, NEW.token, NEW_KEY.key)


class Home:
    """A config dir and a file keyring holding profile ``work`` (saved with a sound keyring)."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.keyring_file = tmp_path / "keyring.json"
        monkeypatch.setenv("CFTUI_TEST_KEYRING_FILE", str(self.keyring_file))
        keyring.set_keyring(FileKeyring())
        self.store = ProfileStore(tmp_path / "config", keyring_timeout=5)
        self.store.save("work", OLD)
        self.config = self.store.path.read_bytes()
        self.keyring = self.keyring_file.read_bytes()

    def entries(self) -> dict[str, str]:
        raw = json.loads(self.keyring_file.read_bytes())
        return {key.split("\x00")[1]: value for key, value in raw.items()}

    def unchanged(self) -> bool:
        same_config = self.store.path.read_bytes() == self.config
        return same_config and self.keyring_file.read_bytes() == self.keyring

    def use(self, backend: KeyringBackend) -> None:
        keyring.set_keyring(backend)

    def old_still_works(self) -> bool:
        keyring.set_keyring(FileKeyring())
        return self.store.load("work") == OLD


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    return Home(tmp_path, monkeypatch)


def assert_no_secret(error: Exception) -> None:
    texts = [str(error)]
    if isinstance(error, KeyringUnavailableError | ConfigError):
        texts += [error.message, error.hint or "", error.detail or ""]
    for text in texts:
        for secret in SECRETS:
            assert secret[:8] not in text, text


# -- a re-login over a working profile, against each way a keyring can lie ----------------

LIARS: dict[str, tuple[Callable[[], KeyringBackend], str]] = {
    "truncating": (
        TruncatingKeyring,
        "The system keyring accepted a trial value (before replacing the secret of profile "
        "'work') but gave back something else (is the keyring disabled or broken?). "
        "The secret of profile 'work' was not touched.",
    ),
    "altering": (
        AlteringKeyring,
        "The system keyring accepted a trial value (before replacing the secret of profile "
        "'work') but gave back something else (is the keyring disabled or broken?). "
        "The secret of profile 'work' was not touched.",
    ),
    "storing then failing": (
        StoreThenFailKeyring,
        "Could not store a trial value (before replacing the secret of profile 'work') in the "
        "system keyring: the keyring refused to store it. "
        "The secret of profile 'work' was not touched.",
    ),
    "glitching on the real write": (
        GlitchKeyring,
        "The system keyring accepted the secret of profile 'work' but gave back something "
        "else (is the keyring disabled or broken?). "
        "The previous secret of profile 'work' is in place.",
    ),
}


@pytest.mark.parametrize("credential", [NEW, NEW_KEY], ids=["token", "global key"])
@pytest.mark.parametrize("liar", LIARS)
def test_a_lying_keyring_never_costs_the_working_secret(
    home: Home, liar: str, credential: ApiToken | GlobalApiKey
) -> None:
    backend, message = LIARS[liar]
    home.use(backend())
    with pytest.raises(KeyringUnavailableError) as info:
        home.store.save("work", credential, make_default=True)
    assert info.value.exit_code == ExitCode.KEYRING
    assert info.value.message == message
    assert_no_secret(info.value)
    assert home.unchanged()  # byte for byte; no trial entry left behind either
    assert home.old_still_works()


def test_a_keyring_that_breaks_for_good_after_the_trial_is_reported_honestly(
    home: Home,
) -> None:
    """The one case no ordering can save: the keyring passes the trial, then cuts every
    write, including the one that puts the old secret back. The user is told exactly that."""
    home.use(BrokenAfterTrialKeyring())
    with pytest.raises(KeyringUnavailableError) as info:
        home.store.save("work", NEW)
    message = info.value.message
    assert message.startswith("The system keyring accepted the secret of profile 'work' but ")
    assert (
        "The keyring may no longer hold the previous secret of profile 'work': cftui could not "
        "check it or put it back (The system keyring accepted the secret of profile 'work' but "
        "gave back something else" in message
    )
    assert message.endswith("Run `cftui login --profile work` again once the keyring works.")
    assert home.store.path.read_bytes() == home.config  # the index never changed
    assert_no_secret(info.value)


@pytest.mark.parametrize(
    "backend", [TruncatingKeyring, AlteringKeyring, StoreThenFailKeyring, GlitchKeyring]
)
def test_a_new_profile_on_a_lying_keyring_leaves_nothing(
    home: Home, backend: Callable[[], KeyringBackend]
) -> None:
    home.use(backend())
    if isinstance(keyring.get_keyring(), GlitchKeyring):
        keyring.get_keyring().BAD_WRITES = frozenset({1})  # type: ignore[attr-defined]
    with pytest.raises(KeyringUnavailableError) as info:
        home.store.save("home", NEW)
    assert info.value.message.endswith(" Nothing was saved.")
    assert home.unchanged()
    assert_no_secret(info.value)


def test_ctrl_c_during_the_index_write_puts_the_old_secret_back(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(profile_index.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        home.store.save("work", NEW)
    assert home.entries()["work"] == to_secret_json(OLD)
    assert home.store.path.read_bytes() == home.config


def test_a_failed_index_write_after_the_secret_landed_puts_it_back(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(profile_index.os, "replace", full)
    with pytest.raises(ConfigError) as info:
        home.store.save("work", NEW)
    assert "No space left on device" in info.value.message
    assert "nothing was changed" in (info.value.hint or "")
    assert home.unchanged()


# -- logout: index first, then the secret ----------------------------------------------


def test_a_logout_whose_index_write_fails_changes_nothing(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    real_replace = profile_index.os.replace
    monkeypatch.setattr(profile_index.os, "replace", full)
    with pytest.raises(ConfigError) as info:
        home.store.remove("work")
    assert info.value.message.startswith("Could not write the profile index ")
    assert "nothing was changed" in (info.value.hint or "")
    assert home.unchanged()  # the secret was not deleted first
    monkeypatch.setattr(profile_index.os, "replace", real_replace)
    assert home.old_still_works()
    assert home.store.remove("work") == Removal(in_index=True, secret_deleted=True)


def test_a_logout_whose_delete_fails_says_what_is_left_and_a_second_one_finishes(
    home: Home,
) -> None:
    home.use(DeleteFailingFileKeyring())
    with pytest.raises(KeyringUnavailableError) as info:
        home.store.remove("work")
    assert info.value.message == (
        "Removed profile 'work' from the profile index, but could not delete the secret of "
        "profile 'work' from the system keyring: the keyring refused to delete it. Its secret "
        "is still in the keyring: run `cftui logout --profile work` again once the keyring "
        "works to delete it."
    )
    assert home.store.list_profiles() == []
    assert home.entries() == {"work": to_secret_json(OLD)}
    home.use(FileKeyring())
    assert home.store.remove("work") == Removal(in_index=False, secret_deleted=True)
    assert home.entries() == {}
    with pytest.raises(NoCredentialsError):  # nothing left: an ordinary unknown name
        home.store.remove("work")


def test_a_logout_racing_another_that_deleted_the_secret_first_succeeds(home: Home) -> None:
    """On gnome-keyring a login racing a logout of the same profile failed about one time in
    four: the backend found the entry, the other process deleted it, and the backend's own
    library raised. Deleting what is already gone is what was asked for."""
    home.use(RacedDeleteKeyring())
    assert home.store.remove("work") == Removal(in_index=True, secret_deleted=True)
    assert home.store.list_profiles() == []
    assert home.entries() == {}


def test_a_delete_that_raises_while_the_entry_stays_is_still_a_failure(home: Home) -> None:
    """The other side of the race rule: only an entry that is really gone is forgiven."""
    home.use(DeleteFailingFileKeyring())
    with pytest.raises(KeyringUnavailableError):
        home.store.remove("work")
    assert home.entries() == {"work": to_secret_json(OLD)}


def test_a_logout_on_a_locked_keyring_changes_nothing(home: Home) -> None:
    locked = LockedKeyring()
    home.use(locked)
    with pytest.raises(KeyringUnavailableError) as info:
        home.store.remove("work")
    assert info.value.message == (
        "Could not delete the secret of profile 'work' from the system keyring: "
        "the keyring is locked."
    )
    assert home.unchanged()


def test_a_profile_whose_secret_is_already_gone_is_removed(home: Home) -> None:
    keyring.get_keyring().delete_password("cftui", "work")
    assert home.store.remove("work") == Removal(in_index=True, secret_deleted=False)
    assert home.store.list_profiles() == []


# -- what a keyring gives back --------------------------------------------------------------


def test_a_keyring_that_returns_bytes_is_a_keyring_error(home: Home) -> None:
    home.use(BytesKeyring())
    for call in (lambda: home.store.load("work"), lambda: home.store.save("work", NEW)):
        with pytest.raises(KeyringUnavailableError) as info:
            call()
        assert "the keyring backend returned bytes, not text" in info.value.message
        assert info.value.exit_code == ExitCode.KEYRING
    assert home.unchanged()


def test_a_read_error_that_quotes_the_stored_value_is_masked(home: Home) -> None:
    home.use(ReadQuotingKeyring())
    with pytest.raises(KeyringUnavailableError) as info:
        home.store.load("work")
    detail = info.value.detail or ""
    assert "cannot decode item" in detail  # the backend's words survive, for --debug
    assert mask(OLD.token) in detail
    assert_no_secret(info.value)
    with pytest.raises(KeyringUnavailableError) as info:
        home.store.save("work", NEW)  # a save knows the new secret and cuts it too
    assert_no_secret(info.value)
    assert home.unchanged()


def test_no_trial_entry_is_left_by_a_successful_relogin(home: Home) -> None:
    home.store.save("work", NEW)
    assert home.entries() == {"work": to_secret_json(NEW)}
    assert TRIAL_ENTRY not in home.entries()


@pytest.mark.parametrize(
    "entry",
    ["[" * 100_000, '{"type": "token", "token": "' + "x" * 1_000_000 + '"}'],
    ids=["nested 100,000 deep", "a megabyte"],
)
def test_a_keyring_entry_replaced_by_something_absurd_is_not_a_credential(
    home: Home, entry: str
) -> None:
    keyring.get_keyring().set_password("cftui", "work", entry)
    with pytest.raises(NoCredentialsError) as info:
        home.store.load("work")
    assert info.value.message == (
        "The keyring entry of profile 'work' is not a credential cftui can read."
    )
    assert info.value.hint == "Run `cftui login --profile work` again."
