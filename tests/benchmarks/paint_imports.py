"""What the TUI imports before it can paint, next to what the empty app imports: the part of
a first-paint gap that is import time, and whose modules it is (cftui's, Textual's and
Rich's, or others': the standard library, httpx, keyring)."""

from __future__ import annotations

import statistics
from collections.abc import Mapping

from tests.benchmarks import importtime
from tests.benchmarks.candidates import Candidate
from tests.benchmarks.env import PY
from tests.benchmarks.rounds import run_candidates
from tests.benchmarks.stats import Summary

EMPTY_IMPORTS = "import textual.app, textual.widgets as w; w.Header, w.Static, w.Footer"
TUI_IMPORTS = "import cftui.cli.main, cftui.commands.tui, cftui.ui.app"
OWNERS = ("cftui", "textual + rich", "others")


def _owner(module: str) -> str:
    top = module.split(".")[0]
    if top == "cftui":
        return OWNERS[0]
    return OWNERS[1] if top in ("textual", "rich") else OWNERS[2]


def split(env: Mapping[str, str], runs: int) -> tuple[dict[str, Summary], list[str]]:
    """Import ms of both apps, the TUI's extra self time by owner, and cftui's costliest
    modules on the way (``name ms``, by median self time)."""
    candidates = [
        Candidate("empty app", (str(PY), "-X", "importtime", "-c", EMPTY_IMPORTS), ""),
        Candidate("cftui TUI", (str(PY), "-X", "importtime", "-c", TUI_IMPORTS), ""),
    ]
    results = run_candidates(candidates, env, runs, label="paint imports")
    empty = [importtime.parse(r.stderr) for r in results["empty app"]]
    tui = [importtime.parse(r.stderr) for r in results["cftui TUI"]]
    floor = set().union(*(importtime.modules(x) for x in empty))
    extra: dict[str, list[float]] = {o: [] for o in OWNERS}
    ours: dict[str, list[float]] = {}
    for lines in tui:
        by = dict.fromkeys(OWNERS, 0.0)
        for x in lines:
            if x.module not in floor:
                by[_owner(x.module)] += x.self_us / 1000
            if _owner(x.module) == OWNERS[0]:
                ours.setdefault(x.module, []).append(x.self_us / 1000)
        for owner, value in by.items():
            extra[owner].append(value)
    out = {
        "empty app": Summary.of([importtime.total_ms(x) for x in empty]),
        "cftui TUI": Summary.of([importtime.total_ms(x) for x in tui]),
    }
    out.update({f"extra: {o}": Summary.of(v) for o, v in extra.items()})
    costly = sorted(((statistics.median(v), m) for m, v in ours.items()), reverse=True)
    return out, [f"`{m}` {v:.1f} ms" for v, m in costly[:5]]
