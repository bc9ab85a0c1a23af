"""Token health: the verify answer parsed, judged against an injected now, and put in words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from cftui.core.dates import parse_timestamp
from cftui.core.errors import MalformedResponseError
from cftui.core.models.token import (
    GLOBAL_KEY_NOTE,
    TokenHealth,
    TokenStatus,
    days_left,
    describe_expiry,
    describe_token,
    parse_token_status,
    token_health,
    token_warning,
)
from tests.support.fake.accounts import Health, token_result, token_verify

NOW = datetime(2026, 11, 29, 15, 30, tzinfo=UTC)


def status_at(health: Health, now: datetime = NOW) -> TokenStatus:
    return parse_token_status(token_result(now, health))


def token(
    status: str = "active", expires: str | None = None, not_before: str | None = None
) -> TokenStatus:
    return TokenStatus(
        id="t1",
        status=status,
        expires_on=None if expires is None else parse_timestamp(expires),
        not_before=None if not_before is None else parse_timestamp(not_before),
    )


# -- parsing -------------------------------------------------------------------------------------


def test_the_schema_example_parses() -> None:
    status = parse_token_status(
        {
            "id": "ed17574386854bf78a67040be0a770b0",
            "status": "active",
            "expires_on": "2020-01-01T00:00:00Z",
            "not_before": "2018-07-01T05:20:00Z",
        }
    )
    assert status.id == "ed17574386854bf78a67040be0a770b0"
    assert status.status == "active"
    assert status.expires_on is not None
    assert status.expires_on.value == datetime(2020, 1, 1, tzinfo=UTC)
    assert status.not_before is not None and status.not_before.date_text == "2018-07-01"


def test_the_fake_apis_whole_answer_parses_from_its_result() -> None:
    doc = token_verify(NOW, "expiring").json()
    assert doc["success"] is True
    assert doc["messages"][0]["message"] == "This API Token is valid and active"
    status = parse_token_status(doc["result"])
    assert token_health(status, NOW) is TokenHealth.EXPIRING


def test_everything_is_optional() -> None:
    assert parse_token_status({}) == TokenStatus()
    assert parse_token_status(dict.fromkeys(("id", "status", "expires_on", "not_before"))) == (
        TokenStatus()
    )


def test_unknown_fields_and_statuses_are_tolerated() -> None:
    status = parse_token_status({"status": "suspended", "policies": [{"effect": "allow"}]})
    assert status.status == "suspended"
    assert token_health(status, NOW) is TokenHealth.UNKNOWN
    assert describe_token(status, NOW) == "status suspended, never expires"


@pytest.mark.parametrize(
    ("doc", "path"),
    [
        ([], "result"),
        ("active", "result"),
        ({"id": 7}, "result.id"),
        ({"status": True}, "result.status"),
        ({"expires_on": 1767225600}, "result.expires_on"),
        ({"not_before": ["2026-01-01"]}, "result.not_before"),
    ],
)
def test_wrong_types_name_the_path(doc: Any, path: str) -> None:
    with pytest.raises(MalformedResponseError) as info:
        parse_token_status(doc)
    assert info.value.path == path
    assert path in info.value.message


def test_strings_are_sanitized() -> None:
    status = parse_token_status(
        {"id": "a\x1b[31mb", "status": "act\u200bive", "expires_on": "\u202e2027-01-10"}
    )
    assert (status.id, status.status) == ("a[31mb", "active")
    assert status.expires_on is not None and status.expires_on.text == "2027-01-10"
    assert status.expires_on.value == datetime(2027, 1, 10, tzinfo=UTC)


def test_to_json_keeps_the_dates_as_sent() -> None:
    status = parse_token_status({"id": "t", "status": "active", "expires_on": "soon"})
    assert status.to_json() == {
        "id": "t",
        "status": "active",
        "expires_on": "soon",
        "not_before": None,
    }


# -- health and words, one per fake-API state ---------------------------------------------

STATES: list[tuple[Health, TokenHealth, str, str | None]] = [
    ("active", TokenHealth.ACTIVE, "active, expires 2027-01-10, in 42 days", None),
    (
        "expiring",
        TokenHealth.EXPIRING,
        "active, expires 2026-12-01, in 2 days",
        "This API token expires 2026-12-01, in 2 days: roll it or create a new one "
        "(My Profile → API Tokens) before then.",
    ),
    (
        "expired",
        TokenHealth.EXPIRED,
        "expired 2026-11-26, 3 days ago",
        "This API token has expired 2026-11-26, 3 days ago: create a new one "
        "(My Profile → API Tokens).",
    ),
    (
        "disabled",
        TokenHealth.DISABLED,
        "disabled",
        "This API token is disabled: enable it again or create a new one "
        "(My Profile → API Tokens).",
    ),
    (
        "not_yet_valid",
        TokenHealth.NOT_YET_VALID,
        "not valid until 2026-12-02, in 3 days",
        "This API token is not valid until 2026-12-02, in 3 days.",
    ),
    ("never_expires", TokenHealth.ACTIVE, "active, never expires", None),
]


@pytest.mark.parametrize(
    ("state", "health", "words", "warning"), STATES, ids=[s[0] for s in STATES]
)
def test_each_state(state: Health, health: TokenHealth, words: str, warning: str | None) -> None:
    status = status_at(state)
    assert token_health(status, NOW) is health
    assert describe_token(status, NOW) == words
    assert token_warning(status, NOW) == warning


def test_account_tokens_are_sent_to_the_account_page() -> None:
    warning = token_warning(status_at("expiring"), NOW, account_token=True)
    assert warning is not None and "Manage Account → Account API Tokens" in warning


def test_the_warning_starts_exactly_fourteen_days_out() -> None:
    expires = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
    status = token(expires=expires.isoformat())
    assert token_health(status, expires - timedelta(days=14, seconds=1)) is TokenHealth.ACTIVE
    assert token_health(status, expires - timedelta(days=14)) is TokenHealth.EXPIRING
    assert token_health(status, expires - timedelta(seconds=1)) is TokenHealth.EXPIRING
    assert token_health(status, expires) is TokenHealth.EXPIRED


def test_the_clock_overrides_a_stale_active() -> None:
    status = token("active", expires="2026-11-01T00:00:00Z")
    assert token_health(status, NOW) is TokenHealth.EXPIRED
    assert describe_token(status, NOW) == "expired 2026-11-01, 28 days ago"


def test_expired_without_a_date() -> None:
    assert describe_token(token("expired"), NOW) == "expired"
    assert token_warning(token("expired"), NOW) == (
        "This API token has expired: create a new one (My Profile → API Tokens)."
    )


def test_a_not_before_in_the_past_changes_nothing() -> None:
    assert token_health(status_at("active"), NOW) is TokenHealth.ACTIVE


def test_an_unreadable_expiry_is_shown_as_sent_and_not_judged() -> None:
    status = token(expires="end of year")
    assert token_health(status, NOW) is TokenHealth.ACTIVE
    assert describe_expiry(status, NOW) == "expires end of year"
    assert days_left(status, NOW) is None


def test_a_naive_now_is_utc() -> None:
    assert token_health(status_at("expiring"), NOW.replace(tzinfo=None)) is TokenHealth.EXPIRING


@pytest.mark.parametrize(
    ("state", "days"), [("active", 42), ("expiring", 2), ("expired", -3), ("never_expires", None)]
)
def test_days_left(state: Health, days: int | None) -> None:
    assert days_left(status_at(state), NOW) == days


def test_the_global_key_note_names_the_safer_choice() -> None:
    assert "never expires" in GLOBAL_KEY_NOTE
    assert "API token" in GLOBAL_KEY_NOTE


def test_no_word_is_markup_sensitive() -> None:
    # Everything here is shown as plain text; still, no square brackets from us.
    for state, *_ in STATES:
        status = status_at(state)
        for text in (describe_token(status, NOW), token_warning(status, NOW) or ""):
            assert "[" not in text and "]" not in text


@pytest.mark.parametrize("hours", [1, 23, 25, 24 * 8 + 1, 24 * 9 - 1])
def test_days_left_is_the_count_the_words_give(hours: int) -> None:
    """One rule everywhere: UTC calendar days (``--json`` said 8 beside "in 9 days")."""
    expires = NOW + timedelta(hours=hours)
    status = token(expires=expires.isoformat())
    left = days_left(status, NOW)
    assert left == (expires.date() - NOW.date()).days
    words = describe_expiry(status, NOW)
    assert (
        words.endswith("tomorrow")
        if left == 1
        else words.endswith("today" if left == 0 else f"in {left} days")
    )


def test_expired_by_cloudflare_while_the_date_is_ahead_says_both() -> None:
    """``expired`` with an expiry date still ahead used to read "This API token has expires
    2027-…": Cloudflare's status wins, and the date is told as what it is."""
    status = token("expired", expires=(NOW + timedelta(days=10)).isoformat())
    assert token_health(status, NOW) is TokenHealth.EXPIRED
    described = describe_token(status, NOW)
    assert described.startswith("expired (Cloudflare says so; its expiry date is ")
    assert described.endswith(", in 10 days)")
    warning = token_warning(status, NOW)
    assert warning is not None and warning.startswith("This API token has expired (")
    assert "has expires" not in warning
