"""The one door to the OS keyring: bounded in time, and in the errors it can raise.

Keyring backends fail in many ways (no D-Bus, a locked collection, a prompt nobody will ever
answer, a D-Bus library's own exceptions) and some of them block forever. Every call runs in
a daemon thread and is abandoned after ``timeout`` seconds; every failure, whatever its type,
becomes a ``KeyringUnavailableError`` that says what to do instead. The secret never appears
in a message: backend error text goes to ``detail`` only, with every known secret cut out and
anything else that looks like one masked (a read cannot know what it is reading, and a
backend may quote the stored value in its error).

``keyring`` is imported on first use: it costs ~50 ms, and a run that takes its credential
from the environment never needs it.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from cftui.core.errors import KeyringUnavailableError
from cftui.core.redact import Redactor, mask, mask_secret_runs, normalize
from cftui.core.text import shorten

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "cftui"
DEFAULT_TIMEOUT = 10.0

KEYRING_HINT = (
    "Set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY) to use cftui "
    "without a keyring, or start and unlock a Secret Service "
    "(`gnome-keyring-daemon --unlock`). On macOS and Windows the system keychain works "
    "out of the box."
)

T = TypeVar("T")


class KeyringTimeoutError(KeyringUnavailableError):
    """The call was abandoned, not refused: it may still land after cftui gave up."""


def secret_parts(value: str) -> list[str]:
    """The value and every string inside it, if it is the JSON document cftui stores."""
    parts = [value]
    try:
        data = json.loads(value)
    except ValueError:
        return parts
    if isinstance(data, dict):
        parts.extend(v for k, v in data.items() if isinstance(v, str) and k != "type")
    return parts


# The secret fields of the stored document, also when the text quotes it JSON-escaped.
_SECRET_FIELD = re.compile(r"""(\\?["'](?:token|key)\\?["']\s*:\s*\\?["'])([^"'\\]*)""")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Backend error text made safe to show: known secrets and anything secret-like masked,
    looked for after hidden characters are removed and percent-escapes decoded (a secret split
    by zero-width spaces is whole again in what the terminal shows)."""
    text = Redactor(secrets)(normalize(text))
    text = _SECRET_FIELD.sub(lambda m: m.group(1) + mask(m.group(2)), text)
    return mask_secret_runs(text)


def _gone(kr: KeyringBackend, service: str, name: str) -> bool:
    try:
        return kr.get_password(service, name) is None
    except Exception:  # the read failing too says nothing about the entry: keep the first error
        return False


def _reason(exc: BaseException) -> str:
    from keyring import errors

    if isinstance(exc, errors.NoKeyringError):
        return "no keyring backend is available (on Linux: no Secret Service reachable over D-Bus)"
    if isinstance(exc, errors.KeyringLocked):
        return "the keyring is locked"
    if isinstance(exc, errors.InitError):
        return "the keyring could not be opened"
    if isinstance(exc, errors.PasswordSetError):
        return "the keyring refused to store it"
    if isinstance(exc, errors.PasswordDeleteError):
        return "the keyring refused to delete it"
    if isinstance(exc, errors.KeyringError):
        return "the keyring reported an error"
    return f"the keyring backend failed ({type(exc).__name__})"


class KeyStore:
    """Secrets under one keyring service, one entry per profile name."""

    def __init__(self, *, timeout: float = DEFAULT_TIMEOUT, service: str = SERVICE) -> None:
        if not timeout > 0:
            raise ValueError("the keyring timeout must be positive")
        self.timeout = timeout
        self.service = service

    def get(
        self, name: str, *, action: str | None = None, secrets: Iterable[str] = ()
    ) -> str | None:
        """The stored value, or ``None`` when there is no entry.

        ``action`` names the user's intent in the error message: a save reads the old value
        first, and "could not read" would puzzle someone who asked to store. ``secrets`` are
        values the caller knows, cut from a backend's error text.
        """
        action = action or f"read the secret of profile {name!r} from the system keyring"

        def read(kr: KeyringBackend) -> str | None:
            from cftui.core.credentials.keyring_passphrase import checked_read

            return checked_read(kr, lambda: kr.get_password(self.service, name))

        value = self._run(action, read, secrets, self.prepare(reading=True))
        if value is not None and not isinstance(value, str):
            raise KeyringUnavailableError(
                f"Could not {action}: the keyring backend returned "
                f"{type(value).__name__}, not text.",
                hint=KEYRING_HINT,
                detail=f"backend {self._backend_name()}",
            )
        return value

    def set(self, name: str, value: str, *, subject: str | None = None) -> None:
        """Store ``value``; raises unless the keyring gives it back afterwards, intact.

        The read-back catches backends that accept and drop, cut or alter secrets (``keyring
        --disable`` selects one that drops), which would otherwise turn into "not logged in"
        on the next run. ``subject`` names what is stored, for the messages.
        """
        subject = subject or f"the secret of profile {name!r}"

        def store(kr: KeyringBackend) -> object:
            kr.set_password(self.service, name, value)
            return kr.get_password(self.service, name)

        kept = self._call(
            f"store {subject} in the system keyring", store, secret_parts(value), writing=True
        )
        if kept != value:
            what = "did not keep it" if kept is None else "gave back something else"
            raise KeyringUnavailableError(
                f"The system keyring accepted {subject} but {what} "
                "(is the keyring disabled or broken?).",
                hint=KEYRING_HINT,
                detail=f"backend {self._backend_name()}",
            )

    def delete(self, name: str) -> bool:
        """Remove the entry; ``False`` when there was none (which is not an error)."""

        def remove(kr: KeyringBackend) -> bool:
            try:
                kr.delete_password(self.service, name)
            except Exception:
                # "No such entry" comes as keyring's PasswordDeleteError, or as the backend
                # library's own error when another process deleted the entry between the
                # backend finding it and deleting it (SecretStorage's ItemNotFoundException,
                # a login racing a logout): gone is what was asked for, not a failure.
                if _gone(kr, self.service, name):
                    return False
                raise
            return True

        return self._call(f"delete the secret of profile {name!r} from the system keyring", remove)

    @staticmethod
    def _backend_name() -> str:
        import keyring

        current = keyring.get_keyring()
        return f"{type(current).__module__}.{type(current).__qualname__}"

    def prepare(self, *, writing: bool = False, reading: bool = False) -> float:
        """Choose the backend and give a passphrase backend its passphrase, in the calling
        thread (where a prompt can be answered); the timeout its calls get.

        A passphrase file that does not exist yet is opened (created) only for a write; one
        that exists but could only be opened by making it anew is refused. For ``reading``
        the passphrase is checked by the read itself (``checked_read``), not before it.
        """
        import keyring

        from cftui.core.credentials import keyring_passphrase as passphrase
        from cftui.core.credentials.keyring_backend import ensure_backend

        ensure_backend()
        backend = keyring.get_keyring()
        if not passphrase.needs_passphrase(backend):
            return self.timeout
        timeout = max(self.timeout, passphrase.UNLOCK_TIMEOUT)
        exists = passphrase.file_exists(backend)
        if passphrase.unverified(backend):
            if reading:
                return timeout
            given = passphrase.held(backend)  # given for a read: checked before anything else
        elif passphrase.is_unlocked(backend) or not (exists or writing):
            return timeout
        else:
            why = passphrase.damage(backend) if exists else None
            if why is not None:
                raise passphrase.refuse_damaged(backend, why)
            if not exists:
                self._run(
                    "create the encrypted keyring file's directory",
                    lambda kr: passphrase.make_private_directory(kr),
                    (),
                    timeout,
                )
            given = passphrase.passphrase_for(backend, new=not exists)
            if reading and exists:
                passphrase.open_unverified(backend, given)
                return timeout
        opened = self._run(
            f"open the encrypted keyring file {passphrase.file_path(backend)}",
            lambda kr: passphrase.unlock(kr, given),
            (given,),
            timeout,
        )
        if not opened:
            raise passphrase.wrong_passphrase(backend)
        return timeout

    def _call(
        self,
        action: str,
        operation: Callable[[KeyringBackend], T],
        secrets: Iterable[str] = (),
        *,
        writing: bool = False,
    ) -> T:
        return self._run(action, operation, secrets, self.prepare(writing=writing))

    def _run(
        self,
        action: str,
        operation: Callable[[KeyringBackend], T],
        secrets: Iterable[str],
        timeout: float,
    ) -> T:
        import keyring  # here, in the calling thread: an import must not be abandoned midway

        results: list[T] = []
        errors: list[BaseException] = []
        backend: list[str] = []

        def run() -> None:
            try:
                current = keyring.get_keyring()
                backend.append(f"{type(current).__module__}.{type(current).__qualname__}")
                results.append(operation(current))
            except BaseException as exc:  # reported to the caller's thread below
                errors.append(exc)

        worker = threading.Thread(target=run, name="cftui-keyring", daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            raise KeyringTimeoutError(
                f"The system keyring did not answer within {timeout:g} s (trying to {action}).",
                hint=KEYRING_HINT,
                detail=f"backend {backend[0] if backend else 'not yet chosen'}",
            )
        if errors:
            exc = errors[0]
            if isinstance(exc, KeyringUnavailableError):  # cftui's own words, from the call
                raise exc
            try:
                text = str(exc)
            except Exception:  # a backend's exception may not even print
                text = "(no text)"
            text = shorten(redact(text, secrets), 300)
            raise KeyringUnavailableError(
                f"Could not {action}: {_reason(exc)}.",
                hint=KEYRING_HINT,
                detail=f"backend {backend[0] if backend else 'not chosen'}: "
                f"{type(exc).__module__}.{type(exc).__qualname__}: {text}",
            ) from None
        return results[0]
