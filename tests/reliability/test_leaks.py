"""The secret-leak sweep: run everything with known secrets, then search all that came out.

What is searched: stdout and stderr of every CLI run (the fault matrix's, and here the same
scenarios again with ``--debug``, with a Global API key, through ``login`` / ``profiles`` /
``logout``, and with every failing keyring); the TUI's screen text, SVG, notifications and
log lines of every matrix leg, plus the raw JSON view and the profiles modal; the text,
hint, detail, repr and formatted traceback of every error the client raises; and every SVG
stored under ``tests/*/__snapshots__/`` and ``screenshots/``. Neither a secret nor its first 8
characters may appear anywhere, and nothing may look like a traceback.
"""

from __future__ import annotations

import asyncio
import html
import importlib
import json
import re
import traceback
from collections.abc import Iterable, Sequence
from pathlib import Path

import httpx
import pytest

from cftui.core.api.client import CloudflareClient
from cftui.core.credentials.kinds import ApiToken, Credential, GlobalApiKey
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.errors import CftuiError
from cftui.core.overview.check import Overview, fetch_overview
from cftui.core.overview.token_report import account_token_error, token_json, token_report
from cftui.core.redact import mask
from cftui.ui.app import CftuiApp
from cftui.ui.screens.profiles import ProfilesScreen
from cftui.ui.screens.raw_json import RawJsonScreen
from tests.support.fake.accounts import ACCOUNT_TOKEN_ACCOUNT
from tests.support.fake.canned import Canned, envelope, to_json
from tests.support.fake.router import SCENARIOS
from tests.support.fake.routes import ACCOUNT_VERIFY, ACCOUNTS, VERIFY
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import (
    EMAIL,
    EXPECT,
    GLOBAL_KEY,
    REPO,
    SECRETS,
    SLOW,
    TIMEOUT,
    TOKEN,
    TUI_LEGS,
    CliRun,
    Job,
    Retargetable,
    captured_logs,
    cli_env,
    cli_matrix,
    run_cli,
    tui_run,
)
from tests.support.fixed_clock import FIXED_NOW
from tests.support.ui_fakes import FakeClock, screen_text, settle

# Secrets of the tests that store snapshots and screenshots (module, names).
SNAPSHOT_SECRETS = (
    ("tests.support.ui_fakes", ("TOKEN",)),
    ("tests.support.ui_screen_fakes", ("TOKEN", "OTHER_TOKEN", "GLOBAL_KEY")),
)
SCREENSHOT_TOKEN = "cfut_ScreenshotOnlyNotARealToken000000000000"  # screenshots/generate.py
# Anything shaped like a credential that is longer than a mask: a leak of a secret we did
# not list. A mask keeps the first 4 characters (``cfut…``), so 4 more is already too many.
SHAPES = re.compile(r"\bcf(?:ut|at|k)_[A-Za-z0-9]{4}|(?<![0-9a-f])[0-9a-f]{37}(?![0-9a-f])")


def leaks(text: str, secrets: Iterable[str], *, traceback_ok: bool = False) -> list[str]:
    found = [f"{s[:8]}… ({'whole' if s in text else 'first 8'})" for s in secrets if s[:8] in text]
    found += [f"credential-shaped {m.group()!r}" for m in SHAPES.finditer(text)]
    if "Traceback (most recent call last)" in text and not traceback_ok:
        found.append("a traceback")
    return found


def sweep(items: Iterable[tuple[str, str]], secrets: Sequence[str] = SECRETS) -> int:
    """Assert that no (label, text) holds a secret; returns how many texts were searched.

    Only a label that says "traceback" may hold one: a formatted exception chain, searched
    for secrets a developer would see in a crash report.
    """
    problems, count = [], 0
    for label, text in items:
        count += 1
        found = leaks(text, secrets, traceback_ok="traceback" in label)
        problems += [f"{label}: {what}" for what in found]
    assert problems == [], "\n".join(problems[:40])
    assert count > 0
    return count


def cli_texts(runs: Iterable[CliRun]) -> Iterable[tuple[str, str]]:
    for run in runs:
        label = f"cftui {' '.join(run.args)} (exit {run.code})"
        yield f"{label} stdout", run.stdout
        yield f"{label} stderr", run.stderr


# -- the detector itself ---------------------------------------------------------------------


def test_the_sweep_finds_what_it_looks_for() -> None:
    assert leaks(f"x {TOKEN} y", SECRETS)[0] == "cfut_Mq4… (whole)"
    assert leaks(f"x{TOKEN[:8]}", SECRETS) == ["cfut_Mq4… (first 8)"]
    assert leaks(f"{GLOBAL_KEY[:8]}", SECRETS) == ["d15ea5ed… (first 8)"]
    assert leaks(GLOBAL_KEY, ()) == [f"credential-shaped {GLOBAL_KEY!r}"]
    assert leaks("cfut_Abcd", ()) == ["credential-shaped 'cfut_Abcd'"]
    assert leaks(f"{mask(TOKEN)} {mask(GLOBAL_KEY)} Traceback", SECRETS) == []
    assert leaks("Traceback (most recent call last):", ()) == ["a traceback"]
    with pytest.raises(AssertionError, match="first 8"):
        sweep([("planted", TOKEN[:8])])


# -- the command line ------------------------------------------------------------------------


# Global-key logins: a success, the key-specific refusals, and the answers that echo.
KEY_LOGINS = ("ok", "auth_9103", "auth_6003_6102", "echo", "echo_error")


def _cli_jobs(api: FakeApi, home: Path) -> list[list[Job]]:
    """Each inner list runs in order (a login, then what uses it); the lists run in parallel."""
    chains: list[list[Job]] = []
    for n, scenario in enumerate(sorted(EXPECT)):
        slow = ("--timeout", f"{TIMEOUT:g}") if scenario in SLOW else ()
        url = api.base_url(scenario, fresh=True)
        again = api.base_url(scenario, fresh=True)
        token = cli_env(home / scenario, CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=TOKEN)
        key = cli_env(
            home / scenario,
            CLOUDFLARE_BASE_URL=again,
            CLOUDFLARE_EMAIL=EMAIL,
            CLOUDFLARE_API_KEY=GLOBAL_KEY,
        )
        saved = cli_env(home / f"{scenario}-login", CLOUDFLARE_BASE_URL=url)
        legacy = cli_env(home / f"{scenario}-key", CLOUDFLARE_BASE_URL=again)
        name = f"p{n}"
        chain = [
            Job(("whoami", "--debug", *slow), token),
            Job(("whoami", "--json", "--debug", *slow), key),
            Job(
                ("login", "--token-stdin", "--profile", name, "--debug", *slow),
                saved,
                TOKEN.encode(),
            ),
        ]
        if scenario in KEY_LOGINS:
            chain.append(
                Job(
                    ("login", "--email", EMAIL, "--key-stdin", "--debug"),
                    legacy,
                    GLOBAL_KEY.encode(),
                )
            )
        if EXPECT[scenario].code == 0:
            chain += [
                Job(("whoami", "--profile", name, "--debug"), saved),
                Job(("profiles", "--json"), saved),
                Job(("logout", "--profile", name), saved),
            ]
        chains.append(chain)
    return chains


KEYRING_FAULTS = (
    "keyring.backends.fail.Keyring",
    "tests.support.keyrings.LockedKeyring",
    "tests.support.keyrings.SetFailingKeyring",  # its error text quotes the secret it refused
    "tests.support.keyrings.CrashingKeyring",
    "tests.support.keyrings.DroppingKeyring",
)


LIARS = (
    "tests.support.keyrings.ReadQuotingKeyring",  # its read errors quote the stored value
    "tests.support.keyrings.ZeroWidthQuotingKeyring",  # … split by zero-width spaces
    "tests.support.keyrings.PercentQuotingKeyring",  # … percent-encoded
    "tests.support.keyrings.Base64QuotingKeyring",  # … base64-encoded
    "tests.support.keyrings.StoreThenFailKeyring",  # its write errors quote what it stored
    "tests.support.keyrings.TruncatingKeyring",
    "tests.support.keyrings.GlitchKeyring",
    "tests.support.keyrings.BytesKeyring",
)


def _fault_jobs(api: FakeApi, home: Path) -> list[list[Job]]:
    chains = []
    for n, backend in enumerate(KEYRING_FAULTS):
        env = cli_env(
            home / f"fault{n}",
            CLOUDFLARE_BASE_URL=api.base_url("ok"),
            PYTHON_KEYRING_BACKEND=backend,
        )
        chains.append(
            [
                Job(("login", "--token-stdin", "--debug"), env, TOKEN.encode()),
                Job(
                    ("login", "--email", EMAIL, "--key-stdin", "--debug"), env, GLOBAL_KEY.encode()
                ),
                Job(("whoami", "--profile", "default", "--debug"), env),
                Job(("logout", "--profile", "default", "--debug"), env),
            ]
        )
    # Keyrings that lie about, or quote, a secret saved with a sound one
    # (tests/support/keyrings.py).
    saved = cli_env(home / "liars", CLOUDFLARE_BASE_URL=api.base_url("ok"))
    chain = [
        Job(("login", "--profile", "t", "--token-stdin"), saved, TOKEN.encode()),
        Job(
            ("login", "--profile", "k", "--email", EMAIL, "--key-stdin"), saved, GLOBAL_KEY.encode()
        ),
    ]
    for backend in LIARS:
        env = {**saved, "PYTHON_KEYRING_BACKEND": backend}
        chain += [
            Job(("login", "--profile", "t", "--token-stdin", "--debug"), env, TOKEN.encode()),
            Job(
                ("login", "--profile", "k", "--email", EMAIL, "--key-stdin", "--debug"),
                env,
                GLOBAL_KEY.encode(),
            ),
            Job(("whoami", "--profile", "t", "--debug"), env),
            Job(("whoami", "--profile", "k", "--debug"), env),
        ]
    chains.append(chain)
    # Secrets where they do not belong: as arguments, or the wrong kind on stdin.
    env = cli_env(home / "misuse", CLOUDFLARE_BASE_URL=api.base_url("ok"))
    chains.append(
        [
            Job(("whoami", TOKEN), env),
            Job(("whoami", "--profile", TOKEN), env),
            Job(("login", "--profile", TOKEN, "--token-stdin"), env, TOKEN.encode()),
            Job(("whoami", "--profile", f"Bearer {TOKEN}"), env),
            Job(("whoami",), {**env, "CLOUDFLARE_EMAIL": TOKEN, "CLOUDFLARE_API_KEY": GLOBAL_KEY}),
            Job(("login", "--email", TOKEN, "--key-stdin"), env, GLOBAL_KEY.encode()),
            Job(("login", "--token-stdin", "--email", GLOBAL_KEY), env, TOKEN.encode()),
            Job(("login", "--token-stdin"), env, GLOBAL_KEY.encode()),
            Job(("login", "--email", EMAIL, "--key-stdin"), env, TOKEN.encode()),
            Job(("login", "--token-stdin"), env, f"Bearer {TOKEN} {TOKEN}".encode()),
            Job(("whoami",), {**env, "CLOUDFLARE_API_TOKEN": f"{TOKEN}\x1b[2J"}),
        ]
    )
    return chains


def _run_chains(chains: list[list[Job]]) -> list[CliRun]:
    flat = [job for chain in chains for job in chain]
    if not flat:
        return []
    # Jobs of one chain share a config dir: run each chain's jobs in order, chains in parallel.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = pool.map(lambda chain: [run_cli(job) for job in chain], chains)
        return [run for chain in results for run in chain]


@pytest.fixture(scope="module")
def cli_runs(fake_api: FakeApi, tmp_path_factory: pytest.TempPathFactory) -> list[CliRun]:
    home = tmp_path_factory.mktemp("leaks")
    matrix = list(cli_matrix(fake_api, tmp_path_factory.mktemp("cli-matrix")).values())
    return matrix + _run_chains(_cli_jobs(fake_api, home) + _fault_jobs(fake_api, home))


def test_no_cli_output_holds_a_secret(cli_runs: list[CliRun]) -> None:
    searched = sweep(cli_texts(cli_runs))
    assert searched >= 2 * (5 * len(SCENARIOS) + len(KEY_LOGINS) + 5 * 4 + 11)


def test_the_cli_runs_did_what_they_were_meant_to(cli_runs: list[CliRun]) -> None:
    """A sweep of runs that all failed early would prove little: check they got somewhere."""
    codes = [run.code for run in cli_runs]
    assert codes.count(0) > 3 * len([s for s in EXPECT if EXPECT[s].code == 0])
    assert codes.count(7) >= 2 * len(KEYRING_FAULTS) - 1  # every faulty keyring was reached
    saved = [r for r in cli_runs if r.args[0] == "login" and r.code == 0]
    assert saved and all(mask(TOKEN) in r.stdout or mask(GLOBAL_KEY) in r.stdout for r in saved)
    assert any("detail:" in run.stderr for run in cli_runs)  # --debug added its details
    assert "backend tests.support.keyrings.SetFailingKeyring" in "".join(r.stderr for r in cli_runs)
    quoted = [r for r in cli_runs if "ReadQuotingKeyring: keyring.errors.KeyringError" in r.stderr]
    assert any(f'"token": "{mask(TOKEN)}"' in r.stderr for r in quoted)  # masked, not cut


# -- the TUI ---------------------------------------------------------------------------------


async def test_no_tui_leg_shows_a_secret(fake_api: FakeApi, tmp_path: Path) -> None:
    """Every matrix leg (shared with the fault matrix when it ran first in this process)."""
    items = []
    for scenario in sorted(EXPECT):
        for leg in TUI_LEGS:
            record = await tui_run(fake_api, scenario, leg, tmp_path / scenario)
            items += [(f"{leg} {scenario} #{n}", t) for n, t in enumerate(record.texts())]
    assert sweep(items) >= len(SCENARIOS) * len(TUI_LEGS) * 4


async def test_raw_json_and_profiles_views_show_no_secret(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    """The views most likely to show one: the raw answer (here one that echoes the
    credential back) and the list of saved profiles, for a token and a Global key."""
    store = ProfileStore(tmp_path / "profiles")
    store.save("work", ApiToken(TOKEN), make_default=True)
    store.save("legacy", GlobalApiKey(EMAIL, GLOBAL_KEY))
    items: list[tuple[str, str]] = []
    for profile in ("work", "legacy"):
        factory = Retargetable(fake_api.base_url("echo"))
        app = CftuiApp(store, profile=profile, env={}, client_factory=factory, clock=FakeClock())
        with captured_logs() as logs:
            async with app.run_test(size=(120, 40)) as pilot:
                await settle(pilot)
                assert app.state.response is not None
                items.append((f"{profile} main", screen_text(app)))
                await pilot.press("v")
                await settle(pilot)
                assert isinstance(app.screen, RawJsonScreen)
                assert app.screen.text is not None
                assert mask(TOKEN if profile == "work" else GLOBAL_KEY) in app.screen.text
                items += [
                    (f"{profile} raw", screen_text(app)),
                    (f"{profile} raw text", app.screen.text),
                ]
                items.append((f"{profile} raw svg", app.export_screenshot()))
                await pilot.press("escape", "p")
                await pilot.pause()
                assert isinstance(app.screen, ProfilesScreen)
                items.append((f"{profile} profiles", app.export_screenshot()))
        items += [(f"{profile} log", line) for line in logs]
    sweep(items)


# -- exceptions and logs ---------------------------------------------------------------------


def _error_texts(error: BaseException) -> list[tuple[str, str]]:
    texts = [
        ("str", str(error)),
        ("repr", repr(error)),
        ("traceback", "".join(traceback.format_exception(error))),
    ]
    if isinstance(error, CftuiError):
        texts += [("hint", error.hint or ""), ("detail", error.detail or "")]
    return texts


async def _outcome(credential: Credential, scenario: str, api: FakeApi) -> list[tuple[str, str]]:
    async def no_sleep(seconds: float) -> None:
        return None

    # Many run at once, each /user and its token check, some 50 MB: leave room.
    timeout = TIMEOUT if scenario in SLOW else 30.0
    client = CloudflareClient(
        credential,
        base_url=api.base_url(scenario, fresh=True),
        total_timeout=timeout,
        connect_timeout=timeout,
        sleep=no_sleep,
    )
    label = f"{scenario} {credential.kind}"
    async with client:
        overview = await fetch_overview(client)  # /user and the token check, as the app does
    token = [(f"{label} token {what}", text) for what, text in _token_texts(overview)]
    error, response = overview.user.error, overview.user.value
    if error is not None:
        assert EXPECT[scenario].code == error.exit_code, (label, error)
        return [*token, *((f"{label} error {what}", text) for what, text in _error_texts(error))]
    assert EXPECT[scenario].code == 0 and response is not None, label
    return [
        *token,
        (f"{label} user", repr(response.user)),
        (f"{label} raw", json.dumps(response.raw, ensure_ascii=False)),
        (f"{label} credential", repr(client.credential)),
    ]


def _token_texts(overview: Overview) -> list[tuple[str, str]]:
    """Every word the token section gives whoami and the TUI, its JSON, and its errors."""
    now = FIXED_NOW
    report = token_report(overview, now)
    texts = [
        ("words", f"{report.line} {report.reason} {report.warning} {report.badge}"),
        ("json", json.dumps(token_json(overview, now), ensure_ascii=False)),
        ("repr", repr(overview)),
    ]
    if overview.token.error is not None:
        texts += _error_texts(overview.token.error)
    if overview.is_account_token:
        texts += _error_texts(account_token_error(overview, now))
    return texts


async def test_no_error_or_log_line_holds_a_secret(fake_api: FakeApi) -> None:
    credentials: list[Credential] = [ApiToken(TOKEN), GlobalApiKey(EMAIL, GLOBAL_KEY)]
    turns = asyncio.Semaphore(8)  # many at once, not all: a busy machine must keep up

    async def one(credential: Credential, scenario: str) -> list[tuple[str, str]]:
        async with turns:
            return await _outcome(credential, scenario, fake_api)

    with captured_logs() as logs:
        outcomes = await asyncio.gather(*(one(c, s) for s in sorted(EXPECT) for c in credentials))
    items = [item for outcome in outcomes for item in outcome]
    assert sweep(items + [("log", line) for line in logs]) > 5 * len(outcomes)
    assert len(logs) >= len(outcomes)  # every request was logged


async def test_an_echoed_secret_is_masked_in_the_parsed_answer() -> None:
    """Literally, inside a key, and spelled with JSON escapes: the client masks all three."""
    spelled = "".join(f"\\u{ord(c):04x}" for c in TOKEN)
    doc = {
        "success": True,
        "errors": [],
        "messages": [{"code": 1, "message": TOKEN}],
        "result": {"id": "u1", "first_name": f"Bearer {TOKEN}", "last_name": "SPELLED", TOKEN: 1},
    }
    body = json.dumps(doc).replace("SPELLED", spelled)
    assert TOKEN in body and spelled in body
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text=body))
    async with CloudflareClient(ApiToken(TOKEN), transport=transport) as client:
        response = await client.get_user()
    shown = json.dumps([repr(response.user), response.raw, repr(response.messages)])
    assert TOKEN[:8] not in shown
    assert response.user.first_name == f"Bearer {mask(TOKEN)}"
    assert response.user.last_name == mask(TOKEN)
    assert response.user.extra == {mask(TOKEN): 1}


# -- the token section -----------------------------------------------------------------------

ACCOUNT_SECRET = "cfat_Lk8Pq3Zr6Vt1Wy4Xm7Nb2Hc5Jd9Fg0Sa3Qe6Ru"


def _echoing_account(api: FakeApi) -> str:
    """An account token's answers, each holding the secret as sent (a server that echoes):
    the refusals' messages, the account's name, the account verify's token id."""
    said = f"Bearer {ACCOUNT_SECRET}"
    account = {**ACCOUNT_TOKEN_ACCOUNT, "name": f"Okafor {said}"}
    verify = {"id": said, "status": "active", "expires_on": "2027-01-10T00:00:00Z"}
    return api.add(
        "leaky_account",
        Canned(403, to_json(envelope(None, [{"code": 9109, "message": said}]))),
        {
            VERIFY: Canned(401, to_json(envelope(None, [{"code": 1000, "message": said}]))),
            ACCOUNTS: Canned(200, to_json(envelope([account]))),
            ACCOUNT_VERIFY: Canned(200, to_json(envelope(verify))),
        },
    )


async def test_an_account_token_echoed_in_every_answer_stays_masked(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    """whoami (text, --json, --debug) and the TUI's account-token state, with the secret in
    every answer of the account path: shown masked, never whole, never its first 8."""
    url = _echoing_account(fake_api)
    env = cli_env(tmp_path, CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=ACCOUNT_SECRET)
    runs = _run_chains([[Job(args, env)] for args in _WHOAMI_FORMS])
    assert [run.code for run in runs] == [4] * len(_WHOAMI_FORMS), runs
    assert all(f"Okafor Bearer {mask(ACCOUNT_SECRET)}" in run.stderr for run in runs)
    assert json.loads(runs[1].stdout)["token"]["id"] == f"Bearer {mask(ACCOUNT_SECRET)}"
    items = list(cli_texts(runs))
    factory = Retargetable(url)
    app_env = {"CLOUDFLARE_API_TOKEN": ACCOUNT_SECRET}
    app = CftuiApp(
        ProfileStore(tmp_path / "p"), env=app_env, client_factory=factory, clock=FakeClock()
    )
    with captured_logs() as logs:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert app.state.problem is not None and app.state.problem.kind == "account_token"
            shown = screen_text(app)
            assert f"Okafor Bearer {mask(ACCOUNT_SECRET)}" in shown.replace("\n", " ")
            items += [("account state", shown), ("svg", app.export_screenshot())]
    items += [("log", line) for line in logs]
    sweep(items, (ACCOUNT_SECRET,))


_WHOAMI_FORMS = (("whoami",), ("whoami", "--json"), ("whoami", "--debug"))


def test_an_echoed_token_id_is_masked_in_whoami_json(
    fake_api: FakeApi, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The echo scenario's token check names the credential it was sent as its id (the
    sweep above searched this very run)."""
    run = cli_matrix(fake_api, tmp_path_factory.mktemp("cli-matrix"))[("echo", "whoami --json")]
    assert json.loads(run.stdout)["token"]["id"] == f"Bearer {mask(TOKEN)}"


# -- stored snapshots and screenshots --------------------------------------------------------

_SPAN = re.compile(r'<text class="[^"]*" x="[\d.]+" y="[\d.]+" [^>]*>([^<]*)</text>')


def _svg_texts(path: Path) -> list[tuple[str, str]]:
    raw = path.read_text(encoding="utf-8")
    spans = "".join(html.unescape(m) for m in _SPAN.findall(raw)).replace("\xa0", " ")
    name = str(path.relative_to(REPO))
    return [(name, raw), (f"{name} (text)", spans)]


def test_no_stored_snapshot_or_screenshot_holds_a_secret() -> None:
    secrets = [*SECRETS, SCREENSHOT_TOKEN]
    for module, names in SNAPSHOT_SECRETS:
        loaded = importlib.import_module(module)
        secrets += [getattr(loaded, name) for name in names]
    svgs = sorted((REPO / "tests").glob("**/__snapshots__/**/*.svg"))
    svgs += sorted((REPO / "screenshots").rglob("*.svg"))
    assert len(svgs) >= 50
    items = [item for path in svgs for item in _svg_texts(path)]
    assert sweep(items, secrets) == 2 * len(svgs)
