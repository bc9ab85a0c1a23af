"""Ctrl-C, SIGTERM and SIGHUP end any command at once, whatever is in flight.

A command used to wait for its section and page threads before it could exit: Ctrl-C while
``whoami`` waited on a slow API took the whole request timeout (~18 s). Here every request
hangs for ten minutes and the command is given a 300 s timeout: a command that still waited
for its threads would outlast the test's deadline many times over.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.fake.server import FakeApi
from tests.support.fault_harness import REPO, cli_env
from tests.support.waiting import DEADLINE, end, poll

TOKEN = "cfut_Interrupts0TEST0123456789abcdefghijklm"
SIGNALS = [
    (signal.SIGINT, 130, "cftui: interrupted."),
    (signal.SIGTERM, 143, "cftui: stopped by SIGTERM."),
    (signal.SIGHUP, 129, "cftui: stopped by SIGHUP."),
]


@pytest.fixture(scope="module")
def hanging_api() -> Iterator[FakeApi]:
    with FakeApi(delay=600.0) as api:
        yield api


@pytest.mark.parametrize(("signum", "code", "said"), SIGNALS, ids=lambda v: str(v))
@pytest.mark.parametrize(
    "args", [("whoami",), ("whoami", "--policies"), ("invites",)], ids=" ".join
)
def test_a_signal_ends_a_command_at_once_whatever_is_in_flight(
    hanging_api: FakeApi,
    tmp_path: Path,
    args: tuple[str, ...],
    signum: int,
    code: int,
    said: str,
) -> None:
    url = hanging_api.base_url("slow", fresh=True)
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=TOKEN)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cftui", *args, "--timeout", "300"],
        env=env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        poll(lambda: hanging_api.routes(url), "a request to be in flight")
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=DEADLINE)
    finally:
        end(proc)
    assert proc.returncode == code, err
    assert err.decode().splitlines()[-1] == said
    assert out == b""


@pytest.mark.parametrize(
    "args", [("whoami",), ("whoami", "--policies"), ("invites",)], ids=" ".join
)
def test_timeout_bounds_the_whole_command(
    hanging_api: FakeApi, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """``--timeout 1`` against a server that never answers: exit 5 saying so, long before the
    deadline of this test (each request waits ten minutes for its answer)."""
    url = hanging_api.base_url("slow", fresh=True)
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=TOKEN)
    done = subprocess.run(
        [sys.executable, "-m", "cftui", *args, "--timeout", "1"],
        env=env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=DEADLINE,
        check=False,
    )
    assert done.returncode == 5, done.stderr
    assert done.stdout == b""
    assert done.stderr.decode().startswith("cftui: "), done.stderr
