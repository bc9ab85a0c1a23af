"""The wall clock and the waits: the one place cftui reads today's date and time, and sleeps.

Every date a user sees ("expires 2027-01-10, in 42 days", the demo token's dates) is worked
out from ``utc_now()``, never from ``datetime.now`` elsewhere, so a test fixes the day in one
place and the output is the same on any day and in any time zone. Deadlines use the monotonic
clock instead; they are not dates. A retry's backoff waits through ``sleep()``, looked up when
it is called, so a test can make a whole process's waits return at once without knowing who
waits.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime


def utc_now() -> datetime:
    """Now, in UTC (always aware)."""
    return datetime.now(UTC)


def sleep(seconds: float) -> None:
    """Wait ``seconds`` (a retry's backoff, a rate limit's pause)."""
    time.sleep(seconds)
