"""Time to first paint in a real terminal: tmux at 80x24, polling ``capture-pane``.

The tmux server and a placeholder pane start first; the clock starts just before the pane
is respawned with the app, and stops when the marker text is on screen. Both apps are
measured by exactly this code, so the polling cost (a few ms per look) hits both alike.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from collections.abc import Mapping, Sequence

POLL_SECONDS = 0.005
TIMEOUT_SECONDS = 20.0


class PaintTimeout(RuntimeError):
    pass


def _tmux(sock: str, *args: str, env: Mapping[str, str] | None = None) -> str:
    out = subprocess.run(
        ["tmux", "-L", sock, "-f", "/dev/null", *args],
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
        env=None if env is None else dict(env),
    )
    return out.stdout


def first_paint(argv: Sequence[str], marker: str, env: Mapping[str, str], tag: str) -> float:
    """Seconds from launching ``argv`` in an 80x24 tmux pane until ``marker`` is visible."""
    sock = f"cftui-bench-{os.getpid()}-{tag}"
    target = "bench:0.0"
    _tmux(sock, "new-session", "-d", "-s", "bench", "-x", "80", "-y", "24", "sleep 600", env=env)
    try:
        _tmux(sock, "set-option", "-g", "remain-on-exit", "on")
        command = shlex.join(argv)
        start = time.perf_counter()
        _tmux(sock, "respawn-pane", "-k", "-t", target, command)
        deadline = start + TIMEOUT_SECONDS
        screen = ""
        while time.perf_counter() < deadline:
            screen = _tmux(sock, "capture-pane", "-p", "-t", target)
            if marker in screen:
                return time.perf_counter() - start
            time.sleep(POLL_SECONDS)
        raise PaintTimeout(f"{marker!r} not on screen after {TIMEOUT_SECONDS} s:\n{screen}")
    finally:
        subprocess.run(
            ["tmux", "-L", sock, "kill-server"], capture_output=True, timeout=10, check=False
        )
