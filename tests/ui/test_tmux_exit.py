"""How the installed ``cftui`` ends in a real terminal (tmux, 80x24): stopped by a signal,
cut off from its terminal, quit from a problem state, or started without a terminal.

tmux reports the pane's modes, so "the terminal is left as it was found" is checked as state:
not in the alternate screen, no mouse reporting, the cursor visible, and a shell afterwards
that runs what is typed.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.waiting import DEADLINE, NeverHappened, poll
from tests.ui.test_tmux import CFTUI, Tmux


@pytest.fixture
def term() -> Iterator[Tmux]:
    assert shutil.which("tmux"), "tmux is needed: apt-get install tmux"
    assert CFTUI.exists(), f"{CFTUI} is missing: run `pip install -e .`"
    server = Tmux()
    yield server
    server.kill()


MODES = "#{alternate_on} #{mouse_any_flag} #{cursor_flag}"
APP_MODES = "1 1 0"  # alternate screen, mouse reporting, cursor hidden
SHELL_MODES = "0 0 1"


def terminal_env(tmp_path: Path) -> dict[str, str]:
    return {
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
        "CFTUI_CONFIG_DIR": str(tmp_path / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }


def modes(term: Tmux) -> str:
    return term.run("display-message", "-p", "-t", "t", MODES).strip()


def cftui_pid(term: Tmux) -> int:
    """The cftui process: the only child of the pane's shell."""
    shell = term.pane("pane_pid")
    children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def then_a_shell(command: str) -> str:
    """Run ``command``, print its exit code, then hand the terminal to an interactive shell."""
    return f"sh -c {shlex.quote(f'{command}; echo exit=$?; exec sh -i')}"


@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: signal.Signals(s).name
)
def test_a_stop_signal_restores_the_terminal(term: Tmux, tmp_path: Path, signum: int) -> None:
    term.start(then_a_shell(f"{shlex.quote(str(CFTUI))} --demo"), terminal_env(tmp_path))
    term.wait_for_all("DEMO DATA", "Blue Harbor Media", "Quit")
    term.wait_for(lambda _: modes(term) == APP_MODES, "the app's terminal modes")

    os.kill(cftui_pid(term), signum)

    name = signal.Signals(signum).name
    term.wait_for_all(f"cftui: stopped by {name}.", f"exit={128 + signum}")
    assert modes(term) == SHELL_MODES
    term.keys("echo $((6*7))", "Enter")
    term.wait_for(lambda s: "42" in s.splitlines(), "the shell to run a command")


def test_a_lost_terminal_ends_the_app(term: Tmux, tmp_path: Path) -> None:
    """The terminal goes away and no SIGHUP arrives (its session leader ignores it)."""
    exit_file, pid_file = tmp_path / "exit-code", tmp_path / "pid"
    leader = (
        "import signal, subprocess, sys; signal.signal(signal.SIGHUP, signal.SIG_IGN); "
        "p = subprocess.Popen(sys.argv[3:], preexec_fn=lambda: signal.signal(signal.SIGHUP, "
        "signal.SIG_DFL)); open(sys.argv[2], 'w').write(str(p.pid)); "
        "code = p.wait(); open(sys.argv[1], 'w').write(str(code))"
    )
    args = [sys.executable, "-c", leader, str(exit_file), str(pid_file), str(CFTUI), "--demo"]
    term.start(shlex.join(args), terminal_env(tmp_path))
    term.wait_for_all("DEMO DATA", "Blue Harbor Media", "Quit")
    pid = int(pid_file.read_text())
    try:
        term.kill()  # the terminal is gone: every read and write on it fails from now on
        try:
            poll(lambda: not Path(f"/proc/{pid}").exists(), "cftui to end with its terminal")
        except NeverHappened:
            raise AssertionError("cftui outlived its terminal") from None
        assert exit_file.read_text() == str(128 + signal.SIGHUP)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def test_quitting_the_welcome_screen_exits_3_and_says_why(term: Tmux, tmp_path: Path) -> None:
    term.start(then_a_shell(shlex.quote(str(CFTUI))), terminal_env(tmp_path))
    term.wait_for_all("Welcome to cftui", "log in (L)")
    term.keys("q")
    screen = term.wait_for_all("exit=3")
    said = "cftui: No Cloudflare profile yet, and no CLOUDFLARE_API_TOKEN in the environment."
    assert said in screen.replace("\n", "")  # one line, wrapped at 80 columns
    assert modes(term) == SHELL_MODES


@pytest.mark.parametrize("closed", ["<&-", ">&-"], ids=["stdin", "stdout"])
def test_a_closed_stream_in_a_terminal_is_a_usage_error(
    term: Tmux, tmp_path: Path, closed: str
) -> None:
    """The other stream is the terminal: only the closed one can make the app refuse."""
    term.start(then_a_shell(f"{shlex.quote(str(CFTUI))} --demo {closed}"), terminal_env(tmp_path))
    screen = term.wait_for_all("exit=2")
    assert "The interactive app needs a terminal." in screen
    assert "Traceback" not in screen and "internal error" not in screen


@pytest.mark.parametrize("streams", ["<&-", "</dev/null", "<&- >&-"])
def test_no_terminal_is_a_usage_error(tmp_path: Path, streams: str) -> None:
    run = subprocess.run(
        ["sh", "-c", f"exec {shlex.quote(str(CFTUI))} --demo {streams}"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=terminal_env(tmp_path),
        timeout=DEADLINE,
    )
    assert run.returncode == 2, run.stderr
    assert "The interactive app needs a terminal." in run.stderr
    assert "Traceback" not in run.stderr
