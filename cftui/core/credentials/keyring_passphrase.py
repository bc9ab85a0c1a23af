"""The passphrase of an encrypted-file keyring (``keyrings.cryptfile``), supplied by cftui.

Left to itself the backend asks with ``getpass`` in the middle of a keyring call: on the
keystore's worker thread, against its timeout, and on standard input when there is no
terminal, where ``--token-stdin`` has just read the token. So cftui supplies the passphrase
up front, before the call, from ``KEYRING_CRYPTFILE_PASSWORD`` (the variable the backend's
own documentation suggests, for automation) or else from a prompt that the command line
installs (``set_prompt``); with neither, the error says how to give it. The passphrase stays
on the backend object for the rest of the process, as the backend itself keeps it.

Each value in the file is sealed with its own salt, so every value read or written costs one
key derivation (Argon2id, 64 MiB: a second or two). A read is not preceded by another one to
check the passphrase against the file's reference value: decrypting the value read checks it
as well (``open_unverified``, ``checked_read``); only when there is nothing to decrypt is the
reference consulted. And a key once derived is kept for the process (``remember_keys``), so a
value written and read back, or read twice, costs one derivation, not two.

A file that does not exist yet needs no passphrase to be read (it holds nothing); it is
created, with a new passphrase, by the first write, in a directory made private (0700) first.
An existing file is never made anew: the backend re-initialises a file that lacks its
passphrase check (empty, cut short, edited) with whatever passphrase it is given, even on a
read, and from then on the right passphrase is refused. cftui refuses such a file instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from cftui.core.errors import KeyringUnavailableError
from cftui.core.text import sanitize

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

PASSPHRASE_VAR = "KEYRING_CRYPTFILE_PASSWORD"  # noqa: S105 (a variable name)
UNLOCK_TIMEOUT = 60.0
"""Seconds for a call to a passphrase backend: its key derivation (Argon2id, 64 MiB) takes a
second or two per value on a small server, more on a busy one, and it never waits for a user
once cftui has supplied the passphrase."""

Ask = Callable[[str, bool], str | None]
"""``ask(path, new)``: the passphrase for the file at ``path`` (a new one, to be confirmed,
when ``new``), or ``None`` when there is no terminal to ask on."""

_ask: Ask | None = None
_UNVERIFIED = "_cftui_unverified"
_KEYS = "_cftui_keys"
T = TypeVar("T")


def set_prompt(ask: Ask | None) -> None:
    """Let cftui ask for the passphrase on the terminal (the command line does; the app not)."""
    global _ask
    _ask = ask


def needs_passphrase(backend: KeyringBackend) -> bool:
    """A backend that encrypts with a passphrase it would otherwise prompt for itself."""
    return isinstance(getattr(type(backend), "keyring_key", None), property) and hasattr(
        backend, "_keyring_key"
    )


def is_unlocked(backend: KeyringBackend) -> bool:
    return getattr(backend, "_keyring_key", None) is not None


def file_path(backend: KeyringBackend) -> str:
    return sanitize(str(getattr(backend, "file_path", "the encrypted keyring file")))


def file_exists(backend: KeyringBackend) -> bool:
    path = getattr(backend, "file_path", None)
    return isinstance(path, str | os.PathLike) and os.path.exists(path)


def damage(backend: KeyringBackend) -> str | None:
    """Why an existing file cannot be opened without the backend rewriting it; None when it
    can (or when there is no file yet)."""
    path = getattr(backend, "file_path", None)
    if not isinstance(path, str | os.PathLike):
        return None
    try:
        size = os.path.getsize(path)
    except OSError:
        return None
    if size == 0:
        return "is empty"
    import configparser

    from keyrings.cryptfile.escape import escape  # type: ignore[import-untyped]

    config = configparser.RawConfigParser()
    try:
        config.read(os.fspath(path), encoding="utf-8")
    except (configparser.Error, UnicodeError, OSError):
        return "cannot be read as a keyring file"
    section = escape("keyring-setting")
    if not config.has_option(section, escape("password reference")):
        return "has lost the value its passphrase is checked against"
    if config.has_option(section, escape("scheme")) and not config.has_option(
        section, escape("version")
    ):
        return "has lost its format version"
    return None


def refuse_damaged(backend: KeyringBackend, why: str) -> KeyringUnavailableError:
    path = file_path(backend)
    return KeyringUnavailableError(
        f"The encrypted keyring file {path} {why}: cftui will not open it, because a "
        "passphrase given now would make it anew and lose what it holds.",
        hint=f"Restore {path} from a backup; or, if it holds nothing you need, move it aside "
        f"(mv {path} {path}.bak) and log in again to create a new one.",
    )


def make_private_directory(backend: KeyringBackend) -> None:
    """Create the file's missing directories as 0700 (the backend would leave them to the
    umask: 0777 under ``umask 000``)."""
    path = getattr(backend, "file_path", None)
    if not isinstance(path, str | os.PathLike):
        return
    missing = []
    parent = os.path.dirname(os.path.abspath(path))
    while parent and not os.path.isdir(parent):
        missing.append(parent)
        parent = os.path.dirname(parent)
    for directory in reversed(missing):
        os.mkdir(directory, 0o700)
        os.chmod(directory, 0o700)


def passphrase_for(backend: KeyringBackend, *, new: bool) -> str:
    """The passphrase from the environment or the terminal; raises when there is neither."""
    from_env = os.environ.get(PASSPHRASE_VAR, "")
    if from_env.strip():
        return from_env
    path = file_path(backend)
    given = _ask(path, new) if _ask is not None else None
    if given:
        return given
    state = "a new passphrase to create" if new else "its passphrase to open"
    raise KeyringUnavailableError(
        f"The encrypted keyring file {path} needs {state} it, and there is no terminal to ask on.",
        hint=f"Run the command on a terminal to be asked, or set {PASSPHRASE_VAR} "
        "(readable by your other processes: see the README's security notes).",
    )


def unlock(backend: KeyringBackend, passphrase: str) -> bool:
    """Give ``passphrase`` to the backend; ``False`` (and forgotten) when it is wrong.

    The backend checks it against a reference value it encrypted when the file was made; a
    new file is created with it.
    """
    remember_keys(backend)
    setattr(backend, _UNVERIFIED, False)
    try:
        backend.keyring_key = passphrase  # type: ignore[attr-defined]
    except ValueError:  # "MAC check failed" / "Incorrect Password"
        del backend.keyring_key  # type: ignore[attr-defined]
        return False
    return True


def open_unverified(backend: KeyringBackend, passphrase: str) -> None:
    """Give ``passphrase`` for a read without checking it first: ``checked_read`` does, by
    decrypting what it reads (one key derivation instead of two)."""
    remember_keys(backend)
    backend._keyring_key = passphrase  # type: ignore[attr-defined]
    setattr(backend, _UNVERIFIED, True)


def unverified(backend: KeyringBackend) -> bool:
    return bool(getattr(backend, _UNVERIFIED, False)) and is_unlocked(backend)


def held(backend: KeyringBackend) -> str:
    """The passphrase given to the backend (for checking it before a write)."""
    return str(backend._keyring_key)  # type: ignore[attr-defined]


def checked_read(backend: KeyringBackend, read: Callable[[], T]) -> T:
    """``read()``, finishing the check ``open_unverified`` left: a value that decrypts proves
    the passphrase; one that does not, or nothing to decrypt, is settled by the file's
    reference value (a damaged value under the right passphrase stays the backend's error)."""
    if not unverified(backend):
        return read()
    given = held(backend)
    try:
        value = read()
    except ValueError:
        if unlock(backend, given):
            raise
        raise wrong_passphrase(backend) from None
    if value is None and not unlock(backend, given):
        raise wrong_passphrase(backend)
    setattr(backend, _UNVERIFIED, False)
    return value


def remember_keys(backend: KeyringBackend) -> None:
    """Keep each key the backend derives, by passphrase and salt, for the process: the
    backend derives one afresh for every value it encrypts or decrypts, a value written is
    read back at once, and the reference value may be checked more than once."""
    create = getattr(backend, "_create_cipher", None)
    if create is None or getattr(backend, _KEYS, None) is not None:
        return
    if not all(hasattr(backend, a) for a in ("time_cost", "memory_cost", "parallelism")):
        return  # not the Argon2 scheme this knows how to key
    keys: dict[tuple[str, bytes], bytes] = {}
    setattr(backend, _KEYS, keys)

    def cached(password: str, salt: bytes, nonce: bytes | None = None) -> object:
        from argon2.low_level import Type, hash_secret_raw
        from Crypto.Cipher import AES

        key = keys.get((password, salt))
        if key is None:
            key = keys[(password, salt)] = hash_secret_raw(
                secret=password.encode(getattr(backend, "password_encoding", "utf-8")),
                salt=salt,
                time_cost=backend.time_cost,  # type: ignore[attr-defined]
                memory_cost=backend.memory_cost,  # type: ignore[attr-defined]
                parallelism=backend.parallelism,  # type: ignore[attr-defined]
                hash_len=16,
                type=Type.ID,
            )
        mode = backend._get_mode(backend.aesmode)  # type: ignore[attr-defined]
        return AES.new(key, mode, nonce)

    backend._create_cipher = cached  # type: ignore[attr-defined]


def wrong_passphrase(backend: KeyringBackend) -> KeyringUnavailableError:
    from_env = bool(os.environ.get(PASSPHRASE_VAR, "").strip())
    hint = (
        f"{PASSPHRASE_VAR} holds a different passphrase: correct it, or unset it to be asked."
        if from_env
        else "Run the command again and type the passphrase the file was made with."
    )
    return KeyringUnavailableError(
        f"That passphrase does not open the encrypted keyring file {file_path(backend)}.",
        hint=hint,
    )
