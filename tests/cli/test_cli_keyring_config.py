"""Keyring and config faults through the real CLI: each ends in its documented exit code and
message, and leaves the stored credential and ``config.json`` exactly as they were.

Every run is a subprocess (``python -m cftui``) against the fake API on loopback. The keyring
is a file (``tests.support.keyrings.FileKeyring``) so that its bytes can be compared, or one of the
faulty backends of ``tests/support/keyrings.py`` chosen with ``PYTHON_KEYRING_BACKEND``; one test
kills a real Secret Service in the middle of a session.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from cftui.commands.keyring_help import choices
from cftui.core.redact import mask
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import (
    EXPECT,
    REPO,
    SLOW,
    TIMEOUT,
    TOKEN,
    CliRun,
    Job,
    cli_env,
    run_all,
    run_cli,
)
from tests.support.secret_service import run_in_secret_service

OLD = "cfut_" + "0ldT0kenKeptSafe" * 2 + "00000000"  # the stored, working credential
NEW = "cfut_" + "N3wT0kenRejected" * 2 + "11111111"  # what a later login tries
KEYRING_HINT = ("CLOUDFLARE_API_TOKEN", "gnome-keyring-daemon --unlock")


def assert_clean(run: CliRun) -> None:
    text = run.stdout + run.stderr
    assert "Traceback" not in text, str(run)
    for secret in (OLD, NEW):
        assert secret[:8] not in text, str(run)


@dataclass(frozen=True)
class Stored:
    """The config and keyring files of a home with profile ``work`` saved, as bytes."""

    home: Path
    config: bytes
    keyring: bytes

    @property
    def config_path(self) -> Path:
        return self.home / "config" / "config.json"

    def unchanged(self) -> bool:
        keyring = (self.home / "keyring.json").read_bytes()
        return self.config_path.read_bytes() == self.config and keyring == self.keyring


def seed(api: FakeApi, home: Path) -> Stored:
    """``cftui login --profile work`` with OLD, for real, so the files are what cftui writes."""
    env = cli_env(home, CLOUDFLARE_BASE_URL=api.base_url("ok"))
    run = run_cli(Job(("login", "--profile", "work", "--token-stdin"), env, OLD.encode()))
    assert run.code == 0, str(run)
    config = home / "config" / "config.json"
    return Stored(home, config.read_bytes(), (home / "keyring.json").read_bytes())


def copy_home(stored: Stored, home: Path) -> Stored:
    shutil.copytree(stored.home, home)
    return Stored(home, stored.config, stored.keyring)


# -- keyring faults --------------------------------------------------------------------------

LOGIN = ("login", "--profile", "home", "--token-stdin")
USE = ("whoami", "--profile", "work")
LOGOUT = ("logout", "--profile", "work")
ENV_WHOAMI = ("whoami",)  # with CLOUDFLARE_API_TOKEN set: the keyring is never asked

# backend -> [(args, exit code, words in the first line of stderr)]
KEYRING_FAULTS: dict[str, list[tuple[tuple[str, ...], int, str]]] = {
    "keyring.backends.fail.Keyring": [
        (LOGIN, 7, "Could not open the keyring to save profile 'home' before asking for its "
         "secret: no keyring backend is available"),
        (USE, 7, "Could not read the secret of profile 'work'"),
        (LOGOUT, 7, "Could not delete the secret of profile 'work'"),
        (ENV_WHOAMI, 0, ""),
    ],
    "tests.support.keyrings.LockedKeyring": [
        (LOGIN, 7, "the keyring is locked"),
        (USE, 7, "the keyring is locked"),
        (LOGOUT, 7, "the keyring is locked"),
        (ENV_WHOAMI, 0, ""),
    ],
    "tests.support.keyrings.CrashingKeyring": [
        (LOGIN, 7, "the keyring backend failed (ConnectionResetError)"),
        (USE, 7, "the keyring backend failed (ConnectionResetError)"),
        (LOGOUT, 7, "the keyring backend failed (ConnectionResetError)"),
    ],
    "tests.support.keyrings.SetFailingKeyring": [
        (LOGIN, 7, "the keyring refused to store it"),
        (USE, 3, "The keyring has no secret for profile 'work'"),
    ],
    "tests.support.keyrings.DroppingKeyring": [
        (LOGIN, 7, "accepted the secret of profile 'home' but did not keep it"),
    ],
    "tests.support.keyrings.SlowKeyring": [  # a prompt nobody answers: abandoned after 10 s
        (LOGIN, 7, "did not answer within 10 s (trying to open the keyring to save profile 'home'"),
        (USE, 7, "did not answer within 10 s (trying to read the secret of profile 'work'"),
        (ENV_WHOAMI, 0, ""),
    ],
}  # fmt: skip
ARG_IDS = {LOGIN: "login", USE: "whoami-profile", LOGOUT: "logout", ENV_WHOAMI: "whoami-env"}
FAULT_CASES = [(b, *case) for b, cases in KEYRING_FAULTS.items() for case in cases]


@pytest.fixture(scope="module")
def fault_runs(
    fake_api: FakeApi, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, tuple[str, ...]], tuple[Stored, CliRun]]:
    """All keyring-fault runs at once (the slow keyring's 10 s are spent only once)."""
    stored = seed(fake_api, tmp_path_factory.mktemp("seed") / "home")
    homes, jobs = [], []
    for n, (backend, args, _, _) in enumerate(FAULT_CASES):
        home = copy_home(stored, tmp_path_factory.mktemp(f"fault{n}") / "home")
        env = cli_env(
            home.home, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"), PYTHON_KEYRING_BACKEND=backend
        )
        if args == ENV_WHOAMI:
            env["CLOUDFLARE_API_TOKEN"] = NEW
        homes.append(home)
        jobs.append(Job(args, env, NEW.encode() if args == LOGIN else None))
    runs = run_all(jobs)
    return {(c[0], c[1]): (h, r) for c, h, r in zip(FAULT_CASES, homes, runs, strict=True)}


@pytest.mark.parametrize(
    ("backend", "args", "code", "says"),
    FAULT_CASES,
    ids=[f"{b.split('.')[-1 if 'tests' in b else -2]}-{ARG_IDS[a]}" for b, a, _, _ in FAULT_CASES],
)
def test_keyring_fault(
    fault_runs: dict[tuple[str, tuple[str, ...]], tuple[Stored, CliRun]],
    backend: str,
    args: tuple[str, ...],
    code: int,
    says: str,
) -> None:
    stored, run = fault_runs[(backend, args)]
    assert run.code == code, str(run)
    if code == 0:
        assert "Ada Lovelace" in run.stdout and "env CLOUDFLARE_API_TOKEN" in run.stdout
    else:
        message, *hint = run.stderr.splitlines()
        assert message.startswith("cftui: ") and says in message, str(run)
        if code == 7:
            assert all(word in hint[0] for word in KEYRING_HINT), str(run)
    assert stored.unchanged()
    assert_clean(run)


def test_without_a_keyring_login_says_what_to_do_and_env_still_works(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    """The headless-SSH case from scratch: no backend, no config yet."""
    env = cli_env(
        tmp_path,
        CLOUDFLARE_BASE_URL=fake_api.base_url("ok"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    login, whoami, profiles = run_all(
        [
            Job(("login", "--token-stdin"), env, NEW.encode()),
            Job(("whoami", "--json"), {**env, "CLOUDFLARE_API_TOKEN": NEW}),
            Job(("profiles",), env),
        ]
    )
    assert login.code == 7, str(login)
    assert login.stdout == ""
    lines = login.stderr.splitlines()
    assert lines[0] == (
        "cftui: Could not open the keyring to save profile 'default' before asking for its "
        "secret: no keyring backend is available (on Linux: no Secret Service reachable over "
        "D-Bus)."
    )
    # the choices, at once: before the token was read, let alone sent
    assert lines[1 : 1 + len(choices().splitlines())] == choices().splitlines()
    assert not (tmp_path / "config" / "config.json").exists()
    assert whoami.code == 0, str(whoami)
    assert json.loads(whoami.stdout)["source"] == "env CLOUDFLARE_API_TOKEN"
    assert profiles.code == 0 and "No profiles saved" in profiles.stdout
    for run in (login, whoami, profiles):
        assert_clean(run)


@pytest.mark.secret_service
def test_a_secret_service_that_disappears_mid_session(fake_api: FakeApi, tmp_path: Path) -> None:
    """Log in, kill the daemon, go on: D-Bus starts a new one that stays locked (no one can
    answer its unlock prompt), and every step after that is exit 7 with nothing changed."""
    py = shlex.quote(sys.executable)
    cftui = f"{py} -m cftui"
    script = f"""
        printf %s "$OLD" | {cftui} login --profile work --token-stdin; echo "== login $?"
        before=$(sha256sum "$CFTUI_CONFIG_DIR/config.json")
        pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus / \\
            org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets \\
            | awk '/uint32/ {{print $2}}')
        kill "$pid"; echo "== killed $?"
        {cftui} whoami --profile work; echo "== whoami $?"
        printf %s "$NEW" | {cftui} login --profile work --token-stdin; echo "== relogin $?"
        {cftui} logout --profile work; echo "== logout $?"
        CLOUDFLARE_API_TOKEN="$NEW" {cftui} whoami; echo "== env $?"
        test "$before" = "$(sha256sum "$CFTUI_CONFIG_DIR/config.json")"; echo "== same $?"
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDFLARE_")}
    env.update(
        OLD=OLD,
        NEW=NEW,
        CFTUI_CONFIG_DIR=str(tmp_path / "config"),
        CLOUDFLARE_BASE_URL=fake_api.base_url("ok"),
    )
    proc = run_in_secret_service(["sh", "-c", script], env, tmp_path / "home", timeout=120)
    out, err = proc.stdout, proc.stderr
    steps = [line for line in out.splitlines() if line.startswith("== ")]
    assert steps == [
        "== login 0",
        "== killed 0",
        "== whoami 7",
        "== relogin 7",
        "== logout 7",
        "== env 0",
        "== same 0",
    ], out + err
    errors = [line for line in err.splitlines() if line.startswith("cftui: ")]
    assert errors == [
        "cftui: Could not read the secret of profile 'work' from the system keyring: "
        "the keyring is locked.",
        "cftui: Could not open the keyring to save profile 'work' before asking for its "
        "secret: the keyring is locked.",
        "cftui: Could not delete the secret of profile 'work' from the system keyring: "
        "the keyring is locked.",
    ], err
    assert "Traceback" not in out + err
    assert OLD[:8] not in out + err and NEW[:8] not in out + err


# -- a failed login never replaces what is stored ------------------------------------------

REFUSED = sorted(s for s in EXPECT if EXPECT[s].code)


@pytest.fixture(scope="module")
def relogins(
    fake_api: FakeApi, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Stored, CliRun]]:
    stored = seed(fake_api, tmp_path_factory.mktemp("seed") / "home")
    homes = [copy_home(stored, tmp_path_factory.mktemp(s) / "home") for s in REFUSED]
    jobs = []
    for scenario, home in zip(REFUSED, homes, strict=True):
        slow = ("--timeout", f"{TIMEOUT:g}") if scenario in SLOW else ()
        env = cli_env(home.home, CLOUDFLARE_BASE_URL=fake_api.base_url(scenario, fresh=True))
        jobs.append(Job(("login", "--profile", "work", "--token-stdin", *slow), env, NEW.encode()))
    return dict(zip(REFUSED, zip(homes, run_all(jobs), strict=True), strict=True))


@pytest.mark.parametrize("scenario", REFUSED)
def test_a_refused_login_leaves_the_stored_profile_byte_identical(
    relogins: dict[str, tuple[Stored, CliRun]], scenario: str
) -> None:
    stored, run = relogins[scenario]
    assert run.code == EXPECT[scenario].code, str(run)
    says = EXPECT[scenario].says.replace(mask(TOKEN), mask(NEW))  # echo_error quotes ours
    assert says in run.stderr, str(run)
    assert run.stdout == ""
    assert stored.unchanged()
    assert_clean(run)


# -- config faults ---------------------------------------------------------------------------

CORRUPT = {
    "not json": b'{"version": 1, "profiles": {',
    "binary": b"\xff\xfe\x00garbage",
    "wrong types": b'{"version": 1, "default": "work", "profiles": {"work": {"kind": 7}}}',
    "profiles a list": b'{"version": 1, "default": null, "profiles": ["work"]}',
    "unknown version": b'{"version": 99, "default": "work", "profiles": {}}',
    "empty file": b"",
}
CONFIG_COMMANDS = {
    "whoami": (("whoami",), None),
    "login": (("login", "--profile", "work", "--token-stdin"), NEW.encode()),
    "logout": (("logout", "--profile", "work"), None),
    "profiles": (("profiles", "--json"), None),
}


@dataclass(frozen=True)
class CorruptRun:
    path: Path
    raw: bytes
    url: str
    run: CliRun


@pytest.fixture(scope="module")
def corrupt_runs(
    fake_api: FakeApi, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], CorruptRun]:
    cases, jobs = [], []
    for kind, raw in CORRUPT.items():
        for command, (args, stdin) in CONFIG_COMMANDS.items():
            home = tmp_path_factory.mktemp("corrupt") / "home"
            (home / "config").mkdir(parents=True)
            (home / "config" / "config.json").write_bytes(raw)
            url = fake_api.base_url("ok", fresh=True)
            cases.append(((kind, command), home / "config" / "config.json", raw, url))
            jobs.append(Job(args, cli_env(home, CLOUDFLARE_BASE_URL=url), stdin))
    runs = run_all(jobs)
    return {
        key: CorruptRun(path, raw, url, run)
        for (key, path, raw, url), run in zip(cases, runs, strict=True)
    }


@pytest.mark.parametrize("command", CONFIG_COMMANDS)
@pytest.mark.parametrize("kind", CORRUPT)
def test_a_corrupt_config_is_named_and_left_untouched(
    fake_api: FakeApi, corrupt_runs: dict[tuple[str, str], CorruptRun], kind: str, command: str
) -> None:
    case = corrupt_runs[(kind, command)]
    run = case.run
    assert run.code == 3, str(run)
    message = run.stderr.splitlines()[0]
    assert message.startswith(f"cftui: The profile index {case.path} "), str(run)
    if kind == "unknown version":
        assert "has version 99; this cftui understands version 1" in message
    else:
        assert "is not usable" in message
    assert case.path.read_bytes() == case.raw
    assert not (case.path.parent.parent / "keyring.json").exists()
    assert fake_api.hits(case.url) == 0  # a login finds it before asking Cloudflare
    assert_clean(run)


def test_env_credentials_work_over_a_corrupt_config(fake_api: FakeApi, tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.json").write_bytes(CORRUPT["not json"])
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"), CLOUDFLARE_API_TOKEN=NEW)
    run = run_cli(Job(("whoami",), env))
    assert run.code == 0, str(run)
    assert "Ada Lovelace" in run.stdout
    assert_clean(run)


def test_a_config_dir_that_cannot_be_created(fake_api: FakeApi, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    config = tmp_path / "file" / "cftui"
    env = cli_env(
        tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"), CFTUI_CONFIG_DIR=str(config)
    )
    run = run_cli(Job(("login", "--token-stdin"), env, NEW.encode()))
    assert run.code == 3, str(run)
    assert run.stderr.startswith(
        f"cftui: Could not read the profile index {config}/config.json: Not a directory."
    ), str(run)
    assert not (tmp_path / "keyring.json").exists()
    assert_clean(run)


def test_an_unwritable_config_dir_changes_nothing(fake_api: FakeApi, tmp_path: Path) -> None:
    """The index can be read but not written (here: its lock cannot be created, which stops
    even root): login, logout and set-default all fail before touching the keyring."""
    stored = seed(fake_api, tmp_path / "home")
    lock = stored.home / "config" / "config.json.lock"
    lock.unlink()
    lock.mkdir()
    env = cli_env(stored.home, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))
    runs = run_all(
        [
            Job(("login", "--profile", "work", "--token-stdin"), env, NEW.encode()),
            Job(("login", "--profile", "other", "--token-stdin"), env, NEW.encode()),
            Job(("logout", "--profile", "work"), env),
            Job(("profiles", "--set-default", "work"), env),
        ]
    )
    for run in runs:
        assert run.code == 3, str(run)
        assert run.stderr.startswith(
            f"cftui: Could not write the profile index {stored.config_path}: Is a directory."
        ), str(run)
        assert_clean(run)
    assert stored.unchanged()
    whoami = run_cli(Job(("whoami", "--profile", "work"), env))
    assert whoami.code == 0 and "Ada Lovelace" in whoami.stdout, str(whoami)


# The index write fails after the keyring took the new secret: the old one must come back.
FAILING_REPLACE = """
import os, sys
def refuse(src, dst):
    raise OSError(28, "No space left on device")
os.replace = refuse
from cftui.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_failed_index_write_puts_the_previous_secret_back(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    stored = seed(fake_api, tmp_path / "home")
    env = cli_env(stored.home, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))
    for profile in ("work", "other"):  # replacing a secret, and adding a new one
        done = subprocess.run(
            [sys.executable, "-c", FAILING_REPLACE, "login", "--profile", profile, "--token-stdin"],
            input=NEW.encode(),
            capture_output=True,
            env=env,
            cwd=REPO,
            timeout=60,
            check=False,
        )
        run = CliRun(("login", "--profile", profile), done.returncode, done.stdout, done.stderr)
        assert run.code == 3, str(run)
        assert "No space left on device" in run.stderr.splitlines()[0]
        assert stored.unchanged()
        assert_clean(run)
    tmp_files = [p.name for p in (stored.home / "config").iterdir()]
    assert sorted(tmp_files) == ["config.json", "config.json.lock"]  # no temp file left


def test_logins_racing_each_other_all_land(fake_api: FakeApi, tmp_path: Path) -> None:
    """Six ``cftui login`` processes at once: each profile is saved, none half-written."""
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))
    tokens = {f"p{n}": f"cfut_Race{n}" + "x" * 36 for n in range(6)}
    runs = run_all(
        [
            Job(("login", "--profile", name, "--token-stdin"), env, token.encode())
            for name, token in tokens.items()
        ]
    )
    assert [run.code for run in runs] == [0] * len(tokens), "\n".join(map(str, runs))
    config = json.loads((tmp_path / "config" / "config.json").read_bytes())
    assert sorted(config["profiles"]) == sorted(tokens)
    assert config["default"] in tokens
    stored = json.loads((tmp_path / "keyring.json").read_bytes())
    assert {k.split("\x00")[1]: json.loads(v)["token"] for k, v in stored.items()} == tokens
    listed = run_cli(Job(("profiles", "--json"), env))
    profiles = json.loads(listed.stdout)["profiles"]
    assert [p["name"] for p in profiles] == sorted(tokens)
    assert sum(p["default"] for p in profiles) == 1
