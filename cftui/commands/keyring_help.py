"""What to do when the keyring does not work: the choices, said at once, in one place.

``login`` prints them before asking for a secret; ``doctor`` under its keyring line. The
words match the README's "Headless servers" section, which has the tested recipe.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from cftui.core.credentials.keyring_backend import cryptfile_install_line

if TYPE_CHECKING:
    from cftui.core.credentials.keyring_backend import BackendChoice
    from cftui.core.errors import KeyringUnavailableError

CRYPTFILE_BACKEND = "keyrings.cryptfile.cryptfile.CryptFileKeyring"
UNLOCK_LINE = (
    "read -rsp 'Keyring password: ' pw && echo && printf %s \"$pw\" | "
    "gnome-keyring-daemon --unlock --replace --components=secrets >/dev/null 2>&1; unset pw"
)


def choices(*, locked: bool = False) -> str:
    """The three ways on, the first line naming the two most people need."""
    if locked:
        service = f"- unlock it, in the shell that runs it: {UNLOCK_LINE}"
    else:
        service = (
            "- a Secret Service for this shell: `dbus-run-session -- bash`, then unlock "
            'gnome-keyring in it (README, "Headless servers")'
        )
    return "\n".join(
        (
            "Choices: set CLOUDFLARE_API_TOKEN instead of saving a profile, start and unlock a "
            "Secret Service (`gnome-keyring-daemon --unlock`), or keep profiles in an "
            "encrypted file:",
            '- the environment: CLOUDFLARE_API_TOKEN="$(cat ~/.cloudflare-token)" cftui whoami',
            service,
            f"- an encrypted file: `{cryptfile_install_line()}`, then "
            f"`export PYTHON_KEYRING_BACKEND={CRYPTFILE_BACKEND}`",
            "`cftui doctor` checks each step.",
        )
    )


def keyring_next_step(error: KeyringUnavailableError, choice: BackendChoice | None) -> str:
    """The next step for ``error``: its own when it has a specific one, else the choices."""
    text = error.message.lower()
    if "passphrase" in text or choice is None:  # the backend's own trouble: its own advice
        return error.hint or choices()
    if "locked" in text:
        return choices(locked=True)
    if choice.none_available and not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return (
            f"{choices()}\n(There is no D-Bus session here: DBUS_SESSION_BUS_ADDRESS is not "
            "set, as in a plain SSH login.)"
        )
    return choices()
