"""The wall clock: the one place cftui reads today's date and time.

Every date a user sees ("expires 2027-01-10, in 42 days", the demo token's dates) is worked
out from ``utc_now()``, never from ``datetime.now`` elsewhere, so a test fixes the day in one
place and the output is the same on any day and in any time zone. Waits and deadlines use the
monotonic clock instead; they are not dates.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """Now, in UTC (always aware)."""
    return datetime.now(UTC)
