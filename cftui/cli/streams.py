"""The standard streams, made safe before a command runs.

A command's exit code must say what happened to the command, whatever became of its output:
``cftui whoami --json | head -1`` with a rejected token is exit 4, not 0 or 120, and its
message still reaches stderr. So output streams never raise here; the first failure is kept
and decided on once, at the end (see ``cli.main``). A descriptor that was closed when cftui
started (``cftui >&-``) is taken by ``/dev/null`` at once, so that no file cftui opens later
(the profile index, a socket) can land on it and receive output meant for the terminal.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TextIO


class SafeOutput(io.TextIOBase):
    """A text stream that never raises on write or flush; ``failure`` says what went wrong.

    After a failure the stream's descriptor is pointed at ``/dev/null``, so that the
    interpreter's own flush at exit cannot fail again (it would print "Exception ignored"
    and exit 120).
    """

    def __init__(self, inner: TextIO | None) -> None:
        super().__init__()
        self._inner = inner
        self.failure: OSError | None = None
        if inner is None:
            self.failure = OSError(errno.EBADF, "it was closed when cftui started")

    @property
    def reader_left(self) -> bool:
        """The reader at the other end of a pipe stopped reading (``| head``)."""
        return isinstance(self.failure, BrokenPipeError)

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._inner, "encoding", None) or "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        if self.failure is not None or self._inner is None:
            return False
        try:
            return self._inner.isatty()
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        if self._inner is None:
            raise io.UnsupportedOperation("the stream was closed when cftui started")
        return self._inner.fileno()

    def write(self, text: str) -> int:
        if self.failure is None and self._inner is not None:
            try:
                self._inner.write(text)
            except (OSError, ValueError) as exc:
                self._failed(exc)
        return len(text)

    def flush(self) -> None:
        if self.failure is None and self._inner is not None:
            try:
                self._inner.flush()
            except (OSError, ValueError) as exc:
                self._failed(exc)

    def _failed(self, exc: OSError | ValueError) -> None:
        self.failure = exc if isinstance(exc, OSError) else OSError(errno.EBADF, str(exc))
        with suppress(Exception):
            fd = self._inner.fileno() if self._inner is not None else -1
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, fd)
            os.close(devnull)


class ClosedInput(io.StringIO):
    """Standard input that was closed when cftui started: empty, and not a terminal."""


class Streams:
    """The two output streams of one command (a plain class: ``dataclasses`` costs a
    ``--help`` more than the rest of this module)."""

    __slots__ = ("stderr", "stdout")

    def __init__(self, stdout: SafeOutput, stderr: SafeOutput) -> None:
        self.stdout = stdout
        self.stderr = stderr


def _occupy_closed_descriptors() -> None:
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            devnull = os.open(os.devnull, os.O_RDWR)  # the lowest free descriptor: ``fd``
            if devnull != fd:
                os.dup2(devnull, fd)
                os.close(devnull)


@contextmanager
def standard_streams() -> Iterator[Streams]:
    """Install safe standard streams for one command; put the previous ones back after."""
    _occupy_closed_descriptors()
    saved = sys.stdin, sys.stdout, sys.stderr
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    streams = Streams(SafeOutput(sys.stdout), SafeOutput(sys.stderr))
    if sys.stdin is None:
        sys.stdin = ClosedInput()
    sys.stdout, sys.stderr = streams.stdout, streams.stderr
    try:
        yield streams
    finally:
        streams.stdout.flush()
        streams.stderr.flush()
        sys.stdin, sys.stdout, sys.stderr = saved


def stdin_is_closed() -> bool:
    return sys.stdin is None or isinstance(sys.stdin, ClosedInput)


def stdin_is_terminal() -> bool:
    if stdin_is_closed():
        return False
    try:
        return sys.stdin.isatty()
    except (OSError, ValueError):
        return False
