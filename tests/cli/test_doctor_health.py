"""``cftui doctor`` judges the credential in use as ``cftui status`` does: a permission it lacks
is ! with what stays empty, an expiring token is ! with its days left, an account token is
described as one, a Global API key is said once to be unverifiable for expiry, and "Everything
cftui needs works" only when it does. Real processes against the fake fleet on loopback."""

from __future__ import annotations

import pytest

from tests.cli.test_doctor import _entries, _lines
from tests.support.fake.fleet import GLOBAL_EMAIL, GLOBAL_KEY, TOKENS
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import CliRun, Job, cli_env, run_all

PERSONAS = ("good", "no_members", "expiring", "account", "global", "rejected")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, fake_api: FakeApi) -> dict[str, CliRun]:
    """``doctor`` once for each persona's credential, set in the environment, all at once."""
    base_url = fake_api.base_url("fleet")
    jobs = []
    for persona in PERSONAS:
        home = tmp_path_factory.mktemp(persona)
        if persona == "global":
            creds = {"CLOUDFLARE_EMAIL": GLOBAL_EMAIL, "CLOUDFLARE_API_KEY": GLOBAL_KEY}
        else:
            creds = {"CLOUDFLARE_API_TOKEN": TOKENS[persona]}
        env = cli_env(home, CLOUDFLARE_BASE_URL=base_url, **creds)
        jobs.append(Job(("doctor",), env))
    return dict(zip(PERSONAS, run_all(jobs), strict=True))


def _said(run: CliRun, name: str) -> list[tuple[str, str]]:
    """Each line about ``name``: (mark, its text with the next step)."""
    return [(mark, text) for mark, n, text in _entries(run) if n == name]


def _clean(run: CliRun) -> None:
    text = run.stdout + run.stderr
    for secret in (*TOKENS.values(), GLOBAL_KEY):
        assert secret not in text and secret[5:15] not in text
    assert "Traceback" not in text


def test_a_good_token_works_and_says_so(runs: dict[str, CliRun]) -> None:
    run = runs["good"]
    assert run.code == 0, str(run)
    assert _said(run, "token") == [("✓", "user API token, active, expires 2027-01-10, in 42 days")]
    assert _said(run, "permissions") == [
        ("✓", "User Details Read, Memberships Read, API Tokens Read: each answered")
    ]
    assert _said(run, "Cloudflare API")[0][1].endswith("(ada@example.com)")
    assert _lines(run)[-1] == "Everything cftui needs works."
    _clean(run)


def test_a_token_without_memberships_read_names_it_and_what_it_costs(
    runs: dict[str, CliRun],
) -> None:
    run = runs["no_members"]
    assert run.code == 0, str(run)  # a warning: the token works, with less
    assert _said(run, "permissions") == [
        (
            "!",
            "lacks Memberships Read: the organizations panel stays empty and `cftui invites` "
            "cannot list invitations → Edit the token (My Profile → API Tokens) and add User → "
            "Memberships → Read.",
        )
    ]
    assert _lines(run)[-1] == "cftui works, with 1 warning (! above); exit 0."
    assert "Everything cftui needs works" not in run.stdout
    _clean(run)


def test_an_expiring_token_is_a_warning_with_its_days_left(runs: dict[str, CliRun]) -> None:
    run = runs["expiring"]
    assert run.code == 0, str(run)
    assert _said(run, "token") == [
        (
            "!",
            "user API token, active, expires 2026-12-04, in 5 days → Roll it or create a new "
            "one (My Profile → API Tokens) before then.",
        )
    ]
    assert _said(run, "permissions")[0][0] == "✓"
    assert _lines(run)[-1] == "cftui works, with 1 warning (! above); exit 0."
    _clean(run)


def test_an_account_token_is_described_as_one_not_as_refused(runs: dict[str, CliRun]) -> None:
    run = runs["account"]
    assert run.code == 0, str(run)
    (api,) = _said(run, "Cloudflare API")
    assert api[0] == "✓"
    assert api[1].endswith("(an account API token of the account Okafor Studio)")
    assert "refused" not in run.stdout and "not valid" not in run.stdout
    assert _said(run, "token") == [
        ("✓", "account API token, active, expires 2027-01-10, in 42 days")
    ]
    ((mark, text),) = _said(run, "permissions")
    assert mark == "!" and text.startswith("an account API token reads its own account")
    assert _lines(run)[-1] == "cftui works, with 1 warning (! above); exit 0."
    _clean(run)


def test_a_global_key_is_said_once_to_be_unverifiable_for_expiry(
    runs: dict[str, CliRun],
) -> None:
    run = runs["global"]
    assert run.code == 0, str(run)
    assert run.stdout.count("cannot be verified for expiry") == 1
    assert _said(run, "token") == [("", "a Global API key cannot be verified for expiry")]
    assert _lines(run)[-1] == "Everything cftui needs works."
    _clean(run)


def test_a_revoked_token_fails_with_exit_4(runs: dict[str, CliRun]) -> None:
    run = runs["rejected"]
    assert run.code == 4, str(run)
    ((mark, _text),) = _said(run, "Cloudflare API")
    assert mark == "✗"
    assert not _said(run, "token") and not _said(run, "permissions")
    assert _lines(run)[-1] == "1 check failed; exit 4 (Cloudflare API)."
    _clean(run)
