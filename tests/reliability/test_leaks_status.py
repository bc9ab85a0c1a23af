"""The leak sweep over ``cftui status``: no secret form in stdout or stderr, for any verdict,
in text or ``--json``, with ``--debug`` too; and an API that echoes the token, wrapped in a
terminal escape, gets neither shown."""

from __future__ import annotations

from pathlib import Path

from tests.reliability.test_leaks import cli_texts, sweep
from tests.support.fake.fleet import GLOBAL_EMAIL, GLOBAL_KEY, TOKENS
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import Job, cli_env, run_all
from tests.support.fleet_profiles import save_fleet

SECRETS = (*TOKENS.values(), GLOBAL_KEY)
VERDICTS = {"ok", "expiring", "rejected", "unreachable", "missing", "locked"}


def test_no_status_output_holds_a_secret(fake_api: FakeApi, tmp_path: Path) -> None:
    personas = ["good", "expiring", "account", "no_members", "rejected", "slow", "echo"]
    profiles = {p: p for p in personas} | {"gone": "good"}
    save_fleet(tmp_path, profiles, default="good", without_secret=["gone"])
    base = cli_env(tmp_path, CLOUDFLARE_BASE_URL=fake_api.base_url("fleet"))
    with_key = base | {"CLOUDFLARE_EMAIL": GLOBAL_EMAIL, "CLOUDFLARE_API_KEY": GLOBAL_KEY}
    with_token = base | {"CLOUDFLARE_API_TOKEN": TOKENS["no_tokens_read"]}
    locked = base | {"PYTHON_KEYRING_BACKEND": "tests.support.keyrings.LockedKeyring"}
    args = [("status",), ("status", "--json"), ("status", "--debug")]
    args.append(("status", "--json", "--debug"))
    jobs = [
        Job((*a, "--timeout", "8"), env)
        for a in args
        for env in (base, with_key, with_token, locked)
    ]
    runs = run_all(jobs)
    assert sweep(cli_texts(runs), SECRETS) == 2 * len(jobs)
    shown = "".join(run.stdout for run in runs)
    assert {v for v in VERDICTS if f": {v}" in shown or f'"verdict": "{v}"' in shown} == VERDICTS
    assert "\x1b" not in shown and "\x07" not in shown
    assert "cfut…Back" in shown  # the echoed token, masked
    # Rejected profiles wherever the keyring opens; a locked one with no credential instead: 7.
    assert {run.code for run in runs} == {4, 7}
