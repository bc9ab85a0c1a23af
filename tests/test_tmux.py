"""The installed ``cftui --demo`` in a real terminal (tmux, 80x24), driven with real keys.

Pilot tests drive the app in-process; this one checks what Pilot cannot: the console script,
the terminal driver, key decoding, and the exit code, exactly as a user over SSH gets them.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CFTUI = Path(sys.executable).parent / "cftui"
TIMEOUT = 20.0


class Tmux:
    """One tmux server on a private socket, so tests never touch the user's sessions."""

    def __init__(self) -> None:
        self.socket = f"cftui-test-{uuid.uuid4().hex[:12]}"

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=TIMEOUT,
        )
        return result.stdout

    def start(self, command: str, env: dict[str, str]) -> None:
        exports = " ".join(shlex.quote(f"{k}={v}") for k, v in env.items())
        session = ("new-session", "-d", "-x", "80", "-y", "24", "-s", "t")
        self.run("-f", "/dev/null", *session, f"env {exports} {command}")
        self.run("set-option", "-t", "t", "remain-on-exit", "on")

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "t")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "t", *keys)

    def wait_for(self, predicate: Callable[[str], bool], what: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the screen was:\n{screen}")

    def wait_for_all(self, *texts: str) -> str:
        return self.wait_for(lambda s: all(t in s for t in texts), " and ".join(map(repr, texts)))

    def pane(self, field: str) -> str:
        return self.run("display-message", "-p", "-t", "t", f"#{{{field}}}").strip()

    def kill(self) -> None:
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=TIMEOUT
        )


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    assert shutil.which("tmux"), "tmux is needed: apt-get install tmux"
    assert CFTUI.exists(), f"{CFTUI} is missing: run `pip install -e .`"
    server = Tmux()
    yield server
    server.kill()


def line_with(screen: str, text: str) -> str:
    return next(line for line in screen.splitlines() if text in line)


def test_demo_in_a_real_terminal(tmux: Tmux, tmp_path: Path) -> None:
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

    # Each step waits until everything it expects is drawn (frames arrive in pieces), then
    # checks what must not be there.
    screen = tmux.wait_for_all("Quit", "Filter", "DEMO DATA", "Okafor Studio", "Zone tiers")
    assert "DEMO DATA" in line_with(screen, "cftui")
    assert "Avery Okafor" in screen and "Enterprise ✗ no" in screen
    assert len(screen.splitlines()) <= 24
    assert all(len(line) <= 80 for line in screen.splitlines())

    tmux.keys("Down")
    tmux.keys("Enter")
    screen = tmux.wait_for_all("Permissions", "Administrator", "esc Back")
    assert "Northwind Retail Ltd" in line_with(screen, "Name")
    assert "Okafor Studio" not in screen

    tmux.keys("Escape")
    screen = tmux.wait_for_all("Organizations", "Filter", "Tidewater Nonprofit Trust")
    assert "esc Back" not in screen

    tmux.keys("/")
    tmux.keys("-l", "kestrel")
    screen = tmux.wait_for_all("1 of 6", "Kestrel Security GmbH")
    assert "Okafor Studio" not in screen
    tmux.keys("Escape")
    screen = tmux.wait_for_all("Okafor Studio", "Tidewater Nonprofit Trust")
    assert "1 of 6" not in screen

    tmux.keys("?")
    tmux.wait_for_all("command palette", "esc Close")
    tmux.keys("Escape")
    screen = tmux.wait_for_all("Okafor Studio", "Filter")
    assert "command palette" not in screen

    tmux.keys("q")
    tmux.wait_for(lambda s: tmux.pane("pane_dead") == "1", "cftui to exit")
    assert exit_file.read_text().strip() == "0"
