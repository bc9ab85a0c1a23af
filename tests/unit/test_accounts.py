"""Parsing ``GET /accounts``: how an account-owned token finds the account it belongs to."""

from __future__ import annotations

import pytest

from cftui.core.errors import MalformedResponseError
from cftui.core.models.account import Account, parse_accounts
from tests.support.fake.accounts import ACCOUNT_TOKEN_ACCOUNT, accounts_page
from tests.support.fake.canned import HOSTILE


def test_accounts_page_parses() -> None:
    (account,) = parse_accounts(accounts_page().json()["result"])
    assert account.id == ACCOUNT_TOKEN_ACCOUNT["id"]
    assert account.display_name == "Okafor Studio"
    assert (account.type, account.enforce_twofactor) == ("standard", False)
    assert account.created_on is not None and account.created_on.date_text == "2019-03-14"


def test_account_display_name_falls_back() -> None:
    assert Account(id="a1").display_name == "a1"
    assert Account().display_name == "(unnamed account)"


def test_accounts_wrong_types() -> None:
    with pytest.raises(MalformedResponseError) as info:
        parse_accounts([{"id": "a"}, {"type": 1}])
    assert info.value.path == "result[1].type"


def test_account_strings_are_sanitized() -> None:
    (account,) = parse_accounts([{"id": HOSTILE, "name": HOSTILE, "type": HOSTILE}])
    for text in (account.id, account.name, account.type):
        assert text is not None and "\x1b" not in text and "\u202e" not in text
