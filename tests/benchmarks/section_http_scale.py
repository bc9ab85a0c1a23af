"""``whoami --json`` end to end for big accounts: fetch, parse and print 1,000s of orgs.

A candidate that fails at a size (for example on a body-size cap) is reported as failing,
with its message, instead of stopping the benchmark.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.benchmarks import summary
from tests.benchmarks.bodies import DEMO_ID, user_body
from tests.benchmarks.candidates import BARE, whoami_candidates
from tests.benchmarks.procs import check, run_measured
from tests.benchmarks.report import Target, mib, ms, table
from tests.benchmarks.rounds import run_candidates
from tests.benchmarks.server import BodyServer
from tests.benchmarks.stats import Summary

NAMES = (BARE, "cloudflare SDK", "cftui whoami --json")


def run(
    sizes: Sequence[int],
    sdk_python: Path | None,
    httpx_python: Path,
    env: Mapping[str, str],
    runs: int,
) -> tuple[list[str], dict[str, object]]:
    server = BodyServer().start()
    lines = [
        "## `whoami --json` with big accounts (end to end over loopback)",
        "",
        "Same peers, bodies of N organizations (10 roles, 50 permissions each) from a small "
        "loopback server in the benchmark (`server.py`).",
        "",
    ]
    raw: dict[str, object] = {}
    summary.begin("`whoami --json` with big accounts")
    try:
        for n in sizes:
            url = server.add(f"orgs{n}", user_body(n))
            env_n = {**env, "CLOUDFLARE_BASE_URL": url}
            peers = whoami_candidates(url, DEMO_ID, sdk_python, httpx_python)
            chosen = [c for c in peers if c.name in NAMES]
            working, failures = [], []
            for c in chosen:
                result = run_measured(c.argv, env_n, timeout=120)
                try:
                    check(result, c.name, c.expect)
                    working.append(c)
                except Exception:
                    said = (result.stderr.strip().splitlines() or ["(nothing on stderr)"])[0]
                    failures.append(f"- **{c.name} fails** (exit {result.returncode}): {said}")
            results = run_candidates(working, env_n, runs, label=f"whoami {n:,} orgs")
            wall = {k: Summary.of([r.seconds for r in v]) for k, v in results.items()}
            rss = {k: Summary.of([float(r.max_rss_kib) for r in v]) for k, v in results.items()}
            targets = []
            label = f"whoami --json ≤ 1.0× httpx one-liner, {n:,} organizations"
            if {"cftui whoami --json", BARE} <= wall.keys():
                targets.append(Target("cftui whoami --json", BARE, 1.0, label))
            lines += [f"### {n:,} organizations", ""]
            if failures:
                lines += [*failures, ""]
            if wall:
                lines += ["Wall time:", "", *table(wall, ms, targets), "", "Peak RSS:", ""]
                lines += [*table(rss, mib), ""]
            if targets and wall["cftui whoami --json"].median > wall[BARE].median:
                extra = wall["cftui whoami --json"].median - wall[BARE].median
                summary.explain(
                    label,
                    f"whoami --json takes {ms(extra)} more. The one-liner decodes the body and "
                    "prints one field; whoami --json also checks and cleans every "
                    "organization's fields (control characters out, types checked), fetches "
                    "the token's health and the memberships, builds the accounts list and "
                    "writes all of it as JSON: cftui's work, measured piece by piece in "
                    "*Parsing `/user` at scale* when that section runs.",
                )
            raw[str(n)] = {k: [(r.seconds, r.max_rss_kib) for r in v] for k, v in results.items()}
    finally:
        server.stop()
    return lines, raw
