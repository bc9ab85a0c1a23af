"""Leave the terminal as it was found when the app is told to stop, or loses its terminal.

Python's default for SIGTERM and SIGHUP ends the process on the spot, so the terminal stays
in the alternate screen with mouse reporting on and the cursor hidden. Handled on the event
loop instead, they quit through Textual's own shutdown, which restores all three; the exit
code is the shell's convention for a signal, 128 + its number.

A terminal can also go away without a SIGHUP reaching the app (its session leader ignores
it); Textual then reads end-of-file from it in a busy loop for ever. A once-a-second check
that the terminal still answers ends the app as if it had been hung up on.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import termios
from typing import Any

from textual.app import App

from cftui.ui.types import ExitState

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
HANGUP_CHECK_SECONDS = 1.0


def stopped_by(signum: int) -> ExitState:
    return ExitState(128 + signum, f"stopped by {signal.Signals(signum).name}.")


def stop_cleanly(app: App[Any]) -> None:
    """From now on, a stop signal or a lost terminal ends ``app`` through its own exit."""
    loop = asyncio.get_running_loop()
    for signum in STOP_SIGNALS:
        loop.add_signal_handler(signum, app.exit, stopped_by(signum))
    terminal = sys.__stdin__.fileno() if sys.__stdin__ is not None else 0

    def check() -> None:
        if hung_up(terminal):
            app.exit(stopped_by(signal.SIGHUP))

    app.set_interval(HANGUP_CHECK_SECONDS, check)


def hung_up(fd: int) -> bool:
    """Whether the terminal on ``fd`` is gone (a hung-up terminal fails every request)."""
    try:
        termios.tcgetattr(fd)
    except (OSError, termios.error):
        return True
    return False
