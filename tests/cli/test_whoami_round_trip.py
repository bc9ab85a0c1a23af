"""``cftui whoami``'s text summary is one round trip; ``--all``, ``--json`` and ``--policies``
read every page.

Over the real-shaped account (120 memberships, 3 pages of 50), from the fake API's request log:
the summary sends ``/user``, the token check, memberships page 1 and the smallest page of the
pending invitations, all together (a gate holds every answer until the four are in, so a
request sent after an answer would break it), and never page 2; it counts 120 accounts from
page 1's ``total_count`` and the invitations from the pending page's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.fake.accounts import TOKEN_ID
from tests.support.fake.gate import Gate, gated
from tests.support.fake.server import FakeApi, RecordedRequest
from tests.support.fake.worlds import WORLDS
from tests.support.fault_harness import CliRun, Job, cli_env, run_cli

TOKEN = "cfut_RoundTripTEST0123456789abcdefghijklmnop"
ONE_TRIP = [
    "memberships?page=1&per_page=5&status=pending",
    "memberships?page=1&per_page=50",
    "user",
    "user/tokens/verify",
]


def _whoami(url: str, home: Path, *args: str) -> CliRun:
    env = cli_env(home, CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=TOKEN)
    return run_cli(Job(("whoami", *args), env))


def _asked(api: FakeApi, url: str) -> list[RecordedRequest]:
    prefix = url.split("/")[3]
    return [r for r in api.requests if r.prefix == prefix]


def test_the_summary_asks_four_things_together_then_the_token_itself_never_page_two(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    gate = Gate(len(ONE_TRIP))
    with gated(fake_api, "members_one_trip", WORLDS["members_3_pages"](), gate) as url:
        run = _whoami(url, tmp_path)
    assert run.code == 0, run
    assert not gate.broken, f"not all in flight together: {gate.arrived}"
    first, after = gate.arrived[: len(ONE_TRIP)], gate.arrived[len(ONE_TRIP) :]
    assert sorted(first) == ONE_TRIP
    assert after == [f"user/tokens/{TOKEN_ID}"]  # the token reads itself once the verify named
    # it ("Token may: ..."); no page 2 or 3, ever
    assert [r.page for r in _asked(fake_api, url) if r.route == "memberships"] == [1, 1]
    lines = run.stdout.splitlines()
    assert "  accounts   120 · 3 invitations waiting (cftui invites)" in lines
    assert lines[-1] == "    … and 100 more (cftui whoami --all)"  # 20 listed, piped
    assert run.stderr == ""  # stopping after page 1 is the plan, not a failure


def test_a_total_that_is_not_plausible_is_a_lower_bound(fake_api: FakeApi, tmp_path: Path) -> None:
    """Page 1 full, ``total_count`` missing: at least what page 1 carried."""
    url = fake_api.base_url("members_no_totals", fresh=True)
    run = _whoami(url, tmp_path)
    assert run.code == 0, run
    lines = run.stdout.splitlines()
    assert "  accounts   50+ · 3 invitations waiting (cftui invites)" in lines
    assert lines[-1] == "    … and 30+ more (cftui whoami --all)"
    assert [r.page for r in _asked(fake_api, url) if r.route == "memberships"] == [1, 1]


def test_a_failing_page_two_is_never_asked_by_the_summary(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    url = fake_api.base_url("members_failing_page", fresh=True)
    run = _whoami(url, tmp_path)
    assert run.code == 0 and run.stderr == "", run
    assert "  accounts   150 · " not in run.stdout  # no invitations in this world
    assert "  accounts   150" in run.stdout.splitlines()
    every = _whoami(url, tmp_path, "--all")  # every page: page 2's failure is said
    assert every.stderr.startswith("cftui: accounts: 1 page of memberships (page 2) did not")


@pytest.mark.parametrize("args", [("--all",), ("--json",), ("--policies",)])
def test_every_page_when_asked_for_everything(
    fake_api: FakeApi, tmp_path: Path, args: tuple[str, ...]
) -> None:
    url = fake_api.base_url("members_3_pages", fresh=True)
    run = _whoami(url, tmp_path, *args)
    assert run.code == 0, run
    asked = _asked(fake_api, url)
    assert sorted(r.page or 0 for r in asked if r.route == "memberships") == [1, 2, 3]
    assert not [r for r in asked if r.query.get("status")]  # counted from every page instead
