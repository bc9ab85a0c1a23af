"""Parsing ``/memberships``, ``/memberships/{id}`` and ``/accounts``: the schema's shapes, nulls,
unknown fields, wrong types named by path, and every string sanitized."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from cftui.core.dates import parse_timestamp
from cftui.core.errors import MalformedResponseError
from cftui.core.models.account import Account
from cftui.core.models.membership import (
    Grant,
    Membership,
    PermissionGroup,
    Policy,
    ResourceGroup,
    Scope,
    invitation_body,
    merge_detail,
    parse_membership,
    parse_memberships,
)
from tests.support.fake.memberships import hostile_membership, membership_detail, memberships_pages

ACCOUNT_KEY = "com.cloudflare.api.account.eb78d65290b24279ba6f44721b3ea3c4"
ZONE_KEY = "com.cloudflare.api.account.zone.23f8d65290b24279ba6f44721b3eaad5"
# The schema's examples (iam_membership, iam_account, iam_permissions, iam_list_member_policy).
SCHEMA_EXAMPLE: dict[str, Any] = {
    "id": "4536bcfad5faccb111b47003c79917fa",
    "account": {
        "id": "023e105f4ecef8ad9ca31a8372d0c353",
        "name": "Demo Account",
        "created_on": "2014-03-01T12:21:02.0000Z",
        "settings": {"abuse_contact_email": "abuse@example.com", "enforce_twofactor": False},
    },
    "api_access_enabled": True,
    "permissions": {
        "analytics": {"read": True, "write": False},
        "zones": {"read": True, "write": True},
    },
    "roles": ["Account Administrator"],
    "status": "accepted",
    "policies": [
        {
            "id": "f267e341f3dd4697bd3b9f71dd96247f",
            "access": "allow",
            "permission_groups": [
                {
                    "id": "c8fed203ed3043cba015a93ad1616f1f",
                    "meta": {
                        "label": "load_balancer_admin",
                        "scopes": "com.cloudflare.api.account",
                    },
                    "name": "Zone Read",
                }
            ],
            "resource_groups": [
                {
                    "id": "6d7f2f5f5b1d4a0e9081fdc98d432fd1",
                    "meta": {"editable": "false"},
                    "name": ACCOUNT_KEY,
                    "scope": [
                        {
                            "key": ACCOUNT_KEY,
                            "objects": [{"key": ZONE_KEY}],
                        }
                    ],
                }
            ],
        }
    ],
}


def example() -> dict[str, Any]:
    return copy.deepcopy(SCHEMA_EXAMPLE)


def test_the_schema_example_parses_into_the_expected_values() -> None:
    assert parse_membership(example()) == Membership(
        id="4536bcfad5faccb111b47003c79917fa",
        account=Account(
            id="023e105f4ecef8ad9ca31a8372d0c353",
            name="Demo Account",
            created_on=parse_timestamp("2014-03-01T12:21:02.0000Z"),
            enforce_twofactor=False,
        ),
        roles=("Account Administrator",),
        status="accepted",
        api_access_enabled=True,
        permissions=(("analytics", Grant(True, False)), ("zones", Grant(True, True))),
        policies=(
            Policy(
                id="f267e341f3dd4697bd3b9f71dd96247f",
                access="allow",
                permission_groups=(
                    PermissionGroup("c8fed203ed3043cba015a93ad1616f1f", "Zone Read"),
                ),
                resource_groups=(
                    ResourceGroup(
                        id="6d7f2f5f5b1d4a0e9081fdc98d432fd1",
                        name="com.cloudflare.api.account.eb78d65290b24279ba6f44721b3ea3c4",
                        scopes=(
                            Scope(
                                key=ACCOUNT_KEY,
                                objects=(ZONE_KEY,),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
    account = parse_membership(example()).account
    assert account is not None and account.created_on is not None
    assert account.created_on.value == datetime(2014, 3, 1, 12, 21, 2, tzinfo=UTC)


def test_accessors() -> None:
    m = parse_membership(example())
    assert (m.account_id, m.account_name) == ("023e105f4ecef8ad9ca31a8372d0c353", "Demo Account")
    assert m.grant("zones") == Grant(True, True)
    assert m.grant("billing") is None
    assert Membership().account_id is None and Membership().account_name is None


def test_a_list_item_has_no_policies_and_says_so() -> None:
    doc = example()
    del doc["policies"]
    assert parse_membership(doc).policies is None
    assert parse_membership(doc | {"policies": []}).policies == ()


def test_every_field_may_be_null_or_missing() -> None:
    assert parse_membership({}) == Membership()
    nulls = dict.fromkeys(SCHEMA_EXAMPLE)
    assert parse_membership(nulls) == Membership()
    empty_policy = {
        "policies": [{}, dict.fromkeys(("id", "access", "permission_groups", "resource_groups"))]
    }
    assert parse_membership(empty_policy).policies == (Policy(), Policy())
    group = {"resource_groups": [{"scope": [{"objects": [{}, {"key": None}]}]}]}
    assert parse_membership({"policies": [group]}).policies == (
        Policy(resource_groups=(ResourceGroup(scopes=(Scope(),)),)),
    )


def test_null_grants_are_left_out_and_partial_grants_kept() -> None:
    m = parse_membership({"permissions": {"zones": None, "dns": {}, "ssl": {"read": True}}})
    assert m.permissions == (("dns", Grant()), ("ssl", Grant(read=True)))


def test_unknown_resources_statuses_and_fields_are_kept_or_ignored() -> None:
    doc = example() | {"status": "suspended", "new_field": {"x": 1}}
    doc["permissions"]["workers_ai"] = {"read": True, "write": False, "admin": True}
    doc["account"]["type"] = "enterprise"
    doc["account"]["managed_by"] = {"parent_org_id": "x", "parent_org_name": "Parent"}
    m = parse_membership(doc)
    assert m.status == "suspended"
    assert m.grant("workers_ai") == Grant(True, False)
    assert m.account is not None and m.account.type == "enterprise"


def test_edit_is_read_as_write_when_write_is_absent() -> None:
    m = parse_membership({"permissions": {"zones": {"read": True, "edit": True}}})
    assert m.grant("zones") == Grant(True, True)
    m = parse_membership({"permissions": {"zones": {"write": False, "edit": True}}})
    assert m.grant("zones") == Grant(None, False)


def test_a_single_scope_object_is_read_as_a_list_of_one() -> None:
    doc = {"policies": [{"resource_groups": [{"scope": {"key": "k", "objects": [{"key": "*"}]}}]}]}
    (policy,) = parse_membership(doc).policies or ()
    assert policy.resource_groups[0].scopes == (Scope("k", ("*",)),)


WRONG_TYPES: list[tuple[tuple[Any, ...], Any, str]] = [
    ((), [], "result"),
    (("id",), 5, "result.id"),
    (("account",), "acct", "result.account"),
    (("account", "name"), 5, "result.account.name"),
    (("account", "settings"), [], "result.account.settings"),
    (
        ("account", "settings", "enforce_twofactor"),
        "no",
        "result.account.settings.enforce_twofactor",
    ),
    (("account", "created_on"), 1393676462, "result.account.created_on"),
    (("roles",), "Administrator", "result.roles"),
    (("roles", 0), None, "result.roles[0]"),
    (("status",), ["accepted"], "result.status"),
    (("api_access_enabled",), "true", "result.api_access_enabled"),
    (("permissions",), ["#zones:read"], "result.permissions"),
    (("permissions", "zones"), True, "result.permissions.zones"),
    (("permissions", "zones", "read"), 1, "result.permissions.zones.read"),
    (("permissions", "zones", "write"), "yes", "result.permissions.zones.write"),
    (("policies",), {}, "result.policies"),
    (("policies", 0), "allow", "result.policies[0]"),
    (("policies", 0, "access"), True, "result.policies[0].access"),
    (("policies", 0, "permission_groups"), {}, "result.policies[0].permission_groups"),
    (
        ("policies", 0, "permission_groups", 0, "name"),
        3,
        "result.policies[0].permission_groups[0].name",
    ),
    (
        ("policies", 0, "resource_groups", 0, "scope"),
        "k",
        "result.policies[0].resource_groups[0].scope",
    ),
    (
        ("policies", 0, "resource_groups", 0, "scope", 0, "objects"),
        {"key": "*"},
        "result.policies[0].resource_groups[0].scope[0].objects",
    ),
    (
        ("policies", 0, "resource_groups", 0, "scope", 0, "objects", 0, "key"),
        7,
        "result.policies[0].resource_groups[0].scope[0].objects[0].key",
    ),
]


@pytest.mark.parametrize(("where", "value", "path"), WRONG_TYPES, ids=[w[2] for w in WRONG_TYPES])
def test_wrong_types_name_the_json_path(where: tuple[Any, ...], value: Any, path: str) -> None:
    doc: Any = example()
    if where:
        target = doc
        for step in where[:-1]:
            target = target[step]
        target[where[-1]] = value
    else:
        doc = value
    with pytest.raises(MalformedResponseError) as info:
        parse_membership(doc)
    assert info.value.path == path
    assert path in info.value.message


def test_a_resource_name_in_an_error_path_is_made_safe() -> None:
    with pytest.raises(MalformedResponseError) as info:
        parse_membership({"permissions": {"\x1b]0;pwned\x07" + "z" * 100: 5}})
    assert info.value.path is not None
    assert "\x1b" not in info.value.message and "\x07" not in info.value.message
    assert len(info.value.path) < 70


def test_a_page_names_the_item() -> None:
    with pytest.raises(MalformedResponseError) as info:
        parse_memberships([{}, {"roles": 3}])
    assert info.value.path == "result[1].roles"
    with pytest.raises(MalformedResponseError) as info:
        parse_memberships({"id": "x"})
    assert info.value.path == "result"
    assert parse_memberships(None) == ()


def test_the_fake_apis_pages_and_detail_parse() -> None:
    pages = [parse_memberships(a.json()["result"]) for a in memberships_pages(120)]
    assert [len(p) for p in pages] == [50, 50, 20]
    assert len({m.id for p in pages for m in p}) == 120
    detail = parse_membership(membership_detail(3).json()["result"])
    assert detail.policies is not None and [p.access for p in detail.policies] == ["allow", "deny"]


def test_every_membership_string_is_sanitized() -> None:
    m = parse_membership(hostile_membership())
    texts = [m.id, m.status, *m.roles, *(r for r, _ in m.permissions)]
    assert m.account is not None
    texts += [m.account.id, m.account.name]
    for policy in m.policies or ():
        texts += [policy.id, policy.access]
        texts += [g.name for g in policy.permission_groups]
        for group in policy.resource_groups:
            texts += [group.name, *(s.key for s in group.scopes)]
            texts += [o for s in group.scopes for o in s.objects]
    assert any(t is not None and "[bold red]x[/]" in t for t in texts)  # markup kept, as text
    for text in texts:
        assert text is not None
        assert not any(c in text for c in "\x1b\x00\x07\x9b\r\u202e\u200b"), repr(text)


def test_invitation_bodies() -> None:
    assert invitation_body(True) == {"status": "accepted"}
    assert invitation_body(False) == {"status": "rejected"}


# -- a detail merged into the listed membership ----------------------------------------------


def test_a_detail_is_merged_field_by_field_keeping_what_it_leaves_out() -> None:
    listed = parse_membership(memberships_pages(1)[0].json()["result"][0])
    assert listed.account is not None and listed.account.name and listed.roles
    terse = parse_membership({"id": listed.id, "status": None, "account": {"id": None}})
    merged = merge_detail(listed, terse)
    assert merged == listed  # nothing given: nothing changes, "(unnamed account)" never
    detail = parse_membership(
        {"status": "rejected", "api_access_enabled": False, "account": {"name": "Renamed"}}
        | {"policies": []}
    )
    merged = merge_detail(listed, detail)
    assert merged.status == "rejected" and merged.api_access_enabled is False
    assert merged.account is not None and merged.account.name == "Renamed"
    assert merged.account.id == listed.account.id and merged.roles == listed.roles
    assert merged.permissions == listed.permissions
    assert merged.policies == ()  # an empty list of policies is an answer: none


def test_a_full_detail_wins_and_policies_are_kept_when_a_later_answer_has_none() -> None:
    listed = parse_membership(memberships_pages(2)[0].json()["result"][1])
    detail = parse_membership(membership_detail(1).json()["result"])
    merged = merge_detail(listed, detail)
    assert merged == detail
    assert merge_detail(merged, listed).policies == detail.policies
