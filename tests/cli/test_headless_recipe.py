"""The README's set-up and headless recipes, typed into a real terminal on a fresh copy.

What a new user on a server does over SSH, and nothing more: a copy of the repository (no
venv, no caches), a home made from ``/etc/skel``, the system's default PATH, no D-Bus
session, no keyring. In a tmux pane running a login shell the test types the README's first
set-up command (which installs with pip and starts the demo; ``q`` quits it), logs in again
so that ``~/.local/bin`` is on PATH, then types the headless recipe's lines exactly as the
README prints them: a D-Bus shell, the unlock line (the password typed at a hidden prompt),
``cftui login`` (the token typed at its hidden prompt), ``cftui whoami``. Then what the
README says about later: outside that shell the keyring is out of reach; a new session with
the same two lines opens the same keyring; ``logout`` removes the profile. Last, the
encrypted-file option, also by the README's own commands.

The only things not from the README: ``CLOUDFLARE_BASE_URL`` (the fake API on loopback) and
an ``echo`` after each step that reports its exit code. Installing needs the package index,
as the README's command does.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from cftui.commands.keyring_help import UNLOCK_LINE
from cftui.core.redact import mask
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import REPO
from tests.support.secret_service import require_tools
from tests.ui.test_tmux import Tmux

pytestmark = pytest.mark.secret_service

TOKEN = "cfut_" + "Re5ipeT0kenMnb" * 3
PASSWORD = "kiwi-Lantern-4417"
PASSPHRASE = "oak-Harbour-9902"
INSTALL_DEADLINE = 900.0
"""pip resolving and installing from the package index, on a machine that may be busy."""
STEP_DEADLINE = 120.0
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"
_IGNORED = shutil.ignore_patterns(
    ".venv*", ".git", "__pycache__", "*.egg-info", ".mypy_cache", ".ruff_cache",
    ".pytest_cache", "snapshot_report.html", "build", "dist",
)  # fmt: skip


def readme_block(after: str) -> list[str]:
    """The lines of the first ``sh`` code block after the line that starts with ``after``."""
    text = (REPO / "README.md").read_text()
    start = text.index(after)
    block = re.search(r"```sh\n(.*?)```", text[start:], re.S)
    assert block is not None, f"no sh block after {after!r} in the README"
    return [line for line in block.group(1).splitlines() if line.strip()]


SETUP = readme_block("## Set up")[0]
RECIPE = readme_block("<!-- headless-recipe:")
CRYPTFILE = readme_block("### An encrypted file")


class Pane(Tmux):
    """A login shell in tmux, driven line by line."""

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", "t", "-l", text)
        self.run("send-keys", "-t", "t", "Enter")

    def history(self) -> str:
        return self.run("capture-pane", "-p", "-J", "-S", "-", "-t", "t")

    def step(self, name: str, *, deadline: float = STEP_DEADLINE) -> int:
        """Report the exit code of what was typed last, and wait for the report."""
        self.type(f'echo "== $? {name}"')
        pattern = re.compile(rf"^== (\d+) {re.escape(name)}$", re.M)
        seen = [""]

        def reported() -> re.Match[str] | None:
            seen[0] = self.history()
            return pattern.search(seen[0])

        from tests.support.waiting import NeverHappened, poll

        try:
            found = poll(reported, f"step {name!r}", deadline=deadline, interval=0.2)
        except NeverHappened as missing:
            raise NeverHappened(f"{missing}; the terminal:\n{seen[0][-3000:]}") from None
        return int(found.group(1))

    def back_at_the_shell(self) -> None:
        from tests.support.waiting import poll

        poll(
            lambda: self.pane("pane_current_command") == "bash",
            "the shell to be back in the foreground",
            deadline=STEP_DEADLINE,
            interval=0.1,
        )

    def wait_text(self, text: str, *, deadline: float = STEP_DEADLINE) -> None:
        from tests.support.waiting import NeverHappened, poll

        text = text.rstrip()  # a prompt's trailing space is not captured
        try:
            poll(lambda: text in self.screen(), repr(text), deadline=deadline, interval=0.1)
        except NeverHappened as missing:
            raise NeverHappened(f"{missing}; the screen:\n{self.screen()}") from None


def _fresh_copy(target: Path) -> Path:
    shutil.copytree(REPO, target, ignore=_IGNORED)
    return target


def _fresh_home(home: Path) -> Path:
    shutil.copytree("/etc/skel", home)
    run = home / "run"
    run.mkdir(mode=0o700)
    return home


def _login_env(home: Path, api: FakeApi) -> dict[str, str]:
    """A plain SSH login's environment: no D-Bus session, no keyring, the system PATH."""
    env = {
        "HOME": str(home),
        "USER": os.environ.get("USER", "root"),
        "LOGNAME": os.environ.get("USER", "root"),
        "SHELL": "/bin/bash",
        "PATH": SYSTEM_PATH,
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "XDG_RUNTIME_DIR": str(home / "run"),
        "CLOUDFLARE_BASE_URL": api.base_url("ok"),
    }
    # What pip needs to reach the package index here (certificates, proxy, mirrors).
    env.update({k: v for k, v in os.environ.items() if k.startswith(("PIP_", "SSL_CERT_"))})
    env.update({k: v for k, v in os.environ.items() if k.lower().endswith("_proxy")})
    return env


@pytest.fixture(scope="module")
def machine(tmp_path_factory: pytest.TempPathFactory, fake_api: FakeApi) -> Iterator[Pane]:
    """A terminal on the fresh copy after the README's first set-up command, logged in anew."""
    require_tools()
    for tool in ("tmux", "bash", "python3"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed for the recipe test", pytrace=False)
    base = tmp_path_factory.mktemp("recipe")
    clone = _fresh_copy(base / "cftui")
    home = _fresh_home(base / "home")
    pane = Pane()
    env = _login_env(home, fake_api)
    exports = " ".join(shlex.quote(f"{k}={v}") for k, v in env.items())
    try:
        pane.start(f"env -i {exports} bash --login", {})
        pane.type(f"cd {shlex.quote(str(clone))}")
        pane.type(SETUP)
        pane.wait_text("demo data", deadline=INSTALL_DEADLINE)  # the app, on its demo
        pane.wait_text("Quit")
        pane.run("send-keys", "-t", "t", "q")
        pane.back_at_the_shell()  # keys typed before would go to the app
        assert pane.step("setup") == 0
        assert (home / ".local" / "bin" / "cftui").resolve() == clone / ".venv" / "bin" / "cftui"
        pane.type("exec bash --login")  # "from your next login"
        pane.type("clear")
        pane.type("command -v cftui")
        assert pane.step("path") == 0
        assert f"{home}/.local/bin/cftui" in pane.history()
        pane.home = home  # type: ignore[attr-defined]
        pane.clone = clone  # type: ignore[attr-defined]
        yield pane
    finally:
        pane.kill()


def _recipe_session(pane: Pane, name: str) -> None:
    """The recipe's first two lines: a D-Bus shell, and the keyring unlocked in it."""
    shell, unlock = RECIPE[0], RECIPE[1]
    pane.type(shell)
    pane.type('echo "bus: ${DBUS_SESSION_BUS_ADDRESS:+yes}"')
    pane.wait_text("bus: yes")
    pane.type(unlock)
    pane.wait_text("Keyring password: ")
    pane.type(PASSWORD)
    pane.back_at_the_shell()
    assert pane.step(f"unlock-{name}") == 0


def test_the_secret_service_recipe_over_ssh(machine: Pane, fake_api: FakeApi) -> None:
    pane = machine
    assert RECIPE[0] == "dbus-run-session -- bash"
    assert RECIPE[2:] == ["cftui login", "cftui whoami"]
    _recipe_session(pane, "first")

    pane.type(RECIPE[2])  # cftui login
    pane.wait_text("[t]oken or [g]lobal key? [t] ")
    pane.type("")
    pane.wait_text("API token (input hidden): ")
    pane.type(TOKEN)
    # getpass discards what is typed ahead while it restores the terminal: wait for the end
    pane.wait_text("'default' is the default profile.")
    assert pane.step("login") == 0
    pane.type(RECIPE[3])  # cftui whoami, a command of its own
    assert pane.step("whoami") == 0
    history = pane.history()
    assert f"Saved profile 'default' (API token {mask(TOKEN)}) in the OS keyring." in history
    assert "Ada Lovelace <ada.lovelace@example.com>" in history
    assert f"profile default (API token {mask(TOKEN)})" in history

    pane.type("exit")  # the keyring's shell ends, and the keyring daemon with it
    pane.type("cftui whoami")
    assert pane.step("outside") == 7  # out of its reach, as the README says

    _recipe_session(pane, "again")  # a later SSH session: the same two lines
    pane.type("cftui whoami --json >/dev/null")
    assert pane.step("whoami-again") == 0
    pane.type("clear")
    pane.type("cftui doctor")
    assert pane.step("doctor") == 0
    doctor = pane.history()
    assert "✓ keyring backend  keyring.backends.SecretService.Keyring" in doctor
    assert "Everything cftui needs works." in doctor
    pane.type("cftui logout")
    assert pane.step("logout") == 0
    pane.type("cftui whoami")
    assert pane.step("whoami-after") == 3
    pane.type("exit")

    everything = pane.history()
    assert PASSWORD not in everything  # typed at hidden prompts only
    assert TOKEN not in everything and TOKEN[5:15] not in everything
    home: Path = pane.home  # type: ignore[attr-defined]
    assert (home / ".local" / "share" / "keyrings" / "login.keyring").exists()
    for stray in ("python_keyring", "cftui"):  # no file backend, no secret in a file
        assert not (home / ".local" / "share" / stray).exists()
    assert TOKEN not in (home / ".config" / "cftui" / "config.json").read_text()


def test_the_encrypted_file_recipe(machine: Pane) -> None:
    pane = machine
    install, choose = CRYPTFILE
    pane.type(install)
    assert pane.step("install-cryptfile", deadline=INSTALL_DEADLINE) == 0
    pane.type(choose)
    pane.type("clear")
    pane.type("cftui login")
    pane.wait_text("New passphrase for the encrypted keyring file")
    pane.type(PASSPHRASE)
    pane.wait_text("The same passphrase again: ")
    pane.type(PASSPHRASE)
    pane.wait_text("[t]oken or [g]lobal key? [t] ")
    pane.type("")
    pane.wait_text("API token (input hidden): ")
    pane.type(TOKEN)
    pane.wait_text("'default' is the default profile.")
    assert pane.step("crypt-login") == 0
    pane.type("clear")
    pane.type("cftui whoami")
    pane.wait_text("Passphrase of the encrypted keyring file")
    pane.type(PASSPHRASE)
    pane.wait_text("auth       profile default")
    assert pane.step("crypt-whoami") == 0
    pane.type(f"KEYRING_CRYPTFILE_PASSWORD={PASSPHRASE} cftui logout")  # the automation way
    assert pane.step("crypt-logout") == 0
    history = pane.history()
    assert "Ada Lovelace <ada.lovelace@example.com>" in history
    assert "Removed profile 'default'" in history
    home: Path = pane.home  # type: ignore[attr-defined]
    stored = home / ".local" / "share" / "python_keyring" / "cryptfile_pass.cfg"
    assert stored.stat().st_mode & 0o777 == 0o600
    assert TOKEN not in stored.read_text()
    everything = pane.history()
    assert TOKEN not in everything
    assert everything.count(PASSPHRASE) == 1  # only where the command line gave it


def test_the_readme_commands_are_what_the_tests_type() -> None:
    """The recipe test reads the README: these are the lines a user copies."""
    assert SETUP.startswith("python3 -m venv .venv && .venv/bin/pip install -e . && ")
    assert SETUP.endswith(".venv/bin/cftui --demo")
    assert 'ln -sf "$PWD/.venv/bin/cftui" ~/.local/bin/' in SETUP
    assert RECIPE[1].startswith("read -rsp 'Keyring password: ' pw && echo && printf %s")
    assert "gnome-keyring-daemon --unlock --components=secrets" in RECIPE[1]
    assert UNLOCK_LINE in (REPO / "README.md").read_text()  # the locked case's advice
    assert CRYPTFILE == [
        ".venv/bin/pip install -e '.[cryptfile]'",
        "export PYTHON_KEYRING_BACKEND=keyrings.cryptfile.cryptfile.CryptFileKeyring",
    ]
    assert subprocess.run(["bash", "-n", "-c", "\n".join(RECIPE)], check=False).returncode == 0
