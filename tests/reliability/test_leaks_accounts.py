"""The leak sweep over the accounts: an API that echoes the credential in every string a
membership carries (account names, roles, resources, policy and permission group names, scope
keys, a refusal's message) must never get it shown, by ``whoami``, ``invites`` or the TUI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cftui.core.credentials.profiles import ProfileStore
from cftui.core.redact import mask
from cftui.ui.app import CftuiApp
from cftui.ui.screens.account import AccountScreen
from cftui.ui.screens.confirm import ConfirmScreen
from tests.reliability.test_leaks import cli_texts, sweep
from tests.support.fake.accounts import refused
from tests.support.fake.canned import OK
from tests.support.fake.memberships import membership, policies_for
from tests.support.fake.server import FakeApi
from tests.support.fake.worlds import World
from tests.support.fault_harness import (
    EMAIL,
    GLOBAL_KEY,
    TOKEN,
    CliRun,
    Job,
    Retargetable,
    captured_logs,
    cli_env,
    run_all,
)
from tests.support.ui_fakes import FakeClock, record_notes, screen_text, settle

PENDING = "02000000000000000000000000000001"


def leaky(secret: str, *, refuse_put: bool = False) -> World:
    """Every membership string with ``secret`` in it, spelled plainly and as a Bearer header."""

    def poisoned(n: int, status: str) -> dict[str, Any]:
        item = membership(n, status=status, name=f"Acct {n} {secret}", roles=[f"Bearer {secret}"])
        item["permissions"] = {f"res_{secret}": {"read": True, "write": False}}
        policies = policies_for(n)
        policies[0]["permission_groups"][0]["name"] = f"Group {secret}"
        policies[0]["resource_groups"][0]["name"] = f"com.cloudflare.api.account.{secret}"
        scope = policies[0]["resource_groups"][0]["scope"][0]
        scope["key"] = f"com.cloudflare.api.account.{secret}"
        scope["objects"] = [{"key": f"com.cloudflare.api.account.zone.{secret}"}]
        return item | {"policies": policies}

    put = refused(9109, f"Not allowed for {secret}").canned() if refuse_put else None
    return World([poisoned(0, "accepted"), poisoned(1, "pending")], put=put)


@pytest.fixture(scope="module")
def served(fake_api: FakeApi) -> dict[str, str]:
    return {
        "token": fake_api.add("leaky_token", OK, world=leaky(TOKEN)),
        "key": fake_api.add("leaky_key", OK, world=leaky(GLOBAL_KEY)),
        "token refused": fake_api.add("leaky_refused", OK, world=leaky(TOKEN, refuse_put=True)),
    }


def _jobs(served: dict[str, str], home: Path) -> list[Job]:
    jobs = []
    for name, url in served.items():
        creds = (
            {"CLOUDFLARE_EMAIL": EMAIL, "CLOUDFLARE_API_KEY": GLOBAL_KEY}
            if name == "key"
            else {"CLOUDFLARE_API_TOKEN": TOKEN}
        )
        env = cli_env(home / name.replace(" ", "-"), CLOUDFLARE_BASE_URL=url, **creds)
        for args in (
            ("whoami", "--debug"),
            ("whoami", "--json", "--policies", "--debug"),
            ("invites", "--debug"),
            ("invites", "--json"),
            ("invites", "accept", PENDING, "--yes", "--debug"),
            ("invites", "decline", PENDING, "--yes", "--json"),
        ):
            jobs.append(Job(args, env))
    return jobs


def test_no_accounts_output_holds_a_secret(served: dict[str, str], tmp_path: Path) -> None:
    runs: list[CliRun] = run_all(_jobs(served, tmp_path))
    assert sweep(cli_texts(runs)) == 2 * 6 * 3
    whoami, as_json = runs[0], runs[1]
    assert whoami.code == 0 and f"Acct 0 {mask(TOKEN)}" in whoami.stdout, whoami
    doc = json.loads(as_json.stdout)
    groups = [g["name"] for p in doc["accounts"][0]["policies"] for g in p["permission_groups"]]
    assert f"Group {mask(TOKEN)}" in groups  # masked where it came, not dropped
    assert [r.code for r in runs[4:6]] == [0, 0]  # the answers went through
    refused_runs = runs[-2:]
    assert [r.code for r in refused_runs] == [4, 4]
    assert f"Not allowed for {mask(TOKEN)}" not in refused_runs[0].stderr  # worded by cftui
    assert "Memberships Write" in refused_runs[0].stderr


async def test_no_accounts_screen_shows_a_secret(served: dict[str, str], tmp_path: Path) -> None:
    """The panel, an account with its policies, the confirmation, a refused answer; their
    text and SVG, every notification and log line."""
    items: list[tuple[str, str]] = []
    factory = Retargetable(served["token refused"])
    env = {"CLOUDFLARE_API_TOKEN": TOKEN}
    app = CftuiApp(ProfileStore(tmp_path), env=env, client_factory=factory, clock=FakeClock())
    notes = record_notes(app)
    with captured_logs() as logs:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert len(app.accounts.rows) == 5  # two memberships, the ok user's three
            items += [("panel", screen_text(app)), ("panel svg", app.export_screenshot())]
            rows = [row.membership.id if row.membership else None for row in app.accounts.rows]
            await pilot.press(*["down"] * rows.index(PENDING), "enter")
            await settle(pilot)
            assert isinstance(app.screen, AccountScreen)
            assert app.screen.row.policies, "the policies came"
            items += [("account", screen_text(app)), ("account svg", app.export_screenshot())]
            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            items += [("confirm", screen_text(app)), ("confirm svg", app.export_screenshot())]
            await pilot.press("y")
            await settle(pilot)
            assert app.accounts.answer_problems, "the answer was refused"
            items += [("refused", screen_text(app)), ("refused svg", app.export_screenshot())]
    items += [("note", note) for note in notes] + [("log", line) for line in logs]
    assert sweep(items) >= 8 + len(logs)
    assert mask(TOKEN) in items[2][1]  # the account screen shows the masked form
