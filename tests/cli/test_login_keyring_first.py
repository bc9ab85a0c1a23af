"""``cftui login`` checks the keyring before it asks for a secret, and says the choices at once.

It used to prompt, verify the credential with Cloudflare and only then find that it could not
be stored. Real processes, the prompts on a pseudo-terminal.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cftui.commands.keyring_help import UNLOCK_LINE, choices
from tests.cli.test_cli_streams import Terminal
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import Job, cli_env, run_cli

TOKEN = "cfut_" + "F1rstT0kenXyz" * 3
PROMPTS = (b"Log in with an API token", b"[t]oken or [g]lobal key", b"API token (input hidden)")


@pytest.mark.parametrize(
    ("backend", "says", "next_step"),
    [
        (
            "keyring.backends.fail.Keyring",
            "no keyring backend is available",
            "- a Secret Service for this shell: `dbus-run-session -- bash`",
        ),
        ("tests.support.keyrings.LockedKeyring", "the keyring is locked", UNLOCK_LINE),
        ("keyring.backends.null.Keyring", "the keyring is disabled", "Choices:"),
        ("tests.support.keyrings.CrashingKeyring", "the keyring backend failed", "Choices:"),
    ],
    ids=["none", "locked", "disabled", "crashing"],
)
def test_a_keyring_that_cannot_keep_it_is_said_before_any_prompt(
    fake_api: FakeApi, tmp_path: Path, backend: str, says: str, next_step: str
) -> None:
    url = fake_api.base_url("ok", fresh=True)
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=url, PYTHON_KEYRING_BACKEND=backend)
    term = Terminal(("login",), env, command=False)
    try:
        code, screen = term.finish()
    finally:
        term.close()
    assert code == 7, screen
    assert (
        f"Could not open the keyring to save profile 'default' before asking for its secret: {says}"
        in (" ".join(screen.split()))
    )
    assert next_step in screen
    assert "`cftui doctor` checks each step." in screen
    for prompt in PROMPTS:
        assert prompt.decode() not in screen
    assert fake_api.hits(url) == 0
    assert not (tmp_path / "config" / "config.json").exists()


def test_token_stdin_is_not_read_or_sent_without_a_keyring(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    url = fake_api.base_url("ok", fresh=True)
    env = cli_env(
        tmp_path, CLOUDFLARE_BASE_URL=url, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring"
    )
    run = run_cli(Job(("login", "--token-stdin"), env, TOKEN.encode()))
    assert run.code == 7, str(run)
    lines = run.stderr.splitlines()
    assert lines[1 : 1 + len(choices().splitlines())] == choices().splitlines()
    assert fake_api.hits(url) == 0
    assert TOKEN not in run.stderr + run.stdout


def test_a_working_keyring_still_prompts(fake_api: FakeApi, tmp_path: Path) -> None:
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))
    term = Terminal(("login",), env, command=False)
    try:
        term.wait_for(b"[t]oken or [g]lobal key? [t] ")
        term.send(b"\r")
        term.wait_for(b"API token (input hidden): ")
        term.send(TOKEN.encode() + b"\r")
        code, screen = term.finish()
    finally:
        term.close()
    assert code == 0, screen
    assert "Saved profile 'default'" in screen
