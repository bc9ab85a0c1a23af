"""Checking a roster at once: the order kept, decided entries never sent, a check that never
comes back left behind at the deadline; and the exit code the verdicts make."""

from __future__ import annotations

import threading
import time

import pytest

from cftui.core.credentials.kinds import ApiToken, Credential
from cftui.core.errors import ExitCode, NetworkError
from cftui.core.fleet import run
from cftui.core.fleet.health import Health, Verdict, locked, missing
from cftui.core.fleet.roster import Entry, Roster
from cftui.core.fleet.run import NO_ANSWER, Checked, check_all, exit_code

FAST = ApiToken("cfut_" + "FastFastFast" * 3)
HUNG = ApiToken("cfut_" + "HungHungHung" * 3)
BROKEN = ApiToken("cfut_" + "BrokenBroken" * 3)


def roster(*entries: Entry) -> Roster:
    return Roster(entries, from_env=False)


def test_every_entry_keeps_its_place_and_decided_ones_are_not_sent() -> None:
    asked: list[Credential] = []
    lock = threading.Lock()

    def check(credential: Credential) -> Health:
        with lock:
            asked.append(credential)
        return Health(Verdict.OK)

    entries = (
        Entry("a", "keyring", credential=FAST),
        Entry("gone", "keyring", health=missing("no secret")),
        Entry("b", "keyring", credential=BROKEN),
    )
    done = check_all(roster(*entries), check, deadline=time.monotonic() + 30)
    assert [(c.entry.name, c.health.verdict) for c in done] == [
        ("a", Verdict.OK),
        ("gone", Verdict.MISSING),
        ("b", Verdict.OK),
    ]
    assert len(asked) == 2 and set(asked) == {FAST, BROKEN}


def test_a_check_that_never_returns_is_unreachable_and_holds_no_one_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The hung check is still blocked when the result comes back: the others' answers did
    not wait for it (its client would end it at the deadline; here nothing does)."""
    release = threading.Event()
    monkeypatch.setattr(run, "GRACE", 0.0)

    def check(credential: Credential) -> Health:
        if credential == HUNG:
            release.wait(60)
        if credential == BROKEN:
            raise NetworkError("connection refused")
        return Health(Verdict.OK)

    entries = (
        Entry("fast", "k", credential=FAST),
        Entry("hung", "k", credential=HUNG),
        Entry("broken", "k", credential=BROKEN),
    )
    try:
        done = check_all(roster(*entries), check, deadline=time.monotonic() + 0.2)
        assert not release.is_set()
    finally:
        release.set()
    verdicts = {c.entry.name: c.health for c in done}
    assert verdicts["fast"].verdict is Verdict.OK
    assert (verdicts["hung"].verdict, verdicts["hung"].reason) == (Verdict.UNREACHABLE, NO_ANSWER)
    assert verdicts["broken"].verdict is Verdict.UNREACHABLE


def _checked(*verdicts: Verdict) -> list[Checked]:
    return [Checked(Entry(f"p{n}", "k"), Health(v)) for n, v in enumerate(verdicts)]


@pytest.mark.parametrize(
    ("verdicts", "from_env", "code"),
    [
        ((), False, ExitCode.NO_CREDENTIALS),
        ((Verdict.OK, Verdict.EXPIRING), False, ExitCode.OK),
        ((Verdict.OK, Verdict.REJECTED, Verdict.UNREACHABLE), False, ExitCode.AUTH_REJECTED),
        ((Verdict.OK, Verdict.UNREACHABLE, Verdict.LOCKED), False, ExitCode.NETWORK),
        ((Verdict.LOCKED, Verdict.LOCKED), False, ExitCode.KEYRING),
        ((Verdict.OK, Verdict.LOCKED), True, ExitCode.OK),
        ((Verdict.OK, Verdict.MISSING), False, ExitCode.NO_CREDENTIALS),
    ],
)
def test_the_exit_code(verdicts: tuple[Verdict, ...], from_env: bool, code: ExitCode) -> None:
    assert exit_code(_checked(*verdicts), from_env=from_env) is code


def test_locked_and_missing_are_never_usable() -> None:
    assert not locked("x").verdict.usable and not missing("x").verdict.usable
