"""Profiles in a passphrase-encrypted file (``keyrings.cryptfile``): the README's option for a
machine with no Secret Service, end to end as real processes.

Each key derivation (Argon2id, 64 MiB) takes a second or two, so a login here takes several
seconds: the deadlines only say "must finish".
"""

from __future__ import annotations

import configparser
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cftui.core.credentials.keyring_passphrase import PASSPHRASE_VAR
from tests.cli.test_cli_streams import Terminal
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import REPO, Job, cli_env, run_cli

CRYPTFILE = "keyrings.cryptfile.cryptfile.CryptFileKeyring"
TOKEN = "cfut_" + "Cr7ptF1leT0ken" * 3
PASSPHRASE = "correct horse battery staple"
SLOW = 240.0
"""A login derives keys several times; on a machine whose cores are busy that adds up."""


def _env(api: FakeApi, home: Path, **extra: str) -> dict[str, str]:
    return cli_env(
        home, CLOUDFLARE_BASE_URL=api.base_url("ok"), PYTHON_KEYRING_BACKEND=CRYPTFILE, **extra
    )


def _file(home: Path) -> Path:
    return home / ".local" / "share" / "python_keyring" / "cryptfile_pass.cfg"


def test_round_trip_with_the_passphrase_from_the_environment(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    env = _env(fake_api, home, **{PASSPHRASE_VAR: PASSPHRASE})
    login = run_cli(Job(("login", "--token-stdin"), env, TOKEN.encode()), timeout=SLOW)
    assert login.code == 0, str(login)
    stored = _file(home)
    assert stored.stat().st_mode & 0o777 == 0o600
    text = stored.read_text()
    assert "[cftui]" in text and "default" in text  # an entry for the profile ...
    assert TOKEN not in text and TOKEN[5:20] not in text and '"token"' not in text  # ... sealed
    whoami = run_cli(Job(("whoami", "--json"), env), timeout=SLOW)
    assert whoami.code == 0, str(whoami)
    assert json.loads(whoami.stdout)["source"] == "profile default"

    wrong = {**env, PASSPHRASE_VAR: "not the passphrase"}
    before = stored.read_bytes()
    refused = run_cli(Job(("whoami",), wrong), timeout=SLOW)
    assert refused.code == 7, str(refused)
    assert "That passphrase does not open the encrypted keyring file" in refused.stderr
    assert f"{PASSPHRASE_VAR} holds a different passphrase" in refused.stderr
    assert stored.read_bytes() == before
    doctor = run_cli(Job(("doctor",), env), timeout=SLOW)
    assert doctor.code == 0, str(doctor)
    assert "✓ keyring          reachable and unlocked" in doctor.stdout
    assert f"{CRYPTFILE} (PYTHON_KEYRING_BACKEND)" in " ".join(doctor.stdout.split())

    logout = run_cli(Job(("logout",), env), timeout=SLOW)
    assert logout.code == 0, str(logout)
    after = run_cli(Job(("whoami",), env), timeout=SLOW)
    assert after.code == 3, str(after)
    for run in (login, whoami, refused, doctor, logout, after):
        assert TOKEN not in run.stdout + run.stderr
        assert PASSPHRASE not in run.stdout + run.stderr


def test_without_a_passphrase_or_a_terminal_nothing_is_asked_or_made(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    url = fake_api.base_url("ok", fresh=True)
    env = {**_env(fake_api, home), "CLOUDFLARE_BASE_URL": url}
    run = run_cli(Job(("login", "--token-stdin"), env, TOKEN.encode()), timeout=SLOW)
    assert run.code == 7, str(run)
    assert "needs a new passphrase to create it, and there is no terminal to ask on" in (run.stderr)
    assert PASSPHRASE_VAR in run.stderr
    assert not _file(home).exists()
    assert fake_api.hits(url) == 0  # the token was never even sent


def test_the_passphrase_is_asked_on_the_terminal_before_the_token(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    env = _env(fake_api, home)
    login = Terminal(("login",), env, command=False)
    try:
        login.wait_for(b"New passphrase for the encrypted keyring file")
        assert b"API token" not in login.output  # the keyring first, then the secret
        login.send(PASSPHRASE.encode() + b"\r")
        login.wait_for(b"The same passphrase again: ")
        login.send(PASSPHRASE.encode() + b"\r")
        login.wait_for(b"[t]oken or [g]lobal key? [t] ")
        login.send(b"t\r")
        login.wait_for(b"API token (input hidden): ")
        login.send(TOKEN.encode() + b"\r")
        code, screen = login.finish()
    finally:
        login.close()
    assert code == 0, screen
    assert "Saved profile 'default'" in screen
    assert PASSPHRASE not in screen and TOKEN not in screen  # typed, never echoed

    whoami = Terminal(("whoami",), env, command=False)
    try:
        whoami.wait_for(b"Passphrase of the encrypted keyring file")
        whoami.send(PASSPHRASE.encode() + b"\r")
        code, screen = whoami.finish()
    finally:
        whoami.close()
    assert code == 0, screen
    assert "Ada Lovelace" in screen and "profile default" in screen
    assert PASSPHRASE not in screen


@pytest.mark.parametrize("typed", [("a", "b"), ("", "")], ids=["differ", "empty"])
def test_a_new_passphrase_must_be_typed_twice_alike(
    fake_api: FakeApi, tmp_path: Path, typed: tuple[str, str]
) -> None:
    home = tmp_path / "home"
    term = Terminal(("login",), _env(fake_api, home), command=False)
    try:
        term.wait_for(b"New passphrase for the encrypted keyring file")
        term.send(typed[0].encode() + b"\r")
        if typed[0]:
            term.wait_for(b"The same passphrase again: ")
            term.send(typed[1].encode() + b"\r")
        code, screen = term.finish()
    finally:
        term.close()
    assert code == 2, screen
    assert "the keyring file was not created" in screen
    assert not _file(home).exists()


def test_the_app_asks_for_the_passphrase_before_it_starts(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    """Inside the app nothing can prompt: the command line asks first, on the plain terminal."""
    home = tmp_path / "home"
    env = _env(fake_api, home)
    seeded = run_cli(
        Job(("login", "--token-stdin"), {**env, PASSPHRASE_VAR: PASSPHRASE}, TOKEN.encode()),
        timeout=SLOW,
    )
    assert seeded.code == 0, str(seeded)
    app = Terminal((), {**env, "TERM": "xterm-256color"}, command=False)
    try:
        app.wait_for(b"Passphrase of the encrypted keyring file")
        app.send(PASSPHRASE.encode() + b"\r")
        app.wait_for(b"Lovelace")  # the app, showing the profile it read with it
        app.send(b"q")
        code, screen = app.finish()
    finally:
        app.close()
    assert code == 0, screen
    assert PASSPHRASE not in screen and TOKEN not in screen


def test_inside_the_app_nothing_can_prompt() -> None:
    """The prompt is installed for a command, or for the moment before the app starts, and
    removed again: a keyring call from the app's worker threads must never reach getpass."""
    from cftui.cli.main import main
    from cftui.commands.passphrase_prompt import asking_for_passphrases, open_keyring_for_the_app
    from cftui.core.credentials import keyring_passphrase

    with asking_for_passphrases():
        assert keyring_passphrase._ask is not None
    assert keyring_passphrase._ask is None
    open_keyring_for_the_app(None, {})
    assert keyring_passphrase._ask is None
    assert main(["profiles", "--names"]) == 0
    assert keyring_passphrase._ask is None


def _logged_in(api: FakeApi, home: Path) -> tuple[dict[str, str], Path]:
    env = _env(api, home, **{PASSPHRASE_VAR: PASSPHRASE})
    login = run_cli(Job(("login", "--token-stdin"), env, TOKEN.encode()), timeout=SLOW)
    assert login.code == 0, str(login)
    return env, _file(home)


def _without_reference(stored: Path) -> None:
    config = configparser.RawConfigParser()
    config.read(stored)
    assert config.remove_option("keyring_2Dsetting", "password_20reference")  # it was there
    with stored.open("w") as file:
        config.write(file)


def _cut_short(stored: Path) -> None:
    stored.write_bytes(stored.read_bytes()[:40])


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (_without_reference, "has lost the value its passphrase is checked against"),
        (lambda stored: stored.write_bytes(b""), "is empty"),
        (_cut_short, "cannot be read as a keyring file"),
    ],
    ids=["no-reference", "empty", "cut-short"],
)
def test_a_damaged_file_is_refused_and_never_made_anew(
    fake_api: FakeApi, tmp_path: Path, damage: Any, says: str
) -> None:
    """The backend would re-initialise such a file with whatever passphrase it is given, even
    on a read: a mistyped passphrase would then lock the right one out for good."""
    env, stored = _logged_in(fake_api, tmp_path / "home")
    damage(stored)
    before = stored.read_bytes()
    for passphrase in ("a mistyped passphrase", PASSPHRASE):
        run = run_cli(Job(("whoami",), {**env, PASSPHRASE_VAR: passphrase}), timeout=SLOW)
        assert run.code == 7, str(run)
        assert f"The encrypted keyring file {stored} {says}" in " ".join(run.stderr.split()), (
            run.stderr
        )
        assert "move it aside" in run.stderr
        assert stored.read_bytes() == before  # nothing written by a read
        assert "no secret" not in run.stderr.lower()
    relogin = run_cli(Job(("login", "--token-stdin"), env, TOKEN.encode()), timeout=SLOW)
    assert relogin.code == 7, str(relogin)
    assert stored.read_bytes() == before  # nor by a write


def test_the_file_is_made_in_a_private_directory_whatever_the_umask(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    env = _env(fake_api, home, **{PASSPHRASE_VAR: PASSPHRASE})
    done = subprocess.run(
        ["sh", "-c", 'umask 000 && exec "$0" -m cftui login --token-stdin', sys.executable],
        input=TOKEN.encode(),
        capture_output=True,
        env=env,
        cwd=REPO,
        timeout=SLOW,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    stored = _file(home)
    for directory in (stored.parent, stored.parent.parent, stored.parent.parent.parent):
        assert directory.stat().st_mode & 0o777 == 0o700, directory
    assert stored.stat().st_mode & 0o777 == 0o600
