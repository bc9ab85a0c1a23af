"""The passphrase of an encrypted-file keyring (``keyrings.cryptfile``), supplied by cftui.

Left to itself the backend asks with ``getpass`` in the middle of a keyring call: on the
keystore's worker thread, against its timeout, and on standard input when there is no
terminal, where ``--token-stdin`` has just read the token. So cftui supplies the passphrase
up front, before the call, from ``KEYRING_CRYPTFILE_PASSWORD`` (the variable the backend's
own documentation suggests, for automation) or else from a prompt that the command line
installs (``set_prompt``); with neither, the error says how to give it. The passphrase stays
on the backend object for the rest of the process, as the backend itself keeps it.

A file that does not exist yet needs no passphrase to be read (it holds nothing); it is
created, with a new passphrase, by the first write, in a directory made private (0700) first.
An existing file is never made anew: the backend re-initialises a file that lacks its
passphrase check (empty, cut short, edited) with whatever passphrase it is given, even on a
read, and from then on the right passphrase is refused. cftui refuses such a file instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

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
    try:
        backend.keyring_key = passphrase  # type: ignore[attr-defined]
    except ValueError:  # "MAC check failed" / "Incorrect Password"
        del backend.keyring_key  # type: ignore[attr-defined]
        return False
    return True


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
