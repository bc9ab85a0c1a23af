"""The installed ``cftui --demo`` in a real terminal (tmux, 80x24), driven with real keys.

Pilot tests drive the app in-process; this one checks what Pilot cannot: the console script,
the terminal driver, key decoding, and the exit code, exactly as a user over SSH gets them.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.waiting import DEADLINE, NeverHappened, poll

CFTUI = Path(sys.executable).parent / "cftui"

# What a tmux server takes from the client that starts it and hands to every pane: the
# terminal size of the shell pytest runs in (COLUMNS/LINES, which Textual obeys over the
# pane's real size) and the session pytest may itself run in.
_OUTSIDE = ("COLUMNS", "LINES", "TMUX", "TMUX_PANE")


class Tmux:
    """One tmux server on a private socket, so tests never touch the user's sessions.

    Every tmux command runs in a new session without a controlling terminal and with a
    clean environment: a client that has a terminal (pytest started from a shell or from a
    tmux pane) otherwise puts that terminal's size into the server's environment, and the
    app in the pane draws for the wrong size. ``kill()`` ends the server and waits until
    its process is gone.
    """

    def __init__(self) -> None:
        self.socket = f"cftui-test-{uuid.uuid4().hex[:12]}"
        self.env = {k: v for k, v in os.environ.items() if k not in _OUTSIDE}
        self.server_pid: int | None = None

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=True,
            env=self.env,
            start_new_session=True,
            timeout=DEADLINE,
        )
        return result.stdout

    def start(self, command: str, env: dict[str, str]) -> None:
        exports = " ".join(shlex.quote(f"{k}={v}") for k, v in env.items())
        session = ("new-session", "-d", "-x", "80", "-y", "24", "-s", "t")
        self.run("-f", "/dev/null", *session, f"env {exports} {command}")
        self.server_pid = int(self.run("display-message", "-p", "#{pid}"))
        self.run("set-option", "-t", "t", "remain-on-exit", "on")

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "t")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "t", *keys)

    def wait_for(self, predicate: Callable[[str], bool], what: str) -> str:
        seen = [""]

        def shows() -> str | None:
            seen[0] = self.screen()
            return seen[0] if predicate(seen[0]) else None

        try:
            return poll(shows, what, interval=0.1)
        except NeverHappened as missing:
            raise NeverHappened(f"{missing}; the screen was:\n{seen[0]}") from None

    def wait_for_all(self, *texts: str) -> str:
        return self.wait_for(lambda s: all(t in s for t in texts), " and ".join(map(repr, texts)))

    def pane(self, field: str) -> str:
        return self.run("display-message", "-p", "-t", "t", f"#{{{field}}}").strip()

    def kill(self) -> None:
        """End the server and everything in its panes, and wait until it has gone."""
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=self.env,
            start_new_session=True,
            timeout=DEADLINE,
        )
        pid = self.server_pid
        if pid is None:
            return
        try:
            poll(lambda: not _alive(pid), f"the tmux server {pid} to exit")
        except NeverHappened:
            os.kill(pid, signal.SIGKILL)
            raise


def _alive(pid: int) -> bool:
    """Running, and not a zombie waiting for a parent (PID 1 here) that may never reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:  # no procfs: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    assert shutil.which("tmux"), "tmux is needed: apt-get install tmux"
    assert CFTUI.exists(), f"{CFTUI} is missing: run `pip install -e .`"
    server = Tmux()
    yield server
    server.kill()


def line_with(screen: str, text: str) -> str:
    return next(line for line in screen.splitlines() if text in line)


def start_demo(tmux: Tmux, tmp_path: Path) -> Path:
    """``cftui --demo`` in the pane, in a fresh home; the file its exit code will be in."""
    env = {
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "HOME": str(tmp_path),
        "CFTUI_CONFIG_DIR": str(tmp_path / "config"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    # The shell records cftui's exit code: tmux 3.3 sometimes marks a pane dead without ever
    # filling in #{pane_dead_status}, so that field alone would make this test flaky.
    exit_file = tmp_path / "exit-code"
    script = f"{shlex.quote(str(CFTUI))} --demo; echo $? > {shlex.quote(str(exit_file))}"
    tmux.start(f"sh -c {shlex.quote(script)}", env)
    return exit_file


def test_demo_in_a_real_terminal(tmux: Tmux, tmp_path: Path) -> None:
    exit_file = start_demo(tmux, tmp_path)

    # Each step waits until everything it expects is drawn (frames arrive in pieces), then
    # checks what must not be there.
    screen = tmux.wait_for_all("Quit", "Filter", "DEMO DATA", "Blue Harbor Media", "Zone tiers")
    assert "DEMO DATA" in line_with(screen, "cftui")
    assert "Avery Okafor" in screen and "Enterprise ✗ no" in screen
    assert len(screen.splitlines()) <= 24
    assert all(len(line) <= 80 for line in screen.splitlines())

    tmux.keys("Down")  # accounts by name: Blue Harbor Media, then Harbourline Events
    tmux.keys("Enter")
    screen = tmux.wait_for_all("Permissions", "Policies", "Administrator", "esc Back")
    assert "Harbourline Events" in line_with(screen, "Name")
    assert "You are invited to join this account" in screen
    assert "Blue Harbor Media" not in screen

    tmux.keys("Escape")
    screen = tmux.wait_for_all("Accounts", "Filter", "Blue Harbor Media", "Lambda Collective")
    assert "esc Back" not in screen

    tmux.keys("/")
    tmux.wait_for_all("Filter: name, id, role, permission or policy")  # the field, before typing
    tmux.keys("-l", "kestrel")
    screen = tmux.wait_for_all("1 match · memberships 7 of 7", "Kestrel Security GmbH")
    assert "Blue Harbor Media" not in screen
    tmux.keys("Escape")
    screen = tmux.wait_for_all("Blue Harbor Media", "Lambda Collective")
    assert "1 match" not in screen

    tmux.keys("?")
    tmux.wait_for_all("Keys", "escape close")
    tmux.keys("G")  # the help scrolls at 80x24: its last lines
    tmux.wait_for_all("command palette", "escape close")
    tmux.keys("Escape")
    screen = tmux.wait_for_all("Blue Harbor Media", "Filter")
    assert "command palette" not in screen

    tmux.keys("q")
    tmux.wait_for(lambda s: tmux.pane("pane_dead") == "1", "cftui to exit")
    assert exit_file.read_text().strip() == "0"
