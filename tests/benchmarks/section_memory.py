"""The TUI's memory: resident memory over 300 refreshes (``tests/support/tui_memory.py``, the real
client against the fake API, a fresh process per run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from tests.benchmarks import summary
from tests.benchmarks.env import PY, ROOT
from tests.benchmarks.report import mib
from tests.benchmarks.stats import Summary

REFRESHES = 300
EVERY = 50
FLAT_KIB = 2 * 1024
""""Flat": what 300 refreshes may add after the warm-up. A leak of one response's widgets per
refresh (the bug this run guards against) was ~0.7 MiB a refresh, 210 MiB in all."""
RUN_TIMEOUT = 900


def refresh_run(base_url: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL") and k != "NO_COLOR"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's imports come from bytecode
    argv = [str(PY), "-m", "tests.support.tui_memory", "--base-url", base_url]
    out = subprocess.run(
        [*argv, "--refreshes", str(REFRESHES), "--every", str(EVERY)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"the refresh run failed:\n{out.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def run(base_url: str, runs: int) -> tuple[list[str], dict[str, object]]:
    """``runs`` is capped at 3: each run is 300 refreshes, and the figure hardly varies."""
    results = []
    for r in range(min(runs, 3)):
        results.append(refresh_run(base_url))
        print(f"  memory: run {r + 1}", file=sys.stderr, flush=True)
    growth = Summary.of([float(x["growth_kib"]) for x in results])
    worst = growth.high
    summary.begin("TUI memory over 300 refreshes")
    label = f"TUI memory flat over {REFRESHES} refreshes (≤ {mib(FLAT_KIB)} after warm-up)"
    summary.record(label, f"{mib(worst)} (worst run)", worst <= FLAT_KIB)
    lines = [
        f"## TUI memory over {REFRESHES} refreshes",
        "",
        f"`python -m tests.support.tui_memory --refreshes {REFRESHES} --every {EVERY}`: the app "
        "(headless, 80x24, the real client) against the fake API's `ok` scenario, `r` pressed "
        f"{REFRESHES} times after 20 warm-up refreshes, each waited for until the new answer "
        "is on screen. Resident memory from `/proc/self/statm`; widgets alive after a full "
        "collection.",
        "",
        "| run | after warm-up | "
        + " | ".join(f"+{n}" for n in range(EVERY, REFRESHES + 1, EVERY))
        + " | growth | peak | widgets (warm → end) |",
        "|---:|---:|" + "---:|" * (REFRESHES // EVERY) + "---:|---:|---:|",
    ]
    for n, x in enumerate(results, 1):
        along = " | ".join(mib(v) for v in x["rss_along_kib"])
        lines.append(
            f"| {n} | {mib(x['rss_warm_kib'])} | {along} | {mib(x['growth_kib'])} "
            f"| {mib(x['peak_kib'])} | {x['widgets_warm']} → {x['widgets_end']} |"
        )
    lines += ["", "| target | measured | met |", "|---|---:|:---:|"]
    lines += [f"| {label} | {mib(worst)} (worst run) | {summary.mark(worst <= FLAT_KIB)} |", ""]
    return lines, {"runs": results}
