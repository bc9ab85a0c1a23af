"""Date-times from the API: read whatever ISO 8601 Cloudflare sends, keep what cannot be read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cftui.core.dates import (
    Timestamp,
    days_until,
    describe_when,
    parse_timestamp,
    relative_days,
    utc,
)

NOW = datetime(2026, 11, 29, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-01-01T00:00:00Z", datetime(2020, 1, 1, tzinfo=UTC)),
        ("2020-01-01T00:00:00z", datetime(2020, 1, 1, tzinfo=UTC)),
        # the schema's own example: four fractional digits
        ("2014-03-01T12:21:02.0000Z", datetime(2014, 3, 1, 12, 21, 2, tzinfo=UTC)),
        # seven digits, as Pages deployments log them
        ("2021-04-20T19:35:29.0749819Z", datetime(2021, 4, 20, 19, 35, 29, 74981, tzinfo=UTC)),
        ("2019-03-14T09:26:53.589793Z", datetime(2019, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)),
        ("2027-01-10T00:00:00+05:30", datetime(2027, 1, 9, 18, 30, tzinfo=UTC)),
        ("2027-01-10T00:00:00-0800", datetime(2027, 1, 10, 8, tzinfo=UTC)),
        ("2027-01-10T00:00:00", datetime(2027, 1, 10, tzinfo=UTC)),  # naive: taken as UTC
        ("2027-01-10 06:00", datetime(2027, 1, 10, 6, tzinfo=UTC)),
        ("2027-01-10", datetime(2027, 1, 10, tzinfo=UTC)),
        ("  2027-01-10T00:00:00Z  ", datetime(2027, 1, 10, tzinfo=UTC)),
    ],
)
def test_readable_forms(text: str, expected: datetime) -> None:
    stamp = parse_timestamp(text)
    assert stamp.value == expected
    assert stamp.value is not None and stamp.value.tzinfo is UTC
    assert stamp.text == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "never",
        "2027-02-30T00:00:00Z",
        "2027-01-10T24:00:00Z",
        "1714000000",
        "٢٠٢٧-٠١-١٠",  # non-ASCII digits
        "0001-01-01T00:00:00+01:00",  # before the first representable instant in UTC
        "9999-12-31T23:59:59-05:00",  # after the last
        "2027-01-10T00:00:00." + "0" * 60 + "Z",  # longer than any real date-time
        "2" * 10_000,
    ],
)
def test_unreadable_text_is_kept_not_raised(text: str) -> None:
    stamp = parse_timestamp(text)
    assert stamp == Timestamp(text)
    assert stamp.date_text == text


def test_date_text_is_the_utc_date() -> None:
    assert parse_timestamp("2027-01-10T23:30:00-05:00").date_text == "2027-01-11"


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "today"),
        (1, "tomorrow"),
        (-1, "yesterday"),
        (2, "in 2 days"),
        (42, "in 42 days"),
        (-3, "3 days ago"),
        (2920, "in 2,920 days"),
    ],
)
def test_relative_days(days: int, words: str) -> None:
    assert relative_days(days) == words


def test_days_count_calendar_dates_in_utc() -> None:
    late = datetime(2026, 11, 29, 23, 59, tzinfo=UTC)
    assert days_until(datetime(2026, 11, 30, 0, 1, tzinfo=UTC), late) == 1
    assert days_until(datetime(2026, 11, 29, 0, 0, tzinfo=UTC), late) == 0
    # a naive now is UTC; an offset now is converted first
    assert days_until(datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 11, 29, 12)) == 2
    plus_ten = timezone(timedelta(hours=10))
    assert (
        days_until(datetime(2026, 11, 30, tzinfo=UTC), datetime(2026, 11, 30, 8, tzinfo=plus_ten))
        == 1
    )


def test_utc_keeps_the_instant() -> None:
    minus_five = timezone(timedelta(hours=-5))
    assert utc(datetime(2026, 1, 1, 20, tzinfo=minus_five)) == datetime(2026, 1, 2, 1, tzinfo=UTC)
    assert utc(datetime(2026, 1, 1)).tzinfo is UTC


def test_describe_when() -> None:
    assert describe_when(parse_timestamp("2027-01-10T00:00:00Z"), NOW) == "2027-01-10, in 42 days"
    assert describe_when(parse_timestamp("2026-11-26T00:00:00Z"), NOW) == "2026-11-26, 3 days ago"
    assert describe_when(parse_timestamp("in a while"), NOW) == "in a while"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_parses_or_is_kept(text: str) -> None:
    stamp = parse_timestamp(text)
    assert stamp.text == text
    if stamp.value is not None:
        assert stamp.value.tzinfo is UTC
        describe_when(stamp, NOW)


@settings(max_examples=300, deadline=None)
@given(st.datetimes(timezones=st.just(UTC)))
def test_every_isoformat_round_trips(moment: datetime) -> None:
    assert parse_timestamp(moment.isoformat()).value == moment
    assert parse_timestamp(moment.isoformat().replace("+00:00", "Z")).value == moment
