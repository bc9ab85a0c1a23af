"""Import time of the CLI path (``-X importtime``) and which modules dominate it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from tests.benchmarks import importtime
from tests.benchmarks.candidates import BARE, Candidate, import_candidates
from tests.benchmarks.env import PY, ROOT
from tests.benchmarks.report import plain, table
from tests.benchmarks.rounds import run_candidates
from tests.benchmarks.stats import Summary

WATCH = ("textual", "rich", "keyring", "httpx", "anyio", "pydantic", "asyncio", "ssl")


def run(
    sdk_python: Path | None, httpx_python: Path, env: Mapping[str, str], runs: int
) -> tuple[list[str], dict[str, object]]:
    candidates = import_candidates(sdk_python, httpx_python)
    results = run_candidates(candidates, env, runs, label="importtime")
    parsed = {n: [importtime.parse(r.stderr) for r in rs] for n, rs in results.items()}
    totals = {
        n: Summary.of([importtime.total_ms(lines) for lines in runs_])
        for n, runs_ in parsed.items()
    }
    ours = parsed["cftui whoami"]
    loaded = importtime.modules(ours[-1])
    present = [w for w in WATCH if w in loaded]
    absent = [w for w in WATCH if w not in loaded]
    heavy = importtime.heaviest(ours, top=20)
    shared = set().union(*(importtime.modules(x) for x in parsed[BARE]))
    split = [importtime.by_owner(x, shared) for x in ours]
    owners = {o: Summary.of([s[o] for s in split]) for o in importtime.OWNERS}
    ours_only = [s[importtime.OWNERS[0]] + s[importtime.OWNERS[1]] for s in split]
    classes = _dataclass_cost(env, runs)
    lines = [
        "## Import time (`python -X importtime`)",
        "",
        "Sum of top-level cumulative import times in ms (the interpreter's own start-up "
        "imports included, so `python -c pass` is the floor).",
        "",
        *table(totals, plain),
        "",
        f"`cftui whoami` loads: {', '.join(f'`{m}`' for m in present) or 'none of the watched'}"
        f"; does not load: {', '.join(f'`{m}`' for m in absent) or '—'}.",
        "",
        "Whose import time it is: the self time of every module `cftui whoami` imports, "
        f"split by who needs it (a module `{BARE}` imports too counts as httpx's, whoever "
        "imports it first here).",
        "",
        *table(owners, plain, first_column="whose"),
        "",
        f"cftui's own and only-cftui's together: {plain(Summary.of(ours_only).median)} ms "
        "(median).",
        "",
        f"Of cftui's own, creating its {classes['n']:.0f} dataclasses (the models, the answers, "
        f"the sections) takes {plain(classes['ms'])} ms (median of {runs} in-process runs of "
        "`python -m tests.benchmarks.dataclass_cost`, a whole `whoami` taking "
        f"{plain(classes['run_ms'])} ms there): Python 3.11's `dataclasses` compiles every "
        "generated method (`__init__`, `__repr__`, `__eq__`, `__hash__`, and a frozen class's "
        "`__setattr__` and `__delattr__`) with its own `exec` when the class is defined.",
        "",
        "Heaviest imports of `cftui whoami` (median cumulative ms; depth 0 = imported by no "
        "other module being imported, e.g. from a function body):",
        "",
        "| module | ms | depth |",
        "|---|---:|---:|",
        *(f"| `{m}` | {v:.1f} | {d} |" for m, v, d in heavy),
        "",
    ]
    raw: dict[str, object] = {n: [importtime.total_ms(x) for x in v] for n, v in parsed.items()}
    raw["dataclasses"] = classes
    return lines, raw


def _dataclass_cost(env: Mapping[str, str], runs: int) -> dict[str, float]:
    """Median ms spent creating cftui's dataclasses in one ``whoami``, and the run's."""
    argv = (str(PY), "-m", "tests.benchmarks.dataclass_cost")
    child = Candidate("dataclass cost", argv, '"exit": 0')
    results = run_candidates([child], {**env, "PYTHONPATH": str(ROOT)}, runs, label="classes")
    said = [json.loads(r.stdout) for r in results[child.name]]
    return {
        "n": float(said[-1]["cftui_classes"]),
        "ms": Summary.of([x["cftui_seconds"] * 1000 for x in said]).median,
        "run_ms": Summary.of([x["whole_run"] * 1000 for x in said]).median,
    }
