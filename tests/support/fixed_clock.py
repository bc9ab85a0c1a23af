"""The one day the tests live on, and the waits a child of the suite skips.

Every cftui the suite runs reads the wall clock through ``cftui.core.clock.utc_now``: in process
``conftest`` fixes it to ``FIXED_NOW``; a cftui run as a subprocess is fixed by
``tests/support/site/sitecustomize.py`` (on the ``PYTHONPATH`` the suite sets), which reads
``FIXED_NOW_ENV``. The fake API's token dates are counted from the same instant, so every
date and countdown on screen, in a snapshot or on stdout is the same on any real day, in any
time zone, and across midnight.

The same ``sitecustomize`` makes ``cftui.core.clock.sleep`` return at once when
``NO_BACKOFF_ENV`` is ``1``: a child still retries a 5xx or a 429 as often as a user's would,
without sleeping through the backoff (seconds per run). In process, a test that cares about
the waits gives the client or the command's context a sleep that records them.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

FIXED_NOW = datetime(2026, 11, 29, 15, 30, tzinfo=UTC)
FIXED_NOW_ENV = "CFTUI_TEST_FIXED_NOW"
REPO = Path(__file__).resolve().parents[2]
SITE_DIR = REPO / "tests" / "support" / "site"
"""Holds the ``sitecustomize`` that fixes the clock of a cftui subprocess."""
CHILD_PYTHONPATH = f"{REPO}{os.pathsep}{SITE_DIR}"
"""A child's ``PYTHONPATH``: ``cftui`` and ``tests`` import, and its clock is fixed."""
NO_BACKOFF_ENV = "CFTUI_TEST_NO_BACKOFF"
CHILD_ENV = {
    "PYTHONPATH": CHILD_PYTHONPATH,
    FIXED_NOW_ENV: FIXED_NOW.isoformat(),
    NO_BACKOFF_ENV: "1",
}


def fixed_now() -> datetime:
    return FIXED_NOW
