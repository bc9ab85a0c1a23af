"""Asking for an encrypted keyring file's passphrase on the terminal, hidden.

Only on the controlling terminal (``/dev/tty``), never on standard input, which may hold the
token being logged in with: without a terminal the keystore says to set the variable instead.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from cftui.core.errors import UsageError


def _have_terminal() -> bool:
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return False
    os.close(fd)
    return True


def ask_passphrase(path: str, new: bool) -> str | None:
    """The passphrase for the keyring file at ``path``; twice, to confirm, for a new file."""
    if not _have_terminal():
        return None
    try:
        if not new:
            return getpass.getpass(f"Passphrase of the encrypted keyring file {path}: ")
        first = getpass.getpass(f"New passphrase for the encrypted keyring file {path}: ")
        if not first.strip():
            raise UsageError(
                "An empty passphrase would protect nothing; the keyring file was not created."
            )
        if getpass.getpass("The same passphrase again: ") != first:
            raise UsageError(
                "The two passphrases differ; the keyring file was not created.",
                hint="Run the command again.",
            )
        return first
    except EOFError:
        raise UsageError(
            "Cancelled: the input ended (Ctrl-D) before the keyring passphrase was given."
        ) from None


def open_keyring_for_the_app(profile: str | None, env: Mapping[str, str]) -> None:
    """An encrypted keyring file asks its passphrase now, on the plain terminal: inside the
    app nothing can prompt. Not when the app will not read the keyring (the environment's
    credential, no --profile); any trouble is left for the app to show as its keyring state."""
    from cftui.core.credentials.env import from_env
    from cftui.core.credentials.keystore import KeyStore
    from cftui.core.errors import CftuiError

    try:
        if profile is not None or from_env(env) is None:
            with asking_for_passphrases():  # only until the app takes the terminal
                KeyStore().prepare()
    except CftuiError:
        pass


@contextmanager
def asking_for_passphrases() -> Iterator[None]:
    """Keyring calls in this block may ask for a passphrase on the terminal."""
    from cftui.core.credentials.keyring_passphrase import set_prompt

    set_prompt(ask_passphrase)
    try:
        yield
    finally:
        set_prompt(None)
