"""What a command imports is part of how fast it starts: each command loads what it uses.

``-X importtime`` lists every module a run loads; these runs check the list, not a time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.fake.server import FakeApi
from tests.support.fault_harness import REPO, cli_env

TOKEN = "cfut_Impo0rtsTEST0123456789abcdefghijklmnopq"


def loaded_by(env: dict[str, str], *args: str) -> tuple[set[str], str]:
    """(every module ``cftui ARGS`` imported, its stdout); the run must succeed."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cftui", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[-1].strip() for line in lines}, done.stdout


def test_help_loads_no_logging_dataclasses_profiles_or_network(tmp_path: Path) -> None:
    loaded, out = loaded_by(cli_env(tmp_path), "whoami", "--help")
    assert "usage: cftui whoami" in out
    assert "argparse" in loaded and "cftui.cli.grammar" in loaded  # the list is real
    unwanted = {"logging", "dataclasses", "difflib", "shutil", "traceback", "httpx"}
    assert loaded & unwanted == set()
    assert not {m for m in loaded if m.startswith(("cftui.core.credentials.profiles", "keyring"))}


def test_whoami_with_a_token_in_the_environment_leaves_the_profiles_alone(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    """The environment's credential wins without --profile: the index, the keyring and
    platformdirs (the default config directory) are never needed, so never imported."""
    url = fake_api.base_url("ok")
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=TOKEN)
    del env["CFTUI_CONFIG_DIR"]
    loaded, out = loaded_by(env, "whoami")
    assert "Ada Lovelace" in out
    assert "httpx" in loaded
    never = (
        "cftui.core.credentials.profiles",
        "cftui.core.credentials.profile_index",
        "cftui.core.credentials.keystore",
        "keyring",
    )
    assert not {m for m in loaded if m.startswith(never)}
    assert "platformdirs" not in loaded


def test_whoami_with_a_profile_still_reads_the_profiles(tmp_path: Path) -> None:
    """The other side: ``--profile`` goes through the profiles (here: an unknown one)."""
    env = cli_env(tmp_path, CLOUDFLARE_API_TOKEN=TOKEN)
    done = subprocess.run(
        [sys.executable, "-m", "cftui", "whoami", "--profile", "nosuch"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    assert done.returncode == 3, done.stderr
    assert "nosuch" in done.stderr
