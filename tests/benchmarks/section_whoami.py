"""``cftui whoami`` against its peers: wall time and peak RSS, same request, same server."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tests.benchmarks.candidates import whoami_candidates
from tests.benchmarks.report import Target, mib, ms, table
from tests.benchmarks.rounds import run_candidates
from tests.benchmarks.stats import Summary

MIB_30 = 30 * 1024


def run(
    url: str,
    expect_id: str,
    sdk_python: Path,
    env: Mapping[str, str],
    runs: int,
    baseline: Path | None = None,
) -> tuple[list[str], dict[str, object]]:
    candidates = whoami_candidates(url, expect_id, sdk_python, baseline)
    results = run_candidates(candidates, env, runs, label="whoami")
    wall = {n: Summary.of([r.seconds for r in rs]) for n, rs in results.items()}
    rss = {n: Summary.of([float(r.max_rss_kib) for r in rs]) for n, rs in results.items()}
    wall_targets = [
        Target("cftui whoami", "httpx one-liner", 1.0, "whoami ≤ 1.0× httpx one-liner"),
        Target("cftui whoami", "cloudflare SDK", 0.4, "whoami ≤ 0.4× cloudflare SDK"),
        Target(
            "cftui whoami --json", "httpx one-liner", 1.0, "whoami --json ≤ 1.0× httpx one-liner"
        ),
        Target("cftui whoami --json", "cloudflare SDK", 0.4, "whoami --json ≤ 0.4× SDK"),
    ]
    rss_targets = [
        Target("cftui whoami", None, MIB_30, "whoami peak RSS ≤ 30 MiB"),
        Target("cftui whoami --json", None, MIB_30, "whoami --json peak RSS ≤ 30 MiB"),
    ]
    lines = [
        "## `cftui whoami`: wall time",
        "",
        f"Against `{url.split('/client')[0]}/…` on loopback; every run must print the user id. "
        "`python -c pass` is the interpreter's own floor, for reference.",
        "",
        *table(wall, ms, wall_targets),
        "",
        "## `cftui whoami`: peak RSS",
        "",
        "`ru_maxrss` of the command itself, taken by GNU `time` (see `procs.py`).",
        "",
        *table(rss, mib, rss_targets),
        "",
    ]
    raw: dict[str, object] = {
        n: [(r.seconds, r.max_rss_kib) for r in rs] for n, rs in results.items()
    }
    return lines, raw
