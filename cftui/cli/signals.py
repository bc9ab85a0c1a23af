"""SIGTERM and SIGHUP unwind a command the way Ctrl-C does, instead of ending it on the spot.

A login killed between its keyring write and its index write (``kill``, a shutdown, an SSH
session that drops) would otherwise skip putting the previous secret back. The interactive
app handles these signals itself, to restore the terminal.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Terminated(BaseException):
    """SIGTERM or SIGHUP (an SSH session dropped) arrived: unwind like Ctrl-C does.

    By default those signals end the process on the spot, which in the middle of a login would
    skip putting the previous secret back; raised as an exception, every ``finally`` and undo
    runs first.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated(signum)


@contextmanager
def unwinding_on_hangup() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into ``Terminated`` while a command runs (main thread only)."""
    saved: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            sig = getattr(signal, name, None)
            if sig is not None and signal.getsignal(sig) is signal.SIG_DFL:
                saved[sig] = signal.signal(sig, _raise_terminated)
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
