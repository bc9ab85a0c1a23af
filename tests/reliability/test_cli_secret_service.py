"""The CLI against a real Secret Service: login → whoami → profiles → logout, as a user does.

Everything runs in one ``sh -c`` inside a private D-Bus session (the bus and the keyring end
with it), against the fake API on loopback. The token goes in on stdin only.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

import pytest

from tests.support.fake.accounts import TOKEN_ID
from tests.support.fake.server import FakeApi
from tests.support.secret_service import run_in_secret_service, run_without_bus

pytestmark = pytest.mark.secret_service

TOKEN = "cfut_" + "Rw7Kp2Xq9Lm4" * 4

SCRIPT = """
set -u
py="$CFTUI_PY"
step() { echo "== $1 exit=$2"; }
printf '%s' "$CFTUI_TEST_TOKEN" | "$py" -m cftui login --profile work --token-stdin --default
step login $?
"$py" -m cftui whoami --json; step whoami $?
"$py" -m cftui profiles --json; step profiles $?
secret-tool lookup service cftui username work | wc -c; step lookup $?
"$py" -m cftui logout --profile work; step logout $?
"$py" -m cftui whoami; step whoami-after $?
secret-tool lookup service cftui username work | wc -c; step lookup-after $?
"""


def _env(fake_api: FakeApi, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDFLARE_")}
    env.update(
        CFTUI_PY=sys.executable,
        CFTUI_TEST_TOKEN=TOKEN,
        CFTUI_CONFIG_DIR=str(tmp_path / "config"),
        CLOUDFLARE_BASE_URL=fake_api.base_url("ok"),
    )
    return env


def _steps(output: str) -> dict[str, int]:
    steps = {}
    for line in output.splitlines():
        if line.startswith("== "):
            name, _, code = line[3:].partition(" exit=")
            steps[name] = int(code)
    return steps


def test_login_whoami_logout_in_a_real_secret_service(fake_api: FakeApi, tmp_path: Path) -> None:
    proc = run_in_secret_service(
        ["sh", "-c", SCRIPT], _env(fake_api, tmp_path), tmp_path / "home", timeout=120
    )
    out, err = proc.stdout, proc.stderr
    assert proc.returncode == 0, err
    assert _steps(out) == {
        "login": 0,
        "whoami": 0,
        "profiles": 0,
        "lookup": 0,
        "logout": 0,
        "whoami-after": 3,
        "lookup-after": 0,
    }, out + err
    # whoami --json ran on the stored profile, through the keyring
    whoami = json.loads(out.split("== login exit=0\n", 1)[1].split("== whoami", 1)[0])
    assert whoami["source"] == "profile work"
    assert whoami["user"]["first_name"] == "Ada"
    profiles = json.loads(out.split("== whoami exit=0\n", 1)[1].split("== profiles", 1)[0])
    assert profiles["schema"] == 1
    (work,) = profiles["profiles"]
    assert {k: work[k] for k in ("name", "kind", "email", "default")} == {
        "name": "work",
        "kind": "token",
        "email": None,
        "default": True,
    }
    assert work["verified_email"] == "ada.lovelace@example.com"  # as /user said at login
    lines = out.splitlines()
    lookups = [lines[i - 1].strip() for i, line in enumerate(lines) if line.startswith("== lookup")]
    assert int(lookups[0]) > len(TOKEN)  # the secret was in the Secret Service ...
    assert int(lookups[1]) == 0  # ... and logout deleted it (wc -c: the line before each step)
    assert "cftui login" in err  # whoami after logout says what to do
    assert TOKEN not in out + err
    assert TOKEN[:8] not in out + err
    assert TOKEN not in (tmp_path / "config" / "config.json").read_text()
    # the token reached only the fake API, as a bearer token
    seen = [r for r in fake_api.requests if r.headers.get("authorization") == f"Bearer {TOKEN}"]
    # login's verification; whoami's /user, its token check, its memberships and the token
    # reading itself
    own = f"user/tokens/{TOKEN_ID}"
    routes = sorted(r.route for r in seen)
    assert routes == ["memberships", "user", "user", own, "user/tokens/verify"]


def test_login_without_a_keyring_exits_7_and_env_still_works(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    env = _env(fake_api, tmp_path)
    py = shlex.quote(sys.executable)
    script = (
        f'printf %s "$CFTUI_TEST_TOKEN" | {py} -m cftui login --token-stdin; echo "== login $?"; '
        f'CLOUDFLARE_API_TOKEN="$CFTUI_TEST_TOKEN" {py} -m cftui whoami; echo "== whoami $?"'
    )
    proc = run_without_bus(["sh", "-c", script], env, tmp_path / "home", timeout=60)
    out, err = proc.stdout, proc.stderr
    assert "== login 7" in out, out + err
    assert "== whoami 0" in out, out + err
    assert "keyring" in err.lower()
    assert "CLOUDFLARE_API_TOKEN" in err
    assert "Ada Lovelace" in out
    assert "env CLOUDFLARE_API_TOKEN" in out
    assert "Traceback" not in err
    assert TOKEN not in out + err
    assert not (tmp_path / "config" / "config.json").exists()
