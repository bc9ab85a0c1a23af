"""Policies and resource scopes in words, on keys shaped like the real ones."""

from __future__ import annotations

import pytest

from cftui.core.accounts.scopes import (
    access_word,
    describe_key,
    describe_resource_group,
    describe_scope,
    policy_headline,
    policy_scopes,
)
from cftui.core.models.membership import (
    PermissionGroup,
    Policy,
    ResourceGroup,
    Scope,
    parse_membership,
)
from tests.support.fake.memberships import hex_id, hostile_membership, membership_detail

ACCOUNT = "eb78d65290b24279ba6f44721b3ea3c4"
ZONE = "23f8d65290b24279ba6f44721b3eaad5"
NAMES = {ACCOUNT: "Okafor Studio"}


@pytest.mark.parametrize(
    ("key", "words"),
    [
        (f"com.cloudflare.api.account.zone.{ZONE}", f"zone {ZONE}"),
        ("com.cloudflare.api.account.zone.*", "all zones"),
        ("com.cloudflare.api.account.zone", "zones"),
        (f"com.cloudflare.api.account.{ACCOUNT}", "account Okafor Studio"),
        (
            "com.cloudflare.api.account.0123456789abcdef0123456789abcdef",
            "account 0123456789abcdef0123456789abcdef",
        ),
        ("com.cloudflare.api.account.*", "all accounts"),
        ("com.cloudflare.api.account", "accounts"),
        (
            "com.cloudflare.api.user.6d7f2f5f5b1d4a0e9081fdc98d432fd1",
            "user 6d7f2f5f5b1d4a0e9081fdc98d432fd1",
        ),
        ("com.cloudflare.api.user", "your user"),
        ("*", "everything"),
        # kinds not known here are shown as they came
        (
            "com.cloudflare.edge.r2.bucket.4793d734c0b8e484dfc37ec392b5fa8a_default_logs",
            "com.cloudflare.edge.r2.bucket.4793d734c0b8e484dfc37ec392b5fa8a_default_logs",
        ),
        ("com.cloudflare.api.accounts.x", "com.cloudflare.api.accounts.x"),
        ("", ""),
    ],
)
def test_describe_key(key: str, words: str) -> None:
    assert describe_key(key, NAMES) == words


def test_zone_wins_over_account_prefix() -> None:
    # "com.cloudflare.api.account.zone.X" is under the account prefix too: a zone, not an account
    assert describe_key(f"com.cloudflare.api.account.zone.{ZONE}", {"zone." + ZONE: "no"}) == (
        f"zone {ZONE}"
    )


@pytest.mark.parametrize(
    ("scope", "lines"),
    [
        (
            Scope(
                f"com.cloudflare.api.account.{ACCOUNT}",
                (f"com.cloudflare.api.account.zone.{ZONE}",),
            ),
            (f"zone {ZONE} in account Okafor Studio",),
        ),
        (
            Scope(f"com.cloudflare.api.account.{ACCOUNT}", ("com.cloudflare.api.account.zone.*",)),
            ("all zones in account Okafor Studio",),
        ),
        (
            Scope(f"com.cloudflare.api.account.{ACCOUNT}", ("*",)),
            ("everything in account Okafor Studio",),
        ),
        (Scope(f"com.cloudflare.api.account.{ACCOUNT}", ()), ("account Okafor Studio",)),
        (
            Scope(
                f"com.cloudflare.api.account.{ACCOUNT}", (f"com.cloudflare.api.account.{ACCOUNT}",)
            ),
            ("account Okafor Studio",),
        ),
        (Scope(None, (f"com.cloudflare.api.account.zone.{ZONE}",)), (f"zone {ZONE}",)),
        (Scope(None, ()), ()),
        (
            Scope(
                f"com.cloudflare.api.account.{ACCOUNT}",
                (f"com.cloudflare.api.account.zone.{ZONE}", "com.cloudflare.api.account.zone.abc"),
            ),
            (f"zone {ZONE} in account Okafor Studio", "zone abc in account Okafor Studio"),
        ),
    ],
)
def test_describe_scope(scope: Scope, lines: tuple[str, ...]) -> None:
    assert describe_scope(scope, NAMES) == lines


def test_a_resource_group_without_scopes_falls_back_to_its_name() -> None:
    named = ResourceGroup(id="g", name=f"com.cloudflare.api.account.{ACCOUNT}")
    assert describe_resource_group(named, NAMES) == ("account Okafor Studio",)
    assert describe_resource_group(ResourceGroup(name="Production zones")) == ("Production zones",)
    assert describe_resource_group(ResourceGroup()) == ("(no resources listed)",)


def test_the_fake_apis_policies_in_words() -> None:
    detail = parse_membership(membership_detail(3).json()["result"])
    assert detail.policies is not None
    allow, deny = detail.policies
    names = {hex_id(1, 3): "Account 00003"}
    assert policy_headline(allow) == "Allow: Zone Read, DNS Write"
    assert policy_scopes(allow, names) == (
        f"zone {hex_id(3, 6)} in account Account 00003",
        f"zone {hex_id(3, 7)} in account Account 00003",
    )
    assert policy_headline(deny) == "Deny: Cache Purge"
    assert policy_scopes(deny, names) == (f"zone {hex_id(3, 6)} in account Account 00003",)


def test_access_words() -> None:
    assert access_word(Policy(access="allow")) == "Allow"
    assert access_word(Policy(access="deny")) == "Deny"
    assert access_word(Policy(access="audit")) == "audit"
    assert access_word(Policy()) == "Access not given"


def test_headline_without_groups_and_with_unnamed_groups() -> None:
    assert policy_headline(Policy(access="allow")) == "Allow: (no permission groups)"
    policy = Policy(access="deny", permission_groups=(PermissionGroup(id="g1"), PermissionGroup()))
    assert policy_headline(policy) == "Deny: g1, (unnamed permission group)"


def test_repeated_scopes_are_said_once() -> None:
    group = ResourceGroup(scopes=(Scope("*"), Scope("*")))
    assert policy_scopes(Policy(resource_groups=(group, group))) == ("everything",)


def test_hostile_scope_keys_stay_inert_text() -> None:
    (policy,) = parse_membership(hostile_membership()).policies or ()
    lines = (policy_headline(policy), *policy_scopes(policy))
    assert any("[bold red]x[/]" in line for line in lines)  # markup kept as text
    for line in lines:
        assert not any(c in line for c in "\x1b\x00\x07\x9b\r\u202e\u200b"), repr(line)
