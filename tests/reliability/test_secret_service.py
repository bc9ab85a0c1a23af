"""ProfileStore against a real Secret Service, and against the two ways it is usually missing.

Each test runs a small script in a subprocess (see ``tests/support/secret_service.py``): inside a
private D-Bus session with an unlocked gnome-keyring, inside one with no keyring daemon, and
with no D-Bus session at all. The script prints a JSON report; the assertions live here.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.secret_service import INSTALL, run_in_secret_service, run_without_bus

pytestmark = pytest.mark.secret_service

TOKEN = "cfut_" + "Zq8Wv3Rt6Yp1" * 4
KEY = "0123456789abcdef0123456789abcdef01234"

ROUND_TRIP = """
import json, os, subprocess
import keyring
from cftui.core.credentials.kinds import make_global_key, make_token, to_secret_json
from cftui.core.errors import NoCredentialsError
from cftui.core.credentials.profiles import ProfileStore

def lookup(name):
    argv = ["secret-tool", "lookup", "service", "cftui", "username", name]
    return subprocess.run(argv, capture_output=True, text=True).stdout

token = make_token(os.environ["CFTUI_TEST_TOKEN"])
gkey = make_global_key("someone@example.com", os.environ["CFTUI_TEST_KEY"])
store = ProfileStore(keyring_timeout=20)
store.save("work", token)
store.save("legacy", gkey, make_default=True)
backend = type(keyring.get_keyring())
report = {
    "backend": f"{backend.__module__}.{backend.__qualname__}",
    "work_loads": store.load("work") == token,
    "legacy_loads": store.load("legacy") == gkey,
    "stored_as_expected": lookup("work") == to_secret_json(token),
    "resolved": store.resolve(env={}).source,
    "profiles": [(p.name, p.kind, p.is_default) for p in store.list_profiles()],
}
store.remove("work")
report["lookup_after_remove"] = lookup("work")
try:
    store.load("work")
except NoCredentialsError:
    report["load_after_remove"] = "NoCredentialsError"
store.remove("legacy")
report["legacy_lookup_after_remove"] = lookup("legacy")
report["profiles_at_end"] = [p.name for p in store.list_profiles()]
print(json.dumps(report))
"""

NO_KEYRING = """
import json, os
import keyring
from cftui.core.credentials.kinds import make_token
from cftui.core.errors import KeyringUnavailableError
from cftui.core.credentials.profiles import ProfileStore

token = make_token(os.environ["CFTUI_TEST_TOKEN"])
store = ProfileStore(keyring_timeout=5)
report = {}
for op, call in (
    ("save", lambda: store.save("other", token)),
    ("load", lambda: store.load("work")),
    ("remove", lambda: store.remove("work")),
):
    try:
        call()
        report[op] = "succeeded"
    except KeyringUnavailableError as exc:
        report[op] = {"message": exc.message, "hint": exc.hint, "exit": int(exc.exit_code)}
backend = type(keyring.get_keyring())
report["backend"] = f"{backend.__module__}.{backend.__qualname__}"
report["env_source"] = store.resolve(env={"CLOUDFLARE_API_TOKEN": token.token}).source
print(json.dumps(report))
"""

INDEX = {"version": 1, "default": "work", "profiles": {"work": {"kind": "token", "email": None}}}


def _env(config: Path) -> dict[str, str]:
    return dict(
        os.environ, CFTUI_CONFIG_DIR=str(config), CFTUI_TEST_TOKEN=TOKEN, CFTUI_TEST_KEY=KEY
    )


def _report(proc: Any) -> dict[str, Any]:
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    for text in (proc.stdout, proc.stderr):
        assert TOKEN not in text
        assert KEY not in text
    last = proc.stdout.strip().splitlines()[-1]
    report: dict[str, Any] = json.loads(last)
    return report


def test_round_trip_in_a_real_secret_service(tmp_path: Path) -> None:
    if shutil.which("secret-tool") is None:
        pytest.fail(f"secret-tool is missing; install it with: {INSTALL}", pytrace=False)
    config = tmp_path / "config"
    proc = run_in_secret_service(
        [sys.executable, "-c", ROUND_TRIP], _env(config), tmp_path / "home", timeout=120
    )
    report = _report(proc)
    assert report["backend"] == "keyring.backends.SecretService.Keyring"
    assert report["work_loads"] is True
    assert report["legacy_loads"] is True
    assert report["stored_as_expected"] is True
    assert report["resolved"] == "profile legacy"
    assert report["profiles"] == [["legacy", "global_key", True], ["work", "token", False]]
    assert report["lookup_after_remove"] == ""
    assert report["load_after_remove"] == "NoCredentialsError"
    assert report["legacy_lookup_after_remove"] == ""
    assert report["profiles_at_end"] == []
    index = (config / "config.json").read_text()
    assert TOKEN not in index
    assert KEY not in index


def _assert_unavailable(report: dict[str, Any], config_file: Path, before: bytes) -> None:
    for op in ("save", "load", "remove"):
        outcome = report[op]
        assert outcome != "succeeded", op
        assert outcome["exit"] == 7
        assert "CLOUDFLARE_API_TOKEN" in outcome["hint"]
        assert "gnome-keyring-daemon --unlock" in outcome["hint"]
    assert report["env_source"] == "env CLOUDFLARE_API_TOKEN"
    assert config_file.read_bytes() == before


def test_dbus_without_a_keyring_daemon(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.json").write_text(json.dumps(INDEX))
    before = (config / "config.json").read_bytes()
    proc = run_in_secret_service(
        [sys.executable, "-c", NO_KEYRING],
        _env(config),
        tmp_path / "home",
        timeout=90,
        start_daemon=False,
    )
    report = _report(proc)
    # D-Bus offers the Secret Service (it can activate gnome-keyring), but the collection
    # cannot be created or unlocked without a prompt.
    assert report["backend"] == "keyring.backends.SecretService.Keyring"
    _assert_unavailable(report, config / "config.json", before)


def test_no_dbus_session_at_all(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.json").write_text(json.dumps(INDEX))
    before = (config / "config.json").read_bytes()
    proc = run_without_bus(
        [sys.executable, "-c", NO_KEYRING], _env(config), tmp_path / "home", timeout=60
    )
    report = _report(proc)
    assert report["backend"] == "keyring.backends.fail.Keyring"
    assert "no keyring backend" in report["save"]["message"]
    _assert_unavailable(report, config / "config.json", before)
