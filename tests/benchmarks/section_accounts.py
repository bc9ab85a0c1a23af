"""The accounts panel at scale.

In process: pages of ``/memberships`` decoded, parsed and merged one page at a time as they
would arrive, then the core's filter per keystroke (what the core adds, without the network).
In the TUI (a headless app per run, ``accounts_app_run``): 1,000 memberships (20 pages) from
the fake API holding every answer 50 ms, from start to all shown; and 10,000 accounts in the
table, each filter keystroke and scroll step.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence

from cftui.core.account_merge import AccountMerge
from cftui.core.account_rows import AccountRow, filter_rows
from cftui.core.memberships import parse_memberships
from cftui.core.pagination import parse_result_info
from tests.benchmarks.env import PY, ROOT
from tests.benchmarks.report import ms
from tests.benchmarks.stats import Summary
from tests.fake_memberships import memberships_pages

# Typed one character at a time: a name that matches one row, a role, a resource label and
# a word that matches nothing (the scan that cannot stop early).
QUERIES = ("account 09999", "administrator", "dns records", "zzzz")
FILTER_LIMIT = 0.050  # per keystroke, at 10,000 accounts
SHOW_LIMIT = 1.0  # 1,000 memberships in 20 pages, 50 ms a response, all on screen
LATENCY = 0.050
RUN_TIMEOUT = 300


def _child(*args: str) -> dict[str, list[float]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL") and k != "NO_COLOR"}
    out = subprocess.run(
        [str(PY), "-m", "tests.benchmarks.accounts_app_run", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"accounts app run {args} failed:\n{out.stderr[-2000:]}")
    samples: dict[str, list[float]] = json.loads(out.stdout.strip().splitlines()[-1])
    return samples


def _tui(runs: int) -> tuple[list[str], dict[str, object]]:
    from tests.fake_api import FakeApi

    load: dict[str, list[float]] = {}
    keys: dict[str, list[float]] = {}
    with FakeApi(latency=LATENCY) as api:
        url = api.base_url("members_1000")
        _child("load", url)  # warm-up
        _child("filter", "10000")
        for r in range(runs):
            for name, values in _child("load", url).items():
                load.setdefault(name, []).extend(values)
            for name, values in _child("filter", "10000").items():
                keys.setdefault(name, []).extend(values)
            print(f"  accounts tui: round {r + 1}/{runs}", file=sys.stderr, flush=True)
    shown = Summary.of(load["all_shown"])
    first = Summary.of(load["first_rows"])
    key = Summary.of(keys["filter"])
    scroll = Summary.of(keys["scroll"])
    mark = lambda ok: "✓" if ok else "✗"  # noqa: E731
    lines = [
        "### In the TUI (headless, 120x40, a process per run)",
        "",
        f"*load*: `CftuiApp` with the real client against the fake API (`members_1000`: 1,000 "
        f"memberships in 20 pages of 50, every answer held {LATENCY * 1000:.0f} ms), from "
        "constructing the app to a composed frame with every membership listed (the count "
        "says `1,000 of 1,000`). *filter*: 10,000 memberships answered from memory, then each "
        "keystroke of `/account 0999` and 30 `down` steps, timed as in the TUI section. Median "
        f"(min–max) over {runs} runs.",
        "",
        "| target | measured | met |",
        "|---|---:|:---:|",
        f"| 1,000 memberships (20 pages, 50 ms each) shown in < 1 s | {ms(shown.median)} "
        f"({ms(shown.low)}–{ms(shown.high)}; first rows {ms(first.median)}) "
        f"| {mark(shown.median < SHOW_LIMIT)} |",
        f"| filter < 50 ms per keystroke, 10,000 accounts (median) | {ms(key.median)} "
        f"| {mark(key.median < FILTER_LIMIT)} |",
        f"| filter < 50 ms per keystroke, 10,000 accounts (worst) | {ms(key.high)} "
        f"| {mark(key.high < FILTER_LIMIT)} |",
        f"| scroll step, 10,000 accounts (median, worst) | {ms(scroll.median)}, "
        f"{ms(scroll.high)} | |",
        "",
    ]
    return lines, {"load": load, "keys": keys}


def _load(pages: Sequence[bytes]) -> tuple[float, float, AccountMerge]:
    """(decode + parse seconds, merge + order seconds, the merge), one page at a time."""
    merge = AccountMerge()
    parsing = merging = 0.0
    for body in pages:
        t0 = time.perf_counter()
        doc = json.loads(body)
        parse_result_info(doc.get("result_info"))
        items = parse_memberships(doc["result"])
        t1 = time.perf_counter()
        merge.add_memberships(items)
        merge.rows()  # the panel re-reads its rows after every page
        merging += time.perf_counter() - t1
        parsing += t1 - t0
    return parsing, merging, merge


def _keystrokes(rows: tuple[AccountRow, ...]) -> list[float]:
    times = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            t0 = time.perf_counter()
            filter_rows(rows, query[:end])
            times.append(time.perf_counter() - t0)
    return times


def run(sizes: Sequence[int], runs: int) -> tuple[list[str], dict[str, object]]:
    bodies = {n: [a.body for a in memberships_pages(n, pending_every=7)] for n in sizes}
    samples: dict[int, dict[str, list[float]]] = {
        n: {"parse": [], "merge": [], "keystroke": []} for n in sizes
    }
    for n in sizes:
        _load(bodies[n])  # warm-up
    for _ in range(runs):
        for n in sizes:
            gc.collect()
            parsing, merging, merge = _load(bodies[n])
            samples[n]["parse"].append(parsing)
            samples[n]["merge"].append(merging)
            samples[n]["keystroke"] += _keystrokes(merge.rows())
    lines = [
        "## The accounts panel at scale (in-process)",
        "",
        "`/memberships` pages of 50 decoded and parsed, then merged into rows and re-ordered "
        "after every page (what the panel does as pages arrive); then the filter, typed one "
        f"character at a time ({', '.join(repr(q) for q in QUERIES)}). Median (min–max) over "
        f"{runs} runs; keystrokes pooled. Target: every keystroke under "
        f"{FILTER_LIMIT * 1000:.0f} ms at 10,000 accounts.",
        "",
        "| accounts | pages | decode + parse (all pages) | merge + order (all pages) "
        "| keystroke | slowest keystroke |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        parse = Summary.of(samples[n]["parse"])
        merge_s = Summary.of(samples[n]["merge"])
        keys = Summary.of(samples[n]["keystroke"])
        met = "" if n < 10_000 else (" ✓" if keys.high < FILTER_LIMIT else " ✗")
        lines.append(
            f"| {n:,} | {len(bodies[n])} | {ms(parse.median)} ({ms(parse.low)}–{ms(parse.high)}) "
            f"| {ms(merge_s.median)} ({ms(merge_s.low)}–{ms(merge_s.high)}) "
            f"| {ms(keys.median)} | {ms(keys.high)}{met} |"
        )
    lines.append("")
    raw: dict[str, object] = {str(n): samples[n] for n in sizes}
    tui_lines, raw["tui"] = _tui(runs)
    return lines + tui_lines, raw
