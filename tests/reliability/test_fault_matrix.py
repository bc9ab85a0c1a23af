"""Every fake API scenario through every surface a user meets.

Surfaces: ``cftui whoami``, ``cftui whoami --json`` (real subprocesses against the fake API
on loopback), and the TUI at start, on ``r`` after good data, and in the login modal (Pilot,
with the real client). Each cell checks the exit code or the screen state, the words the user
reads, and that nothing looks like a traceback. ``tests/README.md`` has the table.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cftui.core.credentials.keystore import SERVICE
from cftui.core.redact import mask
from tests.support.fake.router import SCENARIOS
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import (
    CLI_LEGS,
    EXPECT,
    REPO,
    TOKEN,
    TUI_LEGS,
    CliRun,
    Expect,
    TuiRecord,
    cli_matrix,
    tui_run,
)

NAMES = sorted(EXPECT)
FAILING = [s for s in NAMES if EXPECT[s].code]
WORKING = [s for s in NAMES if not EXPECT[s].code]


def test_the_matrix_covers_every_scenario_and_surface() -> None:
    assert set(EXPECT) == set(SCENARIOS)
    assert len(CLI_LEGS) + len(TUI_LEGS) == 5


def test_the_results_table_lists_every_scenario() -> None:
    text = (REPO / "tests" / "README.md").read_text(encoding="utf-8")
    assert sorted(re.findall(r"^\| `(\w+)` \|", text, re.MULTILINE)) == sorted(SCENARIOS)
    cells = len(SCENARIOS) * (len(CLI_LEGS) + len(TUI_LEGS))
    assert f"| {len(SCENARIOS)} × 5 = {cells} | {cells} | 0 | 0 |" in text


@pytest.fixture(scope="module")
def cli(
    fake_api: FakeApi, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], CliRun]:
    return cli_matrix(fake_api, tmp_path_factory.mktemp("cli-matrix"))


def assert_no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text
        assert 'File "' not in text


# -- the CLI -----------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", WORKING)
def test_whoami_shows_the_user(cli: dict[tuple[str, str], CliRun], scenario: str) -> None:
    run, expect = cli[(scenario, "whoami")], EXPECT[scenario]
    assert run.code == 0, str(run)
    assert expect.says in run.stdout, str(run)
    assert f"auth       env CLOUDFLARE_API_TOKEN (API token {mask(TOKEN)})" in run.stdout, str(run)
    # every organization, merged; past one page, page 1's total_count (the summary reads no more)
    accounts = f"{expect.orgs}" if expect.orgs else "none"
    said = [line for line in run.stdout.splitlines() if line.startswith("  accounts   ")]
    assert said and re.fullmatch(rf"  accounts   {accounts}(: .*| · .*)?", said[0]), str(run)
    assert "  token      user API token · " in run.stdout, str(run)
    if expect.warns:
        (line,) = run.stderr.splitlines()
        assert line.startswith("cftui: warning: This API token "), str(run)
    else:
        assert run.stderr == ""


@pytest.mark.parametrize("scenario", WORKING)
def test_whoami_json_shows_the_user(cli: dict[tuple[str, str], CliRun], scenario: str) -> None:
    run, expect = cli[(scenario, "whoami --json")], EXPECT[scenario]
    assert run.code == 0, str(run)
    doc = json.loads(run.stdout)
    user_id = doc["user"]["id"]
    if expect.user_id is None:
        assert user_id is None
    else:
        assert user_id.startswith(expect.user_id)
    assert len(doc["user"]["organizations"] or ()) == expect.orgs
    assert (doc["source"], doc["auth"], doc["profile"]) == (
        "env CLOUDFLARE_API_TOKEN",
        "token",
        None,
    )
    assert doc["schema"] == 1
    assert doc["credential"]["kind"] == "user_token"
    assert set(doc["token"]) >= {"status", "expires_on", "not_before"} or "error" in doc["token"]
    assert run.stderr.count("\n") == int(expect.warns)


@pytest.mark.parametrize("scenario", FAILING)
def test_whoami_says_what_went_wrong(cli: dict[tuple[str, str], CliRun], scenario: str) -> None:
    run, expect = cli[(scenario, "whoami")], EXPECT[scenario]
    assert run.code == expect.code, str(run)
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert 1 <= len(lines) <= 2, run  # the message, and the next step when there is one
    assert lines[0].startswith("cftui: "), str(run)
    assert expect.says in lines[0], str(run)
    assert_no_traceback(run.stdout, run.stderr)


@pytest.mark.parametrize("scenario", FAILING)
def test_whoami_json_says_what_went_wrong(
    cli: dict[tuple[str, str], CliRun], scenario: str
) -> None:
    run, expect = cli[(scenario, "whoami --json")], EXPECT[scenario]
    assert run.code == expect.code, str(run)
    error = json.loads(run.stdout)["error"]
    assert error["exit_code"] == expect.code
    assert expect.says in error["message"]
    assert run.stderr.splitlines()[0] == f"cftui: {error['message']}"
    assert_no_traceback(run.stdout, run.stderr)


# -- the TUI -----------------------------------------------------------------------------------


def assert_fresh(record: TuiRecord, expect: Expect) -> None:
    """The status bar says the data is new; a token worth a warning comes first."""
    if expect.warns:
        assert record.status.startswith("⚠ token "), record.status
        assert " · updated 0 s ago" in record.status, record.status
    else:
        assert record.status.startswith("updated 0 s ago"), record.status


def assert_clean(record: TuiRecord) -> None:
    assert_no_traceback(record.screen, *record.notes, *record.logs)
    assert record.problem is None or record.problem.kind != "internal", record.problem


def assert_problem(record: TuiRecord, scenario: str) -> None:
    expect, problem = EXPECT[scenario], record.problem
    assert problem is not None, record.on_screen
    assert problem.kind == expect.kind
    assert problem.exit_code == expect.code
    assert expect.says in problem.message


@pytest.mark.parametrize("scenario", NAMES)
async def test_tui_start(fake_api: FakeApi, tmp_path: Path, scenario: str) -> None:
    record = await tui_run(fake_api, scenario, "TUI start", tmp_path)
    expect, screen = EXPECT[scenario], record.on_screen
    assert "source env CLOUDFLARE_API_TOKEN" in screen
    assert expect.on_screen in screen, screen
    if expect.code == 0:
        assert record.shows_data and record.problem is None, screen
        assert record.orgs == expect.orgs
        assert_fresh(record, expect)
    else:
        assert_problem(record, scenario)
        assert not record.shows_data
        assert record.problem is not None and record.problem.title in screen
        assert "retry (r)" in screen  # every failure from the API offers the next step
        if expect.kind == "rate_limited":
            assert "Retry in " in screen
    assert_clean(record)


@pytest.mark.parametrize("scenario", NAMES)
async def test_tui_refresh(fake_api: FakeApi, tmp_path: Path, scenario: str) -> None:
    """``r`` after good data: a success replaces it, a failure keeps it on screen and says so."""
    record = await tui_run(fake_api, scenario, "TUI refresh", tmp_path)
    expect = EXPECT[scenario]
    assert record.recovered  # before this, ``r`` after the start leg brought data back
    assert record.shows_data, record.on_screen
    if expect.code == 0:
        assert record.problem is None
        assert_fresh(record, expect)
        assert record.orgs == expect.orgs
        assert expect.on_screen in record.on_screen
    else:
        assert_problem(record, scenario)
        problem = record.problem
        assert problem is not None
        assert record.status.startswith(f"⚠ {problem.title}"), record.status
        assert "showing earlier data" in record.status
        assert "Ada Lovelace" in record.on_screen  # the earlier data
        assert record.orgs == 3
        assert any(expect.says in note for note in record.notes), record.notes
    assert_clean(record)


@pytest.mark.parametrize("scenario", NAMES)
async def test_tui_login(fake_api: FakeApi, tmp_path: Path, scenario: str) -> None:
    """The login modal saves only what Cloudflare accepted, and says why when it did not."""
    record = await tui_run(fake_api, scenario, "TUI login", tmp_path)
    expect = EXPECT[scenario]
    if expect.code == 0:
        assert not record.login_open
        assert record.profiles == ["default"]
        assert list(record.keyring) == [(SERVICE, "default")]
        assert TOKEN in record.keyring[(SERVICE, "default")]
        assert record.shows_data, record.on_screen
        assert "profile default" in record.on_screen
        assert record.orgs == expect.orgs
    else:
        assert record.login_open, record.on_screen
        assert record.login_status.startswith("Not saved: "), record.login_status
        assert expect.says in record.login_status
        assert expect.says in record.on_screen
        assert record.profiles == []
        assert record.keyring == {}
    assert_clean(record)
