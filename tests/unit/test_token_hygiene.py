"""A token's flags, its scope in one line and its policies in words: pure functions of the
token and the suite's fixed day, on tokens shaped as Cloudflare sends them."""

from __future__ import annotations

from typing import Any

import pytest

from cftui.core.models.user_token import TokenDetails, parse_token_details
from cftui.core.tokens.describe import describe_token, scope_summary
from cftui.core.tokens.hygiene import FLAGS, assess
from cftui.core.tokens.inventory import rows
from cftui.core.tokens.resources import read_resources, where_words
from tests.support.fake.token_bodies import (
    ACCOUNT_A,
    ACCOUNT_B,
    ALL_ACCOUNTS,
    ALL_ZONES,
    OFFICE,
    ZONES,
    account,
    every_flag,
    policy,
    token,
    zone,
)
from tests.support.fixed_clock import FIXED_NOW

NOW = FIXED_NOW


def parsed(body: dict[str, Any]) -> TokenDetails:
    return parse_token_details(body)


def by_name() -> dict[str, TokenDetails]:
    return {t["name"]: parsed(t) for t in every_flag(NOW)}


def test_every_flag_is_shown_by_some_token_of_the_set() -> None:
    seen = {flag for t in by_name().values() for flag in assess(t, NOW).flags}
    assert seen == set(FLAGS)


@pytest.mark.parametrize(
    ("name", "flags"),
    [
        ("cftui laptop", ("expires_soon", "all_accounts")),
        ("CI deploys", ()),
        ("old backup script", ("expired", "all_zones", "no_ip_restriction", "not_used_90_days")),
        ("paused integration", ("disabled", "never_expires", "no_ip_restriction", "never_used")),
        ("read-only dashboards", ("not_used_90_days", "has_deny")),
    ],
)
def test_each_token_gets_exactly_its_flags_most_urgent_first(
    name: str, flags: tuple[str, ...]
) -> None:
    assert assess(by_name()[name], NOW).flags == flags


def test_day_counts_are_utc_calendar_days_from_the_fixed_day() -> None:
    hygiene = assess(by_name()["cftui laptop"], NOW)
    assert (hygiene.days_left, hygiene.last_used_days, hygiene.modified_days) == (9, 0, 40)
    assert hygiene.ip_restricted
    assert assess(by_name()["paused integration"], NOW).last_used_days is None


@pytest.mark.parametrize(("days", "soon"), [(30, True), (31, False), (0, True)])
def test_the_30_day_edge(days: int, soon: bool) -> None:
    body = token(9, "edge", NOW, policies=[], expires_in=days)
    body["expires_on"] = body["expires_on"][:10] + "T23:59:59Z"  # later that day: not expired
    assert ("expires_soon" in assess(parsed(body), NOW).flags) is soon


@pytest.mark.parametrize(("days", "unused"), [(89, False), (90, True)])
def test_the_90_day_edge(days: int, unused: bool) -> None:
    hygiene = assess(parsed(token(9, "edge", NOW, policies=[], last_used=days)), NOW)
    assert ("not_used_90_days" in hygiene.flags) is unused


def test_cloudflare_s_expired_wins_over_a_date_ahead() -> None:
    body = token(9, "x", NOW, policies=[], expires_in=100, status="expired")
    assert assess(parsed(body), NOW).flags[0] == "expired"


def test_an_empty_ip_condition_is_no_restriction() -> None:
    body = token(9, "x", NOW, policies=[], ip={"in": [], "not_in": []})
    assert "no_ip_restriction" in assess(parsed(body), NOW).flags


def test_a_deny_policy_on_all_accounts_does_not_cover_all_accounts() -> None:
    body = token(9, "x", NOW, policies=[policy(1, ["DNS Write"], {ALL_ACCOUNTS: "*"}, "deny")])
    flags = assess(parsed(body), NOW).flags
    assert "has_deny" in flags and "all_accounts" not in flags


def test_the_list_is_sorted_most_urgent_first_and_marks_the_token_in_use() -> None:
    tokens = list(by_name().values())
    listed = rows(tokens, NOW, current_id=tokens[0].id)
    assert [r.token.name for r in listed] == [
        "old backup script",
        "cftui laptop",
        "paused integration",
        "read-only dashboards",
        "CI deploys",
    ]
    assert [r.current for r in listed] == [False, True, False, False, False]


def test_the_scope_summary_reads_like_a_sentence() -> None:
    names = by_name()
    assert scope_summary(names["CI deploys"]) == "DNS Write on 3 zones"
    assert scope_summary(names["cftui laptop"]) == (
        "API Tokens Read, API Tokens Write, User Details Read on your user "
        "· Account Settings Read on all accounts"
    )
    assert scope_summary(names["read-only dashboards"]) == (
        "Zone Read, DNS Write on all zones of 1 account · deny Billing Read on 1 account"
    )
    assert scope_summary(parsed(token(9, "x", NOW, policies=[]))) == "no policies"


def test_many_groups_are_counted_past_three() -> None:
    body = token(9, "x", NOW, policies=[policy(1, ["A", "B", "C", "D", "E"], {ALL_ZONES: "*"})])
    assert scope_summary(parsed(body)) == "A, B, C and 2 more on all zones"


@pytest.mark.parametrize(
    ("resources", "words"),
    [
        ({ALL_ACCOUNTS: "*", ALL_ZONES: "*"}, "all accounts, all zones"),
        ({zone(ZONES[0]): "*"}, "1 zone"),
        ({account(ACCOUNT_A): "*", account(ACCOUNT_B): "*"}, "2 accounts"),
        ({account(ACCOUNT_A): {zone(ZONES[0]): "*", zone(ZONES[1]): "*"}}, "2 zones"),
        (
            {account(ACCOUNT_A): {ALL_ZONES: "*"}, account(ACCOUNT_B): {ALL_ZONES: "*"}},
            "all zones of 2 accounts",
        ),
        ({"com.cloudflare.edge.r2.bucket.abc_default_logs": "*"}, "1 other resource"),
        ({}, "nothing"),
    ],
)
def test_resources_in_words_flat_and_nested(resources: dict[str, Any], words: str) -> None:
    body = token(9, "x", NOW, policies=[policy(1, ["Zone Read"], resources)])
    assert where_words(read_resources(parsed(body).policies[0].resources)) == words


def test_the_description_names_groups_resources_effect_and_ip() -> None:
    t = by_name()["read-only dashboards"]
    words = describe_token(t, names={ACCOUNT_B: "Difference Engine Society"})
    assert words.lines() == [
        "Allow: Zone Read, DNS Write",
        f"  on all zones of account Difference Engine Society ({ACCOUNT_B})",
        "Deny: Billing Read",
        f"  on account Difference Engine Society ({ACCOUNT_B})",
        f"Usable only from {OFFICE['in'][0]}; not from {OFFICE['not_in'][0]}.",
    ]
    assert [p.effect for p in words.policies] == ["allow", "deny"]
    anywhere = describe_token(by_name()["old backup script"])
    assert anywhere.lines()[-1] == "Usable from any IP address."
    assert anywhere.lines()[:2] == ["Allow: Zone Read", "  on all zones"]
