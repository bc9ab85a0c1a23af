"""Terminal injection: API text that tries to drive the terminal reaches it as inert text.

Each payload fills every string field of ``/user`` (organizations, roles, permissions and
betas included) and of the token check (id, status, dates), and, separately, the messages of
a refusal and an account token's answers (the refusals, the account's name, its verify). The
CLI's stdout and stderr, the
TUI's screens (main, drill-down, raw JSON, problem panel) and a real terminal (tmux: its pane
title and paste buffers are what OSC 0 and OSC 52 would change) must hold none of the
control sequences, and Rich markup must show literally instead of styling anything.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cftui.core.credentials.profiles import ProfileStore
from cftui.ui.app import CftuiApp
from cftui.ui.screens.account import AccountScreen
from cftui.ui.screens.raw_json import RawJsonScreen
from tests.support.fake.accounts import ACCOUNT_TOKEN_ACCOUNT
from tests.support.fake.canned import OK_USER, Canned, envelope, to_json
from tests.support.fake.routes import ACCOUNT_VERIFY, ACCOUNTS, VERIFY
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import TOKEN, CliRun, Job, Retargetable, cli_env, flat, run_all
from tests.support.fixed_clock import CHILD_PYTHONPATH
from tests.support.ui_fakes import FakeClock, record_notes, screen_text, settle
from tests.support.waiting import poll, until
from tests.ui.test_tmux import Tmux

MARKUP = "[bold red]x[/] [link=https://evil.example]click[/link] [/]"
PAYLOADS = {
    "rich markup": MARKUP,
    "ANSI CSI": "\x1b[31mred\x1b[0m\x1b[2J\x1b[H\x1b[?1049l",
    "OSC 52": "\x1b]52;c;ZXZpbA==\x07\x1b]52;p;ZXZpbA==\x1b\\",
    "OSC 0": "\x1b]0;pwned\x07\x1b]2;pwned\x1b\\",
    "C1 controls": "\x9b31m\x9d0;pwned\x9c\x90q\x9c\x85",
    "NUL": "nul\x00byte",
    "CR": "over\rwrite\x08\x7f",
    "bidi overrides": "\u202eevil\u202c\u2066iso\u2069\u200f",
    "zero-width": "zero\u200bwidth\u200d\u2060\ufeff",
}
ALL = "".join(PAYLOADS.values())
# What a terminal would obey, printed raw: the positive control of the tmux test.
RAW = "\\033]2;pwned\\033\\\\\\033]52;c;ZXZpbA==\\007"
UNSAFE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
LEGACY_TOKEN = "Zq3xV8pL2mN7rT5yW1aB4cD6eF9gH0jK_sU-iO3p"  # no prefix: the answers decide


def poisoned(payload: str) -> dict[str, Any]:
    """``OK_USER`` with ``payload`` appended to every string, keys of unknown fields too."""

    def poison(value: Any) -> Any:
        if isinstance(value, str):
            return f"{value} {payload}"
        if isinstance(value, list):
            return [poison(v) for v in value]
        if isinstance(value, dict):
            return {k: poison(v) for k, v in value.items()}
        return value

    user: dict[str, Any] = poison(OK_USER)
    user[f"extra {payload}"] = payload
    return user


def refusal(payload: str) -> dict[str, Any]:
    chain = [{"code": 6103, "message": f"chained {payload}"}]
    return envelope(None, [{"code": 1000, "message": payload, "error_chain": chain}])


def token_answer(payload: str) -> Canned:
    """A verify answer with the payload in every field: an unknown status, unreadable dates."""
    result = {
        "id": payload,
        "status": f"active {payload}",
        "expires_on": f"2027-01-10T00:00:00Z {payload}",
        "not_before": payload,
    }
    return Canned(200, to_json(envelope(result)))


def account_token_routes(payload: str) -> tuple[Canned, dict[str, Canned]]:
    """An account token's answers, each carrying the payload: /user and the user verify
    refuse (9109, 1000), /accounts names the account, the account verify answers."""
    account = {**ACCOUNT_TOKEN_ACCOUNT, "name": f"Okafor {payload}", "type": payload}
    refused = Canned(403, to_json(envelope(None, [{"code": 9109, "message": payload}])))
    routes = {
        VERIFY: Canned(401, to_json(envelope(None, [{"code": 1000, "message": payload}]))),
        ACCOUNTS: Canned(200, to_json(envelope([account]))),
        ACCOUNT_VERIFY: token_answer(payload),
    }
    return refused, routes


def unsafe(text: str, allowed: str = "\n") -> list[str]:
    return sorted({repr(c) for c in text if unicodedata.category(c) in UNSAFE and c not in allowed})


@pytest.fixture(scope="module")
def served(fake_api: FakeApi) -> dict[str, tuple[str, str, str]]:
    """payload name -> base URLs of (the poisoned user and token check, the poisoned refusal,
    the poisoned account token)."""
    urls = {}
    for n, (name, payload) in enumerate({**PAYLOADS, "all at once": ALL}.items()):
        user = Canned(200, to_json(envelope(poisoned(payload))))
        ok = fake_api.add(f"inj{n}", user, {VERIFY: token_answer(payload)})
        bad = fake_api.add(f"inj{n}_refused", Canned(400, to_json(refusal(payload))))
        account = fake_api.add(f"inj{n}_account", *account_token_routes(payload))
        urls[name] = (ok, bad, account)
    return urls


NAMES = [*PAYLOADS, "all at once"]


# -- the command line ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_runs(
    served: dict[str, tuple[str, str, str]], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], CliRun]:
    home = tmp_path_factory.mktemp("inject")
    keys, jobs = [], []
    for name, (ok, bad, account) in served.items():
        for leg, args, url, secret in (
            ("whoami", ("whoami",), ok, TOKEN),
            ("json", ("whoami", "--json"), ok, TOKEN),
            ("refused", ("whoami", "--debug"), bad, TOKEN),
            ("refused json", ("whoami", "--json"), bad, TOKEN),
            ("account", ("whoami", "--debug"), account, LEGACY_TOKEN),
            ("account json", ("whoami", "--json"), account, LEGACY_TOKEN),
        ):
            keys.append((name, leg))
            env = cli_env(home, CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=secret)
            jobs.append(Job(args, env))
        keys.append((name, "login"))
        login_home = home / f"login-{len(keys)}"
        login = ("login", "--token-stdin", "--profile", "p")
        jobs.append(Job(login, cli_env(login_home, CLOUDFLARE_BASE_URL=ok), TOKEN.encode()))
    return dict(zip(keys, run_all(jobs), strict=True))


@pytest.mark.parametrize("name", NAMES)
def test_cli_prints_only_inert_text(cli_runs: dict[tuple[str, str], CliRun], name: str) -> None:
    whoami, as_json = cli_runs[(name, "whoami")], cli_runs[(name, "json")]
    refused, refused_json = cli_runs[(name, "refused")], cli_runs[(name, "refused json")]
    account, account_json = cli_runs[(name, "account")], cli_runs[(name, "account json")]
    login = cli_runs[(name, "login")]
    runs = (whoami, as_json, refused, refused_json, login, account, account_json)
    assert [r.code for r in runs] == [0, 0, 4, 4, 0, 4, 4]
    for run in runs:
        for text in (run.stdout, run.stderr):
            assert unsafe(text) == [], str(run)
            assert "\\u00" not in text and "\\u20" not in text, str(run)  # not even as JSON escapes
            assert "Traceback" not in text
    assert "Ada" in whoami.stdout and "Analytical Engines Ltd" in whoami.stdout
    doc = json.loads(as_json.stdout)
    assert doc["user"]["first_name"].startswith("Ada ")
    assert "Could not" not in refused.stderr and "(code 1000)" in refused.stderr
    assert "  token      user API token · status active " in whoami.stdout  # not a known word
    assert doc["token"]["expires_on"].startswith("2027-01-10T00:00:00Z ")
    assert "This is an account API token for the account Okafor " in account.stderr
    account_doc = json.loads(account_json.stdout)
    assert account_doc["token"]["account"]["name"].startswith("Okafor ")
    if MARKUP in PAYLOADS.get(name, ALL):
        shown = (whoami.stdout, refused.stderr, login.stdout, doc["user"]["last_name"])
        for text in (*shown, account.stderr, doc["token"]["id"]):
            assert "[bold red]x[/]" in text  # shown literally: nothing interprets markup
        assert "[link=https://evil.example]click[/link]" in whoami.stdout


def test_a_hand_edited_config_cannot_drive_the_terminal(fake_api: FakeApi, tmp_path: Path) -> None:
    """``config.json`` is ours, but anyone may edit it (or sync it from elsewhere): an email
    cftui would never have written makes the file corrupt, reported without echoing it."""
    (tmp_path / "config").mkdir()
    index = {
        "version": 1,
        "default": "work",
        "profiles": {"work": {"kind": "global_key", "email": f"a@b.example{ALL}"}},
    }
    path = tmp_path / "config" / "config.json"
    path.write_text(json.dumps(index))
    before = path.read_bytes()
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("ok"))
    for run in run_all([Job(("profiles",), env), Job(("profiles", "--json"), env)]):
        assert run.code == 3, str(run)
        assert run.stderr.startswith(
            f'cftui: The profile index {path} is not usable: "profiles.work.email" holds '
            "control characters."
        ), str(run)
        assert "a@b.example" not in run.stdout + run.stderr
        assert unsafe(run.stderr) == []
    assert path.read_bytes() == before


# -- the TUI ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
async def test_tui_shows_only_inert_text(
    served: dict[str, tuple[str, str, str]], tmp_path: Path, name: str
) -> None:
    """Main screen (the token check's answer in its security panel), drill-down, raw JSON, a
    refused refresh over the data, a refusal at start and an account token's state: every
    screen as text, every notification, the copied id, the app's title."""
    ok, bad, account = served[name]
    factory = Retargetable(ok)
    env = {"CLOUDFLARE_API_TOKEN": TOKEN}
    app = CftuiApp(ProfileStore(tmp_path), env=env, client_factory=factory, clock=FakeClock())
    notes = record_notes(app)
    shown: dict[str, str] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.state.response is not None
        await until(pilot, lambda: "Ada" in screen_text(app), "the card to show the user")
        shown["main"] = screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        shown["organization"] = screen_text(app)
        await pilot.press("escape", "v")
        await settle(pilot)
        assert isinstance(app.screen, RawJsonScreen)
        shown["raw json"] = screen_text(app)
        await pilot.press("escape", "c")  # copy the organization's (poisoned) id: OSC 52
        await pilot.pause()
        shown["clipboard"] = app.clipboard
        factory.base_url = bad
        await pilot.press("r")
        await settle(pilot)
        assert app.state.problem is not None and app.state.response is not None
        shown["refused over data"] = screen_text(app)
        shown["title"] = f"{app.title} {app.sub_title}"
    refused = CftuiApp(ProfileStore(tmp_path), env=env, client_factory=factory, clock=FakeClock())
    async with refused.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown["refused"] = screen_text(refused)
    legacy = {"CLOUDFLARE_API_TOKEN": LEGACY_TOKEN}
    owned = CftuiApp(
        ProfileStore(tmp_path), env=legacy, client_factory=Retargetable(account), clock=FakeClock()
    )
    async with owned.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert owned.state.problem is not None and owned.state.problem.kind == "account_token"
        shown["account token"] = screen_text(owned)
    shown["notifications"] = "\n".join(notes)
    for where, text in shown.items():
        assert unsafe(text) == [], where
    assert "Ada" in shown["main"] and "Analytical Engines Ltd" in shown["organization"]
    assert shown["clipboard"].startswith("01a7362d577a6c3019a474fd6f485823 ")
    assert "(code 1000)" in flat(shown["refused"]) and "(code 1000)" in shown["notifications"]
    assert shown["title"].strip() == "cftui"
    assert "Token ? status active " in flat(shown["main"])  # an unknown word, as it came
    assert "account API token for the account Okafor" in flat(shown["account token"])
    if name in ("rich markup", "all at once"):
        places = ("main", "organization", "raw json", "refused", "notifications", "account token")
        for where in places:
            assert "[bold red]x[/]" in flat(shown[where]), where


# -- a real terminal -------------------------------------------------------------------------


def pane_title_when(tmux: Tmux, target: str, ready: Callable[[str], bool]) -> str:
    def title() -> str | None:
        shown = tmux.run("display-message", "-p", "-t", target, "#{pane_title}").strip()
        return shown if ready(shown) else None

    return poll(title, f"the pane title of {target}")


def test_a_real_terminal_keeps_its_title_and_clipboard(
    served: dict[str, tuple[str, str]], tmp_path: Path
) -> None:
    """tmux honours OSC 0/2 (pane title) and OSC 52 (paste buffers): first shown with the
    raw payload, then ``cftui whoami`` and the TUI on the poisoned account change neither."""
    tmux = Tmux()
    py = shlex.quote(sys.executable)
    env = {
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": CHILD_PYTHONPATH,
        "CFTUI_CONFIG_DIR": str(tmp_path / "config"),
        "CLOUDFLARE_API_TOKEN": TOKEN,
        "CLOUDFLARE_BASE_URL": served["all at once"][0],
    }
    try:
        tmux.start(f"sh -c {shlex.quote(f'read go; {py} -m cftui whoami; {py} -m cftui')}", env)
        tmux.run("set-option", "-s", "set-clipboard", "on")
        tmux.run(
            "new-window", "-d", "-t", "t", "-n", "raw", f"printf %b {shlex.quote(RAW)}; sleep 60"
        )
        raw_title = pane_title_when(tmux, "t:raw", lambda title: "pwned" in title)
        assert tmux.run("list-buffers").strip(), "tmux should have taken the raw OSC 52"
        tmux.run("delete-buffer")
        assert tmux.run("list-buffers") == ""

        tmux.keys("Enter")
        screen = tmux.wait_for_all("Quit", "Analytical Engines Ltd", "Zone tiers")
        assert "[bold red]x[/]" in screen
        assert "pwned" not in tmux.pane("pane_title")
        assert tmux.run("list-buffers") == ""
        assert "pwned" in raw_title
        tmux.keys("q")
    finally:
        tmux.kill()
