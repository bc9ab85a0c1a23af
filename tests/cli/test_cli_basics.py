"""The CLI's own behaviour, in-process: usage errors, login validation, profiles, logout."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cftui import __version__
from cftui.cli.main import main
from cftui.core.credentials.kinds import ApiToken, GlobalApiKey
from cftui.core.credentials.profiles import ProfileStore
from tests.support.keyrings import InMemoryKeyring

TOKEN = "Zq3xV8pL2mN7rT5yW1aB4cD6eF9gH0jK_sU-iO3p"  # 40 URL-safe characters
GLOBAL_KEY = "0123456789abcdef0123456789abcdef01234"  # 37 hex characters


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str], stdin: str = ""
) -> tuple[int, str, str]:
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(argv)
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"cftui {__version__}"


def test_unknown_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["whoareyou"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_secret_is_not_accepted_as_an_argument(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["login", "--token", TOKEN])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert TOKEN not in err


def test_whoami_without_credentials_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["whoami"], capsys)
    assert code == 3
    assert out == ""
    assert "cftui login" in err


def test_whoami_json_error_is_json_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["whoami", "--json"], capsys)
    assert code == 3
    doc = json.loads(out)
    assert doc["error"]["type"] == "NoCredentialsError"
    assert doc["error"]["exit_code"] == 3
    assert err.startswith("cftui: ")


def test_unknown_profile_exits_3_and_names_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(["--profile", "nope", "whoami"], capsys)
    assert code == 3
    assert "nope" in err


def test_profile_option_after_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(["whoami", "--profile", "elsewhere"], capsys)
    assert code == 3
    assert "elsewhere" in err


def test_refused_base_url_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", TOKEN)
    monkeypatch.setenv("CLOUDFLARE_BASE_URL", "http://api.example.com/client/v4")
    code, _out, err = run(["whoami"], capsys)
    assert code == 2
    assert "http" in err
    assert TOKEN not in err


@pytest.mark.parametrize(
    ("argv", "stdin", "needle"),
    [
        (["login", "--token-stdin"], "", "empty"),
        (["login", "--token-stdin"], "   \n", "empty"),
        (["login", "--token-stdin"], GLOBAL_KEY, "Global API key"),
        (["login", "--token-stdin"], "abc def", "spaces"),
        (["login", "--email", "me@example.com", "--key-stdin"], TOKEN, "API token"),
        (["login", "--email", "not-an-email", "--key-stdin"], GLOBAL_KEY, "email"),
        (["login", "--key-stdin"], GLOBAL_KEY, "--email"),
        (["login", "--token-stdin", "--email", "me@example.com"], TOKEN, "--email"),
        (["login", "--profile", "bad name!", "--token-stdin"], TOKEN, "profile name"),
    ],
)
def test_login_mistakes_are_caught_before_the_network(
    capsys: pytest.CaptureFixture[str],
    memory_keyring: InMemoryKeyring,
    argv: list[str],
    stdin: str,
    needle: str,
) -> None:
    # No CLOUDFLARE_BASE_URL: a request would go to api.cloudflare.com and be refused by
    # the test network guard with exit 5, so exit 2 proves nothing was sent.
    code, out, err = run(argv, capsys, stdin)
    assert code == 2, err
    assert needle in err
    assert out == ""
    assert memory_keyring.store == {}
    assert TOKEN not in err and GLOBAL_KEY not in err


def test_login_without_a_terminal_says_how_to_pipe(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(["login"], capsys)
    assert code == 2
    assert "--token-stdin" in err


def test_profiles_lists_saved_profiles(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = ProfileStore()
    store.save("work", ApiToken(TOKEN), make_default=True)
    store.save("legacy", GlobalApiKey("me@example.com", GLOBAL_KEY))
    code, out, _err = run(["profiles"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("work (default)  API token"), out
    assert lines[0].startswith("legacy          Global API key  me@example.com"), out
    assert "(* default)" not in out
    assert TOKEN not in out and GLOBAL_KEY not in out

    code, out, _err = run(["profiles", "--json"], capsys)
    assert code == 0
    listed = json.loads(out)
    assert listed["schema"] == 1
    doc = {p["name"]: p for p in listed["profiles"]}
    assert doc["work"] == {
        "name": "work",
        "kind": "token",
        "email": None,
        "default": True,
        "verified_email": None,
        "verified_on": None,
    }
    assert doc["legacy"]["kind"] == "global_key"
    assert doc["legacy"]["default"] is False


def test_profiles_set_default(capsys: pytest.CaptureFixture[str]) -> None:
    store = ProfileStore()
    store.save("a", ApiToken(TOKEN), make_default=True)
    store.save("b", ApiToken(TOKEN))
    code, _out, _err = run(["profiles", "--set-default", "b"], capsys)
    assert code == 0
    assert ProfileStore().default_name() == "b"
    code, _out, err = run(["profiles", "--set-default", "zzz"], capsys)
    assert code == 3
    assert "zzz" in err


def test_profiles_empty(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["profiles"], capsys)
    assert code == 0
    assert "cftui login" in out
    code, out, _err = run(["profiles", "--json"], capsys)
    assert json.loads(out) == {"schema": 1, "profiles": []}


def test_logout_removes_profile_and_secret(
    capsys: pytest.CaptureFixture[str], memory_keyring: InMemoryKeyring
) -> None:
    ProfileStore().save("work", ApiToken(TOKEN), make_default=True)
    assert memory_keyring.store
    code, out, _err = run(["logout"], capsys)
    assert code == 0
    assert "work" in out
    assert memory_keyring.store == {}
    assert ProfileStore().list_profiles() == []
    code, _out, err = run(["logout"], capsys)
    assert code == 3
    assert "--profile" in err


def test_tui_needs_a_terminal() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cftui", "--demo"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 2
    assert "terminal" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_output_cut_short_by_the_reader_is_not_an_error(tmp_path: Path) -> None:
    """`cftui profiles --json | head -1` must not end in 'internal error (BrokenPipeError)'."""
    import os

    from cftui.core.credentials.profile_index import ConfigIndex, ProfileEntry, write_index

    config = tmp_path / "cfg"
    profiles = {f"p{i}": ProfileEntry("token", None) for i in range(3000)}
    write_index(config / "config.json", ConfigIndex(default="p0", profiles=profiles))
    env = dict(os.environ, CFTUI_CONFIG_DIR=str(config))
    proc = subprocess.run(
        ["sh", "-c", f"{sys.executable} -m cftui profiles --json | head -c 10; echo; exit 0"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.stdout.startswith("{")
    assert "internal error" not in proc.stderr
    assert "Traceback" not in proc.stderr
