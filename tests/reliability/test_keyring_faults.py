"""Every way a keyring lets cftui down ends as KeyringUnavailableError, and changes nothing.

The backends live in ``tests/support/keyrings.py``; each test installs one with
``keyring.set_keyring`` (the autouse fixture restores the previous backend afterwards).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from cftui.core.credentials import profile_index
from cftui.core.credentials.kinds import ApiToken, to_secret_json
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.errors import (
    CftuiError,
    ConfigError,
    ExitCode,
    KeyringUnavailableError,
    NoCredentialsError,
)
from tests.support.keyrings import (
    CrashingKeyring,
    DeleteFailingKeyring,
    DroppingKeyring,
    FlakyKeyring,
    InMemoryKeyring,
    LockedKeyring,
    SetFailingKeyring,
    SlowKeyring,
)
from tests.support.waiting import DEADLINE

OLD = ApiToken("cfut_" + "0ldT0ken12" * 4)
NEW = ApiToken("cfut_" + "N3wT0ken34" * 4)
ENV = {"CLOUDFLARE_API_TOKEN": "cfut_" + "EnvT0ken56" * 4}
SECRETS = (OLD.token, NEW.token, ENV["CLOUDFLARE_API_TOKEN"])


def assert_no_secret(error: CftuiError) -> None:
    for text in (str(error), error.message, error.hint or "", error.detail or ""):
        for secret in SECRETS:
            assert secret not in text


def assert_keyring_error(error: KeyringUnavailableError, reason: str) -> None:
    assert error.exit_code == ExitCode.KEYRING
    assert reason in error.message
    hint = error.hint or ""
    assert "CLOUDFLARE_API_TOKEN" in hint
    assert "CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY" in hint
    assert "gnome-keyring-daemon --unlock" in hint
    assert "macOS" in hint
    assert_no_secret(error)


class Snapshot:
    """The index bytes and keyring entries before a failing call, to compare after it."""

    def __init__(self, store: ProfileStore, backend: InMemoryKeyring) -> None:
        self.store, self.backend = store, backend
        self.file = store.path.read_bytes() if store.path.exists() else None
        self.entries = dict(backend.store)

    def unchanged(self) -> bool:
        file = self.store.path.read_bytes() if self.store.path.exists() else None
        return file == self.file and self.backend.store == self.entries


@pytest.fixture
def store(isolated_env: Path) -> ProfileStore:
    return ProfileStore(keyring_timeout=DEADLINE)  # the backends here answer or fail at once


def install(backend: KeyringBackend) -> None:
    keyring.set_keyring(backend)


def saved_then(store: ProfileStore, backend: InMemoryKeyring) -> Snapshot:
    """A profile "work" saved with a working keyring; then ``backend`` takes over its entries."""
    store.save("work", OLD)
    backend.store.update(keyring.get_keyring().store)  # type: ignore[attr-defined]
    install(backend)
    return Snapshot(store, backend)


def test_no_backend_at_all(store: ProfileStore) -> None:
    install(fail.Keyring())
    with pytest.raises(KeyringUnavailableError) as info:
        store.save("work", NEW)
    assert_keyring_error(info.value, "no keyring backend is available")
    assert "Could not store" in info.value.message
    assert not store.path.exists()
    assert store.resolve(env=ENV).source == "env CLOUDFLARE_API_TOKEN"


@pytest.mark.parametrize(
    ("backend", "reason"),
    [
        (LockedKeyring, "the keyring is locked"),
        (CrashingKeyring, "the keyring backend failed (ConnectionResetError)"),
        (lambda: FlakyKeyring(healthy_calls=0), "the keyring could not be opened"),
    ],
    ids=["locked", "crashing", "init-error"],
)
def test_every_operation_fails_cleanly(
    store: ProfileStore, backend: Callable[[], InMemoryKeyring], reason: str
) -> None:
    snapshot = saved_then(store, backend())
    calls = {
        "load": lambda: store.load("work"),
        "save": lambda: store.save("work", NEW),
        "save new": lambda: store.save("other", NEW, make_default=True),
        "remove": lambda: store.remove("work"),
        "resolve": lambda: store.resolve(env={}),
    }
    for name, call in calls.items():
        with pytest.raises(KeyringUnavailableError) as info:
            call()
        assert_keyring_error(info.value, reason)
        assert "'work'" in info.value.message or "'other'" in info.value.message, name
        assert snapshot.unchanged(), name
    assert store.resolve(env=ENV).credential == ApiToken(ENV["CLOUDFLARE_API_TOKEN"])


def test_refused_store_leaves_everything_as_it_was(store: ProfileStore) -> None:
    snapshot = saved_then(store, SetFailingKeyring())
    for name in ("work", "other"):
        with pytest.raises(KeyringUnavailableError) as info:
            store.save(name, NEW, make_default=True)
        assert_keyring_error(info.value, "the keyring refused to store it")
        # The backend's own message carries the secret; cftui's detail must not.
        assert "refused to store" in (info.value.detail or "")
    assert snapshot.unchanged()
    assert store.load("work") == OLD


def test_refused_delete_after_the_index_write_says_what_is_left(store: ProfileStore) -> None:
    """The index goes first, so a refused delete leaves the secret and says so (the rest of
    this case, and a second logout that finishes it, is in test_store_faults.py)."""
    backend = DeleteFailingKeyring()
    saved_then(store, backend)
    with pytest.raises(KeyringUnavailableError) as info:
        store.remove("work")
    assert_keyring_error(info.value, "the keyring refused to delete it")
    assert info.value.message.startswith("Removed profile 'work' from the profile index, but ")
    assert "Its secret is still in the keyring" in info.value.message
    assert store.list_profiles() == []
    assert backend.store == {("cftui", "work"): to_secret_json(OLD)}


def test_backend_that_drops_secrets(store: ProfileStore) -> None:
    install(DroppingKeyring())
    with pytest.raises(KeyringUnavailableError) as info:
        store.save("work", NEW)
    assert_keyring_error(info.value, "did not keep it")
    assert not store.path.exists()


@pytest.fixture
def slow() -> Iterator[SlowKeyring]:
    backend = SlowKeyring(delay=300)
    yield backend
    backend.released.set()  # let the abandoned threads finish


def test_slow_keyring_is_abandoned(isolated_env: Path, slow: SlowKeyring) -> None:
    ProfileStore().save("work", OLD)  # with the in-memory keyring, and the usual timeout
    store = ProfileStore(keyring_timeout=0.2)  # only for a keyring that never answers
    before = store.path.read_bytes()
    slow.store.update(keyring.get_keyring().store)  # type: ignore[attr-defined]
    install(slow)
    for call in (lambda: store.load("work"), lambda: store.save("work", NEW)):
        with pytest.raises(KeyringUnavailableError) as info:
            call()
        assert "did not answer within 0.2 s" in info.value.message
        assert_keyring_error(info.value, "'work'")
    assert store.path.read_bytes() == before
    assert slow.store[("cftui", "work")] == to_secret_json(OLD)
    calls = slow.calls
    assert store.resolve(env=ENV).source == "env CLOUDFLARE_API_TOKEN"
    assert slow.calls == calls  # the environment never asks the keyring


def test_keyring_that_breaks_mid_run(store: ProfileStore) -> None:
    flaky = FlakyKeyring()
    install(flaky)
    store.save("work", OLD)
    assert store.load("work") == OLD
    snapshot = Snapshot(store, flaky)
    flaky.fail_from_now_on()
    with pytest.raises(KeyringUnavailableError):
        store.load("work")
    with pytest.raises(KeyringUnavailableError):
        store.save("home", NEW)
    assert snapshot.unchanged()
    assert [p.name for p in store.list_profiles()] == ["work"]  # the index needs no keyring
    assert store.resolve(env=ENV).source == "env CLOUDFLARE_API_TOKEN"


def test_failed_undo_is_reported(store: ProfileStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Index write fails, and putting the old secret back fails too: say where things are."""
    # save = get (1) + set (2) + read-back (3); the undo is call 4.
    flaky = FlakyKeyring(healthy_calls=3)
    install(flaky)

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(profile_index.os, "replace", refuse)
    with pytest.raises(ConfigError) as info:
        store.save("work", NEW)
    assert "No space left on device" in info.value.message
    assert "still holds the new secret of profile 'work'" in (info.value.hint or "")
    assert_no_secret(info.value)
    assert not store.path.exists()
    with pytest.raises(NoCredentialsError):  # the index never learned about it
        store.load("work")
