"""The encrypted keyring file costs as few key derivations as it can, and says where it is.

Every value in the file has its own salt, and each key derivation (Argon2id, 64 MiB) takes a
second or two: ``whoami`` reading one profile derives one key (not one more to check the
passphrase first), a value written and read back derives one, and a wrong passphrase is still
refused before anything is sent. Counted in the child by wrapping Argon2's one function.
"""

from __future__ import annotations

import configparser
import json
from pathlib import Path

from cftui.core.credentials.keyring_passphrase import PASSPHRASE_VAR
from cftui.core.redact import mask
from tests.cli.test_cryptfile import CRYPTFILE, PASSPHRASE, SLOW, TOKEN, _file
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import Job, cli_env, run_cli

COUNTING = """\
import atexit, json, os, runpy, sys
import argon2.low_level as low_level

calls = []
derive = low_level.hash_secret_raw


def counted(*args, **kwargs):
    calls.append(1)
    return derive(*args, **kwargs)


low_level.hash_secret_raw = counted
atexit.register(lambda: open(os.environ["COUNT_FILE"], "w").write(json.dumps(len(calls))))
sys.argv = ["cftui", *sys.argv[1:]]
runpy.run_module("cftui", run_name="__main__")
"""


def _counted(
    tmp_path: Path, env: dict[str, str], *args: str, stdin: bytes = b""
) -> tuple[int, str, str, int]:
    """cftui ``args`` in a child that counts its key derivations: code, out, err, count."""
    import subprocess
    import sys

    script = tmp_path / "counting.py"
    script.write_text(COUNTING)
    count = tmp_path / "count.json"
    count.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, str(script), *args],
        input=stdin,
        capture_output=True,
        env={**env, "COUNT_FILE": str(count)},
        timeout=SLOW,
        check=False,
    )
    derived = json.loads(count.read_text()) if count.exists() else -1
    return done.returncode, done.stdout.decode(), done.stderr.decode(), derived


def test_whoami_derives_one_key_and_login_says_which_file(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    env = cli_env(
        home,
        CLOUDFLARE_BASE_URL=fake_api.base_url("ok"),
        PYTHON_KEYRING_BACKEND=CRYPTFILE,
        **{PASSPHRASE_VAR: PASSPHRASE},
    )
    code, out, err, derived = _counted(
        tmp_path, env, "login", "--token-stdin", stdin=TOKEN.encode()
    )
    assert code == 0, err
    stored = _file(home)
    assert (
        f"Saved profile 'default' (API token {mask(TOKEN)}) in the encrypted keyring file {stored}."
        in out
    )
    assert "OS keyring" not in out
    # the new file's reference value, and the profile's value (read back with the same key)
    assert derived == 2, derived

    code, out, err, derived = _counted(tmp_path, env, "whoami", "--json")
    assert code == 0, err
    assert json.loads(out)["source"] == "profile default"
    assert derived == 1  # the profile's value; it proves the passphrase too

    before = stored.read_bytes()
    code, out, err, _ = _counted(tmp_path, {**env, PASSPHRASE_VAR: "not it"}, "whoami")
    assert code == 7, err
    assert "That passphrase does not open the encrypted keyring file" in err
    assert stored.read_bytes() == before


def test_a_damaged_value_under_the_right_passphrase_is_not_called_a_wrong_passphrase(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    env = cli_env(
        home,
        CLOUDFLARE_BASE_URL=fake_api.base_url("ok"),
        PYTHON_KEYRING_BACKEND=CRYPTFILE,
        **{PASSPHRASE_VAR: PASSPHRASE},
    )
    login = run_cli(Job(("login", "--token-stdin"), env, TOKEN.encode()), timeout=SLOW)
    assert login.code == 0, str(login)
    stored = _file(home)
    config = configparser.RawConfigParser()
    config.read(stored)
    # the profile's entry sealed for another name: it decrypts under no passphrase as "default"
    reference = config.get("keyring_2Dsetting", "password_20reference")
    config.set("cftui", "default", reference)
    with stored.open("w") as file:
        config.write(file)
    run = run_cli(Job(("whoami",), env), timeout=SLOW)
    assert run.code == 7, str(run)
    assert "does not open" not in run.stderr
    assert "Could not read the secret of profile 'default'" in run.stderr
