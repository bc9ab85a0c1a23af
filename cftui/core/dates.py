"""Date-times from the API, read tolerantly, and the words for how far away they are.

Cloudflare writes ISO 8601 with ``Z`` and anything from 0 to 7 fractional digits
(``2014-03-01T12:21:02.0000Z``, ``2021-04-20T19:35:29.0749819Z``); other services behind
the same API use offsets. A value that cannot be read is kept as the text that came, so the
user still sees it; it is never an error. Days are counted between UTC calendar dates, with
``now`` always passed in, so every wording is testable and the same in the CLI and the TUI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

# Longer than any ISO 8601 date-time (with 9 fractional digits and an offset: 35 chars).
_MAX_LEN = 64


@dataclass(frozen=True, slots=True)
class Timestamp:
    """A date-time as sent (``text``, sanitized) and as read (``value``, UTC, or None)."""

    text: str
    value: datetime | None = None

    @property
    def date_text(self) -> str:
        """``2027-01-10`` (the UTC date), or the text as it came when it could not be read."""
        return self.text if self.value is None else self.value.date().isoformat()


def parse_timestamp(text: str) -> Timestamp:
    value = text.strip()
    if not value or len(value) > _MAX_LEN or not value.isascii():
        return Timestamp(text)
    if value[-1] in "zZ":
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
        parsed = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return Timestamp(text)
    return Timestamp(text, parsed)


def utc(now: datetime) -> datetime:
    """``now`` in UTC; a naive ``now`` is taken to be UTC already."""
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


def days_until(then: datetime, now: datetime) -> int:
    """Calendar days from ``now`` to ``then`` (negative when ``then`` is past)."""
    return (utc(then).date() - utc(now).date()).days


def relative_days(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    if days > 0:
        return f"in {days:,} days"
    return f"{-days:,} days ago"


def describe_when(stamp: Timestamp, now: datetime) -> str:
    """``2027-01-10, in 42 days``; just the text when it could not be read."""
    if stamp.value is None:
        return stamp.text
    return f"{stamp.date_text}, {relative_days(days_until(stamp.value, now))}"
