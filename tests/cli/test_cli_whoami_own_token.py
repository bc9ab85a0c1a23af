"""``whoami`` says what the token in use may do: its own policies, read with
``GET /user/tokens/{id}`` once the verify has named it, or the permission that would show them.

In process, with the command's client over ``httpx.MockTransport`` (``own_token_api``).
"""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import httpx
import pytest

from cftui.cli.context import Context
from cftui.cli.main import main
from cftui.core.api.client import SyncCloudflareClient
from cftui.core.credentials.kinds import Credential
from tests.support.fake.token_bodies import ACCOUNT_A, GROUPS
from tests.support.fixed_clock import FIXED_NOW
from tests.support.own_token_api import TokenApi

SECRET = "cfut_OwnTokenTEST0123456789abcdefghijklmnopq"
MAY = "Token may: API Tokens Read, API Tokens Write, User Details Read on your user"


def whoami(api: TokenApi, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    def client(credential: Credential, timeout: float, *, retries: int = 2) -> Any:
        return SyncCloudflareClient(
            credential, transport=httpx.MockTransport(api), max_retries=0, sleep=lambda s: None
        )

    context = Context(
        env={"CLOUDFLARE_API_TOKEN": SECRET}, client=client, utc_now=lambda: FIXED_NOW
    )
    sys.stdin = io.StringIO("")
    try:
        code = main(["whoami", *args], context)
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


def test_the_json_carries_the_tokens_own_policies(capsys: pytest.CaptureFixture[str]) -> None:
    api = TokenApi(FIXED_NOW, SECRET)
    code, out, _ = whoami(api, capsys, "--json")
    assert code == 0, out
    assert f"/user/tokens/{api.current}" in api.paths  # after the verify named it
    permissions = json.loads(out)["token"]["permissions"]
    assert permissions["name"] == "cftui laptop"
    first, second = permissions["policies"]
    assert first["effect"] == "allow"
    assert [g["name"] for g in first["permission_groups"]] == [
        "API Tokens Read",
        "API Tokens Write",
        "User Details Read",
    ]
    assert first["permission_groups"][0]["id"] == GROUPS["API Tokens Read"]
    assert [r["words"] for r in first["resources"]] == [
        "your user (7c5dae5552338874e5053f2534d2767a)"
    ]
    assert second["resources"][0]["kind"] == "all_accounts"
    assert second["summary"] == "Account Settings Read on all accounts"
    assert permissions["ip"] == {
        "in": ["192.0.2.0/24"],
        "not_in": ["192.0.2.7/32"],
        "words": "only from 192.0.2.0/24; not from 192.0.2.7/32",
    }
    assert permissions["summary"].startswith(MAY.removeprefix("Token may: "))


def test_the_text_says_what_the_token_may_do_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = whoami(TokenApi(FIXED_NOW, SECRET), capsys)
    assert code == 0, out
    said = [line.strip() for line in out.splitlines() if "Token may:" in line]
    assert said == [f"{MAY} · Account Settings Read on all accounts"]


def test_without_api_tokens_read_it_names_the_permission_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    api = TokenApi(FIXED_NOW, SECRET, own="refused")
    code, out, err = whoami(api, capsys)
    assert code == 0, out  # only /user decides the exit code
    assert out.count("API Tokens Read") == 1
    assert "may not read its own permissions: that needs API Tokens Read" in out
    assert "Token may:" not in out and "API Tokens" not in err
    code, out, _ = whoami(TokenApi(FIXED_NOW, SECRET, own="refused"), capsys, "--json")
    error = json.loads(out)["token"]["permissions"]["error"]
    assert error["missing_permission"] == "API Tokens Read"
    assert (error["status"], error["codes"]) == (403, [9109])


def test_a_policy_names_the_accounts_the_memberships_listed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The account a policy covers is named where the memberships beside it named it."""
    from tests.support.fake.token_bodies import account, policy, token

    api = TokenApi(
        FIXED_NOW,
        SECRET,
        tokens=[
            token(
                1,
                "scoped",
                FIXED_NOW,
                policies=[policy(1, ["DNS Write"], {account(ACCOUNT_A): "*"})],
            )
        ],
    )
    membership = {"id": "m1", "status": "accepted", "account": {"id": ACCOUNT_A, "name": "Acme"}}
    listed = api.answer

    def with_account(method: str, path: str, holder: str | None) -> Any:
        if path == "/memberships":
            from tests.support.fake.accounts import ok

            return ok([membership], {"page": 1, "per_page": 50, "count": 1, "total_count": 1})
        return listed(method, path, holder)

    api.answer = with_account  # type: ignore[method-assign]
    code, out, _ = whoami(api, capsys, "--json")
    assert code == 0, out
    resources = json.loads(out)["token"]["permissions"]["policies"][0]["resources"]
    assert resources[0]["words"] == f"account Acme ({ACCOUNT_A})"


def test_an_id_that_echoes_the_secret_is_never_put_in_a_path(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A verify answer whose id is the secret itself: the client masks it in the answer, so
    the own-entry request carries no secret in its path."""
    from tests.support.fake.token_bodies import every_flag

    bodies = every_flag(FIXED_NOW)
    bodies[0]["id"] = SECRET
    api = TokenApi(FIXED_NOW, SECRET, tokens=bodies)
    code, out, _ = whoami(api, capsys, "--json")
    assert code == 0, out
    assert "/user/tokens/verify" in api.paths
    assert not any(SECRET in path for path in api.paths)
    assert len([p for p in api.paths if p.startswith("/user/tokens/")]) == 2  # verify, own
