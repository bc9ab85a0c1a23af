"""Run one child process and measure what the shell user feels: wall time and peak RSS.

Peak RSS is the child's ``ru_maxrss`` from ``wait4``, but taken by GNU ``time`` rather than
by us: Linux carries the high-water mark of the address space a process had before
``exec`` into ``ru_maxrss``, and a child forked from this Python process starts with its
~25 MiB (curl would "use" 23 MiB). ``time`` is ~1 MiB, so its child starts near zero.
Output goes to temporary files, not pipes, so a child that writes a lot cannot stall.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

GNU_TIME = Path("/usr/bin/time")


@dataclass(frozen=True)
class ProcResult:
    seconds: float
    max_rss_kib: int
    returncode: int
    stdout: str
    stderr: str


class BenchError(RuntimeError):
    """A candidate did not do its job, so its timing would mean nothing."""


def run_measured(
    argv: Sequence[str], env: Mapping[str, str], *, timeout: float = 60.0
) -> ProcResult:
    if not GNU_TIME.exists():
        raise BenchError("GNU time is needed for peak RSS: apt-get install time")
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r") as rss,
    ):
        wrapped = [str(GNU_TIME), "-f", "%M", "-o", rss.name, "--", *argv]
        start = time.perf_counter()
        proc = subprocess.Popen(
            wrapped,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,  # so a timeout kills the whole group
        )
        killer = threading.Timer(timeout, lambda: _kill(proc.pid))
        killer.start()
        try:
            _, status = os.waitpid(proc.pid, 0)
        finally:
            killer.cancel()
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return ProcResult(
            seconds=elapsed,
            max_rss_kib=_last_int(rss.read()),
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def _last_int(text: str) -> int:
    """GNU time writes "Command exited with non-zero status N" before the number."""
    lines = text.strip().splitlines()
    return int(lines[-1]) if lines and lines[-1].isdigit() else -1


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def check(result: ProcResult, name: str, expect: str, code: int = 0) -> ProcResult:
    """Refuse a run that failed or printed the wrong thing: its time would be a lie."""
    said = result.stdout if code == 0 else result.stderr
    if result.returncode != code or expect not in said:
        raise BenchError(
            f"{name}: exit {result.returncode} (expected {code}), expected {expect!r}; "
            f"stdout={result.stdout[:300]!r} stderr={result.stderr[-600:]!r}"
        )
    return result
