"""Run a command against a real Secret Service: gnome-keyring in a private D-Bus session.

The bus and the daemon live only as long as the ``sh -c`` that ``dbus-run-session`` runs, so
the command runs *inside* it. ``HOME`` (and every XDG directory, via ``HOME``) points at a
temp dir: the daemon creates a fresh ``login`` collection there, unlocked with a throwaway
password, and nothing reaches the developer's own keyring. ``PYTHON_KEYRING_BACKEND`` is
removed so that ``keyring`` auto-detects the backend, which is the thing under test.

Missing tools fail the test with the install line instead of skipping it: a skipped
Secret Service test is how a broken keyring integration goes unnoticed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("dbus-run-session", "gnome-keyring-daemon")
INSTALL = "apt-get install -y gnome-keyring dbus dbus-x11 libsecret-tools"

# Variables that would lead a child to the developer's session, keyring or display.
_LEAKY = (
    "PYTHON_KEYRING_BACKEND",
    "DBUS_SESSION_BUS_ADDRESS",
    "GNOME_KEYRING_CONTROL",
    "SSH_AUTH_SOCK",
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "XDG_STATE_HOME",
    "XDG_RUNTIME_DIR",
)

_START_DAEMON = (
    'printf %s "$CFTUI_TEST_UNLOCK" '
    "| gnome-keyring-daemon --unlock --components=secrets >/dev/null "
    '|| { echo "gnome-keyring-daemon --unlock failed" >&2; exit 97; }; '
    'unset CFTUI_TEST_UNLOCK; exec "$@"'
)


def require_tools() -> None:
    """Fail (never skip) with the install line when the Secret Service tools are missing."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"the real Secret Service tests need {', '.join(missing)} on PATH; "
            f"install them with: {INSTALL}",
            pytrace=False,
        )


def private_env(env: Mapping[str, str], home: Path) -> dict[str, str]:
    """``env`` without the variables that point outside, with ``HOME`` at ``home``."""
    result = {k: v for k, v in env.items() if k not in _LEAKY}
    runtime = home / "run"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    result["HOME"] = str(home)
    result["XDG_RUNTIME_DIR"] = str(runtime)
    python_path = result.get("PYTHONPATH")
    result["PYTHONPATH"] = (
        f"{REPO_ROOT}{os.pathsep}{python_path}" if python_path else str(REPO_ROOT)
    )
    return result


def _run(
    argv: Sequence[str], env: Mapping[str, str], timeout: float, stdin: str | None
) -> subprocess.CompletedProcess[str]:
    """Run in a new process group, so a timeout also ends the bus and the daemon."""
    with subprocess.Popen(
        list(argv),
        env=dict(env),
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as proc:
        try:
            out, err = proc.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            pytest.fail(
                f"{' '.join(argv[-3:])} did not finish within {timeout:g} s\n"
                f"stdout: {out}\nstderr: {err}",
                pytrace=False,
            )
        finally:
            # The bus and the daemon end with the command; anything left goes now.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(list(argv), proc.returncode, out, err)


def run_in_secret_service(
    cmd: Sequence[str],
    env: Mapping[str, str],
    home: Path,
    timeout: float,
    *,
    start_daemon: bool = True,
    password: str = "pw",
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` in a private D-Bus session with an unlocked gnome-keyring.

    ``env`` is the command's environment (usually ``os.environ`` plus your variables);
    ``PYTHONPATH`` gains the repo root so ``cftui`` and ``tests`` import. With
    ``start_daemon=False`` the bus has no keyring daemon running (D-Bus may still activate
    one, which then cannot be unlocked): the "D-Bus but no keyring" situation. The process
    group is killed after ``timeout`` seconds and the test fails with the output so far.

    The keyring lives only as long as ``cmd``: run several steps (login, whoami, logout) as
    one script, e.g. ``["sh", "-c", "cftui login --token-stdin && cftui whoami"]`` with the
    secret on ``stdin``.
    """
    require_tools()
    child = private_env(env, home)
    if start_daemon:
        child["CFTUI_TEST_UNLOCK"] = password
        argv = ["dbus-run-session", "--", "sh", "-c", _START_DAEMON, "sh", *cmd]
    else:
        argv = ["dbus-run-session", "--", *cmd]
    return _run(argv, child, timeout, stdin)


def run_without_bus(
    cmd: Sequence[str],
    env: Mapping[str, str],
    home: Path,
    timeout: float,
    *,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` with no D-Bus session at all: a plain SSH login or a container."""
    return _run(list(cmd), private_env(env, home), timeout, stdin)
