"""The leak sweep over ``cftui tokens`` and both outcomes of a roll, with ``--debug`` on: no
secret in use, and no new secret a roll made, in any form (plain, base64, percent-encoded,
without its prefix, any 12 characters of it) on stderr, in the profile index, or on stdout
wherever the new secret was stored. Where it had to be shown, stdout is that one line."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cftui.core.redact import encoded_forms
from tests.reliability.test_leaks import leaks
from tests.support.fake.server import FakeApi
from tests.support.fake.token_bodies import every_flag
from tests.support.fake.tokens import FIRST_SECRET, SECOND_SECRET, world_of
from tests.support.fault_harness import CliRun, Job, cli_env, run_cli
from tests.support.fixed_clock import FIXED_NOW

IN_USE, OTHER = (t["id"] for t in every_flag(FIXED_NOW)[:2])
K = "tests.support.keyrings."


def forms(secret: str) -> list[str]:
    """Every string form of ``secret`` a leak could take."""
    pieces = [secret[i : i + 12] for i in range(5, len(secret) - 11, 4)]
    return [secret, *encoded_forms(secret), secret[5:], *pieces]


def assert_absent(label: str, text: str, secrets: Iterable[str]) -> None:
    found = [f for s in secrets for f in forms(s) if f in text]
    assert found == [], f"{label}: {found[:3]}\n{text}"
    assert leaks(text, tuple(secrets)) == [], f"{label}:\n{text}"  # also credential shapes


def test_the_sweep_finds_each_form() -> None:
    import base64

    new = "cfut_R0lledValue000042Zq8Wm2Kp7Vt4Ls9Hd3Fj6Y"
    for planted in (new, base64.b64encode(new.encode()).decode(), new[5:], new[21:33]):
        try:
            assert_absent("planted", f"x {planted} y", (new,))
        except AssertionError:
            continue
        raise AssertionError(f"not found: {planted}")


def _env(home: Path, url: str, **more: str) -> dict[str, str]:
    return cli_env(home, CLOUDFLARE_BASE_URL=url, **more)


def _login(home: Path, url: str) -> None:
    run = run_cli(
        Job(("login", "--profile", "work", "--token-stdin"), _env(home, url), FIRST_SECRET.encode())
    )
    assert run.code == 0, str(run)


def _files(home: Path) -> str:
    return (home / "config" / "config.json").read_text()


def test_listing_shows_no_secret_in_any_form(fake_api: FakeApi, tmp_path: Path) -> None:
    url = fake_api.base_url("tokens", fresh=True)
    runs = [
        run_cli(
            Job(
                ("tokens", *args, "--debug"), _env(tmp_path, url, CLOUDFLARE_API_TOKEN=FIRST_SECRET)
            )
        )
        for args in ((), ("--json",))
    ]
    refused = fake_api.base_url("tokens_no_read", fresh=True)
    runs.append(
        run_cli(
            Job(("tokens", "--debug"), _env(tmp_path, refused, CLOUDFLARE_API_TOKEN=FIRST_SECRET))
        )
    )
    for run in runs:
        for label, text in (("stdout", run.stdout), ("stderr", run.stderr)):
            assert_absent(f"{' '.join(run.args)} {label}", text, (FIRST_SECRET, SECOND_SECRET))
            assert "Traceback" not in text


def _roll(home: Path, url: str, token_id: str, **env: str) -> CliRun:
    return run_cli(Job(("tokens", "roll", token_id, "--yes", "--debug"), _env(home, url, **env)))


def test_a_stored_roll_shows_the_new_secret_nowhere(fake_api: FakeApi, tmp_path: Path) -> None:
    url = fake_api.base_url("tokens", fresh=True)
    _login(tmp_path, url)
    run = _roll(tmp_path, url, IN_USE, CLOUDFLARE_API_TOKEN="")
    assert run.code == 0, str(run)
    (new,) = world_of(url.split("/")[3]).issued
    for label, text in (
        ("stdout", run.stdout),
        ("stderr", run.stderr),
        ("index", _files(tmp_path)),
    ):
        assert_absent(label, text, (new, FIRST_SECRET))


def test_a_shown_roll_puts_the_secret_on_stdout_only(fake_api: FakeApi, tmp_path: Path) -> None:
    """Both outcomes that must show it: no holder, and a store that failed (its keyring's
    errors quote what they were given)."""
    shown: list[tuple[CliRun, str]] = []
    for n, (token_id, backend) in enumerate(
        [
            (OTHER, K + "FileKeyring"),
            (IN_USE, K + "StoreThenFailKeyring"),
            (IN_USE, K + "GlitchKeyring"),
        ]
    ):
        url = fake_api.base_url("tokens", fresh=True)
        home = tmp_path / str(n)
        _login(home, url)
        run = _roll(home, url, token_id, CLOUDFLARE_API_TOKEN="", PYTHON_KEYRING_BACKEND=backend)
        (new,) = world_of(url.split("/")[3]).issued
        shown.append((run, new))
        assert_absent(f"{backend} index", _files(home), (new, FIRST_SECRET))
    for run, new in shown:
        assert run.code in (0, 7), str(run)
        assert run.stdout == f"{new}\n"
        assert_absent(f"{run.args} stderr", run.stderr, (new, FIRST_SECRET))
        assert "Traceback" not in run.stderr
    assert [run.code for run, _ in shown] == [0, 7, 7]
