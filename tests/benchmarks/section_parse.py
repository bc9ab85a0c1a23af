"""Parsing ``/user`` bodies of 10 / 1,000 / 10,000 organizations, as ``CloudflareClient`` does.

The client decodes (with a nesting scan first), parses the envelope into models, and keeps a
sanitized copy of the raw JSON for the raw view; each stage is timed on its own, and the
whole under ``tracemalloc`` for the peak of Python allocations.
"""

from __future__ import annotations

import gc
import json
import time
import tracemalloc
from collections.abc import Sequence
from typing import Any

from cftui.core.api.base_client import MAX_BODY_BYTES
from cftui.core.api.envelope import decode_json, parse_envelope
from cftui.core.text import sanitize_json
from tests.benchmarks.bodies import user_body
from tests.benchmarks.report import mib, ms
from tests.benchmarks.stats import Summary

STAGES = ("json.loads alone", "decode_json", "parse_envelope", "total", "sanitize_json")
CLIENT_BODY_CAP = MAX_BODY_BYTES


def _once(raw: bytes) -> dict[str, float]:
    tj = time.perf_counter()
    json.loads(raw)  # the floor decode_json is compared with (it also checks nesting)
    t0 = time.perf_counter()
    data: Any = decode_json(raw)
    t1 = time.perf_counter()
    parse_envelope(data)
    t2 = time.perf_counter()
    sanitize_json(data)
    t3 = time.perf_counter()
    # Every fetch pays decode + parse; the sanitized raw copy is made only when the raw
    # view is first opened (UserResponse.raw), so it is timed but not in the total.
    stages = (t0 - tj, t1 - t0, t2 - t1, t2 - t0, t3 - t2)
    return dict(zip(STAGES, stages, strict=True))


def _peak_kib(raw: bytes) -> tuple[float, float]:
    """(peak, retained) KiB of Python allocations while parsing / for the parsed result."""
    gc.collect()
    tracemalloc.start()
    try:
        data = decode_json(raw)
        envelope = parse_envelope(data)
        gc.collect()
        retained, peak = tracemalloc.get_traced_memory()  # the response keeps the body
    finally:
        tracemalloc.stop()
    del envelope, data
    return peak / 1024, retained / 1024


def run(sizes: Sequence[int], runs: int) -> tuple[list[str], dict[str, object]]:
    bodies = {n: json.dumps(user_body(n)).encode() for n in sizes}
    samples: dict[int, dict[str, list[float]]] = {n: {s: [] for s in STAGES} for n in sizes}
    for n in sizes:
        _once(bodies[n])  # warm-up
    for _ in range(runs):
        for n in sizes:  # interleaved, like everything else
            gc.collect()
            for stage, seconds in _once(bodies[n]).items():
                samples[n][stage].append(seconds)
    memory = {n: _peak_kib(bodies[n]) for n in sizes}
    lines = [
        "## Parsing `/user` at scale (in-process)",
        "",
        "Each organization has 10 roles and 50 permissions. Times are median (min–max) over "
        f"{runs} runs. *total* is what every fetch pays (decode_json + parse_envelope); "
        "*sanitize_json* is the raw view's copy, made only when `v` first opens it. Memory is "
        "the `tracemalloc` peak while decoding and parsing, and what the parsed models plus "
        "the decoded body (kept for the raw view) hold.",
        "",
        "| orgs | body | json.loads alone | decode_json | parse_envelope | total "
        "| sanitize_json (raw view) | peak | kept |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        cells = []
        for stage in STAGES:
            s = Summary.of(samples[n][stage])
            cells.append(f"{ms(s.median)} ({s.low * 1000:.1f}–{s.high * 1000:.1f})")
        peak, kept = memory[n]
        over = (
            f" ⚠ over the client's {CLIENT_BODY_CAP >> 20} MiB cap"
            if len(bodies[n]) > CLIENT_BODY_CAP
            else ""
        )
        size = len(bodies[n]) / 1024
        shown = mib(size) if size >= 1024 else f"{size:.0f} KiB"
        lines.append(f"| {n:,} | {shown}{over} | {' | '.join(cells)} | {mib(peak)} | {mib(kept)} |")
    lines.append("")
    raw: dict[str, object] = {
        str(n): {**samples[n], "peak_kib": memory[n][0], "kept_kib": memory[n][1]} for n in sizes
    }
    return lines, raw
