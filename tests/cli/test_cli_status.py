"""``cftui status``: every credential's verdict at once. Real processes against the fake API's
fleet, whose answers depend on the credential sent (``tests.support.fake.fleet``); profiles
are written straight to the index and the file keyring (``tests.support.fleet_profiles``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.fake.fleet import GLOBAL_EMAIL, GLOBAL_KEY, TOKENS, Hold
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import CliRun, Job, cli_env, run_cli
from tests.support.fleet_profiles import save_fleet

TIMEOUT = "8"  # the slow persona times out at this; the others have ample time


def status(env: dict[str, str], *args: str) -> CliRun:
    return run_cli(Job(("status", "--timeout", TIMEOUT, *args), env))


def fleet_env(api: FakeApi, home: Path, **extra: str) -> dict[str, str]:
    return cli_env(home, CLOUDFLARE_BASE_URL=api.base_url("fleet"), **extra)


def blocks(out: str) -> dict[str, list[str]]:
    """Each block's header (``name (marks): verdict``) -> its rows."""
    found: dict[str, list[str]] = {}
    for block in out.strip().split("\n\n"):
        head, *rows = block.splitlines()
        found[head] = [row.strip() for row in rows]
    return found


def credentials(run: CliRun) -> dict[str, dict[str, Any]]:
    doc = json.loads(run.out)
    assert doc["schema"] == 1 and set(doc) == {"schema", "credentials"}
    return {c["name"]: c for c in doc["credentials"]}


def test_a_mixed_fleet_says_each_verdict_and_exits_4(fake_api: FakeApi, tmp_path: Path) -> None:
    personas = ["good", "expiring", "account", "no_members", "rejected", "slow", "global"]
    save_fleet(tmp_path, {p: p for p in personas}, default="good")
    env = fleet_env(fake_api, tmp_path, CLOUDFLARE_API_TOKEN=TOKENS["no_tokens_read"])
    done = status(env)
    assert done.code == 4, done
    shown = blocks(done.stdout)
    assert list(shown) == [
        "environment (in use): ok",
        "account: ok",
        "expiring: expiring",
        "global: ok",
        "good (default): ok",
        "no_members: ok",
        "rejected: rejected",
        "slow: unreachable",
    ]
    assert "secret in   CLOUDFLARE_API_TOKEN" in shown["environment (in use): ok"]
    assert "lacks       API Tokens Read" in shown["environment (in use): ok"]
    good = shown["good (default): ok"]
    assert good == [
        "secret in   keyring (tests.support.keyrings.FileKeyring)",
        "kind        user API token cfut…0ken",
        "whose       ada@example.com",
        "token       active, expires 2027-01-10, in 42 days",
        "accounts    4 accounts, 1 pending invitation",
    ]
    assert "whose       Okafor Studio" in shown["account: ok"]
    assert "kind        account API token cfat…0unt" in shown["account: ok"]
    assert "token       a Global API key cannot be verified for expiry" in shown["global: ok"]
    assert "lacks       Memberships Read" in shown["no_members: ok"]
    assert any(row.startswith("why") for row in shown["rejected: rejected"])
    assert "token       active, expires 2026-12-04, in 5 days" in shown["expiring: expiring"]
    assert "cftui: warning: expiring: the token expires 2026-12-04, in 5 days" in done.stderr
    assert all(len(line) <= 80 for line in done.stdout.splitlines())


def test_the_json_has_every_field_and_no_secret(fake_api: FakeApi, tmp_path: Path) -> None:
    save_fleet(tmp_path, {"work": "good", "soon": "expiring", "ci": "account"}, default="work")
    done = status(fleet_env(fake_api, tmp_path), "--json")
    assert done.code == 0, done
    found = credentials(done)
    assert list(found) == ["ci", "soon", "work"]
    assert found["work"] == {
        "name": "work",
        "profile": "work",
        "default": True,
        "in_use": True,
        "secret_location": "keyring (tests.support.keyrings.FileKeyring)",
        "masked": "cfut…0ken",
        "verdict": "ok",
        "kind": "user_token",
        "whose": "ada@example.com",
        "token_status": "active",
        "expires_on": "2027-01-10T15:30:00Z",
        "days_left": 42,
        "never_expires": False,
        "accounts": 4,
        "accounts_at_least": False,
        "pending_invitations": 1,
        "missing_permissions": [],
        "reason": None,
        "note": None,
    }
    assert (found["soon"]["verdict"], found["soon"]["days_left"]) == ("expiring", 5)
    assert (found["ci"]["kind"], found["ci"]["whose"]) == ("account_token", "Okafor Studio")
    assert "warning: soon" in done.stderr
    for token in TOKENS.values():
        assert token not in done.stdout and token[:8] not in done.stdout


@pytest.mark.parametrize(
    ("profiles", "env", "code"),
    [
        ({"a": "good"}, {}, 0),
        ({"a": "good", "b": "expiring"}, {}, 0),
        ({"a": "good", "b": "rejected", "c": "slow"}, {}, 4),
        ({"a": "good", "b": "slow"}, {}, 5),
        ({}, {}, 3),
        ({}, {"CLOUDFLARE_EMAIL": GLOBAL_EMAIL, "CLOUDFLARE_API_KEY": GLOBAL_KEY}, 0),
    ],
)
def test_exit_codes(
    fake_api: FakeApi, tmp_path: Path, profiles: dict[str, str], env: dict[str, str], code: int
) -> None:
    save_fleet(tmp_path, profiles, default=next(iter(profiles), None))
    done = status(fleet_env(fake_api, tmp_path, **env))
    assert done.code == code, done


def test_nothing_to_check_says_so(fake_api: FakeApi, tmp_path: Path) -> None:
    done = status(fleet_env(fake_api, tmp_path))
    assert done.code == 3, done
    assert "cftui: nothing to check" in done.stderr, done
    assert not done.stdout
    assert credentials(status(fleet_env(fake_api, tmp_path), "--json")) == {}


def test_a_profile_whose_secret_is_gone_is_missing(fake_api: FakeApi, tmp_path: Path) -> None:
    save_fleet(tmp_path, {"a": "good", "gone": "good"}, default="a", without_secret=["gone"])
    done = status(fleet_env(fake_api, tmp_path), "--json")
    assert done.code == 3, done
    found = credentials(done)
    assert found["a"]["verdict"] == "ok"
    assert found["gone"]["verdict"] == "missing"
    assert "no secret" in found["gone"]["reason"]


def test_a_locked_keyring_is_7_unless_the_environment_has_a_credential(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    save_fleet(tmp_path, {"a": "good", "b": "good"}, default="a")
    locked = {"PYTHON_KEYRING_BACKEND": "tests.support.keyrings.LockedKeyring"}
    done = status(fleet_env(fake_api, tmp_path, **locked))
    assert done.code == 7, done
    assert list(blocks(done.stdout)) == ["a (default, in use): locked", "b: locked"]
    assert "keyring" in done.stderr
    with_env = status(fleet_env(fake_api, tmp_path, CLOUDFLARE_API_TOKEN=TOKENS["good"], **locked))
    assert with_env.code == 0, with_env
    assert list(blocks(with_env.stdout)) == [
        "environment (in use): ok",
        "a (default): locked",
        "b: locked",
    ]


def test_profile_checks_one_profile_only(fake_api: FakeApi, tmp_path: Path) -> None:
    save_fleet(tmp_path, {"a": "good", "b": "rejected"}, default="a")
    env = fleet_env(fake_api, tmp_path, CLOUDFLARE_API_TOKEN=TOKENS["rejected"])
    done = status(env, "--profile", "a")
    assert done.code == 0, done
    assert list(blocks(done.stdout)) == ["a (default, in use): ok"]
    unknown = status(env, "--profile", "nope")
    assert unknown.code == 3, unknown
    assert "'nope'" in unknown.stderr and "a, b" in unknown.stderr


def test_status_never_changes_the_profiles(fake_api: FakeApi, tmp_path: Path) -> None:
    save_fleet(tmp_path, {"a": "good", "b": "rejected", "gone": "good"}, without_secret=["gone"])
    files = [tmp_path / "config" / "config.json", tmp_path / "keyring.json"]
    before = [f.read_bytes() for f in files]
    status(fleet_env(fake_api, tmp_path))
    assert [f.read_bytes() for f in files] == before


def test_every_check_is_in_flight_at_once(tmp_path: Path) -> None:
    """The fake holds each answer until all four credentials' first requests have come: checks
    made one after another would never get past the first (the hold gives up after 30 s and
    the test fails)."""
    personas = ["good", "expiring", "account", "no_members"]
    save_fleet(tmp_path, {p: p for p in personas}, default="good")
    with FakeApi(delay=5.0) as api:
        api.fleet_hold = hold = Hold(personas, timeout=30.0)
        done = run_cli(Job(("status", "--timeout", "60"), fleet_env(api, tmp_path)))
    assert not hold.broken, hold.arrived
    assert sorted(hold.arrived) == sorted(personas)
    assert done.code == 0, done


def test_the_demo_has_a_fleet_of_four(tmp_path: Path) -> None:
    done = run_cli(Job(("--demo", "status"), cli_env(tmp_path)))
    assert done.code == 0, done
    assert list(blocks(done.stdout)) == [
        "personal: expiring",
        "reports: ok",
        "studio-ci: ok",
        "work (default, in use): ok",
    ]
    assert "warning: personal" in done.stderr
