"""A "checking…" line while the CLI waits on the network, so a slow answer is not a hang.

Only on a terminal: the line goes to stderr when stderr is one, after a short moment (a fast
answer shows nothing), with a small spinner and the seconds waited, and is erased when the
wait ends, whatever ends it. When stderr is a file or a pipe, or with ``--debug`` (whose log
lines say what is happening), nothing is written: scripts see exactly what they saw before.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

FIRST_SHOWN_AFTER = 0.3
"""Seconds before the line appears: most answers come sooner, and a flash is noise."""
FRAME_SECONDS = 0.1
_FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
_ASCII_FRAMES = "|/-\\"
_ERASE = "\r\x1b[2K"


def _wanted() -> bool:
    if logging.getLogger("cftui").isEnabledFor(logging.DEBUG):
        return False
    try:
        return bool(sys.stderr.isatty())
    except (AttributeError, OSError, ValueError):
        return False


def _frames(encoding: str | None) -> str:
    try:
        (_FRAMES + "…").encode(encoding or "ascii")
    except (LookupError, UnicodeEncodeError):
        return _ASCII_FRAMES
    return _FRAMES


@contextmanager
def checking(text: str) -> Iterator[None]:
    """Show ``text`` with a spinner on a terminal's stderr while the block runs."""
    if not _wanted():
        yield
        return
    stream = sys.stderr
    frames = _frames(getattr(stream, "encoding", None))
    if frames is _ASCII_FRAMES:
        text = text.replace("…", "...")
    done = threading.Event()
    shown = threading.Event()
    started = time.monotonic()

    def spin() -> None:
        if done.wait(FIRST_SHOWN_AFTER):
            return
        shown.set()
        tick = 0
        while True:
            waited = int(time.monotonic() - started)
            stream.write(f"{_ERASE}{frames[tick % len(frames)]} {text} {waited} s")
            stream.flush()
            tick += 1
            if done.wait(FRAME_SECONDS):
                return

    spinner = threading.Thread(target=spin, name="cftui-progress", daemon=True)
    spinner.start()
    try:
        yield
    finally:
        done.set()
        spinner.join()
        if shown.is_set():
            stream.write(_ERASE)
            stream.flush()
