"""``cftui tokens`` and ``cftui tokens roll`` as subprocesses against the fake API's stateful
token world (``tests.support.fake.tokens``): the list in words and JSON, the refusals, and a
roll's three outcomes (stored in the keyring, printed once, printed because storing failed)
checked against what the fake then accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cftui.core.credentials.kinds import from_secret_json
from cftui.core.tokens.hygiene import FLAGS
from tests.support.fake.server import FakeApi
from tests.support.fake.token_bodies import every_flag
from tests.support.fake.tokens import FIRST_SECRET, GLOBAL_KEY, SECOND_SECRET, world_of
from tests.support.fault_harness import CliRun, Job, cli_env, run_cli
from tests.support.fixed_clock import FIXED_NOW

IDS = [t["id"] for t in every_flag(FIXED_NOW)]
IN_USE, OTHER = IDS[0], IDS[1]
K = "tests.support.keyrings."


def fresh(api: FakeApi, scenario: str = "tokens") -> tuple[str, str]:
    """A new instance of ``scenario``: its base URL and its prefix (for ``world_of``)."""
    url = api.base_url(scenario, fresh=True)
    return url, url.split("/")[3]


def tokens(home: Path, url: str, *args: str, stdin: bytes | None = None, **env: str) -> CliRun:
    creds = env or {"CLOUDFLARE_API_TOKEN": FIRST_SECRET}
    return run_cli(Job(("tokens", *args), cli_env(home, CLOUDFLARE_BASE_URL=url, **creds), stdin))


def login(home: Path, url: str, secret: str = FIRST_SECRET, name: str = "work") -> None:
    env = cli_env(home, CLOUDFLARE_BASE_URL=url)
    run = run_cli(Job(("login", "--profile", name, "--token-stdin"), env, secret.encode()))
    assert run.code == 0, str(run)


def stored(home: Path, name: str = "work") -> str:
    """The token profile ``name`` holds in the test keyring file."""
    entries = json.loads((home / "keyring.json").read_text())
    credential = from_secret_json(entries[f"cftui\x00{name}"])
    assert credential is not None and credential.kind == "token"
    return credential.token  # type: ignore[union-attr]


def test_the_list_fits_80_columns_and_marks_the_token_in_use(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    url, _ = fresh(fake_api)
    run = tokens(tmp_path, url)
    assert run.code == 0 and run.stderr == "", str(run)
    lines = run.stdout.splitlines()
    assert lines[0] == "5 API tokens, most urgent first (* the one in use):"
    assert all(len(line) <= 80 for line in lines)
    assert "* cftui laptop  [active]  (in use)" in lines
    assert "    expires 2026-12-08 (in 9 days) · last used today" in lines
    assert "    scope: DNS Write on 3 zones" in lines
    assert "    flags: expired, covers all zones, no IP restriction, not used for 90 days" in lines
    heads = [line for line in lines if line[:2] in ("  ", "* ") and line[2] != " "]
    assert heads[:2] == ["  old backup script  [expired]", "* cftui laptop  [active]  (in use)"]
    assert sorted(fake_api.routes(url)) == ["user/tokens", "user/tokens/verify"]


def test_json_carries_every_field_and_flag(fake_api: FakeApi, tmp_path: Path) -> None:
    url, _ = fresh(fake_api)
    run = tokens(tmp_path, url, "--json")
    assert run.code == 0, str(run)
    doc = json.loads(run.stdout)
    assert doc["schema"] == 1 and doc["complete"] is True and doc["token_in_use"] == IN_USE
    assert sorted(t["id"] for t in doc["tokens"]) == sorted(IDS)
    laptop = next(t for t in doc["tokens"] if t["id"] == IN_USE)
    assert laptop["in_use"] is True and laptop["days_left"] == 9
    assert laptop["expires_on"] == "2026-12-08T15:30:00Z" and laptop["ip_restricted"] is True
    assert laptop["flag_words"] == ["expires within 30 days", "covers all accounts"]
    assert laptop["policies"][1]["words"] == ["Allow: Account Settings Read", "  on all accounts"]
    for flag in FLAGS:  # every flag is a key of every token, and true for one of them
        assert all(flag in t["flags"] for t in doc["tokens"])
        assert any(t["flags"][flag] for t in doc["tokens"]), flag


def test_every_page_is_read_whatever_result_info_says(fake_api: FakeApi, tmp_path: Path) -> None:
    url, _ = fresh(fake_api, "tokens_many")
    run = tokens(tmp_path, url, "--json")
    assert run.code == 0, str(run)
    assert len(json.loads(run.stdout)["tokens"]) == 120
    pages = sorted(
        r.page or 0
        for r in fake_api.requests
        if r.prefix == url.split("/")[3] and r.route == "user/tokens"
    )
    assert pages == [1, 2, 3]


def test_without_api_tokens_read_the_permission_is_named(fake_api: FakeApi, tmp_path: Path) -> None:
    url, _ = fresh(fake_api, "tokens_no_read")
    run = tokens(tmp_path, url)
    assert run.code == 4 and run.stdout == "", str(run)
    message, hint = run.stderr.splitlines()
    assert "lacks API Tokens Read" in message and "(code 9109)" in message
    assert hint.startswith("With API Tokens Read (User → API Tokens → Read) cftui tokens shows")
    as_json = tokens(tmp_path, url, "--json")
    assert as_json.code == 4 and "API Tokens Read" in json.loads(as_json.stdout)["error"]["message"]


def test_a_global_key_lists_but_marks_no_token(fake_api: FakeApi, tmp_path: Path) -> None:
    url, _ = fresh(fake_api)
    run = tokens(tmp_path, url, CLOUDFLARE_EMAIL="ada@example.com", CLOUDFLARE_API_KEY=GLOBAL_KEY)
    assert run.code == 0, str(run)
    assert run.stdout.splitlines()[0] == "5 API tokens, most urgent first:"
    assert "(in use)" not in run.stdout
    assert run.stderr == "cftui: note: a Global API key is no token, so none is marked as in use.\n"
    assert "user/tokens/verify" not in fake_api.routes(url)


def test_an_account_token_is_told_where_its_tokens_live(fake_api: FakeApi, tmp_path: Path) -> None:
    url, _ = fresh(fake_api)
    run = tokens(tmp_path, url, CLOUDFLARE_API_TOKEN="cfat_" + FIRST_SECRET[5:])
    assert run.code == 4 and run.stdout == "", str(run)
    assert "account API tokens live under their account" in run.stderr
    assert fake_api.routes(url) == []


def test_a_roll_without_a_terminal_needs_yes_and_sends_nothing(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    url, prefix = fresh(fake_api)
    run = tokens(tmp_path, url, "roll", IN_USE)
    assert run.code == 2 and run.stdout == "", str(run)
    assert "--yes" in run.stderr
    assert fake_api.routes(url) == [] and world_of(prefix).issued == []


def test_rolling_the_token_in_use_replaces_it_in_the_keyring(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    url, prefix = fresh(fake_api)
    login(tmp_path, url)
    run = tokens(tmp_path, url, "roll", IN_USE, "--yes", CLOUDFLARE_API_TOKEN="")
    assert run.code == 0, str(run)
    (new,) = world_of(prefix).issued
    assert run.stdout == (
        f"Rolled token 'cftui laptop' ({IN_USE}): profile work holds the new value (verified); "
        "the old value no longer works.\n"
    )
    assert new not in run.stdout + run.stderr
    assert stored(tmp_path) == new  # read back from the keyring file
    whoami = run_cli(
        Job(("whoami", "--profile", "work"), cli_env(tmp_path, CLOUDFLARE_BASE_URL=url))
    )
    assert whoami.code == 0, str(whoami)
    old = run_cli(
        Job(
            ("whoami",),
            cli_env(tmp_path, CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=FIRST_SECRET),
        )
    )
    assert old.code == 4, str(old)  # the fake refuses the old value


def test_a_token_no_profile_holds_goes_to_stdout_only(fake_api: FakeApi, tmp_path: Path) -> None:
    url, prefix = fresh(fake_api)
    login(tmp_path, url)  # holds token 1, not token 2
    run = tokens(tmp_path, url, "roll", OTHER, "--yes")
    assert run.code == 0, str(run)
    (new,) = world_of(prefix).issued
    assert run.stdout == f"{new}\n"
    assert "the only copy" in run.stderr and new not in run.stderr
    assert stored(tmp_path) == FIRST_SECRET
    works = run_cli(
        Job(("whoami",), cli_env(tmp_path, CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=new))
    )
    assert works.code == 0
    gone = run_cli(
        Job(
            ("whoami",),
            cli_env(tmp_path, CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=SECOND_SECRET),
        )
    )
    assert gone.code == 4


def test_a_token_the_environment_holds_is_printed_with_a_word_to_update_it(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    url, prefix = fresh(fake_api)
    run = tokens(tmp_path, url, "roll", IN_USE, "--yes")
    assert run.code == 0, str(run)
    (new,) = world_of(prefix).issued
    assert run.stdout == f"{new}\n"
    assert "CLOUDFLARE_API_TOKEN held the old value" in run.stderr and new not in run.stderr


@pytest.mark.parametrize("backend", ["StoreThenFailKeyring", "GlitchKeyring"])
def test_a_store_that_fails_after_the_roll_prints_the_value_and_exits_7(
    fake_api: FakeApi, tmp_path: Path, backend: str
) -> None:
    url, prefix = fresh(fake_api)
    login(tmp_path, url)
    config = (tmp_path / "config" / "config.json").read_bytes()
    run = tokens(tmp_path, url, "roll", IN_USE, "--yes", PYTHON_KEYRING_BACKEND=K + backend)
    assert run.code == 7, str(run)
    (new,) = world_of(prefix).issued
    assert run.stdout == f"{new}\n"
    warning = next(line for line in run.stderr.splitlines() if "warning:" in line)
    assert "could not be stored for profile work" in warning and "save it now" in warning
    assert new not in run.stderr
    assert stored(tmp_path) == FIRST_SECRET  # the old entry, unchanged
    assert (tmp_path / "config" / "config.json").read_bytes() == config
    relogin = run_cli(
        Job(
            ("login", "--profile", "work", "--token-stdin"),
            cli_env(tmp_path, CLOUDFLARE_BASE_URL=url),
            run.out,
        )
    )
    assert relogin.code == 0 and stored(tmp_path) == new


@pytest.mark.parametrize(
    ("scenario", "code", "says"),
    [
        ("tokens_no_write", 4, "lacks API Tokens Write"),
        ("tokens_rate_limited", 5, "Nothing was changed"),
    ],
)
def test_a_refused_roll_changes_nothing_and_says_why(
    fake_api: FakeApi, tmp_path: Path, scenario: str, code: int, says: str
) -> None:
    url, prefix = fresh(fake_api, scenario)
    login(tmp_path, url)
    run = tokens(tmp_path, url, "roll", IN_USE, "--yes", CLOUDFLARE_API_TOKEN="")
    assert run.code == code and run.stdout == "", str(run)
    assert says in run.stderr
    assert stored(tmp_path) == FIRST_SECRET and world_of(prefix).issued == []


def test_the_demo_lists_every_flag_and_will_not_roll(tmp_path: Path) -> None:
    listed = run_cli(Job(("--demo", "tokens", "--json"), cli_env(tmp_path)))
    assert listed.code == 0, str(listed)
    doc = json.loads(listed.stdout)
    assert all(any(t["flags"][flag] for t in doc["tokens"]) for flag in FLAGS)
    assert [t["name"] for t in doc["tokens"] if t["in_use"]] == ["cftui on my laptop"]
    rolled = run_cli(
        Job(("--demo", "tokens", "roll", doc["tokens"][0]["id"], "--yes"), cli_env(tmp_path))
    )
    assert rolled.code == 2 and "The demo cannot roll tokens" in rolled.stderr


def test_a_profile_that_cannot_be_checked_is_named_before_anything_is_rolled(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    url, prefix = fresh(fake_api)
    login(tmp_path, url)
    login(tmp_path, url, SECOND_SECRET, "broken")
    entries = json.loads((tmp_path / "keyring.json").read_text())
    entries["cftui\x00broken"] = "not what cftui stores"
    (tmp_path / "keyring.json").write_text(json.dumps(entries))
    run = tokens(tmp_path, url, "roll", IN_USE, "--yes", CLOUDFLARE_API_TOKEN="")
    assert run.code == 0, str(run)
    assert run.stderr.startswith("cftui: note: profile broken could not be checked (")
    assert stored(tmp_path) == world_of(prefix).issued[0]
