"""The profile index, ``config.json``: which profiles exist and which one is the default.

The file holds no secret, but it is still written with mode 0600 in a 0700 directory: the
profile names and emails say which accounts a person has. Every write replaces the file
atomically (temp file, fsync, ``os.replace``), so a crash or a second cftui never leaves a
half-written index, and a lock file serialises read-modify-write cycles so that two
processes saving at once do not lose each other's update. A file cftui cannot understand
is reported and left exactly as it is: it may hold profiles a newer cftui wrote.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cftui.core.credentials.kinds import (
    AuthKind,
    looks_like_global_key,
    looks_like_token,
)
from cftui.core.credentials.small_file import FileTooLarge, NotARegularFile, read_small_file
from cftui.core.errors import ConfigError, UsageError
from cftui.core.redact import mask_secret_runs
from cftui.core.text import sanitize, shorten

CONFIG_VERSION = 1
CONFIG_NAME = "config.json"
LOCK_NAME = "config.json.lock"
MAX_INDEX_BYTES = 1024 * 1024
"""Hundreds of times what thousands of profiles need; a file beyond it is not an index."""

_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
_KINDS: tuple[AuthKind, ...] = ("token", "global_key")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def config_dir() -> Path:
    """``CFTUI_CONFIG_DIR`` if set, else the platform's per-user config directory."""
    override = os.environ.get("CFTUI_CONFIG_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs  # only when needed: it is not free to import

    return Path(platformdirs.user_config_dir("cftui", appauthor=False))


def check_profile_name(name: str) -> str:
    """A profile name is also the keyring username and appears in messages: keep it plain.

    A credential pasted as a name (``--profile cfut_…``) is refused without being echoed:
    as a name it would be printed, and written to config.json in clear.
    """
    if _NAME.fullmatch(name) is None:
        shown = shorten(mask_secret_runs(repr(name)), 70)
        raise UsageError(
            f"{shown} is not a valid profile name.",
            hint="Use 1 to 64 letters, digits, '-', '_' or '.'.",
        )
    if looks_like_token(name) or looks_like_global_key(name):
        raise UsageError(
            "That profile name looks like an API token or a Global API key.",
            hint="Give the profile a plain name, such as work; cftui reads secrets only "
            "from a hidden prompt or standard input.",
        )
    return name


@dataclass(frozen=True)
class ProfileEntry:
    """``verified_email`` and ``verified_on`` (a UTC ``YYYY-MM-DD``): whose the credential was,
    as Cloudflare said when ``login`` saved it; ``None`` when not known (an older index)."""

    kind: AuthKind
    email: str | None = None
    verified_email: str | None = None
    verified_on: str | None = None


@dataclass
class ConfigIndex:
    default: str | None = None
    profiles: dict[str, ProfileEntry] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": CONFIG_VERSION,
            "default": self.default,
            "profiles": {name: asdict(entry) for name, entry in self.profiles.items()},
        }


def _show(path: Path) -> str:
    return sanitize(str(path))


def _corrupt(path: Path, why: str) -> ConfigError:
    return ConfigError(
        f"The profile index {_show(path)} is not usable: {why}.",
        hint="cftui leaves it as it is; fix it by hand, or move it away and run "
        "`cftui login` again (saved secrets stay in the keyring).",
    )


def _parse_entry(path: Path, name: Any, value: Any) -> ProfileEntry:
    if not isinstance(name, str) or _NAME.fullmatch(name) is None:
        raise _corrupt(
            path, f"{shorten(mask_secret_runs(repr(name)), 70)} is not a valid profile name"
        )
    if not isinstance(value, dict):
        raise _corrupt(path, f'"profiles.{name}" is not an object')
    kind = value.get("kind")
    if kind not in _KINDS:
        raise _corrupt(path, f'"profiles.{name}.kind" is not "token" or "global_key"')
    email, verified_email = (_text(path, name, value, k) for k in ("email", "verified_email"))
    verified_on = _text(path, name, value, "verified_on")
    if verified_on is not None and _DATE.fullmatch(verified_on) is None:
        raise _corrupt(path, f'"profiles.{name}.verified_on" is not a YYYY-MM-DD date')
    return ProfileEntry(kind, email, verified_email, verified_on)


def _text(path: Path, name: str, entry: dict[str, Any], key: str) -> str | None:
    """An optional printable string; an absent key (an index older than the key) is null."""
    text = entry.get(key)
    if text is not None and not isinstance(text, str):
        raise _corrupt(path, f'"profiles.{name}.{key}" is not a string or null')
    if text is not None and not text.isprintable():
        # cftui never writes one (logins refuse such text); printed, it would drive the
        # terminal: escape sequences, bidi overrides.
        raise _corrupt(path, f'"profiles.{name}.{key}" holds control characters')
    return text


def parse_index(path: Path, raw: bytes) -> ConfigIndex:
    """Decode the file's bytes; any deviation from the schema is a ``ConfigError``.

    A ``default`` naming a profile that is not in the index means "no default": it is what a
    hand edit that removed the profile leaves behind, and nothing is lost by ignoring it.
    """
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _corrupt(path, "it is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _corrupt(
            path, f"it is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except (ValueError, RecursionError):
        raise _corrupt(path, "it is not valid JSON") from None
    if not isinstance(data, dict):
        raise _corrupt(path, "it is not a JSON object")
    version = data.get("version")
    if type(version) is not int:
        raise _corrupt(path, '"version" is missing or not a number')
    if version != CONFIG_VERSION:
        raise ConfigError(
            f"The profile index {_show(path)} has version {version}; "
            f"this cftui understands version {CONFIG_VERSION}.",
            hint="Upgrade cftui, or move the file away and run `cftui login` again. "
            "cftui leaves it as it is.",
        )
    profiles = data.get("profiles")
    if not isinstance(profiles, dict):
        raise _corrupt(path, '"profiles" is missing or not an object')
    entries = {name: _parse_entry(path, name, value) for name, value in profiles.items()}
    default = data.get("default")
    if default is not None and not isinstance(default, str):
        raise _corrupt(path, '"default" is not a string or null')
    if default not in entries:
        default = None
    return ConfigIndex(default=default, profiles=entries)


def read_index(path: Path) -> ConfigIndex:
    """The index at ``path``; an absent file is an empty index."""
    try:
        raw = read_small_file(path, MAX_INDEX_BYTES)
    except FileNotFoundError:
        return ConfigIndex()
    except NotARegularFile as exc:
        raise ConfigError(
            f"The profile index {_show(path)} is {exc.kind}, not a regular file.",
            hint="cftui leaves it as it is; move it away and run `cftui login` again.",
        ) from None
    except FileTooLarge:
        raise _corrupt(path, f"it is larger than {MAX_INDEX_BYTES // 1024} KiB") from None
    except OSError as exc:
        raise ConfigError(
            f"Could not read the profile index {_show(path)}: {exc.strerror or exc}.",
            hint="Check the file's permissions; cftui leaves it as it is.",
        ) from None
    return parse_index(path, raw)


def _write_failed(path: Path, exc: OSError) -> ConfigError:
    return ConfigError(
        f"Could not write the profile index {_show(path)}: {exc.strerror or exc}.",
        hint="Check that the directory exists and is writable; nothing was changed.",
        detail=f"{type(exc).__name__}: {exc}",
    )


def _ensure_dir(directory: Path) -> None:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)


def write_index(path: Path, index: ConfigIndex) -> None:
    """Replace the file atomically; on failure the previous file is untouched."""
    text = json.dumps(index.to_json(), indent=2) + "\n"
    try:
        _ensure_dir(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{CONFIG_NAME}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _write_failed(path, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:  # mkstemp made it 0600
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:  # a signal mid-write too: no temp file left behind
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _write_failed(path, exc) from None
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable; best effort (not every platform can open a dir)."""
    if sys.platform == "win32":
        return
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def index_lock(path: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock on ``<dir>/config.json.lock`` for a read-modify-write cycle.

    The rename keeps readers safe without a lock; writers need it so that one does not
    overwrite the other's change with a stale copy. The wait is bounded: a wedged cftui
    (for example one stuck on a keyring prompt) must not freeze every other one.
    """
    lock_path = path.parent / LOCK_NAME
    try:
        _ensure_dir(path.parent)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NONBLOCK", 0), 0o600)
    except OSError as exc:
        raise _write_failed(path, exc) from None
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(path, fd):
            if time.monotonic() >= deadline:
                raise ConfigError(
                    f"Another cftui is still updating {_show(path)}.",
                    hint="Wait for it to finish and try again.",
                )
            time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


if sys.platform == "win32":
    import msvcrt

    def _try_lock(path: Path, fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(path: Path, fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as exc:  # e.g. ENOLCK on a network file system
            raise _write_failed(path, exc) from None
        return True
