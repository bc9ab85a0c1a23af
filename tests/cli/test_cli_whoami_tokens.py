"""``cftui whoami`` as a subprocess against the fake API: identity, token health, credential kind.

Checks the words and the JSON a user and a script get, and from the fake API's request log
which requests were made (the token check goes alongside ``/user``; never for a Global key).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cftui.core.dates import describe_when, parse_timestamp
from cftui.core.redact import mask
from tests.cli.test_cli_imports import loaded_by
from tests.support.fake.accounts import ACCOUNT_TOKEN_ACCOUNT, TOKEN_ID, token_result
from tests.support.fake.routes import NOW, REAL_USER
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import CliRun, Job, cli_env, run_cli

TOKEN = "cfut_Wh0amiTokensTEST0123456789abcdefghijklm"
LEGACY_TOKEN = "Zq3xV8pL2mN7rT5yW1aB4cD6eF9gH0jK_sU-iO3p"
ACCOUNT_TOKEN = "cfat_Wh0amiTokensTEST0123456789abcdefghijklm"
EMAIL = "ada@example.com"
GLOBAL_KEY = "0123456789abcdef0123456789abcdef01234"
ACCOUNT_VERIFY = f"accounts/{ACCOUNT_TOKEN_ACCOUNT['id']}/tokens/verify"
OWN = f"user/tokens/{TOKEN_ID}"
"""The token's own entry (its policies), read once the verify named it."""
QUICK = ["memberships", "memberships", "user", OWN, "user/tokens/verify"]
"""The text whoami's requests, sorted: one round trip (``/user``, the verify, memberships
page 1 and the pending count), then the token reading itself."""


def whoami(
    api: FakeApi, tmp_path: Path, scenario: str, *args: str, token: str = TOKEN, **env: str
) -> tuple[CliRun, list[str]]:
    """One run against a fresh instance of ``scenario``; the paths it asked for."""
    url = api.base_url(scenario, fresh=True)
    creds = env or {"CLOUDFLARE_API_TOKEN": token}
    run = run_cli(Job(("whoami", *args), cli_env(tmp_path, CLOUDFLARE_BASE_URL=url, **creds)))
    return run, api.routes(url)


def when(health: str, key: str = "expires_on") -> str:
    """The words the CLI should use for a date of the scenario's token, on the fixed day."""
    text = token_result(NOW, health)[key]  # type: ignore[arg-type]
    return describe_when(parse_timestamp(text), NOW)


def test_a_real_shaped_account_is_named_by_its_email(fake_api: FakeApi, tmp_path: Path) -> None:
    run, routes = whoami(fake_api, tmp_path, "real_account")
    assert run.code == 0, run
    lines = run.stdout.splitlines()
    assert lines[0] == "user@example.com"  # the name is the email: not twice
    assert f"  id         {REAL_USER['id']}" in lines
    assert not any(line.startswith("  username") for line in lines)  # it is the id
    assert "  member     since 2024-05-16, profile modified 2026-02-01" in lines
    assert "  telephone  —" in lines and "  accounts   none" in lines
    assert f"  token      user API token · active, expires {when('active')}" in lines
    assert sorted(routes) == QUICK
    assert run.stderr == ""


def test_the_first_line_is_name_and_email(fake_api: FakeApi, tmp_path: Path) -> None:
    run, _ = whoami(fake_api, tmp_path, "ok")
    lines = run.stdout.splitlines()
    assert lines[0] == "Ada Lovelace <ada.lovelace@example.com>"
    assert "  username   adalovelace" in lines
    assert "  member     since 2019-03-14, profile modified 2026-10-02" in lines


@pytest.mark.parametrize(
    ("scenario", "health", "row", "warning"),
    [
        ("token_expiring", "expiring", "active, expires {exp}", "This API token expires {exp}: "),
        ("token_expired", "expired", "expired {exp}", "This API token has expired {exp}: "),
        ("token_disabled", "disabled", "disabled", "This API token is disabled: "),
        (
            "token_not_yet_valid",
            "not_yet_valid",
            "not valid until {nb}",
            "This API token is not valid until {nb}.",
        ),
    ],
)
def test_token_health_and_a_warning_line(
    fake_api: FakeApi, tmp_path: Path, scenario: str, health: str, row: str, warning: str
) -> None:
    words = {"exp": when(health) if health != "disabled" else ""}
    if health == "not_yet_valid":
        words["nb"] = when(health, "not_before")
    run, routes = whoami(fake_api, tmp_path, scenario)
    assert run.code == 0, run
    assert f"  token      user API token · {row.format(**words)}" in run.stdout.splitlines()
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"cftui: warning: {warning.format(**words)}"), run
    assert sorted(routes) == QUICK
    as_json, _ = whoami(fake_api, tmp_path, scenario, "--json")
    token = json.loads(as_json.stdout)["token"]
    expected = token_result(NOW, health)  # type: ignore[arg-type]
    assert token["status"] == expected["status"]
    assert token["expires_on"] == expected.get("expires_on")
    assert token["not_before"] == expected.get("not_before")
    assert token["health"] == health
    assert as_json.stderr == run.stderr and as_json.code == 0


@pytest.mark.parametrize("token", [LEGACY_TOKEN, ACCOUNT_TOKEN], ids=["legacy", "cfat"])
def test_an_account_token_is_explained_and_exits_4(
    fake_api: FakeApi, tmp_path: Path, token: str
) -> None:
    run, routes = whoami(fake_api, tmp_path, "account_token", token=token)
    assert run.code == 4, run
    assert run.stdout == ""
    first, hint = run.stderr.splitlines()
    assert first.startswith(
        "cftui: This is an account API token for the account Okafor Studio (active, expires "
    )
    assert "/user needs a user API token with the User Details: Read permission." in first
    assert "User Details: Read" in hint
    assert routes.index("accounts") < routes.index(ACCOUNT_VERIFY)
    assert "user" in routes and "memberships" in routes  # refused (9106): not the user's
    assert len(routes) == (6 if token == LEGACY_TOKEN else 5)  # with the pending count
    assert ("user/tokens/verify" in routes) == (token == LEGACY_TOKEN)
    as_json, _ = whoami(fake_api, tmp_path, "account_token", "--json", token=token)
    doc = json.loads(as_json.stdout)
    assert as_json.code == 4 and doc["schema"] == 1
    assert doc["error"]["exit_code"] == 4 and doc["error"]["codes"] == [9109]
    assert doc["credential"] == {
        "kind": "account_token",
        "source": "env CLOUDFLARE_API_TOKEN",
        "profile": None,
        "masked": mask(token),
        "email": None,
        "note": None,
    }
    assert doc["token"]["account"] == {"id": ACCOUNT_TOKEN_ACCOUNT["id"], "name": "Okafor Studio"}
    assert doc["token"]["status"] == "active"


def test_a_global_key_is_never_sent_to_verify(fake_api: FakeApi, tmp_path: Path) -> None:
    env = {"CLOUDFLARE_EMAIL": EMAIL, "CLOUDFLARE_API_KEY": GLOBAL_KEY}
    run, routes = whoami(fake_api, tmp_path, "ok", **env)
    assert run.code == 0, run
    assert sorted(routes) == ["memberships", "memberships", "user"]  # and no verify
    lines = run.stdout.splitlines()
    assert "  token      Global API key · never expires; can do everything your user can, " in (
        "\n".join(lines)
    )
    assert lines[-1].startswith("note: a scoped API token (My Profile → API Tokens) is safer")
    assert run.stderr == ""
    as_json, routes = whoami(fake_api, tmp_path, "ok", "--json", **env)
    doc = json.loads(as_json.stdout)
    assert sorted(routes) == ["memberships", "user"]
    assert doc["token"] is None
    assert doc["credential"]["kind"] == "global_key"
    assert doc["credential"]["masked"] == mask(GLOBAL_KEY)
    assert "never expires" in doc["credential"]["note"]
    assert doc["auth"] == "global_key"


@pytest.mark.parametrize(
    ("scenario", "reason"),
    [
        ("verify_403", "Cloudflare refused the check (HTTP 403, code 9109)"),
        ("verify_500", "Cloudflare had a problem answering (HTTP 500)"),
        ("verify_html", "Cloudflare had a problem answering (HTTP 502)"),
        ("verify_timeout", "did not send a complete answer within 3 s"),
        ("verify_malformed", "result.status should be a string, got int"),
    ],
)
def test_a_failing_token_check_stays_in_its_row(
    fake_api: FakeApi, tmp_path: Path, scenario: str, reason: str
) -> None:
    # 3 s: /user must answer in time on a busy machine; the fake API holds the check for 5.
    run, routes = whoami(fake_api, tmp_path, scenario, "--timeout", "3")
    assert run.code == 0, run
    lines = run.stdout.splitlines()
    assert lines[0] == "Ada Lovelace <ada.lovelace@example.com>"
    row = lines.index("  token      user API token · token status unknown")
    assert reason in lines[row + 1] and lines[row + 1].startswith(" " * 13)
    assert run.stderr == ""
    assert "user" in routes and "user/tokens/verify" in routes
    as_json, _ = whoami(fake_api, tmp_path, scenario, "--json", "--timeout", "3")
    doc = json.loads(as_json.stdout)
    assert as_json.code == 0 and doc["user"]["email"] == "ada.lovelace@example.com"
    assert reason in doc["token"]["error"]["reason"]
    assert set(doc["token"]) == {"account", "error"}


def test_json_is_strict_and_keeps_its_keys(fake_api: FakeApi, tmp_path: Path) -> None:
    run, _ = whoami(fake_api, tmp_path, "ok", "--json")

    def refuse(name: str) -> None:
        raise ValueError(name)

    doc = json.loads(run.stdout, parse_constant=refuse)
    assert list(doc) == [
        *("schema", "user", "credential", "token", "accounts", "memberships"),
        *("source", "profile", "auth", "ratelimit", "messages", "notes"),
    ]
    assert doc["user"]["email"] == "ada.lovelace@example.com"
    assert doc["user"]["created_on"] == "2019-03-14T09:26:53.589793Z"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", doc["token"]["expires_on"])
    assert doc["token"]["health"] == "active" and doc["token"]["days_left"] >= 40


def test_whoami_overlaps_its_requests_on_threads_not_an_event_loop(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    """Its requests at once (profile, token check, memberships) cost whoami no asyncio (tens
    of milliseconds and megabytes at start-up): the blocking client on threads.
    ``-X importtime`` lists every module loaded."""
    url = fake_api.base_url("ok", fresh=True)
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=TOKEN)
    loaded, _ = loaded_by(env, "whoami")
    assert "concurrent.futures.thread" in loaded
    assert not {name for name in loaded if name.split(".")[0] == "asyncio"}
    assert sorted(fake_api.routes(url)) == QUICK
