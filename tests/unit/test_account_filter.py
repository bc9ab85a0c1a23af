"""The accounts filter: words against names, ids, roles, resources and policy groups."""

from __future__ import annotations

import dataclasses

import pytest

from cftui.core.accounts.merge import AccountMerge, merge_accounts
from cftui.core.accounts.rows import (
    AccountRow,
    filter_rows,
    filter_words,
    make_row,
    narrows,
)
from cftui.core.models.account import Account
from cftui.core.models.membership import Membership, parse_membership
from cftui.core.models.user import Organization
from tests.support.fake.memberships import (
    hex_id,
    hostile_membership,
    membership,
    membership_detail,
)

A1, A2, A3 = "a1" * 16, "a2" * 16, "a3" * 16


def member(account_id: str | None, name: str | None = None, **kw: object) -> Membership:
    account = None if account_id is None and name is None else Account(id=account_id, name=name)
    return Membership(id=f"m-{account_id}", account=account, **kw)  # type: ignore[arg-type]


def org(oid: str | None, name: str | None = None, **kw: object) -> Organization:
    return Organization(id=oid, name=name, **kw)  # type: ignore[arg-type]


# -- merging ---------------------------------------------------------------------------------------


# -- the filter -----------------------------------------------------------------------------------


@pytest.fixture
def rows() -> tuple[AccountRow, ...]:
    merge = AccountMerge(
        [
            dataclasses.replace(
                parse_membership(membership_detail(1).json()["result"]), roles=("Zero Trust",)
            ),
            parse_membership(membership(2, name="Northwind Retail", roles=["Billing"])),
        ],
        [org(A3, "Kestrel Security GmbH", status="invited", permissions=("#stream:read",))],
    )
    return merge.rows()


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("", {"Account 00001", "Northwind Retail", "Kestrel Security GmbH"}),
        ("north", {"Northwind Retail"}),
        ("NORTHWIND retail", {"Northwind Retail"}),  # words, any case, all must match
        ("retail kestrel", set()),
        (hex_id(1, 2)[-8:], {"Northwind Retail"}),  # account id
        (hex_id(2, 1), {"Account 00001"}),  # membership id
        ("zero trust", {"Account 00001"}),  # role
        ("billing", {"Northwind Retail", "Account 00001"}),  # role, and a resource in the grid
        ("stream", {"Kestrel Security GmbH"}),  # legacy permission resource
        ("dns records", {"Account 00001", "Northwind Retail"}),  # resource label
        ("cache purge", {"Account 00001", "Northwind Retail"}),
        ("zone read", {"Account 00001"}),  # policy permission group (loaded for 00001 only)
        ("invited", {"Kestrel Security GmbH"}),  # status word
        ("\x1bnor\u200bth\u202e", {"Northwind Retail"}),  # a pasted query is sanitized too
    ],
)
def test_filter(rows: tuple[AccountRow, ...], query: str, names: set[str]) -> None:
    assert {r.name for r in filter_rows(rows, query)} == names


def test_filter_words() -> None:
    assert filter_words("  Zone\tREAD  ") == ("zone", "read")
    assert filter_words("") == ()
    assert filter_words("Straße") == ("strasse",)  # casefolded, like the haystack


def test_a_query_cannot_match_across_two_fields() -> None:
    row = make_row(A1, member(A1, "Alpha", roles=("Beta",)), None)
    assert filter_rows([row], "alpha") == [row]
    assert filter_rows([row], "alphabeta") == []
    assert filter_rows([row], "alpha beta") == [row]


def test_hostile_rows_stay_inert_text() -> None:
    row = AccountMerge([parse_membership(hostile_membership())]).rows()[0]
    texts = [row.name, row.status, row.summary, row.haystack, *row.roles]
    texts += [c.resource for c in row.grid] + [c.label for c in row.grid]
    texts += [t for fact in row.facts() for t in fact]
    assert "[bold red]x[/]" in row.name  # markup kept as text; the UI renders it as Text
    for text in texts:
        assert not any(c in text for c in "\x1b\x00\x07\x9b\r\u202e\u200b"), repr(text)


def test_narrowing_queries_may_filter_the_previous_result(rows: tuple[AccountRow, ...]) -> None:
    assert narrows("nor", "north")
    assert narrows("", "n")
    assert narrows("zone", "zone read")
    assert not narrows("north", "nort")
    assert not narrows("north", "south")
    previous = filter_rows(rows, "a")
    for query in ("ac", "acc", "account 0", "account 00001"):
        assert filter_rows(previous, query) == filter_rows(rows, query)


def test_a_repeated_word_is_one_condition(rows: tuple[AccountRow, ...]) -> None:
    assert filter_rows(rows, "north north") == filter_rows(rows, "north")


def test_rows_sort_by_name_then_key() -> None:
    a = make_row("k2", member("k2", "beta"), None)
    b = make_row("k1", member("k1", "Beta"), None)
    c = make_row("k3", member("k3", "alpha"), None)
    memberships = [r.membership for r in (a, b, c) if r.membership is not None]
    assert [r.key for r in merge_accounts(memberships, [])] == ["k3", "k1", "k2"]
