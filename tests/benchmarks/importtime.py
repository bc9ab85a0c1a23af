"""Read ``python -X importtime`` output: the total, and which modules cost the most.

Lines look like ``import time:   self [us] | cumulative | name``; a name without leading
spaces was imported by no other module being imported (the script, or a function body),
so the top-level cumulative times add up to the whole import cost of a run.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


@dataclass(frozen=True)
class ImportLine:
    module: str
    self_us: int
    cumulative_us: int
    depth: int


def parse(stderr: str) -> list[ImportLine]:
    lines = []
    for raw in stderr.splitlines():
        m = _LINE.match(raw)
        if m:
            self_us, cum_us, indent, name = m.groups()
            lines.append(ImportLine(name, int(self_us), int(cum_us), (len(indent) - 1) // 2))
    return lines


def total_ms(lines: Iterable[ImportLine]) -> float:
    return sum(x.cumulative_us for x in lines if x.depth == 0) / 1000


def heaviest(runs: Sequence[list[ImportLine]], top: int = 12) -> list[tuple[str, float, int]]:
    """(module, median cumulative ms, depth) for the costliest imports over many runs.

    Only modules that are not inside another listed costly module's subtree are interesting
    first, but nesting shows the chain, so all depths are kept and sorted by cost.
    """
    per: dict[str, list[float]] = {}
    depth: dict[str, int] = {}
    for lines in runs:
        for x in lines:
            per.setdefault(x.module, []).append(x.cumulative_us / 1000)
            depth.setdefault(x.module, x.depth)
    ranked = sorted(per.items(), key=lambda kv: statistics.median(kv[1]), reverse=True)
    return [(m, statistics.median(v), depth[m]) for m, v in ranked[:top]]


def modules(lines: Iterable[ImportLine]) -> set[str]:
    return {x.module for x in lines}


OWNERS = (
    "cftui's own modules",
    "other modules only cftui's path imports",
    "modules the httpx one-liner imports too",
)


def by_owner(lines: Iterable[ImportLine], shared: set[str]) -> dict[str, float]:
    """Self time (ms) of one run's imports, split by who asked for them: cftui's modules,
    what only cftui's path imports (argparse, concurrent.futures, ...), and what the
    one-liner imports as well (httpx, httpcore and the standard library under them)."""
    out = dict.fromkeys(OWNERS, 0.0)
    for x in lines:
        if x.module == "cftui" or x.module.startswith("cftui."):
            owner = OWNERS[0]
        elif x.module in shared:
            owner = OWNERS[2]
        else:
            owner = OWNERS[1]
        out[owner] += x.self_us / 1000
    return out
