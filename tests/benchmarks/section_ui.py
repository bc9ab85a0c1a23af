"""The TUI with 10 / 1,000 / 10,000 organizations, headless (``App.run_test(size=(120, 40))``).

Each run is a fresh process (``ui_app_run.py``), as for a user. The app gets an injected
user source that answers at once with a pre-parsed user, so these
numbers are the UI's own: start-up to the table holding every row, one filter keystroke,
one scroll step. Each step is timed as "key handled and a frame composed": the key event is
posted to the app as the terminal driver would post it, the clock stops once the table shows
the result (the filter holds the typed text, the cursor has moved) and the compositor has
made the frame Textual would make on its next tick. ``pilot.press`` is not used for timing:
it waits for idleness twice per key in 20 ms sleeps, a 40 ms floor that would swamp a 5 ms
keystroke (its numbers are shown too, for comparison). Everything settles between keys.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence

from tests.benchmarks import summary
from tests.benchmarks.env import PY, ROOT
from tests.benchmarks.report import ms
from tests.benchmarks.stats import Summary
from tests.benchmarks.ui_app_run import FILTER_KEYS, SCROLL_STEPS

RUN_TIMEOUT = 300


def _one(orgs: int) -> dict[str, list[float]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL") and k != "NO_COLOR"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's imports come from bytecode
    out = subprocess.run(
        [str(PY), "-m", "tests.benchmarks.ui_app_run", str(orgs)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"UI run with {orgs} orgs failed:\n{out.stderr[-2000:]}")
    samples: dict[str, list[float]] = json.loads(out.stdout.strip().splitlines()[-1])
    return samples


def run(sizes: Sequence[int], runs: int) -> tuple[list[str], dict[str, object]]:
    samples: dict[int, dict[str, list[float]]] = {n: {} for n in sizes}
    for n in sizes:  # warm-up: bytecode caches, page cache
        _one(n)
    for r in range(runs):
        for n in sizes:
            for key, values in _one(n).items():
                samples[n].setdefault(key, []).extend(values)
        print(f"  ui: round {r + 1}/{runs}", file=sys.stderr, flush=True)
    return _report(sizes, runs, samples), {str(n): samples[n] for n in sizes}


def _cell(values: list[float]) -> str:
    s = Summary.of(values)
    return f"{ms(s.median)} ({s.low * 1000:.1f}–{s.high * 1000:.1f}, n={s.n})"


def _report(
    sizes: Sequence[int], runs: int, samples: dict[int, dict[str, list[float]]]
) -> list[str]:
    lines = [
        "## The TUI at scale (headless, 120x40)",
        "",
        f"{runs} app runs per size. *show*: from constructing `CftuiApp` to a composed frame "
        "with every organization in the table; *data→frame*: from the user source answering "
        f"to that frame. *filter*: each keystroke of `/{FILTER_KEYS}`; *scroll*: each of "
        f"{SCROLL_STEPS} `down` presses. Median (min–max, n samples).",
        "",
        "| orgs | show | data→frame | filter key | filter key via `pilot.press` | scroll step |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        s = samples[n]
        lines.append(
            f"| {n:,} | {_cell(s['show'])} | {_cell(s['data_to_frame'])} | "
            f"{_cell(s['filter'])} | {_cell(s['filter_pilot'])} | {_cell(s['scroll'])} |"
        )
    biggest = max(sizes)
    show = Summary.of(samples[biggest]["show"]).median
    key = Summary.of(samples[biggest]["filter"]).median
    worst_key = max(samples[biggest]["filter"])
    rows = [int(x) for x in samples[biggest]["rows_after"][: len(FILTER_KEYS)]]
    gc_lines = []
    for n in sizes:
        pauses = samples[n].get("gc_pauses", [])
        worst = f", longest {ms(max(pauses))}" if pauses else ""
        gc_lines.append(f"{n:,} orgs: {len(pauses)} in {runs} runs{worst}")
    lines += [
        "",
        f"Rows left after each keystroke ({biggest:,} orgs): {json.dumps(rows)}.",
        "",
        "Full (generation 2) garbage collections during a whole app run (start-up, keys, "
        "scrolling); one landing inside a keystroke is what makes the slowest keystroke: "
        + "; ".join(gc_lines)
        + ".",
        "",
        "| target | measured | met |",
        "|---|---:|:---:|",
    ]
    summary.begin("The TUI at scale (headless, 120x40)")
    for label, value, met in (
        (f"{biggest:,} organizations shown in < 1 s", show, show < 1),
        (f"filter < 50 ms per keystroke ({biggest:,} orgs, median)", key, key < 0.05),
        (f"filter < 50 ms per keystroke ({biggest:,} orgs, worst)", worst_key, worst_key < 0.05),
    ):
        summary.record(label, ms(value), met)
        lines.append(f"| {label} | {ms(value)} | {summary.mark(met)} |")
    if show >= 1:
        _explain_show(biggest, samples[biggest])
    return [*lines, ""]


def _explain_show(orgs: int, samples: dict[str, list[float]]) -> None:
    """How much of a slow first frame is building the accounts panel's rows."""
    frame = Summary.of(samples["data_to_frame"]).median
    once = Summary.of(samples["rows_once"]).median
    built = Summary.of(samples["rows_built"]).median
    times = built / orgs
    twice = (
        "; more than once because `/user`'s organizations went into both the list on screen "
        "and a listing's next one"
        if times > 1.05
        else ""
    )
    summary.explain(
        f"{orgs:,} organizations shown in < 1 s",
        f"from the answer to the frame takes {ms(frame)}. Building the accounts panel's rows "
        f"for {orgs:,} organizations takes {ms(once)} (same process, nothing else running), "
        f"and the app built {built:,.0f} rows ({times:.1f}× each{twice}): each row's "
        "permission grid, summary and filter text, made up front so that a keystroke only "
        "scans. That is cftui's (`cftui.core.accounts.rows.make_row`); the rest is Textual "
        "laying out and drawing the table, and the app's other work.",
    )
