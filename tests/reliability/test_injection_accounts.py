"""Terminal injection through the accounts: each payload in every string a membership carries
(account names, roles, resources, permission group and resource group names, scope keys,
statuses) reaches the CLI and the TUI as inert text, and Rich markup shows literally."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cftui.core.credentials.profiles import ProfileStore
from cftui.ui.app import CftuiApp
from cftui.ui.screens.account import AccountScreen
from cftui.ui.screens.confirm import ConfirmScreen
from tests.reliability.test_injection import ALL, MARKUP, PAYLOADS, unsafe
from tests.support.fake.canned import OK
from tests.support.fake.memberships import membership, policies_for
from tests.support.fake.server import FakeApi
from tests.support.fake.worlds import World
from tests.support.fault_harness import TOKEN, CliRun, Job, Retargetable, cli_env, flat, run_all
from tests.support.ui_fakes import FakeClock, record_notes, screen_text, settle

NAMES = [*PAYLOADS, "all at once"]
PENDING = "02000000000000000000000000000001"


def poisoned_world(payload: str) -> World:
    def one(n: int, status: str) -> dict[str, Any]:
        item = membership(n, status=status, name=f"Acct{n} {payload}", roles=[f"Role {payload}"])
        item["permissions"] = {f"res {payload}": {"read": True, "write": True}}
        policies = policies_for(n)
        policies[0]["permission_groups"][0]["name"] = f"Group {payload}"
        group = policies[0]["resource_groups"][0]
        group["name"] = f"Group name {payload}"
        group["scope"][0]["key"] = f"com.cloudflare.api.account.{payload}"
        group["scope"][0]["objects"] = [{"key": f"com.cloudflare.api.account.zone.{payload}"}]
        policies[1]["access"] = f"deny {payload}"
        return item | {"policies": policies}

    return World([one(0, "accepted"), one(1, "pending")])


@pytest.fixture(scope="module")
def served(fake_api: FakeApi) -> dict[str, str]:
    payloads = {**PAYLOADS, "all at once": ALL}
    return {
        name: fake_api.add(f"acct_inj{n}", OK, world=poisoned_world(payload))
        for n, (name, payload) in enumerate(payloads.items())
    }


@pytest.fixture(scope="module")
def cli_runs(
    served: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], CliRun]:
    home = tmp_path_factory.mktemp("inject-accounts")
    keys, jobs = [], []
    legs = {
        "whoami": ("whoami",),
        "json": ("whoami", "--json", "--policies"),
        "invites": ("invites",),
        "invites json": ("invites", "--json"),
        "accept": ("invites", "accept", PENDING, "--yes"),
    }
    for name, url in served.items():
        env = cli_env(home / str(len(keys)), CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=TOKEN)
        for leg, args in legs.items():
            keys.append((name, leg))
            jobs.append(Job(args, env))
    return dict(zip(keys, run_all(jobs), strict=True))


@pytest.mark.parametrize("name", NAMES)
def test_cli_prints_only_inert_accounts(cli_runs: dict[tuple[str, str], CliRun], name: str) -> None:
    runs = {leg: run for (n, leg), run in cli_runs.items() if n == name}
    assert {leg: run.code for leg, run in runs.items()} == dict.fromkeys(runs, 0)
    for run in runs.values():
        for text in (run.stdout, run.stderr):
            assert unsafe(text) == [], str(run)
            assert "\\u00" not in text and "\\u20" not in text, str(run)
            assert "Traceback" not in text
    assert "Acct0" in runs["whoami"].stdout and "Acct1" in runs["invites"].stdout
    doc = json.loads(runs["json"].stdout)
    account = next(a for a in doc["accounts"] if a["name"].startswith("Acct0"))
    assert account["policies"][0]["permission_groups"][0]["name"].startswith("Group ")
    if MARKUP in PAYLOADS.get(name, ALL):
        assert "[bold red]x[/]" in runs["whoami"].stdout
        assert "[bold red]x[/]" in runs["accept"].stdout  # the answered account's name


@pytest.mark.parametrize("name", NAMES)
async def test_tui_shows_only_inert_accounts(
    served: dict[str, str], tmp_path: Path, name: str
) -> None:
    """The panel, the account with its policies, the confirmation, the answer's note."""
    env = {"CLOUDFLARE_API_TOKEN": TOKEN}
    factory = Retargetable(served[name])
    app = CftuiApp(ProfileStore(tmp_path), env=env, client_factory=factory, clock=FakeClock())
    notes = record_notes(app)
    shown: dict[str, str] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown["panel"] = screen_text(app)
        ids = [row.membership.id if row.membership else None for row in app.accounts.rows]
        await pilot.press(*["down"] * ids.index(PENDING), "enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen) and app.screen.row.policies
        shown["account"] = screen_text(app)
        await pilot.press("c", "a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        shown["confirm"] = screen_text(app)
        shown["clipboard"] = app.clipboard
        await pilot.press("y")
        await settle(pilot)
        shown["answered"] = screen_text(app)
        shown["title"] = f"{app.title} {app.sub_title}"
    shown["notes"] = "\n".join(notes)
    for where, text in shown.items():
        assert unsafe(text) == [], where
    assert "Acct0" in shown["panel"] and "Group" in shown["account"]
    assert shown["clipboard"] == "01000000000000000000000000000001"
    assert shown["title"].strip() == "cftui"
    assert any("now a member of Acct1" in note for note in notes)
    if MARKUP in PAYLOADS.get(name, ALL):
        for where in ("panel", "account", "confirm", "notes"):
            assert "[bold red]x[/]" in flat(shown[where]), where
