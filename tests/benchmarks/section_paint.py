"""TUI time to first paint in tmux: ``cftui --demo`` against an empty Textual app."""

from __future__ import annotations

import os
from collections.abc import Mapping

from tests.benchmarks.env import CFTUI, HERE, PY
from tests.benchmarks.report import Target, ms, table
from tests.benchmarks.rounds import round_robin
from tests.benchmarks.stats import Summary
from tests.benchmarks.tui_paint import first_paint

DEMO_MARKER = "Avery Okafor"


def run(env: Mapping[str, str], runs: int) -> tuple[list[str], dict[str, object]]:
    apps = {
        "empty Textual app": ([str(PY), str(HERE / "empty_app.py")], "ready"),
        "cftui --demo": ([str(CFTUI), "--demo"], DEMO_MARKER),
    }
    # A before/after check of a change: CFTUI_BENCH_BASELINE=<a checkout of the old code>
    # adds that checkout's app, started the same way, to the same interleaved rounds.
    baseline = os.environ.get("CFTUI_BENCH_BASELINE")
    if baseline:
        runner = "from cftui.cli import main; raise SystemExit(main())"
        argv = ["env", f"PYTHONPATH={baseline}", str(PY), "-c", runner, "--demo"]
        apps["cftui --demo (baseline)"] = (argv, DEMO_MARKER)
    count = iter(range(10**6))

    def one(name: str) -> float:
        argv, marker = apps[name]
        return first_paint(argv, marker, env, tag=str(next(count)))

    results = round_robin(list(apps), runs, one, label="first paint")
    summaries = {n: Summary.of(v) for n, v in results.items()}
    targets = [Target("cftui --demo", "empty Textual app", 1.3, "first paint ≤ 1.3× empty app")]
    lines = [
        "## TUI time to first paint (tmux 80x24)",
        "",
        "From respawning the pane to the marker being on screen (`capture-pane` every ~5 ms): "
        f"`{DEMO_MARKER}` for the demo, `ready` for the empty app (a `Static` + `Footer`).",
        "",
        *table(summaries, ms, targets),
        "",
    ]
    return lines, dict(results)
