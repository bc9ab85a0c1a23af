"""Round-robin runs: every round runs each candidate once, starting at a rotating place,
so machine noise (a cron job, a CPU frequency step) hits all candidates alike.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from tests.benchmarks.candidates import Candidate
from tests.benchmarks.procs import ProcResult, check, run_measured

T = TypeVar("T")


def round_robin(
    names: Sequence[str], runs: int, one: Callable[[str], T], *, label: str
) -> dict[str, list[T]]:
    """Call ``one(name)`` ``runs`` times per name, interleaved; one discarded warm-up each."""
    for name in names:  # warm the page cache and the bytecode caches; also proves it works
        one(name)
    results: dict[str, list[T]] = {name: [] for name in names}
    for r in range(runs):
        k = r % len(names)
        for name in [*names[k:], *names[:k]]:
            results[name].append(one(name))
        print(f"  {label}: round {r + 1}/{runs}", file=sys.stderr, flush=True)
    return results


def run_candidates(
    candidates: Sequence[Candidate], env: Mapping[str, str], runs: int, *, label: str
) -> dict[str, list[ProcResult]]:
    by_name = {c.name: c for c in candidates}

    def one(name: str) -> ProcResult:
        c = by_name[name]
        child_env = {**env, **dict(c.env)}
        child_env = {k: v for k, v in child_env.items() if v}
        return check(run_measured(c.argv, child_env), c.name, c.expect, c.expect_code)

    return round_robin(list(by_name), runs, one, label=label)
