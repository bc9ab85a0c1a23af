"""While the CLI waits on Cloudflare, a terminal shows that it is checking; a pipe shows nothing.

The server here holds every answer until the test has seen what it waits for, so the test
waits for state (the line on the terminal), never for an amount of time.
"""

from __future__ import annotations

import logging
import os
import select
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cftui.cli.progress import checking
from tests.support.fake.canned import OK_USER, envelope, to_json
from tests.support.fault_harness import REPO, cli_env
from tests.support.waiting import DEADLINE, end, poll

TOKEN = "cfut_" + "Pq7Rs2Tu" * 5
VERIFY = {"id": "t1", "status": "active", "expires_on": None, "not_before": None}


class HeldApi:
    """Answers ``/user``, the token check and the memberships (none) only once ``release``
    is set."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.asked = threading.Event()
        held = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                held.asked.set()
                held.release.wait(DEADLINE)
                result: object = OK_USER
                if self.path.startswith("/user/tokens/verify"):
                    result = VERIFY
                elif self.path.startswith("/memberships"):
                    result = []
                body = to_json(envelope(result))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> HeldApi:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def held() -> Iterator[HeldApi]:
    with HeldApi() as api:
        yield api


def _on_terminal_stderr(
    args: list[str], env: dict[str, str], stdin: bytes, until: bytes, api: HeldApi
) -> tuple[int, bytes, bytes]:
    """Run cftui with stderr on a pseudo-terminal; release the server once ``until`` shows."""
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cftui", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=slave,
        env=env,
        cwd=REPO,
        start_new_session=True,
    )
    os.close(slave)
    seen = b""
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
        deadline = time.monotonic() + DEADLINE
        while until not in seen:
            assert time.monotonic() < deadline, f"{until!r} never appeared: {seen!r}"
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                seen += os.read(master, 4096)
        api.release.set()
        out = proc.stdout.read()
        proc.wait(DEADLINE)
        while True:  # what the terminal got after the release
            ready, _, _ = select.select([master], [], [], 0.1)
            if not ready:
                break
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        return proc.returncode, out, seen
    finally:
        end(proc, group=True)
        os.close(master)


def test_whoami_says_it_is_checking_on_a_terminal_and_erases_it(
    held: HeldApi, tmp_path: Path
) -> None:
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=held.url, CLOUDFLARE_API_TOKEN=TOKEN)
    code, out, terminal = _on_terminal_stderr(
        ["whoami"], env, b"", b"Checking with Cloudflare", held
    )
    assert code == 0, terminal
    assert out.decode().startswith("Ada Lovelace")
    # the line was shown, then erased: the last thing on the terminal is the erase sequence
    assert terminal.rstrip(b"\r\n").endswith(b"\r\x1b[2K"), terminal
    assert b"Checking" not in out


def test_login_says_it_is_checking_the_credential(held: HeldApi, tmp_path: Path) -> None:
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=held.url)
    code, out, terminal = _on_terminal_stderr(
        ["login", "--token-stdin"],
        env,
        TOKEN.encode(),
        b"Checking the credential with Cloudflare",
        held,
    )
    assert code == 0, terminal
    assert b"Logged in as Ada Lovelace" in out
    assert TOKEN.encode() not in terminal + out


def test_nothing_extra_when_stderr_is_not_a_terminal(held: HeldApi, tmp_path: Path) -> None:
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=held.url, CLOUDFLARE_API_TOKEN=TOKEN)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cftui", "whoami"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=REPO,
        start_new_session=True,
    )
    try:
        assert held.asked.wait(DEADLINE), "cftui never asked the server"
        held.release.set()
        out, err = proc.communicate(timeout=DEADLINE)
    finally:
        end(proc, group=True)
    assert proc.returncode == 0, err
    assert err == b""
    assert out.startswith(b"Ada Lovelace")


class FakeStream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self.writes: list[str] = []
        self.encoding = "utf-8"

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        self.writes.append(text)
        return len(text)

    def flush(self) -> None:
        return None


def _spinners() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "cftui-progress"]


def test_the_line_appears_on_a_terminal_and_is_erased_at_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream = FakeStream(tty=True)
    monkeypatch.setattr(sys, "stderr", stream)
    with checking("Checking with Cloudflare…"):
        poll(lambda: any("Checking with Cloudflare…" in w for w in stream.writes), "the line")
    assert stream.writes[-1] == "\r\x1b[2K"
    assert not _spinners()


def test_an_ascii_terminal_gets_ascii(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = FakeStream(tty=True)
    stream.encoding = "ascii"
    monkeypatch.setattr(sys, "stderr", stream)
    with checking("Checking with Cloudflare…"):
        poll(lambda: any("Checking with Cloudflare..." in w for w in stream.writes), "the line")
    assert all(w.isascii() for w in stream.writes)


@pytest.mark.parametrize("case", ["pipe", "debug"])
def test_no_spinner_for_a_pipe_or_with_debug(monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    stream = FakeStream(tty=case != "pipe")
    monkeypatch.setattr(sys, "stderr", stream)
    logger = logging.getLogger("cftui")
    level = logger.level
    if case == "debug":
        logger.setLevel(logging.DEBUG)  # as --debug does
    try:
        with checking("Checking with Cloudflare…"):
            assert not _spinners()  # nothing was started that could write later
    finally:
        logger.setLevel(level)
    assert stream.writes == []
