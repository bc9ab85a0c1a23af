"""``cftui profiles`` says whose each profile is, ``profiles switch`` picks the default, and
``login`` warns when the environment's credential would win over what it saved. Real
processes against the fake API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.fake.server import FakeApi
from tests.support.fault_harness import CliRun, Job, cli_env, run_cli

TOKEN = "cfut_" + "Own3rT0kenXyz" * 3
ENV_TOKEN = "cfut_" + "EnvT0kenAbcd" * 3
GLOBAL_KEY = "0123456789abcdef0123456789abcdef01234"
WARNING = "cftui: warning:"


def _login(env: dict[str, str], name: str, *extra: str) -> CliRun:
    done = run_cli(Job(("login", "--profile", name, "--token-stdin", *extra), env, TOKEN.encode()))
    assert done.code == 0, done
    return done


def _secrets_absent(*texts: str) -> None:
    for text in texts:
        assert TOKEN not in text and ENV_TOKEN not in text and GLOBAL_KEY not in text


def test_profiles_show_whose_each_is(fake_api: FakeApi, tmp_path: Path) -> None:
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))
    _login(env, "work")
    _login(cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("empty")), "bare")
    index = tmp_path / "config" / "config.json"
    doc = json.loads(index.read_text())
    doc["profiles"]["old"] = {"kind": "token", "email": None}  # saved by an older cftui
    index.write_text(json.dumps(doc))

    listed = run_cli(Job(("profiles",), env))
    assert listed.code == 0, listed
    lines = {line.split()[0]: line for line in listed.stdout.splitlines()}
    assert lines["work"].endswith("ada.lovelace@example.com, verified 2026-11-29"), listed
    assert "(default)" in lines["work"]
    assert lines["bare"].endswith("email unknown, verified 2026-11-29"), listed
    assert lines["old"].endswith("not recorded"), listed

    as_json = run_cli(Job(("profiles", "--json"), env))
    shown = json.loads(as_json.out)
    assert shown["schema"] == 1
    found = {p["name"]: (p["verified_email"], p["verified_on"]) for p in shown["profiles"]}
    assert found == {
        "work": ("ada.lovelace@example.com", "2026-11-29"),
        "bare": (None, "2026-11-29"),
        "old": (None, None),
    }
    _secrets_absent(index.read_text(), listed.stdout, listed.stderr, as_json.stdout)


def test_profiles_switch_makes_a_profile_the_default(fake_api: FakeApi, tmp_path: Path) -> None:
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))
    _login(env, "work")
    _login(env, "home")

    unknown = run_cli(Job(("profiles", "switch", "nope"), env))
    assert unknown.code == 3, unknown
    assert "'nope'" in unknown.stderr and "home, work" in unknown.stderr

    switched = run_cli(Job(("profiles", "switch", "home"), env))
    assert switched.code == 0, switched
    assert "'home' is now the default profile." in switched.stderr
    names = run_cli(Job(("profiles", "--json"), env))
    assert [p["name"] for p in json.loads(names.out)["profiles"] if p["default"]] == ["home"]

    back = run_cli(Job(("profiles", "--set-default", "work"), env))  # the older spelling
    assert back.code == 0, back
    assert "'work' is now the default profile." in back.stderr


@pytest.mark.parametrize(
    "args",
    [("profiles", "switch"), ("profiles", "swich", "work"), ("profiles", "work")],
    ids=["no-name", "typo", "no-verb"],
)
def test_profiles_switch_misuse_is_a_usage_error(tmp_path: Path, args: tuple[str, ...]) -> None:
    done = run_cli(Job(args, cli_env(tmp_path)))
    assert done.code == 2, done
    assert "switch" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"CLOUDFLARE_API_TOKEN": ENV_TOKEN}, "CLOUDFLARE_API_TOKEN"),
        (
            {"CLOUDFLARE_EMAIL": "ci@example.com", "CLOUDFLARE_API_KEY": GLOBAL_KEY},
            "CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY",
        ),
    ],
    ids=["token", "global-key"],
)
def test_login_warns_when_the_environment_wins(
    fake_api: FakeApi, tmp_path: Path, variables: dict[str, str], named: str
) -> None:
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"), **variables)
    done = _login(env, "work")
    warnings = [line for line in done.stderr.splitlines() if line.startswith(WARNING)]
    assert len(warnings) == 1, done
    assert named in warnings[0] and "'work'" in warnings[0] and "--profile" in warnings[0]
    names = run_cli(Job(("profiles", "--names"), env))
    assert names.stdout.split() == ["work"]  # saved all the same
    _secrets_absent(done.stdout, done.stderr)


@pytest.mark.parametrize(
    "variables",
    [{}, {"CLOUDFLARE_API_TOKEN": ""}, {"CLOUDFLARE_EMAIL": "ci@example.com"}],
    ids=["none", "empty", "email-alone"],
)
def test_login_does_not_warn_when_the_profile_wins(
    fake_api: FakeApi, tmp_path: Path, variables: dict[str, str]
) -> None:
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"), **variables)
    done = _login(env, "work")
    assert WARNING not in done.stderr, done
