"""What cftui says on stderr is marked as cftui's and says what happened, not more.

Every line a message starts with ``cftui:``; a login that stops at the keyring check, before
any secret is asked for or read, does not say it could not *store* the secret.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.fake.server import FakeApi
from tests.support.fault_harness import Job, cli_env, run_cli

TOKEN = "cfut_StderrWordsTEST0123456789abcdefghijklmn"


def test_profiles_says_its_lines_as_cftui(fake_api: FakeApi, tmp_path: Path) -> None:
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))
    for name in ("home", "work"):
        args = ("login", "--profile", name, "--token-stdin")
        assert run_cli(Job(args, env, TOKEN.encode())).code == 0
    switched = run_cli(Job(("profiles", "switch", "home"), env))
    assert switched.code == 0, switched
    assert switched.stderr == "cftui: 'home' is now the default profile.\n"
    with_env = run_cli(Job(("profiles",), {**env, "CLOUDFLARE_API_TOKEN": TOKEN}))
    assert with_env.code == 0, with_env
    assert with_env.stderr.startswith(
        "cftui: note: Cloudflare credentials are set in the environment;"
    )


def test_a_login_stopped_before_the_secret_does_not_say_it_could_not_store_it(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    url = fake_api.base_url("ok", fresh=True)
    env = cli_env(
        tmp_path, CLOUDFLARE_BASE_URL=url, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring"
    )
    run = run_cli(Job(("login", "--token-stdin"), env, TOKEN.encode()))
    assert run.code == 7, run
    first = run.stderr.splitlines()[0]
    assert first.startswith(
        "cftui: Could not open the keyring to save profile 'default' before asking for its "
        "secret: no keyring backend is available"
    ), first
    assert "store" not in first
    assert fake_api.hits(url) == 0  # nothing was read, let alone sent
