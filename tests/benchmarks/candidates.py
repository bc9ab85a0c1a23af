"""The command lines compared with ``cftui whoami``: the same request, done by peers.

Each candidate is one shell command a user could type; each must print the user's id (the
run is refused otherwise), so no candidate wins by failing early.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.env import CFTUI, FAKE_TOKEN, PY

FAIL_KEYRING = "keyring.backends.fail.Keyring"  # a server with no Secret Service
HTTPX_ONE_LINER = (
    "import os, httpx; e = os.environ; "
    "print(httpx.get(e['CLOUDFLARE_BASE_URL'] + '/user', "
    "headers={'Authorization': 'Bearer ' + e['CLOUDFLARE_API_TOKEN']}).json()['result']['id'])"
)
SDK_ONE_LINER = (
    "import os; from cloudflare import Cloudflare; e = os.environ; "
    "print(Cloudflare(api_token=e['CLOUDFLARE_API_TOKEN'], "
    "base_url=e['CLOUDFLARE_BASE_URL']).user.get().id)"
)


@dataclass(frozen=True)
class Candidate:
    name: str
    argv: tuple[str, ...]
    expect: str  # must appear in stdout (stderr when expect_code is not 0)
    expect_code: int = 0
    env: tuple[tuple[str, str], ...] = ()  # overrides; an empty value removes the variable


BARE = "httpx one-liner"
SDK = "cloudflare SDK"
IN_VENV = "httpx one-liner (cftui's venv)"


def whoami_candidates(
    url: str,
    expect_id: str,
    sdk_python: Path | None,
    httpx_python: Path,
    baseline: Path | None = None,
    *,
    offline_too: bool = True,
) -> list[Candidate]:
    """The peers of ``cftui whoami`` against ``url``.

    ``httpx one-liner`` runs in a venv with httpx alone (``env.httpx_python``); the same line
    in cftui's venv, where httpx also imports its command-line tool, is kept for comparison.
    ``baseline``: a checkout of another revision whose ``cftui whoami`` runs alongside
    (``python -P -m cftui`` with that checkout on ``PYTHONPATH``: ``-P`` keeps the current
    directory, this checkout, off the path), for before/after. ``offline_too``: also the
    candidates that make no request (the interpreter's floor, "not logged in").
    ``sdk_python`` is ``None`` when the SDK's venv could not be built: no SDK candidate.
    """
    cftui = (str(CFTUI),) if CFTUI.exists() else (str(PY), "-m", "cftui")
    auth = f"Authorization: Bearer {FAKE_TOKEN}"
    curl = ("curl", "-sS", "--fail", "--noproxy", "*", "-H", auth, f"{url}/user")
    before = []
    if baseline is not None:
        old = (("PYTHONPATH", str(baseline)),)
        argv = (str(PY), "-P", "-m", "cftui", "whoami")
        before = [
            Candidate("cftui whoami (baseline)", argv, expect_id, env=old),
            Candidate("cftui whoami --json (baseline)", (*argv, "--json"), expect_id, env=old),
        ]
    offline = [
        Candidate("python -c pass", (str(PY), "-c", "pass"), ""),
        Candidate(
            "cftui whoami, not logged in",
            (*cftui, "whoami"),
            "No credentials",
            expect_code=3,
            env=(("CLOUDFLARE_API_TOKEN", ""), ("PYTHON_KEYRING_BACKEND", FAIL_KEYRING)),
        ),
    ]
    return [
        Candidate("curl", curl, expect_id),
        Candidate(BARE, (str(httpx_python), "-c", HTTPX_ONE_LINER), expect_id),
        Candidate(IN_VENV, (str(PY), "-c", HTTPX_ONE_LINER), expect_id),
        *sdk([str(sdk_python), "-c", SDK_ONE_LINER] if sdk_python else None, expect_id),
        Candidate("cftui whoami", (*cftui, "whoami"), expect_id),
        Candidate("cftui whoami --json", (*cftui, "whoami", "--json"), expect_id),
        *(offline if offline_too else []),
        *before,
    ]


def sdk(argv: list[str] | None, expect: str = "") -> list[Candidate]:
    """The SDK's candidate, or none when its venv could not be built (``argv`` is None)."""
    return [] if argv is None else [Candidate(SDK, tuple(argv), expect)]


def import_candidates(sdk_python: Path | None, httpx_python: Path) -> list[Candidate]:
    """The same programs under ``-X importtime`` (the CLI through its console script)."""
    cftui = (str(CFTUI),) if CFTUI.exists() else ("-m", "cftui")
    return [
        Candidate("python -c pass", (str(PY), "-X", "importtime", "-c", "pass"), ""),
        Candidate(BARE, (str(httpx_python), "-X", "importtime", "-c", HTTPX_ONE_LINER), ""),
        Candidate(IN_VENV, (str(PY), "-X", "importtime", "-c", HTTPX_ONE_LINER), ""),
        *sdk([str(sdk_python), "-X", "importtime", "-c", SDK_ONE_LINER] if sdk_python else None),
        Candidate("cftui whoami", (str(PY), "-X", "importtime", *cftui, "whoami"), ""),
    ]
