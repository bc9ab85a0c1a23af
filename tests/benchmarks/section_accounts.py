"""The accounts panel's data at scale (in-process): pages of ``/memberships`` decoded, parsed
and merged one page at a time as they would arrive, then the filter per keystroke.

The network is left out on purpose (the HTTP sections measure it): this is what the core adds
on top, page after page and keystroke after keystroke, at 1,000 and 10,000 accounts.
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Sequence

from cftui.core.account_merge import AccountMerge
from cftui.core.account_rows import AccountRow, filter_rows
from cftui.core.memberships import parse_memberships
from cftui.core.pagination import parse_result_info
from tests.benchmarks.report import ms
from tests.benchmarks.stats import Summary
from tests.fake_memberships import memberships_pages

# Typed one character at a time: a name that matches one row, a role, a resource label and
# a word that matches nothing (the scan that cannot stop early).
QUERIES = ("account 09999", "administrator", "dns records", "zzzz")
FILTER_LIMIT = 0.050  # per keystroke, at 10,000 accounts


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
    return lines, raw
