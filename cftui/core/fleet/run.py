"""Check every credential of a roster at once, under one deadline, and the exit code it makes.

Each credential's quick check runs on its own thread (each client's requests carry the
command's deadline, so a slow API times out at it); the answers are waited for until the
deadline plus a short grace, and a check still running then is ``unreachable``: a slow one
never holds back the others. Interrupted, the pool abandons its threads (``core.pools``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from cftui.core.credentials.kinds import Credential
from cftui.core.errors import CftuiError, ExitCode
from cftui.core.fleet.health import Health, Verdict
from cftui.core.fleet.roster import Entry, Roster

GRACE = 1.0
"""Seconds past the deadline a check may take to come back (its client gives up at the
deadline itself; this only guards against one that does not)."""
NO_ANSWER = "No answer before the command's time ran out."


@dataclass(frozen=True, slots=True)
class Checked:
    """An entry with its health decided."""

    entry: Entry
    health: Health


def check_all(
    roster: Roster, check: Callable[[Credential], Health], *, deadline: float
) -> list[Checked]:
    """``check`` every entry that has a credential, all at once; in the roster's order.
    ``deadline`` is on ``time.monotonic``'s clock."""
    from concurrent.futures import ThreadPoolExecutor

    from cftui.core.pools import THREAD_PREFIX

    waiting = [e for e in roster.entries if e.health is None and e.credential is not None]
    # Not ``pools.thread_pool``: its normal exit joins the threads, and a check that has not
    # come back by the deadline must not hold the others' output. Every way out here lets
    # them go; a check still running ends at its client's own deadline.
    pool = ThreadPoolExecutor(max(len(waiting), 1), thread_name_prefix=THREAD_PREFIX + "status")
    try:
        futures = {
            n: pool.submit(_guarded, check, entry.credential)
            for n, entry in enumerate(roster.entries)
            if entry.health is None and entry.credential is not None
        }
        return [
            Checked(entry, entry.health or _wait(futures[n], deadline))
            for n, entry in enumerate(roster.entries)
        ]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _guarded(check: Callable[[Credential], Health], credential: Credential) -> Health:
    try:
        return check(credential)
    except CftuiError as error:  # the check itself failed (a client that cannot be built)
        from cftui.core.fleet.health import failed

        return failed(error)


def _wait(future: Future[Health], deadline: float) -> Health:
    try:
        return future.result(timeout=max(deadline - time.monotonic(), 0.0) + GRACE)
    except FutureTimeout:
        return Health(Verdict.UNREACHABLE, reason=NO_ANSWER)


def exit_code(checked: Sequence[Checked], *, from_env: bool) -> ExitCode:
    """0 when every credential is usable; 4 when any is rejected; 5 when any could not be
    checked (and none was rejected); 7 when the keyring could not be read and no environment
    credential was there instead; 3 when a profile's secret is missing or nothing was there
    to check."""
    verdicts = {c.health.verdict for c in checked}
    if not checked:
        return ExitCode.NO_CREDENTIALS
    if Verdict.REJECTED in verdicts:
        return ExitCode.AUTH_REJECTED
    if Verdict.UNREACHABLE in verdicts:
        return ExitCode.NETWORK
    if Verdict.LOCKED in verdicts and not from_env:
        return ExitCode.KEYRING
    if Verdict.MISSING in verdicts:
        return ExitCode.NO_CREDENTIALS
    return ExitCode.OK
