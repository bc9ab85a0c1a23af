"""A ``config.json`` that is not a regular file, or is huge, is refused at once and named.

A named pipe used to hang every command (waiting for a writer), and a symlink to
``/dev/zero`` read until memory ran out. Each run is a real subprocess with a deadline that
only says "must finish" (60 s; a correct run takes well under a second): a hang fails it.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from cftui.core.credentials.profile_index import (
    MAX_INDEX_BYTES,
    ConfigIndex,
    ProfileEntry,
    write_index,
)
from cftui.core.credentials.profiles import ProfileStore
from tests.cli.test_cli_keyring_config import NEW, assert_clean
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import Job, cli_env, run_all, run_cli


def fifo(path: Path) -> None:
    os.mkfifo(path)


def dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def directory(path: Path) -> None:
    path.mkdir()


def unix_socket(path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()  # the socket file stays


def huge(path: Path) -> None:
    with path.open("wb") as handle:  # sparse: no disk is spent on it
        handle.truncate(2 * MAX_INDEX_BYTES)


def over_the_cap(path: Path) -> None:
    path.write_bytes(b'{"version": 1, "profiles": {}, "pad": "' + b"x" * MAX_INDEX_BYTES + b'"}')


KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "named pipe": (fifo, "is a named pipe, not a regular file."),
    "symlink to /dev/zero": (dev_zero, "is a character device, not a regular file."),
    "directory": (directory, "is a directory, not a regular file."),
    "socket": (unix_socket, "is a socket, not a regular file."),
    "2 MiB sparse file": (huge, "is not usable: it is larger than 1024 KiB."),
    "1 MiB of JSON": (over_the_cap, "is not usable: it is larger than 1024 KiB."),
}
COMMANDS = {
    "whoami": (("whoami",), None),
    "whoami --json": (("whoami", "--json"), None),
    "login": (("login", "--profile", "work", "--token-stdin"), NEW.encode()),
    "logout": (("logout", "--profile", "work"), None),
    "profiles": (("profiles", "--json"), None),
    "set-default": (("profiles", "--set-default", "work"), None),
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_command_refuses_it_with_exit_3_and_the_path(
    fake_api: FakeApi, tmp_path: Path, kind: str
) -> None:
    make, says = KINDS[kind]
    config = tmp_path / "config"
    config.mkdir()
    path = config / "config.json"
    make(path)
    url = fake_api.base_url("ok", fresh=True)
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=url)
    runs = run_all([Job(args, env, stdin) for args, stdin in COMMANDS.values()])
    for run in runs:
        assert run.code == 3, str(run)
        message = run.stderr.splitlines()[0]
        assert message == f"cftui: The profile index {path} {says}", str(run)
        assert_clean(run)
    assert fake_api.hits(url) == 0  # login stopped before asking Cloudflare
    assert not (tmp_path / "keyring.json").exists()
    assert sorted(p.name for p in config.iterdir()) in (
        ["config.json"],
        ["config.json", "config.json.lock"],
    )


def test_env_credentials_still_work_next_to_a_named_pipe(fake_api: FakeApi, tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    fifo(tmp_path / "config" / "config.json")
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))
    env["CLOUDFLARE_API_TOKEN"] = NEW
    run = run_cli(Job(("whoami",), env))
    assert run.code == 0 and "Ada Lovelace" in run.stdout, str(run)


def test_a_symlink_to_a_regular_file_is_still_read(tmp_path: Path) -> None:
    """Dotfile managers link config files into place: that must keep working."""
    real = tmp_path / "dotfiles" / "cftui.json"
    write_index(real, ConfigIndex(default="work", profiles={"work": ProfileEntry("token")}))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.json").symlink_to(real)
    store = ProfileStore(tmp_path / "config")
    assert [p.name for p in store.list_profiles()] == ["work"]
    assert store.default_name() == "work"
