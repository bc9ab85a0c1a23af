"""Keyring backends for tests.

``priority = -1`` everywhere: with a positive priority, merely importing these classes would
change what keyring's auto-detection picks, and the real Secret Service test would silently
stop testing the real keyring. Subprocess tests select one with
``PYTHON_KEYRING_BACKEND=tests.support.keyrings.FileKeyring``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class InMemoryKeyring(KeyringBackend):
    priority = -1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class FileKeyring(KeyringBackend):
    """A keyring in a JSON file named by ``CFTUI_TEST_KEYRING_FILE``: shared with subprocesses."""

    priority = -1  # type: ignore[assignment]

    @staticmethod
    def _path() -> Path:
        return Path(os.environ["CFTUI_TEST_KEYRING_FILE"])

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self._path().read_text())
        except FileNotFoundError:
            return {}
        return dict(data)

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\x00{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\x00{username}"] = password
        self._path().write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        data = self._load()
        if data.pop(f"{service}\x00{username}", None) is None:
            raise PasswordDeleteError("not found")
        self._path().write_text(json.dumps(data))


# -- Faulty backends: each rehearses one way a real keyring lets cftui down. ---------------


class LockedKeyring(InMemoryKeyring):
    """A Secret Service whose collection stays locked: every call raises ``KeyringLocked``."""

    def get_password(self, service: str, username: str) -> str | None:
        from keyring.errors import KeyringLocked

        raise KeyringLocked("Failed to unlock the collection!")

    set_password = delete_password = get_password  # type: ignore[assignment]


class SetFailingKeyring(InMemoryKeyring):
    """Reads work; storing raises ``PasswordSetError`` and stores nothing."""

    def set_password(self, service: str, username: str, password: str) -> None:
        from keyring.errors import PasswordSetError

        raise PasswordSetError(f"refused to store {password}")  # the secret, to catch leaks


class DeleteFailingKeyring(InMemoryKeyring):
    """Deleting raises ``PasswordDeleteError`` even though the entry exists (and stays)."""

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        raise PasswordDeleteError("permission denied")


class CrashingKeyring(InMemoryKeyring):
    """Raises what a D-Bus library raises, not a ``KeyringError``."""

    def get_password(self, service: str, username: str) -> str | None:
        raise ConnectionResetError("org.freedesktop.DBus.Error.NoReply")

    set_password = delete_password = get_password  # type: ignore[assignment]


class SlowKeyring(InMemoryKeyring):
    """Every call waits ``delay`` seconds (a prompt nobody answers) unless released first."""

    def __init__(self, delay: float = 60.0) -> None:
        super().__init__()
        import threading

        self.delay = delay
        self.released = threading.Event()
        self.calls = 0

    def _wait(self) -> None:
        self.calls += 1
        self.released.wait(self.delay)

    def get_password(self, service: str, username: str) -> str | None:
        self._wait()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._wait()
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self._wait()
        super().delete_password(service, username)


class FlakyKeyring(InMemoryKeyring):
    """Works for ``healthy_calls`` calls, then every call raises (the daemon went away)."""

    def __init__(self, healthy_calls: int | None = None) -> None:
        super().__init__()
        self.healthy_calls = healthy_calls
        self.calls = 0

    def fail_from_now_on(self) -> None:
        self.healthy_calls = self.calls

    def _tick(self) -> None:
        from keyring.errors import InitError

        self.calls += 1
        if self.healthy_calls is not None and self.calls > self.healthy_calls:
            raise InitError("Failed to create the collection: Prompt dismissed..")

    def get_password(self, service: str, username: str) -> str | None:
        self._tick()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._tick()
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self._tick()
        super().delete_password(service, username)


class DroppingKeyring(InMemoryKeyring):
    """Accepts secrets and keeps none, like ``keyring.backends.null.Keyring``."""

    def set_password(self, service: str, username: str, password: str) -> None:
        return None


# -- Backends that lie about what they stored. File-backed, so that a subprocess test can seed
# a working secret with ``FileKeyring`` and compare the file's bytes after a failed login. --


class TruncatingKeyring(FileKeyring):
    """Keeps only the first 32 characters of what it is given (a size-limited store)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        super().set_password(service, username, password[:32])


class AlteringKeyring(FileKeyring):
    """Stores something else than it was given (every letter's case swapped)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        super().set_password(service, username, password.swapcase())


class StoreThenFailKeyring(FileKeyring):
    """Stores the value, then raises as if it had not (quoting the value, to catch leaks)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        from keyring.errors import PasswordSetError

        super().set_password(service, username, password)
        raise PasswordSetError(f"could not commit {password}")


class GlitchKeyring(FileKeyring):
    """The writes numbered in ``BAD_WRITES`` (from 1, per process) are cut short; the rest work.

    A save over an existing profile writes a trial value (1), then the secret (2): the glitch
    hits the real write after the trial proved the keyring sound.
    """

    BAD_WRITES: frozenset[int] = frozenset({2})

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def set_password(self, service: str, username: str, password: str) -> None:
        self.writes += 1
        if self.writes in self.BAD_WRITES:
            password = password[:20]
        super().set_password(service, username, password)


class BrokenAfterTrialKeyring(GlitchKeyring):
    """Sound for the trial write, then cuts every later write short (it stays broken)."""

    BAD_WRITES = frozenset(range(2, 100))


class ReadQuotingKeyring(FileKeyring):
    """Every read fails with an error that quotes the stored value."""

    def get_password(self, service: str, username: str) -> str | None:
        from keyring.errors import KeyringError

        raise KeyringError(f"cannot decode item {super().get_password(service, username)!r}")


class _DisguisedQuotingKeyring(FileKeyring):
    """Every read fails with an error that quotes the stored value in a disguise."""

    @staticmethod
    def disguise(value: str) -> str:
        raise NotImplementedError

    def get_password(self, service: str, username: str) -> str | None:
        from keyring.errors import KeyringError

        stored = super().get_password(service, username) or ""
        raise KeyringError(f"cannot decode item {self.disguise(stored)}")


class ZeroWidthQuotingKeyring(_DisguisedQuotingKeyring):
    """Quotes the stored value with a zero-width space between every two characters: the
    terminal shows the plain secret."""

    @staticmethod
    def disguise(value: str) -> str:
        return "\u200b".join(value)


class PercentQuotingKeyring(_DisguisedQuotingKeyring):
    """Quotes the stored value percent-encoded, every character escaped."""

    @staticmethod
    def disguise(value: str) -> str:
        return "".join(f"%{byte:02X}" for byte in value.encode())


class Base64QuotingKeyring(_DisguisedQuotingKeyring):
    """Quotes the stored value base64-encoded."""

    @staticmethod
    def disguise(value: str) -> str:
        import base64

        return base64.b64encode(value.encode()).decode()


class RacedDeleteKeyring(FileKeyring):
    """Another process deletes the entry while this one is deleting it: the entry is gone and
    the backend's own library raises (as SecretStorage's ItemNotFoundException does)."""

    def delete_password(self, service: str, username: str) -> None:
        super().delete_password(service, username)

        class ItemNotFoundException(Exception):
            pass

        raise ItemNotFoundException("Item does not exist!")


class BytesKeyring(FileKeyring):
    """Reads give bytes instead of text (a backend with an encoding bug)."""

    def get_password(self, service: str, username: str) -> str | None:
        value = super().get_password(service, username)
        return None if value is None else value.encode()  # type: ignore[return-value]


class DeleteFailingFileKeyring(FileKeyring):
    """Deleting raises ``PasswordDeleteError`` even though the entry exists (and stays)."""

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        raise PasswordDeleteError("permission denied")
