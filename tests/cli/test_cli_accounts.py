"""``cftui whoami``'s accounts as a subprocess against the fake API: the pages it asks for and
when, what it prints, what ``--json`` carries, and the one stderr line when memberships fail."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.fake.server import FakeApi, RecordedRequest
from tests.support.fault_harness import CliRun, Job, cli_env, run_cli

TOKEN = "cfut_AccountsCliTEST0123456789abcdefghijklmn"
LATENCY = 1.0


def whoami(
    api: FakeApi, tmp_path: Path, scenario: str, *args: str, token: str = TOKEN
) -> tuple[CliRun, list[RecordedRequest]]:
    url = api.base_url(scenario, fresh=True)
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=token)
    run = run_cli(Job(("whoami", *args), env))
    prefix = url.split("/")[3]
    return run, [r for r in api.requests if r.prefix == prefix]


def pages(requests: list[RecordedRequest]) -> list[RecordedRequest]:
    return [r for r in requests if r.route == "memberships"]


@pytest.fixture(scope="module")
def slow_api() -> Iterator[FakeApi]:
    """Every answer a second late: requests sent together arrive together, those sent one
    after another a second apart."""
    with FakeApi(delay=5.0, latency=LATENCY) as api:
        yield api


def test_three_pages_page_one_with_the_user_then_the_others_together(
    slow_api: FakeApi, tmp_path: Path
) -> None:
    # every page: --all (the summary reads page 1 alone: test_whoami_round_trip)
    run, requests = whoami(slow_api, tmp_path, "members_3_pages", "--all")
    assert run.code == 0, run
    listed = pages(requests)
    assert listed[0].page == 1 and sorted(r.page or 0 for r in listed) == [1, 2, 3]
    assert all(r.query["per_page"] == "50" for r in listed)
    first, *rest = listed
    user = next(r for r in requests if r.route == "user")
    assert abs(first.at - user.at) < LATENCY / 2  # page 1 went out with /user
    assert all(r.at - first.at >= LATENCY * 0.9 for r in rest)  # the others after its answer
    assert abs(rest[0].at - rest[1].at) < LATENCY / 2  # and together
    assert "  accounts   123: 119 member, 4 invited · 3 invitations waiting (cftui invites)" in (
        run.stdout.splitlines()
    )
    assert run.stderr == ""


def test_a_screenful_of_aligned_accounts_then_how_many_more(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    run, _ = whoami(fake_api, tmp_path, "members_3_pages")
    lines = run.stdout.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("    Account 00000"))
    shown = lines[start : start + 20]
    assert shown[0] == "    Account 00000  invited   Administrator"
    assert shown[1] == "    Account 00001  member    Administrator Read Only"
    assert {line.index("member") for line in shown[1:]} == {19}  # one column for the status
    assert lines[start + 20] == "    … and 100 more (cftui whoami --all)"  # 20 rows, piped


def test_json_carries_every_account_with_its_permissions(fake_api: FakeApi, tmp_path: Path) -> None:
    run, requests = whoami(fake_api, tmp_path, "members_3_pages", "--json")
    doc = json.loads(run.stdout)
    assert len(doc["accounts"]) == 123
    assert doc["memberships"] == {
        "listed": 120,
        "expected": 120,
        "complete": True,
        "pages_read": 3,
        "not_read": None,
        "pending": 4,
        "failed_pages": [],
        "error": None,
    }
    first = doc["accounts"][0]
    assert first["name"] == "Account 00000" and first["status"] == "invited"
    assert first["membership_status"] == "pending" and first["sources"] == ["memberships"]
    assert first["permissions"]["analytics"] == {"read": False, "write": True}
    assert "policies" not in first  # one more request each: only when asked
    assert not [r for r in requests if r.route.startswith("memberships/")]


def test_policies_when_asked(fake_api: FakeApi, tmp_path: Path) -> None:
    run, requests = whoami(fake_api, tmp_path, "invites", "--json", "--policies")
    doc = json.loads(run.stdout)
    details = sorted(r.route for r in requests if r.route.startswith("memberships/"))
    assert len(details) == 6
    by_name = {a["name"]: a for a in doc["accounts"]}
    policies = by_name["Account 00001"]["policies"]
    assert [p["access"] for p in policies] == ["allow", "deny"]
    assert [g["name"] for g in policies[0]["permission_groups"]] == ["Zone Read", "DNS Write"]
    assert policies[1]["applies_to"] == [
        "zone 03000000000000000000000000000002 in account Account 00001"
    ]
    assert by_name["Analytical Engines Ltd"]["policies"] is None  # /user only: no membership
    assert doc["memberships"]["policies_skipped"] == 0


@pytest.mark.parametrize(
    ("scenario", "said"),
    [
        (
            "members_no_permission",
            "Cloudflare refused to list your memberships (code 9109): the credential lacks "
            "Memberships Read, or an IP filter excludes this machine. With Memberships Read "
            "(User → Memberships → Read) cftui shows every account you belong to",
        ),
        ("members_auth_10000", "(code 10000): the credential lacks Memberships Read"),
        ("members_rate_limited", "Wait 7 s, then try again."),
        ("members_500", "(HTTP 500)"),
        ("members_html", "an HTML error page (HTTP 502)"),
        ("members_malformed", "result[0].roles"),
        ("members_failing_page", "1 page of memberships (page 2) did not arrive"),
    ],  # members_failing_page: with --all (the summary never asks page 2)
)
def test_without_memberships_the_rest_stays_exit_0_and_one_line_says_why(
    fake_api: FakeApi, tmp_path: Path, scenario: str, said: str
) -> None:
    every_page = ("--all",) if scenario == "members_failing_page" else ()
    run, _ = whoami(fake_api, tmp_path, scenario, *every_page)
    assert run.code == 0, run
    (line,) = run.stderr.splitlines()
    assert line.startswith("cftui: accounts: ") and said in line, line
    assert run.stdout.startswith("Ada Lovelace <ada.lovelace@example.com>")
    as_json, _ = whoami(fake_api, tmp_path, scenario, "--json")
    doc = json.loads(as_json.stdout)
    assert as_json.code == 0 and as_json.stderr == run.stderr
    assert doc["memberships"]["error"]["message"] in line
    if scenario != "members_failing_page":
        assert "(from /user only)" in run.stdout
        assert [a["sources"] for a in doc["accounts"]] == [["/user organizations"]] * 3


def test_an_account_token_gets_the_account_token_story_not_a_memberships_line(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    run, requests = whoami(
        fake_api, tmp_path, "account_token", token="cfat_AccountsCliTEST0123456789abcdefghij"
    )
    assert run.code == 4, run
    assert "memberships" in [r.route for r in requests]  # asked, refused with 9106
    assert "accounts:" not in run.stderr and "This is an account API token" in run.stderr


@pytest.mark.parametrize("scenario", ["members_no_totals", "members_float_pages"])
def test_pages_without_totals_or_with_float_numbers_are_all_listed(
    fake_api: FakeApi, tmp_path: Path, scenario: str
) -> None:
    run, requests = whoami(fake_api, tmp_path, scenario, "--json")
    assert run.code == 0, run
    assert sorted(r.page or 0 for r in pages(requests)) == [1, 2, 3]  # page 3 is short
    doc = json.loads(run.stdout)
    listing = doc["memberships"]
    assert (listing["listed"], listing["complete"], listing["pages_read"]) == (120, True, 3)
    assert listing["error"] is None and len(doc["accounts"]) == 123
    assert run.stderr == ""
