"""The CLI's exit code and message survive whatever its standard streams are.

Every case is a real process: ``sh`` closes or redirects a descriptor and ``exec``s cftui, a
pipe whose reader is gone is made with ``os.pipe``, and the prompts run on a pseudo-terminal
that is the process's controlling terminal (``getpass`` reads ``/dev/tty``). Deadlines only
say "must finish" (60 s); a correct run takes about a second.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli_keyring_config import NEW
from tests.support.fake.canned import OK_USER, Canned, envelope, to_json
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import REPO, cli_env
from tests.support.waiting import end

DEADLINE = 60.0
NO_TERMINAL = "cftui: The interactive app needs a terminal."
LOST_OUTPUT = (
    "cftui: the command succeeded, but its output could not be written to standard output: "
)


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return f"exit {self.code}\nstdout: {self.stdout!r}\nstderr: {self.stderr!r}"


def cftui(
    args: tuple[str, ...],
    env: dict[str, str],
    *,
    redirect: str = "",
    stdin: bytes | None = None,
    stdout: int | None = subprocess.PIPE,
) -> Run:
    """Run ``python -m cftui ARGS`` with shell redirections (``<&-``, ``>/dev/full``...)."""
    script = f'exec "$@" {redirect}'
    done = subprocess.run(
        ["sh", "-c", script, "sh", sys.executable, "-m", "cftui", *args],
        input=stdin or b"",  # never pytest's own stdin: a terminal, /dev/null or closed
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        cwd=REPO,
        timeout=DEADLINE,
        check=False,
    )
    out = done.stdout.decode() if done.stdout is not None else ""
    return Run(done.returncode, out, done.stderr.decode())


def assert_tidy(run: Run) -> None:
    text = run.stdout + run.stderr
    assert "Traceback" not in text and "Exception ignored" not in text, str(run)
    assert "internal error" not in text, str(run)
    assert NEW[:8] not in text


@pytest.fixture
def env(fake_api: FakeApi, tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))


def with_token(env: dict[str, str], api: FakeApi, scenario: str = "ok") -> dict[str, str]:
    return {**env, "CLOUDFLARE_API_TOKEN": NEW, "CLOUDFLARE_BASE_URL": api.base_url(scenario)}


# -- standard input closed ----------------------------------------------------------------


STDIN_CLOSED = [
    (("login",), "cftui: There is no terminal to prompt on."),
    (("login", "--token-stdin"), "cftui: Standard input is closed: there is no API token"),
    (
        ("login", "--email", "ada@example.com", "--key-stdin"),
        "cftui: Standard input is closed: there is no Global API key",
    ),
    ((), NO_TERMINAL),
    (("--demo",), NO_TERMINAL),
]


@pytest.mark.parametrize(
    ("args", "says"),
    STDIN_CLOSED,
    ids=["login prompt", "token-stdin", "key-stdin", "tui", "tui demo"],
)
def test_closed_stdin_is_a_usage_error(
    env: dict[str, str], tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    run = cftui(args, env, redirect="<&-")
    assert run.code == 2, str(run)
    assert run.stderr.startswith(says), str(run)
    assert run.stdout == ""
    assert not (tmp_path / "keyring.json").exists()
    assert_tidy(run)


def test_closed_stdin_does_not_matter_to_whoami(fake_api: FakeApi, env: dict[str, str]) -> None:
    run = cftui(("whoami",), with_token(env, fake_api), redirect="<&-")
    assert run.code == 0 and "Ada Lovelace" in run.stdout, str(run)


# -- standard output closed, full, or a pipe nobody reads ---------------------------------

# scenario -> exit code of `whoami` (and the words of its message)
OUTCOMES = {
    "ok": (0, ""),
    "auth_9109": (4, "(code 9109)"),
    "error_500": (5, "problem answering (HTTP 500)"),
    "wrong_types": (6, "result.organizations[2].roles"),
}
UNBUFFERED = {"": {}, "unbuffered": {"PYTHONUNBUFFERED": "1"}}


REDIRECTS = {"closed": ">&-", "full": ">/dev/full", "no reader": "pipe"}
STDOUT_CASES = [
    (scenario, redirect, mode, flag)
    for scenario in OUTCOMES
    for redirect in REDIRECTS
    for mode in UNBUFFERED
    for flag in ("text", "json")
]


def _run_case(api: FakeApi, env: dict[str, str], case: tuple[str, str, str, str]) -> Run:
    scenario, redirect, mode, flag = case
    args = ("whoami", "--json") if flag == "json" else ("whoami",)
    child_env = {**with_token(env, api, scenario), **UNBUFFERED[mode]}
    if redirect != "no reader":
        return cftui(args, child_env, redirect=REDIRECTS[redirect], stdout=None)
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write now fails with EPIPE
    try:
        return cftui(args, child_env, stdout=write_end)
    finally:
        os.close(write_end)


@pytest.fixture(scope="module")
def stdout_runs(
    fake_api: FakeApi, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str, str, str], Run]:
    """Every case at once: each run mostly waits on the fake API and on start-up."""
    env = cli_env(tmp_path_factory.mktemp("streams"))
    with ThreadPoolExecutor(max_workers=8) as pool:
        runs = pool.map(lambda case: _run_case(fake_api, env, case), STDOUT_CASES)
        return dict(zip(STDOUT_CASES, runs, strict=True))


@pytest.mark.parametrize(
    ("scenario", "redirect", "mode", "flag"), STDOUT_CASES, ids=["-".join(c) for c in STDOUT_CASES]
)
def test_unwritable_stdout_keeps_the_exit_code_and_the_message(
    stdout_runs: dict[tuple[str, str, str, str], Run],
    scenario: str,
    redirect: str,
    mode: str,
    flag: str,
) -> None:
    """The command's own code and message whatever became of stdout. ``| head``'s early exit
    is not an error (the reader has what it wanted); a closed or full stdout after success is
    exit 1, as a script must not take missing output for success. (Before: exit 120, an
    internal error, or with PYTHONUNBUFFERED=1 a rejected token exiting 0 with nothing.)"""
    run = stdout_runs[(scenario, redirect, mode, flag)]
    code, says = OUTCOMES[scenario]
    lines = run.stderr.splitlines()
    if code == 0 and redirect == "no reader":
        assert run.code == 0 and run.stderr == "", str(run)
    elif code == 0:
        reason = "No space left on device" if redirect == "full" else "it was closed when"
        assert run.code == 1, str(run)
        assert lines[-1].startswith(LOST_OUTPUT + reason), str(run)
    else:
        assert run.code == code, str(run)
        assert lines[0].startswith("cftui: ") and says in lines[0], str(run)
    assert_tidy(run)


def test_login_with_stdout_full_still_saves_and_says_only_the_output_was_lost(
    env: dict[str, str], tmp_path: Path
) -> None:
    run = cftui(
        ("login", "--token-stdin"), env, redirect=">/dev/full", stdin=NEW.encode(), stdout=None
    )
    assert run.code == 1, str(run)
    assert run.stderr == LOST_OUTPUT + "No space left on device.\n"
    saved = json.loads((tmp_path / "config" / "config.json").read_bytes())
    assert list(saved["profiles"]) == ["default"]
    assert_tidy(run)


@pytest.mark.parametrize("redirect", ["2>&-", "2>/dev/full"], ids=["closed", "full"])
def test_unwritable_stderr_keeps_the_exit_code_and_stdout_clean(
    fake_api: FakeApi, env: dict[str, str], redirect: str
) -> None:
    text = cftui(("whoami",), with_token(env, fake_api, "auth_9109"), redirect=redirect)
    assert text.code == 4, str(text)
    assert text.stdout == ""  # the message must not fall back to stdout
    as_json = cftui(("whoami", "--json"), with_token(env, fake_api, "auth_9109"), redirect=redirect)
    assert as_json.code == 4, str(as_json)
    assert json.loads(as_json.stdout)["error"]["exit_code"] == 4
    ok = cftui(("whoami", "--json"), with_token(env, fake_api), redirect=redirect)
    assert ok.code == 0 and json.loads(ok.stdout)["user"]["id"] == OK_USER["id"], str(ok)


def test_help_and_version_to_a_full_disk_are_not_success(env: dict[str, str]) -> None:
    for args in (("--version",), ("--help",), ("whoami", "--help")):
        run = cftui(args, env, redirect=">/dev/full", stdout=None)
        assert run.code == 1, str(run)
        assert run.stderr == LOST_OUTPUT + "No space left on device.\n"


# -- standard input too large, or not text --------------------------------------------------


OVERSIZE = {
    "3 MB": (
        b"a" * 3_000_000,
        "cftui: Standard input holds more than 4 KiB, more than any API token",
    ),
    "4 KiB + 1": (NEW.encode() + b"\n" * 4100, "cftui: Standard input holds more than 4 KiB"),
    "not UTF-8": (b"\xff\xfe" + NEW.encode(), "cftui: Standard input is not UTF-8 text"),
}


@pytest.mark.parametrize(("data", "says"), OVERSIZE.values(), ids=OVERSIZE.keys())
def test_stdin_that_cannot_be_a_secret_is_refused_before_the_network(
    fake_api: FakeApi, tmp_path: Path, data: bytes, says: str
) -> None:
    url = fake_api.base_url("ok", fresh=True)
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=url)
    run = cftui(("login", "--token-stdin"), env, stdin=data)
    assert run.code == 2, str(run)
    assert run.stderr.startswith(says), str(run)
    assert fake_api.hits(url) == 0  # nothing was sent
    assert not (tmp_path / "keyring.json").exists()
    assert_tidy(run)


def test_stdin_of_exactly_the_limit_is_read_whole(fake_api: FakeApi, tmp_path: Path) -> None:
    data = NEW.encode() + b"\n" * (4096 - len(NEW))
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))
    run = cftui(("login", "--token-stdin"), env, stdin=data)
    assert run.code == 0, str(run)
    assert "Saved profile 'default'" in run.stdout


# -- strict JSON -----------------------------------------------------------------------------


def _reject(constant: str) -> Any:
    raise ValueError(f"not strict JSON: {constant}")


def strict(text: str) -> Any:
    return json.loads(text, parse_constant=_reject)


def test_whoami_json_is_strict_whatever_numbers_the_body_holds(
    fake_api: FakeApi, env: dict[str, str]
) -> None:
    big = int("9" * 400)
    user = {**OK_USER, "huge": 1e999, "tiny": -1e999, "big_int": big, "fine": 1.5}
    url = fake_api.add(
        "numbers", Canned(200, to_json(envelope(user)).replace(b"Infinity", b"1e999"))
    )
    run = cftui(("whoami", "--json"), {**with_token(env, fake_api), "CLOUDFLARE_BASE_URL": url})
    assert run.code == 0, str(run)
    doc = strict(run.stdout)
    assert doc["user"]["huge"] is None and doc["user"]["tiny"] is None
    assert doc["user"]["big_int"] == big
    assert doc["user"]["fine"] == 1.5
    assert_tidy(run)


# -- prompts on a terminal: Ctrl-D and Ctrl-C ----------------------------------------------


def _controlling_tty() -> None:  # runs in the child, after setsid
    import fcntl
    import signal
    import termios

    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    # Ctrl-C must interrupt as at a shell prompt, even when pytest runs as a background job
    # that ignores SIGINT: an ignored signal stays ignored across exec.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Terminal:
    """cftui on a pseudo-terminal that is its controlling terminal."""

    def __init__(self, args: tuple[str, ...], env: dict[str, str], command: bool) -> None:
        import pty

        self.master, slave = pty.openpty()
        self.output = b""
        argv = list(args) if command else [sys.executable, "-m", "cftui", *args]
        self.proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=REPO,
            start_new_session=True,
            preexec_fn=_controlling_tty,
        )
        os.close(slave)

    def _pump(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                self.output += os.read(self.master, 65536)
            except OSError:  # EIO: the child closed its side
                time.sleep(0.01)

    def wait_for(self, text: bytes) -> None:
        deadline = time.monotonic() + DEADLINE
        while text not in self.output:
            assert time.monotonic() < deadline, f"{text!r} never appeared in {self.output!r}"
            self._pump(0.1)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def finish(self) -> tuple[int, str]:
        deadline = time.monotonic() + DEADLINE
        while self.proc.poll() is None:
            assert time.monotonic() < deadline, f"cftui did not exit: {self.output!r}"
            self._pump(0.1)
        self._pump(0.1)
        return self.proc.returncode, self.output.decode(errors="replace")

    def close(self) -> None:
        end(self.proc, group=True)  # it leads its own session
        os.close(self.master)


@pytest.fixture
def terminal() -> Any:
    opened: list[Terminal] = []

    def start(args: tuple[str, ...], env: dict[str, str], command: bool = False) -> Terminal:
        opened.append(Terminal(args, env, command))
        return opened[-1]

    yield start
    for term in opened:
        term.close()


CTRL_D, CTRL_C = b"\x04", b"\x03"
TYPE_PROMPT = b"[t]oken or [g]lobal key? [t] "
EMAIL_PROMPT = b"Email of your Cloudflare login: "
TOKEN_PROMPT = b"API token (input hidden): "
KEY_PROMPT = b"Global API key (input hidden): "

# the keys, each sent once its prompt is on screen
CONVERSATIONS = {
    "type": [(TYPE_PROMPT, CTRL_D)],
    "email": [(TYPE_PROMPT, b"g\r"), (EMAIL_PROMPT, CTRL_D)],
    "token": [(TYPE_PROMPT, b"t\r"), (TOKEN_PROMPT, CTRL_D)],
    "key": [(TYPE_PROMPT, b"g\r"), (EMAIL_PROMPT, b"ada@example.com\r"), (KEY_PROMPT, CTRL_D)],
}


@pytest.mark.parametrize("prompt", CONVERSATIONS)
def test_ctrl_d_at_any_prompt_cancels_the_login(
    fake_api: FakeApi, tmp_path: Path, terminal: Any, prompt: str
) -> None:
    url = fake_api.base_url("ok", fresh=True)
    term = terminal(("login",), cli_env(tmp_path, CLOUDFLARE_BASE_URL=url))
    for wait, keys in CONVERSATIONS[prompt]:
        term.wait_for(wait)
        term.send(keys)
    code, screen = term.finish()
    assert code == 2, screen
    assert "cftui: Login cancelled: the input ended (Ctrl-D) before a credential was given." in (
        screen
    )
    assert "Traceback" not in screen and "internal error" not in screen
    assert fake_api.hits(url) == 0
    assert not (tmp_path / "keyring.json").exists()


def test_ctrl_c_at_the_hidden_prompt_is_an_interrupt(
    fake_api: FakeApi, tmp_path: Path, terminal: Any
) -> None:
    term = terminal(("login",), cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok")))
    term.wait_for(TYPE_PROMPT)
    term.send(b"\r")
    term.wait_for(TOKEN_PROMPT)
    term.send(CTRL_C)
    code, screen = term.finish()
    assert code == 130, screen
    assert "cftui: interrupted." in screen
    assert "Traceback" not in screen


def test_a_prompted_login_works_end_to_end(
    fake_api: FakeApi, tmp_path: Path, terminal: Any
) -> None:
    """The prompts go to the terminal, the secret is not echoed, and the profile is saved."""
    term = terminal(("login",), cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok")))
    term.wait_for(TYPE_PROMPT)
    term.send(b"t\r")
    term.wait_for(TOKEN_PROMPT)
    term.send(NEW.encode() + b"\r")
    code, screen = term.finish()
    assert code == 0, screen
    assert "Saved profile 'default'" in screen
    assert NEW[:8] not in screen  # hidden input


@pytest.mark.parametrize("redirect", ["<&-", "2>&-"], ids=["stdin closed", "stderr closed"])
def test_the_tui_with_a_closed_stream_on_a_terminal_is_a_usage_error(
    tmp_path: Path, terminal: Any, redirect: str
) -> None:
    """The other streams are a terminal, so only the closed one stands in the way."""
    shell = ("sh", "-c", f'exec "$0" -m cftui --demo {redirect}', sys.executable)
    term = terminal(shell, cli_env(tmp_path), command=True)
    code, screen = term.finish()
    assert code == 2, screen
    if redirect == "<&-":
        assert NO_TERMINAL in screen
    assert "Traceback" not in screen


def test_the_results_table_counts_these_cases() -> None:
    """tests/README.md reports these runs: a case added here must be counted there."""
    text = (REPO / "tests" / "README.md").read_text(encoding="utf-8")
    parts = [
        len(STDIN_CLOSED),
        1,  # whoami with stdin closed
        len(STDOUT_CASES),
        1,  # login to a full stdout
        2 * 3,  # stderr closed or full x 3 runs
        3,  # --help / --version to a full disk
        len(OVERSIZE) + 1,  # and exactly the limit
        len(CONVERSATIONS) + 4,  # Ctrl-C, a prompted login, the TUI x 2
    ]
    assert f"| {' + '.join(map(str, parts))} | {sum(parts)} | 0 | 0 |" in text
