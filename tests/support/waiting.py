"""Waiting for state, never for time.

A test waits for what it needs (the workers done and the screen drawn, a word in a tmux
pane, a process gone) and goes on the moment it holds. The deadline only turns a hang into
a clear failure instead of a stuck run, so it is generous: a machine whose both cores are
busy with other work must never come near it. Nothing here sleeps for a fixed time to let
something happen.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.pilot import Pilot

DEADLINE = 30.0
"""Seconds a wait may take before the test fails; reached only when something is broken."""

T = TypeVar("T")


class NeverHappened(AssertionError):
    """What a test waited for did not happen within the deadline."""


def poll(
    condition: Callable[[], T],
    what: str,
    *,
    deadline: float = DEADLINE,
    interval: float = 0.05,
) -> T:
    """Call ``condition`` until it returns something truthy, and return that.

    For things outside the event loop: a subprocess, a tmux pane, a file.
    """
    end = time.monotonic() + deadline
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            raise NeverHappened(f"waited {deadline:g} s for {what}")
        time.sleep(interval)


def end(proc: subprocess.Popen[Any], *, group: bool = False) -> None:
    """Make sure ``proc`` is gone (for ``finally``): SIGTERM, SIGKILL if that is ignored.

    With ``group`` (a child started with ``start_new_session``) everything left in its
    process group goes too: the bus and the daemons a ``dbus-run-session`` started.
    """

    def send(sig: int) -> None:
        try:
            if group:
                os.killpg(proc.pid, sig)
            else:
                proc.send_signal(sig)
        except ProcessLookupError:
            pass

    if proc.poll() is None:
        send(signal.SIGTERM)
        try:
            proc.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            send(signal.SIGKILL)
            proc.wait()
    if group:
        send(signal.SIGKILL)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


async def until(
    pilot: Pilot[Any],
    condition: Callable[[], object],
    what: str,
    *,
    deadline: float = DEADLINE,
) -> None:
    """Let the app run until ``condition()`` holds (each round processes what is queued)."""
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise NeverHappened(f"waited {deadline:g} s for {what}")
        await pilot.pause()


def _busy(app: App[Any]) -> str | None:
    """Why the app is not done yet, or ``None``: no worker running, nothing queued for the app
    or any widget on a screen, and the current screen has nothing left to lay out or paint."""
    for worker in app.workers:
        if not worker.is_finished:
            return f"the worker {worker.name!r}"
    for screen in app.screen_stack:
        for node in (app, *screen.walk_children(with_self=True)):
            if node.message_queue_size:
                return f"messages queued for {node!r}"
    screen = app.screen
    # Private to Textual, but the only record of a layout or paint still owed.
    owed = (
        screen._layout_required,
        screen._repaint_required,
        screen._recompose_required,
        screen._dirty_widgets,
    )
    if any(owed):
        return f"{screen!r} not drawn yet"
    return None


async def settle(pilot: Pilot[Any], *, deadline: float = DEADLINE) -> None:
    """Let every worker finish and the screen draw what they left behind.

    ``pilot.pause()`` waits for the process to look idle, which on a busy machine can happen
    while a chain of messages is still under way (state set, screen not yet switched), so
    this waits until the app is done by its own account, twice in a row.
    """
    app = pilot.app
    end = time.monotonic() + deadline
    quiet = 0
    while quiet < 2:
        await pilot.pause()
        left = end - time.monotonic()
        try:
            await asyncio.wait_for(app.workers.wait_for_complete(), max(left, 0.01))
        except TimeoutError:
            raise NeverHappened(f"waited {deadline:g} s for the workers to finish") from None
        reason = _busy(app)
        quiet = 0 if reason else quiet + 1
        if reason and time.monotonic() > end:
            raise NeverHappened(f"waited {deadline:g} s for the app to settle: {reason}")
