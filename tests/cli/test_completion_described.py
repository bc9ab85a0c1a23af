"""Completion as the user meets it: zsh lists each command and option with what it does, and
the install lines a script, ``completion --help`` and the README give are the same lines,
which work in a fresh account (no completion directories, no ``~/.zshrc``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cftui.commands.completion import INSTALL, ZSHRC
from tests.cli.test_completion import _env, _readme_completion_lines, _require, _script
from tests.cli.test_completion import home as home
from tests.ui.test_tmux import CFTUI, Tmux


@pytest.fixture
def terminal() -> Iterator[Tmux]:
    _require("tmux", "zsh")
    server = Tmux()
    yield server
    server.kill()


def test_zsh_lists_commands_and_options_with_what_they_do(
    terminal: Tmux,
    home: Path,
    tmp_path: Path,
) -> None:
    env = _env(home)
    functions = tmp_path / "zfunc"
    functions.mkdir()
    (functions / "_cftui").write_text(_script("zsh", env))
    shell_env = {
        **{k: env[k] for k in ("HOME", "CFTUI_CONFIG_DIR", "PYTHON_KEYRING_BACKEND") if k in env},
        "PATH": f"{CFTUI.parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "TERM": "xterm-256color",
        "PS1": "%% ",
    }
    terminal.start("zsh -f", shell_env)
    terminal.wait_for(lambda s: s.rstrip().endswith("%"), "the prompt")
    terminal.keys("-l", f"fpath=({functions} $fpath); autoload -Uz compinit && compinit -u -D")
    terminal.keys("Enter")
    terminal.keys("-l", "cftui ")
    terminal.keys("Tab")
    screen = terminal.wait_for_all("whoami", "print who the credentials belong to")
    assert "whoami      -- print who the credentials belong to" in screen.splitlines()
    assert any(
        line.startswith("invites     -- list pending invitations") for line in screen.splitlines()
    )
    terminal.keys("C-u")  # a new line, for the options
    terminal.keys("C-l")
    terminal.keys("-l", "cftui whoami --")
    terminal.keys("Tab")
    screen = terminal.wait_for_all("--json", "print JSON for scripts")
    assert "--json      -- print JSON for scripts" in screen.splitlines()
    assert any(line.startswith("--all       -- list every account") for line in screen.splitlines())


def test_the_install_lines_are_the_readme_s_everywhere(home: Path) -> None:
    readme = _readme_completion_lines()
    assert [*INSTALL.values(), ZSHRC] == [readme[0], readme[2], readme[1], readme[3]]
    env = _env(home)
    for shell, line in INSTALL.items():
        assert f"Install: {line}" in _script(shell, env).splitlines()[shell == "zsh"]
    assert ZSHRC in _script("zsh", env)
    assert all(line.startswith("mkdir -p ") for line in INSTALL.values())
