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

from cftui.core.accounts.merge import AccountMerge
from cftui.core.accounts.rows import AccountRow, filter_rows
from cftui.core.api.pagination import parse_result_info
from cftui.core.models.membership import parse_memberships
from tests.benchmarks import summary
from tests.benchmarks.accounts_app_run import FILTER_KEYS
from tests.benchmarks.env import PY, ROOT
from tests.benchmarks.report import mib, ms
from tests.benchmarks.stats import Summary
from tests.support.fake.memberships import memberships_pages

# Typed one character at a time: a name that matches one row, a role, a resource label and
# a word that matches nothing (the scan that cannot stop early).
QUERIES = ("account 09999", "administrator", "dns records", "zzzz")
FILTER_LIMIT = 0.050  # per keystroke, at 10,000 accounts
SCROLL_LIMIT = 0.016  # per step: one frame at 60 Hz
SHOW_LIMIT = 1.0  # 1,000 memberships in 20 pages, 50 ms a response, all on screen
LATENCY = 0.050
BIG_RUNS = 3  # app runs with 10,000 accounts for peak RSS (200 pages each)
SHOW_LABEL = "1,000 memberships (20 pages, 50 ms each) shown in the TUI < 1 s"
FILTER_LABEL = "filter keystroke < 50 ms, 10,000 accounts"
SCROLL_LABEL = "scroll step < 16 ms, 10,000 accounts"
RUN_TIMEOUT = 300


def _child(*args: str) -> dict[str, list[float]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL") and k != "NO_COLOR"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's imports come from bytecode
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
    from tests.support.fake.server import FakeApi

    load: dict[str, list[float]] = {}
    big: dict[str, list[float]] = {}
    keys: dict[str, list[float]] = {}
    with FakeApi(latency=LATENCY) as api:
        url, url_big = api.base_url("members_1000"), api.base_url("members_10000")
        _child("load", url)  # warm-up
        _child("filter", "10000")
        for r in range(runs):
            _pool(load, _child("load", url))
            _pool(keys, _child("filter", "10000"))
            if r < BIG_RUNS:
                _pool(big, _child("load", url_big))
            print(f"  accounts tui: round {r + 1}/{runs}", file=sys.stderr, flush=True)
    shown, first = Summary.of(load["all_shown"]), Summary.of(load["first_rows"])
    key, scroll = Summary.of(keys["filter"]), Summary.of(keys["scroll"])
    rss, big_shown = Summary.of(big["peak_rss_kib"]), Summary.of(big["all_shown"])
    summary.begin("The accounts panel in the TUI")
    rows = [
        _judge(SHOW_LABEL, shown.median, SHOW_LIMIT, f"; first rows {ms(first.median)}"),
        _judge(f"{FILTER_LABEL} (median)", key.median, FILTER_LIMIT),
        _judge(f"{FILTER_LABEL} (worst)", key.high, FILTER_LIMIT),
        _judge(f"{SCROLL_LABEL} (median)", scroll.median, SCROLL_LIMIT),
        _judge(f"{SCROLL_LABEL} (worst)", scroll.high, SCROLL_LIMIT),
    ]
    rss_label = "peak RSS of the TUI with 10,000 accounts (reported)"
    summary.record(rss_label, mib(rss.median), None)
    rows.append(f"| {rss_label} | {mib(rss.median)} ({mib(rss.low)}–{mib(rss.high)}) | — |")
    _explain_keys(key, scroll, keys.get("gc_pauses", []))
    lines = [
        "### In the TUI (headless, 120x40, a process per run)",
        "",
        f"*load*: `CftuiApp` with the real client against the fake API (`members_1000`: 1,000 "
        f"memberships in 20 pages of 50, every answer held {LATENCY * 1000:.0f} ms), from "
        "constructing the app to a composed frame with every membership listed (the count "
        "says `1,000 of 1,000`). *filter*: 10,000 memberships answered from memory, then each "
        f"keystroke of `/{FILTER_KEYS}` and 30 `down` steps, timed as in the TUI section "
        "(key posted, the table changed, a frame composed). *peak RSS*: `VmHWM` of the app's "
        f"process after loading `members_10000` (200 pages, same server; {len(big['all_shown'])} "
        f"runs, all shown in {ms(big_shown.median)}). Median (min–max) over {runs} runs; "
        "keystrokes and steps pooled.",
        "",
        "| target | measured | met |",
        "|---|---:|:---:|",
        *rows,
        "",
    ]
    return lines, {"load": load, "keys": keys, "big": big}


def _pool(into: dict[str, list[float]], samples: dict[str, list[float]]) -> None:
    for name, values in samples.items():
        into.setdefault(name, []).extend(values)


def _judge(label: str, value: float, limit: float, more: str = "") -> str:
    met = value < limit
    summary.record(label, ms(value), met)
    return f"| {label} | {ms(value)}{more} | {summary.mark(met)} |"


def _explain_keys(key: Summary, scroll: Summary, pauses: list[float]) -> None:
    """A missed worst case, next to the longest full collection of the same runs."""
    longest = max(pauses, default=0.0)
    gc_note = (
        f"The longest full (generation 2) garbage collection in these runs took {ms(longest)}"
        f" ({len(pauses)} in all): Python's collector, over the app's objects and Textual's."
    )
    for label, s, limit in (
        (FILTER_LABEL, key, FILTER_LIMIT),
        (SCROLL_LABEL, scroll, SCROLL_LIMIT),
    ):
        if s.median >= limit:
            summary.explain(
                f"{label} (median)",
                f"the typical step misses too ({ms(s.median)}): `--profile` writes the "
                "pyinstrument profile of a filter run to `out/`.",
            )
        if s.high >= limit:
            summary.explain(
                f"{label} (worst)",
                f"the median is {ms(s.median)}; the worst of {s.n} is an outlier. {gc_note}",
            )


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
