"""Reading a small file that someone else may have replaced with something that is not one.

``Path.read_bytes()`` on a named pipe waits forever for a writer, and on a symlink to
``/dev/zero`` (or a runaway file) reads until memory runs out. Here the file is opened without
blocking, checked with ``fstat`` on the very descriptor that is read, and read up to a cap.
"""

from __future__ import annotations

import errno
import os
import stat
from contextlib import suppress
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotARegularFile(OSError):
    def __init__(self, kind: str) -> None:
        super().__init__(f"it is {kind}")
        self.kind = kind


class FileTooLarge(OSError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"it is larger than {limit} bytes")
        self.limit = limit


def read_small_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``; ``OSError`` for anything else.

    ``FileNotFoundError`` when it is absent, ``NotARegularFile`` for a directory, pipe,
    device or socket, ``FileTooLarge`` beyond ``limit`` bytes.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno in (errno.ENXIO, errno.EISDIR):  # a socket; a directory elsewhere
            mode = stat.S_IFREG
            with suppress(OSError):
                mode = os.stat(path).st_mode
            _check_regular(mode)
        raise
    try:
        _check_regular(os.fstat(fd).st_mode)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise FileTooLarge(limit)
    return raw


def _check_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "an unusual kind of file")
        raise NotARegularFile(kind)
