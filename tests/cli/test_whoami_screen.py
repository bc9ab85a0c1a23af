"""``cftui whoami``'s text is a summary that keeps its head on the screen.

On a terminal the accounts take what the screen has left below the identity, the token and
the lines after them, then one line says how many more there are; piped, the summary has a
fixed length; ``--all`` lists every account. Over the fake API's real-shaped account (120
memberships, 123 accounts with ``/user``'s organizations), on a pseudo-terminal of a given
size and in tmux at 80x24 with a shell prompt below. The summary reads page 1 alone: it counts
page 1's ``total_count`` (120), and ``--all`` reads every page and merges in the rest (123).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_cli_streams import Terminal
from tests.support.fake.canned import OK
from tests.support.fake.routes import ROUTED
from tests.support.fake.server import FakeApi
from tests.support.fake.worlds import WORLDS
from tests.support.fault_harness import Job, cli_env, run_cli
from tests.support.fixed_clock import CHILD_ENV
from tests.ui.test_tmux import CFTUI, Tmux

TOKEN = "cfut_WhoamiScreenTEST0123456789abcdefghijkl"
IDENTITY = "Ada Lovelace <ada.lovelace@example.com>"
TOKEN_LINE = "  token      user API token · active, expires 2027-01-10, in 42 days"
ACCOUNTS = 123
COUNTED = 120
"""What the summary says from page 1's ``total_count``: memberships, not ``/user``'s extras."""
MORE = re.compile(r"^    … and (\d+) more \(cftui whoami --all\)$")
_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _env(
    api: FakeApi, home: Path, scenario: str = "members_3_pages", **extra: str
) -> dict[str, str]:
    url = api.base_url(scenario, fresh=True)
    return cli_env(home, CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=TOKEN, **extra)


def _rows(lines: list[str], columns: int) -> int:
    """Rows the lines take on a terminal that wraps at ``columns`` (no wide characters here)."""
    return sum(max(1, -(-len(line) // columns)) for line in lines)


def _on_terminal(
    env: dict[str, str], columns: int, lines: int, *before: str
) -> tuple[int, list[str]]:
    """whoami on a pseudo-terminal of that size: the exit code and the lines it printed."""
    size = {"COLUMNS": str(columns), "LINES": str(lines)}
    term = Terminal((*before, "whoami"), {**env, **size}, False)
    try:
        code, output = term.finish()
    finally:
        term.close()
    text = output.replace("\r", "").split("\x1b[2K")[-1]  # after the erased "Checking…" line
    return code, _ESCAPE.sub("", text).splitlines()


@pytest.mark.parametrize(("columns", "height"), [(80, 24), (60, 20), (120, 40)])
def test_on_a_terminal_the_summary_fills_the_screen_below_its_head(
    fake_api: FakeApi, tmp_path: Path, columns: int, height: int
) -> None:
    code, lines = _on_terminal(_env(fake_api, tmp_path), columns, height)
    assert code == 0, lines
    assert lines[0] == IDENTITY
    assert TOKEN_LINE in lines
    assert "  accounts   120 · 3 invitations waiting (cftui invites)" in lines
    more = MORE.match(lines[-1])
    assert more, lines[-1]
    shown = [line for line in lines if line.startswith("    Account ")]
    assert shown and len(shown) + int(more.group(1)) == COUNTED
    # everything and the prompt after it on one screen, with no row to spare
    assert _rows(lines, columns) == height - 1


def test_a_screen_too_short_for_any_account_still_says_how_many(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    code, lines = _on_terminal(_env(fake_api, tmp_path), 100, 17)
    assert code == 0 and lines[0] == IDENTITY
    assert not [line for line in lines if line.startswith("    Account ")]
    assert lines[-1] == "    … and 120 more (cftui whoami --all)"


@pytest.mark.parametrize(("columns", "height"), [(60, 12), (80, 10)])
def test_a_screen_too_short_for_the_head_drops_the_details_never_who_or_the_token(
    fake_api: FakeApi, tmp_path: Path, columns: int, height: int
) -> None:
    code, lines = _on_terminal(_env(fake_api, tmp_path), columns, height)
    assert code == 0 and lines[0] == IDENTITY, lines
    assert lines[1] == "  id         7c5dae5552338874e5053f2534d2767a"
    assert "  2FA        enabled, not locked" in lines
    assert "  auth       env CLOUDFLARE_API_TOKEN (API token cfut…ijkl)" in lines
    assert TOKEN_LINE in lines
    assert not [line for line in lines if line.startswith(("  zipcode", "  rate limit"))]
    assert lines[-1] == "    … and 120 more (cftui whoami --all)"
    assert _rows(lines, columns) == height - 1


def test_the_warnings_after_the_summary_are_counted_too(fake_api: FakeApi, tmp_path: Path) -> None:
    # 120 memberships and a token about to expire: the warning wraps to two rows
    fake_api.add(
        "members_3_pages_expiring",
        OK,
        routes=ROUTED["token_expiring"],
        world=WORLDS["members_3_pages"](),
    )
    code, lines = _on_terminal(_env(fake_api, tmp_path, "members_3_pages_expiring"), 80, 24)
    assert code == 0 and lines[0] == IDENTITY
    assert lines[-1].startswith("cftui: warning: This API token expires ")
    assert len(lines[-1]) > 80 and MORE.match(lines[-2])
    assert _rows(lines, 80) == 23


def test_piped_the_summary_has_twenty_accounts(fake_api: FakeApi, tmp_path: Path) -> None:
    # a terminal size in the environment does not matter when stdout is a pipe
    run = run_cli(Job(("whoami",), _env(fake_api, tmp_path, COLUMNS="80", LINES="10")))
    assert run.code == 0, run
    lines = run.stdout.splitlines()
    assert lines[0] == IDENTITY
    assert len([line for line in lines if line.startswith("    Account ")]) == 20
    assert lines[-1] == "    … and 100 more (cftui whoami --all)"


def test_all_lists_every_account(fake_api: FakeApi, tmp_path: Path) -> None:
    env = _env(fake_api, tmp_path)
    run = run_cli(Job(("whoami", "--all"), env))
    assert run.code == 0, run
    lines = run.stdout.splitlines()
    accounts = lines[lines.index(TOKEN_LINE) + 2 :]  # after the token and the rate limit
    assert len(accounts) == ACCOUNTS and not [line for line in lines if MORE.match(line)]
    code, on_screen = _on_terminal(env, 80, 24)
    assert code == 0 and len(on_screen) < len(lines)  # without --all, a screenful
    policies = run_cli(Job(("whoami", "--all", "--json", "--policies"), env))
    assert policies.code == 0, policies
    assert len(json.loads(policies.stdout)["accounts"]) == ACCOUNTS


def test_the_more_line_gives_the_command_that_was_run(tmp_path: Path) -> None:
    run = run_cli(Job(("--demo", "whoami"), cli_env(tmp_path)))
    assert run.code == 0 and "more (" not in run.stdout  # the demo's 8 accounts: all of them
    code, lines = _on_terminal(cli_env(tmp_path), 80, 20, "--demo")
    assert code == 0 and lines[-1].endswith(" more (cftui --demo whoami --all)"), lines


# -- in tmux: what a user at 80x24 sees, the shell's prompt below --------------------------


@pytest.fixture
def shell(tmp_path: Path) -> Iterator[Tmux]:
    assert shutil.which("tmux"), "tmux is needed: apt-get install tmux"
    server = Tmux()
    yield server
    server.kill()


def test_in_tmux_at_80x24_the_identity_stays_on_screen(
    shell: Tmux, fake_api: FakeApi, tmp_path: Path
) -> None:
    env = {
        **CHILD_ENV,
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PS1": "[$?]$ ",
        "CFTUI_CONFIG_DIR": str(tmp_path / "config"),
        "CLOUDFLARE_BASE_URL": fake_api.base_url("members_3_pages", fresh=True),
        "CLOUDFLARE_API_TOKEN": TOKEN,
    }
    shell.start("bash --norc --noprofile -i", env)
    shell.wait_for(lambda s: s.strip().endswith("[0]$"), "the shell's prompt")
    shell.keys("-l", f"{shlex.quote(str(CFTUI))} whoami")
    shell.keys("Enter")
    screen = shell.wait_for(
        lambda s: "--all)" in s and s.rstrip().endswith("[0]$"), "whoami to finish"
    ).splitlines()
    assert len(screen) == 24
    assert screen[0] == IDENTITY  # the command line scrolled away; the identity did not
    assert screen[1] == "  id         7c5dae5552338874e5053f2534d2767a"
    assert TOKEN_LINE in screen
    assert MORE.match(screen[-2]) and screen[-1].rstrip() == "[0]$"
