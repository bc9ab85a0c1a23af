"""One row per account: memberships merged with /user's organizations, the permission grid,
status words, duplicates across pages, late details, and the filter."""

from __future__ import annotations

import pytest

from cftui.core.accounts.merge import AccountMerge, merge_accounts
from cftui.core.accounts.rows import (
    FROM_BOTH,
    FROM_MEMBERSHIPS,
    FROM_USER,
    Cell,
    make_row,
    mark,
    permission_grid,
    permission_summary,
    resource_label,
    status_word,
)
from cftui.core.models.account import Account
from cftui.core.models.membership import Grant, Membership, parse_membership, parse_memberships
from cftui.core.models.user import Organization
from tests.support.fake.memberships import (
    hex_id,
    membership,
    membership_detail,
    membership_put,
    memberships_pages,
    pages_with_duplicates,
)

A1, A2, A3 = "a1" * 16, "a2" * 16, "a3" * 16


def member(account_id: str | None, name: str | None = None, **kw: object) -> Membership:
    account = None if account_id is None and name is None else Account(id=account_id, name=name)
    return Membership(id=f"m-{account_id}", account=account, **kw)  # type: ignore[arg-type]


def org(oid: str | None, name: str | None = None, **kw: object) -> Organization:
    return Organization(id=oid, name=name, **kw)  # type: ignore[arg-type]


# -- merging ---------------------------------------------------------------------------------------


def test_merge_by_account_id_keeps_one_source_rows() -> None:
    rows = merge_accounts(
        [
            member(A1, "Both Ltd", status="accepted"),
            member(A2, "Memberships Only", status="pending"),
        ],
        [org(A1, "Both Ltd (old name)", status="member"), org(A3, "User Only", status="invited")],
    )
    by_id = {r.account_id: r for r in rows}
    assert set(by_id) == {A1, A2, A3}
    assert by_id[A1].sources == (FROM_MEMBERSHIPS, FROM_USER)
    assert by_id[A1].name == "Both Ltd"  # the membership is current
    assert by_id[A2].sources == (FROM_MEMBERSHIPS,)
    assert by_id[A3].sources == (FROM_USER,)
    assert [r.name for r in rows] == ["Both Ltd", "Memberships Only", "User Only"]


def test_status_words_and_where_they_came_from() -> None:
    rows = {
        r.account_id: r
        for r in merge_accounts(
            [
                member(A1, "A", status="accepted"),
                member(A2, "B", status="rejected"),
                member("x" * 32, "C", status="suspended"),
            ],
            [org(A1, status="invited"), org(A3, "D", status="invited"), org("y" * 32, "E")],
        )
    }
    assert (rows[A1].status, rows[A1].status_source) == ("member", FROM_MEMBERSHIPS)
    assert (rows[A2].status, rows[A2].status_source) == ("declined", FROM_MEMBERSHIPS)
    assert rows["x" * 32].status == "suspended"  # unknown words are shown as sent
    assert (rows[A3].status, rows[A3].status_source) == ("invited", FROM_USER)
    assert rows["y" * 32].status == "unknown"


@pytest.mark.parametrize(
    ("raw", "word"),
    [("accepted", "member"), ("member", "member"), ("pending", "invited"), ("invited", "invited"),
     ("rejected", "declined"), ("", "unknown"), (None, "unknown"), ("new", "new")],
)  # fmt: skip
def test_status_word(raw: str | None, word: str) -> None:
    assert status_word(raw) == word


def test_pending_and_answerable() -> None:
    merge = AccountMerge(
        [
            member(A1, "Invite", status="pending"),
            Membership(account=Account(id=A2), status="pending"),
        ],
        [org(A3, "Legacy invite", status="invited")],
    )
    rows = {r.account_id: r for r in merge.rows()}
    assert merge.pending_count == 3
    assert rows[A1].is_pending and rows[A1].can_answer
    assert rows[A2].is_pending and not rows[A2].can_answer  # no membership id to PUT
    assert rows[A3].is_pending and not rows[A3].can_answer  # legacy only: cannot be answered


def test_roles_from_the_membership_else_the_organization() -> None:
    row = make_row(A1, member(A1, roles=("Administrator",)), org(A1, roles=("Billing",)))
    assert (row.roles, row.roles_source) == (("Administrator",), FROM_MEMBERSHIPS)
    row = make_row(A1, member(A1), org(A1, roles=("Billing",)))
    assert (row.roles, row.roles_source) == (("Billing",), FROM_USER)
    row = make_row(A1, member(A1), None)
    assert (row.roles, row.roles_source) == ((), None)


def test_names_fall_back_to_the_id_and_rows_without_ids_stay_apart() -> None:
    rows = merge_accounts(
        [member(A1), Membership(id="m-x"), Membership(), Membership()],
        [org(None, "No id"), org(None)],
    )
    assert len(rows) == 6
    assert {r.key for r in rows} >= {A1, "membership:m-x"}
    assert sorted(r.name for r in rows).count("(unnamed account)") == 4
    assert any(r.name == A1 for r in rows)


def test_facts_say_what_each_source_said() -> None:
    row = make_row(
        A1,
        member(
            A1, status="accepted", roles=("Admin",), permissions=(("zones", Grant(True, True)),)
        ),
        org(A1, status="member", roles=("Admin", "Billing"), permissions=("#zones:read",)),
    )
    assert row.facts() == (
        (FROM_MEMBERSHIPS, "accepted, 1 role, 1 resource"),
        (FROM_USER, "member, 2 roles, 1 permission"),
    )


# -- the permission grid ---------------------------------------------------------------------------


def test_grid_merges_grants_and_legacy_strings() -> None:
    m = member(A1, permissions=(("zones", Grant(True, False)), ("dns_records", Grant(True, True))))
    o = org(A1, permissions=("#zones:read", "#zones:edit", "#billing:read", "#cache_purge:edit",
                             "#logs:read", "#logs:list"))  # fmt: skip
    grid = {c.resource: c for c in permission_grid(m, o)}
    assert list(grid) == ["billing", "cache_purge", "dns_records", "logs", "zones"]  # sorted
    assert grid["billing"] == Cell("billing", True, False, FROM_USER)
    assert grid["cache_purge"] == Cell("cache_purge", False, True, FROM_USER)  # edit = write
    assert grid["logs"] == Cell("logs", True, False, FROM_USER, False, ("list",))
    assert grid["dns_records"] == Cell("dns_records", True, True, FROM_MEMBERSHIPS)
    # both say read; /user says edit, the membership says no write: the membership shows
    assert grid["zones"] == Cell("zones", True, False, FROM_BOTH, disagrees=True)


def test_a_silent_grant_is_filled_from_the_legacy_string() -> None:
    grid = permission_grid(
        member(A1, permissions=(("zones", Grant(None, None)),)),
        org(A1, permissions=("#zones:edit",)),
    )
    assert grid == (Cell("zones", False, True, FROM_BOTH),)


def test_grid_from_one_source_or_none() -> None:
    assert permission_grid(None, None) == ()
    assert permission_grid(member(A1), None) == ()
    assert permission_grid(None, org(A1, permissions=("#zones:read",))) == (
        Cell("zones", True, False, FROM_USER),
    )


@pytest.mark.parametrize(
    ("cells", "summary"),
    [
        ((), "—"),
        ((Cell("a", False, False, FROM_USER),), "no access"),
        ((Cell("a", True, False, FROM_USER), Cell("b", True, None, FROM_USER)), "read-only (2)"),
        ((Cell("a", True, True, FROM_USER), Cell("b", True, False, FROM_USER)), "2 read, 1 write"),
        ((Cell("a", None, True, FROM_USER),), "0 read, 1 write"),
    ],
)
def test_permission_summary(cells: tuple[Cell, ...], summary: str) -> None:
    assert permission_summary(cells) == summary


def test_marks_and_labels() -> None:
    assert (mark(True), mark(False), mark(None)) == ("✓", "✗", "?")
    assert resource_label("dns_records") == "DNS records"
    assert resource_label("workers_ai") == "Workers ai"
    assert resource_label("") == "(unnamed)"
    assert Cell("waf", True, True, FROM_BOTH).label == "Firewall (WAF)"


# -- pages, duplicates, late answers ---------------------------------------------------------------


def page_items(answer_json: dict[str, object]) -> tuple[Membership, ...]:
    return parse_memberships(answer_json["result"])


def test_pages_in_any_order_give_the_same_rows() -> None:
    pages = [page_items(a.json()) for a in memberships_pages(120, pending_every=7)]
    forward, backward = AccountMerge(), AccountMerge()
    for page in pages:
        forward.add_memberships(page)
    for page in reversed(pages):
        backward.add_memberships(page)
    assert forward.rows() == backward.rows()
    assert len(forward) == forward.membership_count == 120
    assert forward.pending_count == len([n for n in range(120) if n % 7 == 0])


def test_duplicate_ids_across_pages_are_kept_once() -> None:
    merge = AccountMerge()
    first, second = (page_items(a.json()) for a in pages_with_duplicates())
    assert len(merge.add_memberships(first)) == 50
    added = merge.add_memberships(second)
    assert len(added) == 45
    assert merge.duplicates == 5
    assert len(merge.rows()) == merge.membership_count == 95
    assert len({r.account_id for r in merge.rows()}) == 95


def test_organizations_arriving_later_complete_rows() -> None:
    merge = AccountMerge([member(A1, "One")])
    merge.set_organizations([org(A1, "One", status="member", roles=("Admin",)), org(A2, "Two")])
    assert [r.sources for r in merge.rows()] == [(FROM_MEMBERSHIPS, FROM_USER), (FROM_USER,)]
    merge.set_organizations([])  # a new /user answer without them
    assert [(r.name, r.sources) for r in merge.rows()] == [("One", (FROM_MEMBERSHIPS,))]


def test_a_detail_answer_adds_policies_and_a_put_answer_updates_the_status() -> None:
    merge = AccountMerge([parse_membership(membership(n, status="pending")) for n in range(3)])
    listed = merge.get(hex_id(1, 1))
    assert listed is not None and listed.policies is None and listed.can_answer
    detailed = merge.update_membership(
        parse_membership(membership_detail(1, status="pending").json()["result"])
    )
    assert detailed.policies is not None and len(detailed.policies) == 2
    assert "zone read" in detailed.haystack and "cache purge" in detailed.haystack
    answered = merge.update_membership(
        parse_membership(membership_put(1, "accepted").json()["result"])
    )
    assert (answered.status, answered.can_answer) == ("member", False)
    assert merge.pending_count == 2
    # a later list page without policies keeps the ones already loaded
    relisted = merge.update_membership(parse_membership(membership(1, status="accepted")))
    assert relisted.policies == detailed.policies


def test_a_terse_detail_leaves_the_listed_row_as_it_was_but_for_what_it_says() -> None:
    merge = AccountMerge([parse_membership(membership(1, status="pending"))])
    before = merge.get(hex_id(1, 1))
    assert before is not None
    row = merge.update_membership(
        parse_membership({"id": hex_id(2, 1), "account": None, "roles": None, "policies": []})
    )
    assert (row.name, row.roles, row.status) == (before.name, before.roles, before.status)
    assert row.grid == before.grid and row.policies == ()


def test_an_update_finds_its_row_by_membership_id_when_the_account_is_missing() -> None:
    merge = AccountMerge([member(A1, "One", status="pending")])
    row = merge.update_membership(Membership(id=f"m-{A1}", status="rejected"))
    assert row.key == A1 and row.status == "declined"
    assert len(merge) == 1


def test_account_names_for_scope_wording() -> None:
    merge = AccountMerge([member(A1, "One")], [org(A2, "Two"), org(None, "No id")])
    assert merge.account_names() == {A1: "One", A2: "Two"}


def test_rows_are_cached_until_something_changes() -> None:
    merge = AccountMerge([member(A1, "One")])
    first = merge.rows()
    assert merge.rows() is first
    merge.add_memberships([member(A1, "One again")])  # a duplicate changes nothing
    assert merge.rows() is first
    merge.add_memberships([member(A2, "Two")])
    assert merge.rows() is not first and len(merge.rows()) == 2
