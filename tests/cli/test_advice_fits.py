"""Advice that fits the situation: the step it gives works where it is given.

A refused credential from the environment names the variable (a login would change nothing:
the variable wins); one from a profile still says to log in again. Doctor without a keyring
does not send the user to a login that would exit 7. ``--demo whoami`` points at
``cftui --demo invites``, which lists the demo's invitations and says it cannot answer them.
The login prompt names every permission cftui uses and the page to create the token on.
Real processes against the fake API on loopback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli_streams import Terminal
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import Job, cli_env, run_cli

TOKEN = "cfut_AdviceFitsTEST0123456789abcdefghijklmno"
EMAIL = "ada@example.com"
GLOBAL_KEY = "0123456789abcdef0123456789abcdef01234"
TOKEN_STEP = (
    "The API token came from CLOUDFLARE_API_TOKEN: correct it, or unset it to use a saved "
    "profile (cftui login saves one)."
)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("scenario", "kept"),
    [
        ("auth_9109", "it needs the permission User → User Details → Read"),
        ("auth_10000", "check it under My Profile → API Tokens."),
        ("auth_6003", "If it is a Global API key, set CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY"),
        ("auth_9106", "Cloudflare found no credentials it recognises"),
    ],
)
def test_a_refused_token_from_the_environment_names_the_variable(
    fake_api: FakeApi, tmp_path: Path, scenario: str, kept: str
) -> None:
    url = fake_api.base_url(scenario)
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=TOKEN)
    run = run_cli(Job(("whoami",), env))
    assert run.code == 4, run
    said = _flat(run.stderr)
    assert said.endswith(TOKEN_STEP), said
    assert kept in said
    assert "log in again" not in said.lower() and "(cftui login)" not in said
    as_json = run_cli(Job(("whoami", "--json"), env))
    assert json.loads(as_json.stdout)["error"]["hint"].endswith(TOKEN_STEP)


def test_a_refused_global_key_from_the_environment_names_both_variables(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    env = cli_env(
        tmp_path,
        CLOUDFLARE_BASE_URL=fake_api.base_url("auth_9103"),
        CLOUDFLARE_EMAIL=EMAIL,
        CLOUDFLARE_API_KEY=GLOBAL_KEY,
    )
    for args in (("whoami",), ("invites",)):
        run = run_cli(Job(args, env))
        assert run.code == 4, run
        assert _flat(run.stderr).endswith(
            "The email and Global API key came from CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY: "
            "correct them, or unset them to use a saved profile (cftui login saves one)."
        ), run.stderr


def test_a_refused_profile_still_says_to_log_in_again(fake_api: FakeApi, tmp_path: Path) -> None:
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))
    login = run_cli(Job(("login", "--token-stdin"), env, TOKEN.encode()))
    assert login.code == 0, login
    refused = {**env, "CLOUDFLARE_BASE_URL": fake_api.base_url("auth_10000")}
    run = run_cli(Job(("whoami",), refused))
    assert run.code == 4, run
    assert "or log in again with cftui login." in _flat(run.stderr)
    assert "CLOUDFLARE_API_TOKEN" not in run.stderr


def test_login_names_a_backend_that_is_no_os_keyring(fake_api: FakeApi, tmp_path: Path) -> None:
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))
    run = run_cli(Job(("login", "--token-stdin"), env, TOKEN.encode()))
    assert run.code == 0, run
    # the suite's own keyring is no OS keyring (the encrypted file: test_cryptfile_derivations)
    assert "in the keyring of tests.support.keyrings.FileKeyring." in run.stdout
    assert "OS keyring" not in run.stdout


def test_doctor_without_a_keyring_gives_a_step_that_works(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    env = cli_env(
        tmp_path,
        CLOUDFLARE_BASE_URL=fake_api.base_url("ok"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    run = run_cli(Job(("doctor",), env))
    assert run.code == 7, run
    said = _flat(run.stdout)
    assert "→ Set CLOUDFLARE_API_TOKEN: `cftui login` needs the keyring, which does not work" in (
        said
    )
    with_token = run_cli(Job(("doctor",), {**env, "CLOUDFLARE_API_TOKEN": TOKEN}))
    assert with_token.code == 0, with_token
    later = _flat(with_token.stdout)
    assert "To save profiles later, first make a keyring work" in later
    assert "or `cftui login`" not in later


def test_demo_whoami_points_at_demo_invites_which_lists_them(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    whoami = run_cli(Job(("--demo", "whoami"), env))
    assert whoami.code == 0, whoami
    assert "2 invitations waiting (cftui --demo invites)" in whoami.stdout
    for args in (("--demo", "invites"), ("invites", "--demo")):
        run = run_cli(Job(args, env))
        assert run.code == 0, run
        assert run.stdout.startswith("2 pending invitations:")
        assert "Harbourline Events" in run.stdout and "Lambda Collective" in run.stdout
        assert "accept ID" not in run.stdout  # it cannot: it says where they are answered
        assert run.stdout.splitlines()[-1].startswith("Listed only: the app answers the demo's")
    as_json = run_cli(Job(("--demo", "invites", "--json"), env))
    doc = json.loads(as_json.stdout)
    assert doc["schema"] == 1 and len(doc["invitations"]) == 2


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_demo_invites_cannot_answer_and_says_so(tmp_path: Path, action: str) -> None:
    run = run_cli(
        Job(("--demo", "invites", action, "a5c7e9b1d3f54a8c0e2b4d6f8a0c2ec0"), cli_env(tmp_path))
    )
    assert run.code == 2, run
    assert run.stderr.startswith(
        "cftui: `cftui --demo invites` cannot answer invitations: it lists the demo's only."
    )
    assert "drop --demo to answer your own" in run.stderr


def test_demo_with_a_profile_is_refused_for_invites(tmp_path: Path) -> None:
    run = run_cli(Job(("--demo", "--profile", "work", "invites"), cli_env(tmp_path)))
    assert run.code == 2 and "not a profile's" in run.stderr


def test_the_login_prompt_names_every_permission_and_the_page(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))
    term = Terminal(("login",), env, command=False)
    try:
        term.wait_for(b"[t]oken or [g]lobal key? [t] ")
        term.send(b"\x04")  # Ctrl-D: nothing more is needed
        _code, screen = term.finish()
    finally:
        term.close()
    lines = screen.replace("\r", "").splitlines()
    assert "Create a token at https://dash.cloudflare.com/profile/api-tokens" in lines
    assert "  User Details: Read  who you are (required)" in lines
    assert "  Memberships: Read   your accounts and invitations" in lines
    assert "  API Tokens: Read    your API tokens and what they may do" in lines
    assert all(len(line) <= 80 for line in lines)


def test_doctor_names_the_variable_of_a_refused_token_from_the_environment(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    env = cli_env(
        tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("auth_10000"), CLOUDFLARE_API_TOKEN=TOKEN
    )
    run = run_cli(Job(("doctor",), env))
    assert run.code == 4, run
    said = _flat(run.stdout)
    assert TOKEN_STEP in said and "log in again" not in said
