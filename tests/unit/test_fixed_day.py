"""The suite gives the same result on any day: every date cftui shows comes from one clock,
which the tests fix, and no stored picture holds a date the tests did not fix.

``tests/support/fixed_clock.py`` says how the day is fixed in process and in every child process.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cftui.core import clock
from cftui.core.demo.token import DEMO_TOKEN_AGE_DAYS, DEMO_TOKEN_DAYS_LEFT
from tests.support.fake.accounts import Health, token_result
from tests.support.fake.token_bodies import every_flag
from tests.support.fixed_clock import CHILD_PYTHONPATH, FIXED_NOW, FIXED_NOW_ENV, REPO

DATE = re.compile(r"(?<!\d)(20\d{2})-([01]\d)-([0-3]\d)(?!\d)")
HEALTHS: tuple[Health, ...] = (
    "active",
    "expiring",
    "expired",
    "disabled",
    "not_yet_valid",
    "never_expires",
)
PICTURES = sorted(
    [*(REPO / "tests").glob("**/__snapshots__/**/*.svg"), *(REPO / "screenshots").glob("*.svg")]
)

_READS_THE_CLOCK = {("datetime", "now"), ("datetime", "utcnow"), ("date", "today")}


def _wall_clock_reads(path: Path) -> list[str]:
    """``datetime.now()``, ``datetime.utcnow()``, ``date.today()``, ``time.time()`` calls."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner = node.func.value
        name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
        if (name, node.func.attr) in _READS_THE_CLOCK | {("time", "time")}:
            found.append(f"{path.relative_to(REPO)}:{node.lineno} {name}.{node.func.attr}()")
    return found


def test_only_the_clock_module_reads_the_wall_clock() -> None:
    """A date worked out from ``datetime.now`` anywhere else would escape the fixed day."""
    reads = [
        read
        for path in sorted((REPO / "cftui").rglob("*.py"))
        if path != REPO / "cftui" / "core" / "clock.py"
        for read in _wall_clock_reads(path)
    ]
    assert reads == []
    (own,) = _wall_clock_reads(REPO / "cftui" / "core" / "clock.py")  # the walk finds reads
    assert own.startswith("cftui/core/clock.py:") and own.endswith(" datetime.now()")


def _fixed_dates() -> set[str]:
    """Every date the test world and the demo fix: literal dates in the demo's data and the
    fakes, and the dates counted from the fixed day (token answers, the demo token)."""
    sources = [*(REPO / "cftui").rglob("*.json"), *(REPO / "tests").rglob("*.py")]
    dates = {m.group(0) for path in sources for m in DATE.finditer(path.read_text("utf-8"))}
    for health in HEALTHS:
        for key in ("expires_on", "not_before"):
            value = token_result(FIXED_NOW, health).get(key)
            if value:
                dates.add(value[:10])
    for token in every_flag(FIXED_NOW):  # the fake token list, counted from the fixed day
        stamps = [v for k, v in token.items() if k.endswith("_on") or k == "not_before"]
        dates.update(str(v)[:10] for v in stamps if v)
    day = FIXED_NOW.date()
    dates.add((day + timedelta(days=DEMO_TOKEN_DAYS_LEFT)).isoformat())
    dates.add((day - timedelta(days=DEMO_TOKEN_AGE_DAYS)).isoformat())
    return dates


def test_the_fixed_day_is_not_the_real_one() -> None:
    """Otherwise a picture taken on the real day would pass the check below by chance."""
    assert clock.utc_now() == FIXED_NOW
    real_today = datetime.now(UTC).date().isoformat()
    assert real_today != FIXED_NOW.date().isoformat()


@pytest.mark.parametrize("picture", PICTURES, ids=lambda p: p.name)
def test_every_date_in_a_stored_picture_is_one_the_tests_fixed(picture: Path) -> None:
    """A snapshot that froze the day it was taken on fails on every other day: its dates must
    all come from the fixed day or from fixed data."""
    allowed = _fixed_dates()
    shown = {m.group(0) for m in DATE.finditer(picture.read_text("utf-8"))}
    assert shown - allowed == set(), f"{picture.name} shows dates nobody fixed"


def test_the_pictures_are_there() -> None:
    """The check above runs over the real snapshots, not an empty list."""
    assert len(PICTURES) > 50
    assert any("2027-01-10" in p.read_text("utf-8") for p in PICTURES)


def _demo_whoami(day: datetime) -> str:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": "/nonexistent",
        "PYTHONPATH": CHILD_PYTHONPATH,
        FIXED_NOW_ENV: day.isoformat(),
    }
    done = subprocess.run(
        [sys.executable, "-m", "cftui", "--demo", "whoami"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("  token ")]
    return line


@pytest.mark.parametrize(
    "day",
    [datetime(2026, 11, 29, 15, 30, tzinfo=UTC), datetime(2031, 3, 1, 23, 59, 50, tzinfo=UTC)],
    ids=["2026-11-29", "2031-03-01"],
)
def test_a_child_cftui_reads_the_fixed_day_and_the_demo_never_ages(day: datetime) -> None:
    """Two far-apart days: the child's clock is the one given (the countdown is counted from
    it, not from the real day), and the demo's token is always 213 days from expiry."""
    expires = (day.date() + timedelta(days=DEMO_TOKEN_DAYS_LEFT)).isoformat()
    assert _demo_whoami(day) == (
        f"  token      user API token · active, expires {expires}, in 213 days"
    )
