"""Which keyring backend cftui uses: the one ``keyring`` is configured with, else an OS keyring.

Real processes, each with its own ``HOME`` (so its own ``keyringrc.cfg``) and no D-Bus
session, as on a server reached over SSH.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.fake.server import FakeApi
from tests.support.fault_harness import REPO, Job, cli_env, run_all, run_cli

TOKEN = "cfut_" + "Ch0iceT0kenAbc" * 3
_OUTSIDE = (
    "PYTHON_KEYRING_BACKEND",
    "DBUS_SESSION_BUS_ADDRESS",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
)


def _headless(api: FakeApi, home: Path, **extra: str) -> dict[str, str]:
    """No keyring configured, no D-Bus session: what ``keyring`` itself would auto-detect."""
    env = cli_env(home, CLOUDFLARE_BASE_URL=api.base_url("ok"), **extra)
    for name in _OUTSIDE:
        if name not in extra:
            env.pop(name, None)
    return env


def _backend_line(doctor_json: str) -> str:
    checks = json.loads(doctor_json)["checks"]
    return next(c["summary"] for c in checks if c["name"] == "keyring backend")


def test_an_installed_file_backend_is_never_picked_by_itself(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    """``keyrings.cryptfile`` (a test dependency) also registers a plain-text backend, and
    ``keyring``'s own detection chains into it on a machine without a Secret Service."""
    home = tmp_path / "home"
    env = _headless(fake_api, home)
    raw = subprocess.run(
        [sys.executable, "-c", "import keyring; print(type(keyring.get_keyring()).__name__)"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    assert raw.stdout.strip() == "ChainerBackend"  # what cftui must not use
    login, doctor = run_all(
        [Job(("login", "--token-stdin"), env, TOKEN.encode()), Job(("doctor", "--json"), env)]
    )
    assert login.code == 7, str(login)
    assert "no keyring backend is available" in login.stderr
    assert doctor.code == 7, str(doctor)
    assert _backend_line(doctor.stdout).startswith(
        "none available: keyring.backends.fail.Keyring (auto-detected among the OS keyrings"
    )
    assert not (home / ".local" / "share" / "python_keyring").exists()  # no file of any kind


def test_keyringrc_cfg_chooses_the_backend(fake_api: FakeApi, tmp_path: Path) -> None:
    home = tmp_path / "home"
    config = home / ".config" / "python_keyring" / "keyringrc.cfg"
    config.parent.mkdir(parents=True)
    config.write_text("[backend]\ndefault-keyring = tests.support.keyrings.FileKeyring\n")
    env = _headless(fake_api, home)
    login = run_cli(Job(("login", "--token-stdin"), env, TOKEN.encode()))
    assert login.code == 0, str(login)
    whoami = run_cli(Job(("whoami", "--json"), env))  # one at a time: the test keyring's
    doctor = run_cli(Job(("doctor", "--json"), env))  # file is not written atomically
    assert whoami.code == 0 and json.loads(whoami.stdout)["source"] == "profile default"
    assert doctor.code == 0, str(doctor)
    assert _backend_line(doctor.stdout) == (
        f"tests.support.keyrings.FileKeyring (the keyring configuration {config})"
    )
    assert TOKEN[5:] in (home / "keyring.json").read_text()  # stored where it was told


def test_an_unloadable_backend_says_what_named_it(fake_api: FakeApi, tmp_path: Path) -> None:
    seeded = tmp_path / "seed"
    seed = run_cli(
        Job(
            ("login", "--token-stdin"),
            cli_env(seeded, CLOUDFLARE_BASE_URL=fake_api.base_url("ok")),
            TOKEN.encode(),
        )
    )
    assert seed.code == 0, str(seed)
    rc_home = tmp_path / "rc"
    config = rc_home / ".config" / "python_keyring" / "keyringrc.cfg"
    config.parent.mkdir(parents=True)
    config.write_text("[backend]\ndefault-keyring = keyrings.nowhere.Keyring\n")
    by_env = {
        **_headless(fake_api, seeded, PYTHON_KEYRING_BACKEND="keyrings.cryptfile.nope.Keyring")
    }
    by_file = {**_headless(fake_api, rc_home), "CFTUI_CONFIG_DIR": str(seeded / "config")}
    env_run, file_run, login = run_all(
        [
            Job(("whoami",), by_env),
            Job(("whoami",), by_file),
            Job(("login", "--token-stdin"), by_env, TOKEN.encode()),
        ]
    )
    assert env_run.code == 7, str(env_run)
    assert env_run.stderr.startswith(
        "cftui: PYTHON_KEYRING_BACKEND names the keyring backend "
        "'keyrings.cryptfile.nope.Keyring', which cannot be loaded (ModuleNotFoundError"
    )
    assert f"`{sys.executable} -m pip install 'keyrings.cryptfile>=1.3.9'`" in env_run.stderr
    assert file_run.code == 7, str(file_run)
    assert f"the keyring configuration {config} names the keyring backend " in file_run.stderr
    assert "'keyrings.nowhere.Keyring', which cannot be loaded" in file_run.stderr
    assert login.code == 7 and "Traceback" not in login.stderr
