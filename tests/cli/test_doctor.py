"""``cftui doctor`` in the situations a user meets: each line ✓/✗/! with the next step, and the
exit code of the first failing check. Real processes against the fake API on loopback."""

from __future__ import annotations

import json
import os
import shlex
import socket
import sys
from pathlib import Path

import pytest

from cftui.commands.keyring_help import UNLOCK_LINE
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import CliRun, Job, cli_env, run_all, run_cli
from tests.support.secret_service import run_in_secret_service

TOKEN = "cfut_" + "D0ct0rT0kenQrs" * 3
NO_KEYRING = "keyring.backends.fail.Keyring"


def _closed_port() -> str:
    """A loopback URL nothing listens on: a network that refuses."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/client/v4"


def _lines(run: CliRun) -> list[str]:
    return run.stdout.splitlines()


def _entries(run: CliRun, mark_width: int = 1) -> list[tuple[str, str, str]]:
    """(mark, check name, its text flattened), the next step included in the text."""
    name_at = mark_width + 1
    text_at = name_at + 17
    entries: list[tuple[str, str, str]] = []
    for line in _lines(run)[:-1]:  # the last line sums up
        name = line[name_at:text_at].strip()
        if name:
            entries.append((line[:mark_width].strip(), name, line[text_at:].strip()))
        else:
            mark, head, text = entries[-1]
            entries[-1] = (mark, head, f"{text} {line.strip()}")
    return entries


def _starts(run: CliRun, *heads: tuple[str, str, str], mark_width: int = 1) -> None:
    """Each (mark, name, beginning of its text) is one of the checks, lined up."""
    entries = _entries(run, mark_width)
    for mark, name, start in heads:
        assert any((m, n) == (mark, name) and text.startswith(start) for m, n, text in entries), (
            f"{(mark, name, start)!r}\n{run.stdout}"
        )


def _text(run: CliRun, name: str) -> str:
    return " ".join(text for _m, n, text in _entries(run) if n == name)


def _clean(run: CliRun) -> None:
    text = run.stdout + run.stderr
    assert TOKEN not in text and TOKEN[5:15] not in text
    assert "Traceback" not in text


def _login(api: FakeApi, home: Path, **env: str) -> dict[str, str]:
    environment = cli_env(home, CLOUDFLARE_BASE_URL=api.base_url("ok"), **env)
    run = run_cli(Job(("login", "--profile", "work", "--token-stdin"), environment, TOKEN.encode()))
    assert run.code == 0, str(run)
    return environment


def test_working_keyring_and_profile(fake_api: FakeApi, tmp_path: Path) -> None:
    env = _login(fake_api, tmp_path)
    run = run_cli(Job(("doctor",), env))
    assert run.code == 0, str(run)
    _starts(
        run,
        ("", "version", "cftui "),
        ("✓", "keyring backend", "tests.support.keyrings.FileKeyring (PYTHON_KEYRING_BACKEND)"),
        ("✓", "keyring", "reachable and unlocked: a test value was stored, read back"),
        ("✓", "profile index", f"{tmp_path / 'config' / 'config.json'} (readable; 1 profile"),
        ("", "credential order", "--profile NAME, then CLOUDFLARE_API_TOKEN, then"),
        ("✓", "credential", "profile work, API token cfut…"),
        ("✓", "Cloudflare API", "http://127.0.0.1:"),
    )
    assert "(the default profile: no --profile was given" in _text(run, "credential")
    assert _text(run, "Cloudflare API").endswith("(Ada Lovelace)")
    assert _lines(run)[-1] == "Everything cftui needs works."
    probe = json.loads((tmp_path / "keyring.json").read_text())
    assert list(probe) == ["cftui\x00work"]  # the test value was deleted again
    _clean(run)


def test_no_keyring_and_not_logged_in(fake_api: FakeApi, tmp_path: Path) -> None:
    env = cli_env(
        tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"), PYTHON_KEYRING_BACKEND=NO_KEYRING
    )
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    run = run_cli(Job(("doctor",), env))
    assert run.code == 7, str(run)  # the first failing check: the keyring
    _starts(
        run,
        ("✗", "keyring backend", f"none available: {NO_KEYRING} (PYTHON_KEYRING_BACKEND; on"),
        ("✗", "credential", "none: no --profile, no CLOUDFLARE_API_TOKEN, no default"),
        ("✓", "Cloudflare API", "http://127.0.0.1:"),
    )
    backend = _text(run, "keyring backend")
    assert "→ Choices: set CLOUDFLARE_API_TOKEN instead of saving a profile" in backend
    assert "DBUS_SESSION_BUS_ADDRESS is not set" in backend
    credential = _text(run, "credential")  # not login: it would exit 7 here
    assert "→ Set CLOUDFLARE_API_TOKEN: `cftui login` needs the keyring, which does" in credential
    assert "Run `cftui login`" not in credential
    assert "asked without a credential: there is none to check" in _text(run, "Cloudflare API")
    assert _lines(run)[-1] == "2 checks failed; exit 7 (keyring backend)."


def test_locked_keyring(fake_api: FakeApi, tmp_path: Path) -> None:
    env = _login(fake_api, tmp_path)
    locked = {**env, "PYTHON_KEYRING_BACKEND": "tests.support.keyrings.LockedKeyring"}
    run = run_cli(Job(("doctor",), locked))
    assert run.code == 7, str(run)
    _starts(
        run,
        ("✓", "keyring backend", "tests.support.keyrings.LockedKeyring (PYTHON_KEYRING_BACKEND)"),
        ("✗", "keyring", "Could not read a test value from the system keyring: the keyring is"),
        ("✗", "credential", "profile work (the default profile: no --profile was given"),
    )
    assert " ".join(UNLOCK_LINE.split()) in _text(run, "keyring")
    assert "its secret is in the keyring, which does not work (see above)" in _text(
        run, "credential"
    )
    _clean(run)


def test_env_credentials_without_a_keyring(fake_api: FakeApi, tmp_path: Path) -> None:
    env = cli_env(
        tmp_path,
        CLOUDFLARE_BASE_URL=fake_api.base_url("ok"),
        PYTHON_KEYRING_BACKEND=NO_KEYRING,
        CLOUDFLARE_API_TOKEN=TOKEN,
    )
    run = run_cli(Job(("doctor",), env))
    assert run.code == 0, str(run)  # the keyring is not needed for this credential
    _starts(
        run,
        ("!", "keyring backend", f"none available: {NO_KEYRING}"),
        ("✓", "credential", "env CLOUDFLARE_API_TOKEN, API token cfut…"),
        ("✓", "Cloudflare API", "http://127.0.0.1:"),
    )
    assert "(not needed now: the credential comes from env CLOUDFLARE_API_TOKEN)" in _text(
        run, "keyring backend"
    )
    assert "it is set, and the environment comes before the default profile" in _text(
        run, "credential"
    )
    _clean(run)


def test_no_network(tmp_path: Path) -> None:
    down = _closed_port()
    for home in ("a", "b"):
        (tmp_path / home).mkdir()
    with_token = cli_env(tmp_path / "a", CLOUDFLARE_BASE_URL=down, CLOUDFLARE_API_TOKEN=TOKEN)
    nothing = cli_env(tmp_path / "b", CLOUDFLARE_BASE_URL=down)
    token_run, bare_run = run_all([Job(("doctor",), with_token), Job(("doctor",), nothing)])
    assert token_run.code == 5, str(token_run)
    _starts(
        token_run,
        ("✓", "credential", "env CLOUDFLARE_API_TOKEN"),
        ("✗", "Cloudflare API", "Could not connect to 127.0.0.1"),
    )
    assert "→ Check your network connection" in _text(token_run, "Cloudflare API")
    assert bare_run.code == 3, str(bare_run)  # the first failure is the missing credential
    _starts(
        bare_run,
        ("✗", "credential", "none"),
        ("✗", "Cloudflare API", "Could not connect to 127.0.0.1"),
    )
    _clean(token_run)


@pytest.mark.parametrize(
    ("scenario", "code", "says"),
    [
        ("auth_9109", 4, "The API token was refused"),
        ("wrong_types", 6, ""),
        ("slow", 5, "127.0.0.1 did not send a complete answer within 1 s"),
    ],
)
def test_the_api_check_says_what_the_answer_was(
    fake_api: FakeApi, tmp_path: Path, scenario: str, code: int, says: str
) -> None:
    env = cli_env(
        tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url(scenario), CLOUDFLARE_API_TOKEN=TOKEN
    )
    run = run_cli(Job(("doctor", "--timeout", "1"), env))
    assert run.code == code, str(run)
    _starts(run, ("✗", "Cloudflare API", says))
    _clean(run)


def test_a_corrupt_index_fails_only_when_it_is_needed(fake_api: FakeApi, tmp_path: Path) -> None:
    config = tmp_path / "config" / "config.json"
    config.parent.mkdir(parents=True)
    config.write_text("{ not json")
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))
    needed = run_cli(Job(("doctor",), env))
    not_needed = run_cli(Job(("doctor",), {**env, "CLOUDFLARE_API_TOKEN": TOKEN}))
    assert needed.code == 3, str(needed)
    _starts(needed, ("✗", "profile index", ""), ("✗", "credential", ""))
    assert not_needed.code == 0, str(not_needed)
    _starts(
        not_needed,
        ("!", "profile index", ""),
        ("✓", "credential", "env CLOUDFLARE_API_TOKEN"),
    )
    assert config.read_text() == "{ not json"


def test_json_and_plain_ascii(fake_api: FakeApi, tmp_path: Path) -> None:
    env = cli_env(
        tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"), PYTHON_KEYRING_BACKEND=NO_KEYRING
    )
    as_json, ascii_run = run_all(
        [Job(("doctor", "--json"), env), Job(("doctor",), {**env, "PYTHONIOENCODING": "ascii"})]
    )
    doc = json.loads(as_json.stdout)
    assert as_json.code == doc["exit_code"] == 7
    states = {c["name"]: c["state"] for c in doc["checks"]}
    assert states == {
        "version": "info",
        "keyring backend": "fail",
        "profile index": "ok",
        "credential order": "info",
        "credential": "fail",
        "Cloudflare API": "ok",
    }
    assert ascii_run.code == 7
    assert ascii_run.stdout.isascii()
    _starts(
        ascii_run,
        ("FAIL", "keyring backend", "none available"),
        ("ok", "profile index", ""),
        ("FAIL", "credential", "none"),
        mark_width=4,
    )
    assert "-> Choices:" in ascii_run.stdout


def test_an_unknown_profile(fake_api: FakeApi, tmp_path: Path) -> None:
    env = _login(fake_api, tmp_path)
    run = run_cli(Job(("doctor", "--profile", "nope"), env))
    assert run.code == 3, str(run)
    _starts(run, ("✗", "credential", "profile nope (--profile was given): There is no profile"))


@pytest.mark.secret_service
def test_a_real_secret_service_working_locked_and_unlocked_again(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    """gnome-keyring in a private D-Bus session: working; then a new session unlocked with the
    wrong password (locked); then the unlock line doctor suggests, with the right one."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDFLARE_")}
    env.update(
        CFTUI_TEST_TOKEN=TOKEN,
        CFTUI_CONFIG_DIR=str(tmp_path / "config"),
        CLOUDFLARE_BASE_URL=fake_api.base_url("ok"),
    )
    cftui = f"{shlex.quote(sys.executable)} -m cftui"
    home = tmp_path / "home"
    working = run_in_secret_service(
        [
            "sh",
            "-c",
            f'printf %s "$CFTUI_TEST_TOKEN" | {cftui} login --token-stdin >/dev/null; '
            f'{cftui} doctor; echo "== $?"',
        ],
        env,
        home,
        timeout=120,
        password="the right one",
    )
    assert working.stdout.endswith("Everything cftui needs works.\n== 0\n"), working.stdout
    assert "✓ keyring backend  keyring.backends.SecretService.Keyring (auto-detected" in (
        working.stdout
    )
    unlock = UNLOCK_LINE.replace("read -rsp 'Keyring password: ' pw && echo && ", "")
    locked = run_in_secret_service(
        [
            "sh",
            "-c",
            f'{cftui} doctor; echo "== $?"; pw="the right one"; {unlock}; '
            f'{cftui} doctor; echo "== $?"',
        ],
        env,
        home,
        timeout=120,
        password="a wrong one",
    )
    before, _, after = locked.stdout.partition("== 7\n")
    assert "✗ keyring          Could not read a test value from the system keyring: the" in (
        before
    ), locked.stdout + locked.stderr
    assert after.endswith("Everything cftui needs works.\n== 0\n"), locked.stdout
    for run in (working, locked):
        assert TOKEN not in run.stdout + run.stderr


def test_doctor_beside_racing_logins_loses_nothing(fake_api: FakeApi, tmp_path: Path) -> None:
    """A file-based keyring rewrites one file: the probe takes its turn under the index lock,
    so a login running at the same time keeps its secret."""
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))
    tokens = {f"p{n}": f"cfut_Probe{n}" + "y" * 36 for n in range(4)}
    jobs = [
        Job(("login", "--profile", n, "--token-stdin"), env, t.encode()) for n, t in tokens.items()
    ]
    jobs += [Job(("doctor", "--json"), env) for _ in range(4)]
    runs = run_all(jobs)
    assert [r.code for r in runs[:4]] == [0] * 4, "\n".join(map(str, runs))
    for doctor in runs[4:]:
        states = {c["name"]: c["state"] for c in json.loads(doctor.stdout)["checks"]}
        assert states["keyring"] == "ok", doctor.stdout
    stored = json.loads((tmp_path / "keyring.json").read_bytes())
    assert {k.split("\x00")[1]: json.loads(v)["token"] for k, v in stored.items()} == tokens
