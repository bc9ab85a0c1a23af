"""Which keyring backend holds cftui's secrets, and why that one.

The ``keyring`` package's own configuration decides first: ``PYTHON_KEYRING_BACKEND``, then
its config file (``keyringrc.cfg``, ``[backend] default-keyring = module.Class``). Any backend
it can load is used, an encrypted file included.

Without either, cftui lets ``keyring`` detect a backend among its own OS keyrings only (the
Secret Service, KWallet, macOS Keychain, Windows Credential Locker), never among the other
backends installed beside it. Auto-detection over everything would be dangerous: merely
installing ``keyrings.cryptfile`` (or ``keyrings.alt``) registers a *plain-text* file backend
too, and ``keyring`` would then chain into it on a machine without a Secret Service, the
silent plain-text fallback cftui promises never to have. Such backends are used only when
chosen by name.

The choice is made once per process, in the calling thread (an import must not be abandoned
halfway by the keystore's timeout), and only when nothing chose a backend before (a test's
``keyring.set_keyring`` stays in force).
"""

from __future__ import annotations

import configparser
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cftui.core.errors import KeyringUnavailableError
from cftui.core.redact import mask_secret_runs
from cftui.core.text import sanitize, shorten

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

BACKEND_VAR = "PYTHON_KEYRING_BACKEND"
_OS_BACKENDS = "keyring.backends."
_lock = threading.Lock()

PLAIN_TEXT_BACKENDS = frozenset(
    {
        "keyrings.alt.file.PlaintextKeyring",
        "keyrings.cryptfile.file.PlaintextKeyring",
    }
)
"""Backends known to write secrets unencrypted: used when chosen, but never quietly."""


@dataclass(frozen=True)
class BackendChoice:
    """The backend in use: its ``module.Class`` name and what chose it, in words."""

    name: str
    chosen_by: str

    @property
    def plain_text(self) -> bool:
        return self.name in PLAIN_TEXT_BACKENDS

    @property
    def none_available(self) -> bool:
        return self.name == "keyring.backends.fail.Keyring"

    @property
    def disabled(self) -> bool:
        return self.name == "keyring.backends.null.Keyring"


def config_file() -> Path:
    """Where ``keyring`` reads its own configuration (it may not exist)."""
    from keyring.util import platform_

    return Path(platform_.config_root()) / "keyringrc.cfg"


def _configured_name(path: Path) -> str | None:
    """The backend named in ``keyringrc.cfg``, if the file names one."""
    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
        return parser.get("backend", "default-keyring").strip() or None
    except (configparser.Error, OSError, UnicodeDecodeError):
        return None


def _name_of(backend: object) -> str:
    kind = type(backend)
    return f"{kind.__module__}.{kind.__qualname__}"


def is_os_keyring(backend: KeyringBackend) -> bool:
    """One of ``keyring``'s own backends (the OS keyrings, and its fail and null ones)."""
    return type(backend).__module__.startswith(_OS_BACKENDS)


def _shown(text: str) -> str:
    return shorten(sanitize(mask_secret_runs(text)), 160)


def ensure_backend() -> None:
    """Choose the backend now unless one was chosen already; raise if the chosen one fails
    to load, naming where it was chosen."""
    import keyring.core

    with _lock:
        if getattr(keyring.core, "_keyring_backend", None) is not None:
            return
        where = ""
        try:
            where = BACKEND_VAR
            chosen = keyring.core.load_env()
            if chosen is None:
                where = str(config_file())
                chosen = keyring.core.load_config()
        except Exception as exc:  # an unknown module, a class that is not viable here
            raise _unloadable(where, exc) from None
        if chosen is not None:
            keyring.core.set_keyring(chosen)
        else:
            keyring.core.init_backend(limit=is_os_keyring)


CRYPTFILE_REQUIREMENT = "keyrings.cryptfile>=1.3.9"
"""The encrypted-file backend, as the ``cryptfile`` extra in ``pyproject.toml`` names it."""


def cryptfile_install_line() -> str:
    """The command that installs the encrypted-file backend into the Python that runs this
    cftui (its own venv wherever it was installed; ``pip`` on PATH may be the system's, and
    cftui's distribution is not on the package index)."""
    import shlex

    return f"{shlex.quote(sys.executable)} -m pip install {shlex.quote(CRYPTFILE_REQUIREMENT)}"


def _unloadable(where: str, exc: Exception) -> KeyringUnavailableError:
    if where == BACKEND_VAR:
        name = os.environ.get(BACKEND_VAR, "")
        place = BACKEND_VAR
    else:
        name = _configured_name(Path(where)) or "?"
        place = f"the keyring configuration {where}"
    hint = "Install the package that provides it, or correct the name (module.Class)."
    if name.startswith("keyrings.cryptfile."):
        hint = f"Install it beside cftui: `{cryptfile_install_line()}`."
    return KeyringUnavailableError(
        f"{place} names the keyring backend {_shown(name)!r}, which cannot be loaded "
        f"({type(exc).__name__}: {_shown(str(exc))}).",
        hint=hint,
        detail=f"{type(exc).__module__}.{type(exc).__qualname__}",
    )


def current_choice() -> BackendChoice:
    """The backend in use (choosing it first if needed) and what chose it."""
    import keyring

    ensure_backend()
    name = _name_of(keyring.get_keyring())
    if os.environ.get(BACKEND_VAR):
        return BackendChoice(name, BACKEND_VAR)
    path = config_file()
    if _configured_name(path) is not None:
        return BackendChoice(name, f"the keyring configuration {path}")
    return BackendChoice(name, "auto-detected among the OS keyrings")


def current_place() -> str:
    """``place`` of the backend in use."""
    import keyring

    return place(keyring.get_keyring())


def place(backend: KeyringBackend) -> str:
    """Where the backend keeps a secret, in words for "Saved … in …": an encrypted or a
    plain file is named as the file it is, never as the OS keyring."""
    if is_os_keyring(backend):
        return "the OS keyring"
    path = getattr(backend, "file_path", None)
    name = _name_of(backend)
    if isinstance(path, str | os.PathLike):
        shown = sanitize(os.fspath(path))  # a path, not a secret: shown whole
        if name in PLAIN_TEXT_BACKENDS:
            return f"the plain-text keyring file {shown}"
        from cftui.core.credentials.keyring_passphrase import needs_passphrase

        kind = "encrypted keyring file" if needs_passphrase(backend) else "keyring file"
        return f"the {kind} {shown}"
    return f"the keyring of {_shown(name)}"
