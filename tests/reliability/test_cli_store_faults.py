"""Through the real CLI: a failed login or logout loses nothing and says exactly what happened.

Each run is a subprocess (``python -m cftui``) against the fake API on loopback, over a home
where ``cftui login --profile work`` has saved a working token
(``tests.support.keyrings.FileKeyring``, so the keyring's bytes can be compared). The faulty
keyrings are in ``tests/support/keyrings.py``.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cftui.core.redact import mask, normalize
from tests.cli.test_cli_keyring_config import NEW, OLD, Stored, assert_clean, copy_home, seed
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import REPO, CliRun, Job, cli_env, run_all, run_cli
from tests.support.waiting import DEADLINE, end, poll

RELOGIN = ("login", "--profile", "work", "--token-stdin")

K = "tests.support.keyrings."
# backend -> what the first line of stderr ends with
LIARS = {
    K + "TruncatingKeyring": "but gave back something else (is the keyring disabled "
    "or broken?). The secret of profile 'work' was not touched.",
    K + "AlteringKeyring": "but gave back something else (is the keyring disabled "
    "or broken?). The secret of profile 'work' was not touched.",
    K + "StoreThenFailKeyring": "the keyring refused to store it. The secret of "
    "profile 'work' was not touched.",
    K + "GlitchKeyring": "but gave back something else (is the keyring disabled or "
    "broken?). The previous secret of profile 'work' is in place.",
}


@pytest.fixture(scope="module")
def stored(fake_api: FakeApi, tmp_path_factory: pytest.TempPathFactory) -> Stored:
    return seed(fake_api, tmp_path_factory.mktemp("seed") / "home")


def whoami_works(api: FakeApi, home: Path) -> bool:
    env = cli_env(home, CLOUDFLARE_BASE_URL=api.base_url("ok"))
    run = run_cli(Job(("whoami", "--profile", "work"), env))
    return run.code == 0 and f"profile work (API token {mask(OLD)})" in run.stdout


def test_a_relogin_on_a_lying_keyring_keeps_the_working_secret(
    fake_api: FakeApi, stored: Stored, tmp_path: Path
) -> None:
    homes = [copy_home(stored, tmp_path / str(n)) for n in range(len(LIARS))]
    jobs = [
        Job(
            RELOGIN,
            cli_env(h.home, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"), PYTHON_KEYRING_BACKEND=b),
            NEW.encode(),
        )
        for h, b in zip(homes, LIARS, strict=True)
    ]
    for home, backend, run in zip(homes, LIARS, run_all(jobs), strict=True):
        assert run.code == 7, str(run)
        assert run.stdout == ""
        assert run.stderr.splitlines()[0].endswith(LIARS[backend]), str(run)
        assert home.unchanged(), backend
        assert whoami_works(fake_api, home.home), backend
        assert_clean(run)


FAILING_REPLACE = """
import os, sys
def refuse(src, dst):
    raise OSError(28, "No space left on device")
os.replace = refuse
from cftui.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_logout_whose_index_write_fails_deletes_nothing(
    fake_api: FakeApi, stored: Stored, tmp_path: Path
) -> None:
    home = copy_home(stored, tmp_path / "home")
    done = subprocess.run(
        [sys.executable, "-c", FAILING_REPLACE, "logout", "--profile", "work"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=cli_env(home.home),
        cwd=REPO,
        timeout=60,
        check=False,
    )
    run = CliRun(("logout", "--profile", "work"), done.returncode, done.stdout, done.stderr)
    assert run.code == 3, str(run)
    message, hint = run.stderr.splitlines()
    assert message == (
        f"cftui: Could not write the profile index {home.config_path}: No space left on device."
    )
    assert hint.endswith("nothing was changed.")
    assert home.unchanged()
    assert whoami_works(fake_api, home.home)
    assert_clean(run)


def test_a_logout_whose_secret_delete_fails_says_so_and_a_second_one_finishes(
    stored: Stored, tmp_path: Path
) -> None:
    home = copy_home(stored, tmp_path / "home")
    failing = cli_env(home.home, PYTHON_KEYRING_BACKEND=K + "DeleteFailingFileKeyring")
    first = run_cli(Job(("logout", "--profile", "work"), failing))
    assert first.code == 7, str(first)
    assert first.stderr.splitlines()[0] == (
        "cftui: Removed profile 'work' from the profile index, but could not delete the secret "
        "of profile 'work' from the system keyring: the keyring refused to delete it. Its "
        "secret is still in the keyring: run `cftui logout --profile work` again once the "
        "keyring works to delete it."
    )
    assert json.loads(home.config_path.read_bytes())["profiles"] == {}
    assert (home.home / "keyring.json").read_bytes() == home.keyring  # the secret is kept

    second = run_cli(Job(("logout", "--profile", "work"), cli_env(home.home)))
    assert second.code == 0, str(second)
    assert second.stdout == (
        "Deleted the secret of profile 'work' from the OS keyring "
        "(the profile itself was already gone).\n"
    )
    assert json.loads((home.home / "keyring.json").read_bytes()) == {}
    third = run_cli(Job(("logout", "--profile", "work"), cli_env(home.home)))
    assert third.code == 3 and "There is no profile named 'work'" in third.stderr, str(third)
    for run in (first, second, third):
        assert_clean(run)


@pytest.mark.parametrize(
    ("backend", "says"),
    [
        (K + "ReadQuotingKeyring", "the keyring reported an error"),
        (K + "ZeroWidthQuotingKeyring", "the keyring reported an error"),
        (K + "PercentQuotingKeyring", "the keyring reported an error"),
        (K + "Base64QuotingKeyring", "the keyring reported an error"),
        (K + "BytesKeyring", "the keyring backend returned bytes, not text"),
    ],
)
def test_a_keyring_that_gives_back_garbage_is_exit_7_without_a_leak(
    fake_api: FakeApi, stored: Stored, tmp_path: Path, backend: str, says: str
) -> None:
    home = copy_home(stored, tmp_path / "home")
    env = cli_env(home.home, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))
    env["PYTHON_KEYRING_BACKEND"] = backend
    runs = run_all(
        [
            Job(("whoami", "--profile", "work", "--debug"), env),
            Job((*RELOGIN, "--debug"), env, NEW.encode()),
            Job(("logout", "--profile", "work", "--debug"), env),
        ]
    )
    for run in runs:
        assert run.code == 7, str(run)
        message = next(line for line in run.stderr.splitlines() if line.startswith("cftui: "))
        assert says in message, str(run)
        assert "detail: backend " in run.stderr  # --debug still says what the backend said
        assert_clean(run)
        seen = normalize(run.stderr)  # as the terminal shows it, percent-escapes read
        assert not any(secret[:8] in seen for secret in (OLD, NEW)), str(run)
    assert home.unchanged()


def test_the_results_table_names_every_lying_keyring() -> None:
    """tests/README.md lists each fault these tests rehearse: a backend added here must be."""
    import tests.support.keyrings as backends

    text = (REPO / "tests" / "README.md").read_text(encoding="utf-8")
    liars = [
        name
        for name, cls in vars(backends).items()
        if isinstance(cls, type)
        and issubclass(cls, backends.FileKeyring)
        and name != "FileKeyring"
        and not name.startswith("_")
    ]
    assert len(liars) >= 8
    missing = [name for name in liars if f"`{name}`" not in text]
    assert missing == []


# The index write waits (as on a stalled disk) after the keyring took the new secret; the
# test sends the signal then. A marker file says the write has begun.
STALLED_REPLACE = """
import os, sys, time
from pathlib import Path
def stall(src, dst):
    Path(os.environ["STALL_MARKER"]).touch()
    time.sleep(600)
os.replace = stall
from cftui.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_login_killed_after_the_keyring_write_puts_the_old_secret_back(
    fake_api: FakeApi, stored: Stored, tmp_path: Path, signum: int
) -> None:
    """`kill`, a shutdown or a dropped SSH session between the keyring write and the index
    write: the previous secret is put back before cftui exits (128 + the signal)."""
    home = copy_home(stored, tmp_path / "home")
    marker = tmp_path / "stalled"
    env = cli_env(home.home, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"), STALL_MARKER=str(marker))
    secret = tmp_path / "token.txt"
    secret.write_text(NEW)
    with secret.open("rb") as stdin:
        proc = subprocess.Popen(
            [sys.executable, "-c", STALLED_REPLACE, *RELOGIN],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=REPO,
        )
    try:
        poll(marker.exists, "the index write to begin")
        stolen = json.loads((home.home / "keyring.json").read_bytes())
        assert NEW in next(iter(stolen.values()))  # the new secret is in the keyring now
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=DEADLINE)
    finally:
        end(proc)
    name = signal.Signals(signum).name
    assert proc.returncode == 128 + signum, err
    assert err.decode().splitlines()[-1] == f"cftui: stopped by {name}."
    assert out == b""
    assert home.unchanged()  # the old secret is back, byte for byte; no index change
    assert sorted(p.name for p in home.config_path.parent.iterdir()) == [
        "config.json",
        "config.json.lock",
    ]  # and no temp file left
    assert whoami_works(fake_api, home.home)
