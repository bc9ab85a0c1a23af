"""``cftui invites`` as a subprocess: the pending list, answering with ``--yes``, asking on a
terminal (a pty), refusing without one, and a refused ``PUT`` that changes nothing."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.fake.accounts import hex_id
from tests.support.fake.server import FakeApi, RecordedRequest
from tests.support.fault_harness import REPO, CliRun, Job, cli_env, run_cli
from tests.support.waiting import DEADLINE

TOKEN = "cfut_InvitesCliTEST0123456789abcdefghijklmno"
LAMBDA = "02000000000000000000000000000003"  # the membership id of Lambda Collective
LAMBDA_ACCOUNT = "01000000000000000000000000000003"


def invites(
    api: FakeApi, tmp_path: Path, scenario: str, *args: str, token: str = TOKEN
) -> tuple[CliRun, list[RecordedRequest]]:
    url = api.base_url(scenario, fresh=True)
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=token)
    run = run_cli(Job(("invites", *args), env))
    prefix = url.split("/")[3]
    return run, [r for r in api.requests if r.prefix == prefix]


def puts(requests: list[RecordedRequest]) -> list[tuple[str, object]]:
    return [(r.route, json.loads(r.body)) for r in requests if r.method == "PUT"]


def test_invitations_past_a_page_without_totals_are_listed_and_answered(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    run, requests = invites(fake_api, tmp_path, "invites_no_totals", "--json")
    assert run.code == 0, run
    listed = [r.page for r in requests if r.route == "memberships"]
    assert sorted(listed) == [1, 2]  # 50, then 10: the short page ends the list
    doc = json.loads(run.stdout)
    assert len(doc["invitations"]) == 60
    last = hex_id(2, 119)  # on page 2
    assert last in {i["membership_id"] for i in doc["invitations"]}
    answered, requests = invites(fake_api, tmp_path, "invites_no_totals", "accept", last, "--yes")
    assert answered.code == 0, answered
    assert puts(requests) == [(f"memberships/{last}", {"status": "accepted"})]


def test_the_pending_invitations_are_listed(fake_api: FakeApi, tmp_path: Path) -> None:
    run, requests = invites(fake_api, tmp_path, "invites")
    assert run.code == 0, run
    assert run.stdout.splitlines() == [
        "2 pending invitations:",
        "  account             roles               id",
        f"  Harbourline Events  Analytics           {'02' + '0' * 29 + '4'}",
        f"  Lambda Collective   DNS, Workers Admin  {LAMBDA}",
        "Answer one with: cftui invites accept ID  (or decline ID)",
    ]
    assert [r.query.get("status") for r in requests if r.route == "memberships"] == ["pending"]
    as_json, _ = invites(fake_api, tmp_path, "invites", "--json")
    doc = json.loads(as_json.stdout)
    assert doc["schema"] == 1
    assert [i["account"]["name"] for i in doc["invitations"]] == [
        "Harbourline Events",
        "Lambda Collective",
    ]
    assert doc["invitations"][1]["membership_id"] == LAMBDA
    assert doc["invitations"][1]["roles"] == ["DNS", "Workers Admin"]


def test_none_pending(fake_api: FakeApi, tmp_path: Path) -> None:
    run, _ = invites(fake_api, tmp_path, "real_account")
    assert (run.code, run.stdout.strip()) == (0, "No pending invitations.")


@pytest.mark.parametrize(
    ("action", "sent", "said"),
    [
        (
            "accept",
            "accepted",
            "Lambda Collective: you are now a member (Cloudflare answered: accepted).",
        ),
        ("decline", "rejected", "Lambda Collective: declined (Cloudflare answered: rejected)."),
    ],
)
def test_answering_with_yes_sends_the_answer_and_prints_cloudflares(
    fake_api: FakeApi, tmp_path: Path, action: str, sent: str, said: str
) -> None:
    run, requests = invites(fake_api, tmp_path, "invites", action, LAMBDA, "--yes")
    assert run.code == 0, run
    assert run.stdout.strip() == said
    assert puts(requests) == [(f"memberships/{LAMBDA}", {"status": sent})]
    by_account, requests = invites(fake_api, tmp_path, "invites", action, LAMBDA_ACCOUNT, "--yes")
    assert by_account.code == 0 and puts(requests) == [(f"memberships/{LAMBDA}", {"status": sent})]
    as_json, _ = invites(fake_api, tmp_path, "invites", action, LAMBDA, "--yes", "--json")
    answered = json.loads(as_json.stdout)
    assert (answered["schema"], answered["invitation"]["status"]) == (1, sent)


def test_without_a_terminal_and_without_yes_nothing_is_sent(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    run, requests = invites(fake_api, tmp_path, "invites", "accept", LAMBDA)
    assert run.code == 2, run
    assert run.stderr.splitlines() == [
        "cftui: Not answering without a confirmation: standard input is not a terminal to ask on.",
        "Add --yes to accept the invitation without being asked.",
    ]
    assert requests == []


def test_a_refused_answer_names_memberships_write_and_changes_nothing(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    run, requests = invites(fake_api, tmp_path, "invites_put_refused", "accept", LAMBDA, "--yes")
    assert run.code == 4, run
    assert "refused to answer the invitation (code 9109)" in run.stderr
    assert "lacks Memberships Write" in run.stderr
    assert "Memberships Write (User → Memberships → Edit)" in run.stderr
    assert run.stdout == "" and len(puts(requests)) == 1


def test_an_unknown_id_and_an_account_token(fake_api: FakeApi, tmp_path: Path) -> None:
    run, requests = invites(fake_api, tmp_path, "invites", "accept", "f" * 32, "--yes")
    assert run.code == 2 and "no pending invitation with the id" in run.stderr
    assert puts(requests) == []
    run, _ = invites(
        fake_api, tmp_path, "account_token", token="cfat_InvitesCliTEST0123456789abcdefghij"
    )
    assert run.code == 4, run
    assert "memberships belong to a user, and this is an account API token" in run.stderr
    run, _ = invites(fake_api, tmp_path, "members_no_permission")
    assert run.code == 4 and "Memberships Read (User → Memberships → Read)" in run.stderr


def _on_a_terminal(
    api: FakeApi, tmp_path: Path, answer: bytes
) -> tuple[int, str, list[RecordedRequest]]:
    """``cftui invites accept`` with a pty as its standard input; ``answer`` typed at the prompt."""
    url = api.base_url("invites", fresh=True)
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=TOKEN)
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "cftui", "invites", "accept", LAMBDA],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=REPO,
        start_new_session=True,
    )
    os.close(follower)
    try:
        prompt = b""
        end = time.monotonic() + DEADLINE
        while b"[y/N]" not in prompt:  # the prompt goes to stderr; wait for it, then type
            assert child.stderr is not None and time.monotonic() < end, prompt
            ready, _, _ = select.select([child.stderr], [], [], 1.0)
            if ready:
                chunk = os.read(child.stderr.fileno(), 4096)
                assert chunk, prompt  # the child ended before asking
                prompt += chunk
        os.write(leader, answer)
        out, rest = child.communicate(timeout=DEADLINE)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(leader)
    prefix = url.split("/")[3]
    said = (prompt + rest).decode()
    return child.returncode, out.decode() + said, [r for r in api.requests if r.prefix == prefix]


def test_on_a_terminal_it_asks_naming_the_account(fake_api: FakeApi, tmp_path: Path) -> None:
    code, said, requests = _on_a_terminal(fake_api, tmp_path, b"y\n")
    assert code == 0, said
    assert (
        f"Accept the invitation to Lambda Collective (account {LAMBDA_ACCOUNT}, roles: DNS, "
        "Workers Admin)? [y/N]"
    ) in said
    assert "Lambda Collective: you are now a member" in said
    assert puts(requests) == [(f"memberships/{LAMBDA}", {"status": "accepted"})]
    code, said, requests = _on_a_terminal(fake_api, tmp_path, b"n\n")
    assert code == 2 and "Nothing was answered." in said
    assert puts(requests) == []


@pytest.mark.parametrize(
    ("scenario", "action", "says"),
    [
        ("invites_put_pending", "accept", "the invitation is still pending: it may not have been"),
        ("invites_put_opposite", "decline", "it is accepted"),
        ("invites_put_opposite", "accept", "it is declined"),
        ("invites_put_another", "accept", "Cloudflare answered about another membership"),
    ],
)
def test_an_answer_that_does_not_fit_the_question_is_not_success(
    fake_api: FakeApi, tmp_path: Path, scenario: str, action: str, says: str
) -> None:
    """A decline answered "accepted" used to print "you are now a member" and exit 0."""
    run, requests = invites(fake_api, tmp_path, scenario, action, LAMBDA, "--yes")
    assert run.code == 6, run
    assert run.stdout == ""
    verb = "accept" if action == "accept" else "decline"
    said = " ".join(run.stderr.split())
    assert f"You asked to {verb} the invitation to Lambda Collective, and " in said, run
    assert says in said, run
    assert "`cftui invites` lists the invitations still pending." in said
    assert "you are now a member" not in said
    assert len(puts(requests)) == 1


def test_an_id_naming_two_invitations_two_ways_is_refused() -> None:
    """One invitation's membership id that is another's account id used to act silently on
    whichever came first; now nothing is sent and both are named."""
    from cftui.commands.invites import _the_invitation
    from cftui.core.errors import UsageError
    from cftui.core.models.membership import parse_membership

    one = parse_membership(
        {"id": "shared-id", "status": "pending", "account": {"id": "acc-1", "name": "One"}}
    )
    two = parse_membership(
        {"id": "other-id", "status": "pending", "account": {"id": "shared-id", "name": "Two"}}
    )
    with pytest.raises(UsageError) as refused:
        _the_invitation([one, two], "shared-id")
    assert "names more than one pending invitation: One (shared-id), Two (other-id)" in str(
        refused.value
    )
    assert _the_invitation([one, two], "acc-1") is one  # named one way only: found
    assert _the_invitation([one, two], "other-id") is two
