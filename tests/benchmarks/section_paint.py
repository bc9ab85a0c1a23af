"""TUI time to first paint in tmux: ``cftui --demo`` and a live profile, against an empty
Textual app, all started and watched the same way (``tui_paint``)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tests.benchmarks import paint_imports, summary
from tests.benchmarks.env import CFTUI, FAKE_TOKEN, HERE, PY
from tests.benchmarks.report import Target, ms, plain, table
from tests.benchmarks.rounds import round_robin
from tests.benchmarks.stats import Summary
from tests.benchmarks.tui_paint import first_paint

DEMO_MARKER = "Avery Okafor"
EMPTY = "empty Textual app"
DEMO = "cftui --demo"
LIVE = "cftui, live profile"
App = tuple[list[str], str, Mapping[str, str]]


def run(
    env: Mapping[str, str],
    runs: int,
    live_url: str,
    live_marker: str,
    baseline: Path | None = None,
) -> tuple[list[str], dict[str, object]]:
    """``live_url``: the fake API whose user the live app shows; ``live_marker``: that user's
    name, which the app shows once ``/user`` has answered."""
    live_env = {**env, "CLOUDFLARE_API_TOKEN": FAKE_TOKEN, "CLOUDFLARE_BASE_URL": live_url}
    apps: dict[str, App] = {
        EMPTY: ([str(PY), str(HERE / "empty_app.py")], "ready", env),
        DEMO: ([str(CFTUI), "--demo"], DEMO_MARKER, env),
        LIVE: ([str(CFTUI)], live_marker, live_env),
    }
    if baseline is not None:  # the same apps from another revision, for before/after
        old = ["env", f"PYTHONPATH={baseline}", str(PY), "-P", "-m", "cftui"]
        apps[f"{DEMO} (baseline)"] = ([*old, "--demo"], DEMO_MARKER, env)
        apps[f"{LIVE} (baseline)"] = (old, live_marker, live_env)
    count = iter(range(10**6))

    def one(name: str) -> float:
        argv, marker, app_env = apps[name]
        return first_paint(argv, marker, app_env, tag=str(next(count)))

    results = round_robin(list(apps), runs, one, label="first paint")
    summaries = {n: Summary.of(v) for n, v in results.items()}
    summary.begin("TUI time to first paint (tmux 80x24)")
    targets = [
        Target(DEMO, EMPTY, 1.3, "first paint of `--demo` ≤ 1.3× empty app"),
        Target(LIVE, EMPTY, 1.5, "first paint of a live profile ≤ 1.5× empty app"),
    ]
    paint_lines = table(summaries, ms, targets)
    imports, costly = paint_imports.split(env, runs)
    _explain(summaries, imports, costly, targets)
    lines = [
        "## TUI time to first paint (tmux 80x24)",
        "",
        "From respawning the pane to the marker being on screen (`capture-pane` every ~5 ms): "
        f"`{DEMO_MARKER}` for the demo, `{live_marker}` (the user's name, shown once `/user` "
        "has answered) for a live profile from the fake API on loopback (token in the "
        "environment, no keyring), `ready` for the empty app (`Header`, `Static`, `Footer`).",
        "",
        *paint_lines,
        "",
        "What each imports before it can paint (`-X importtime`, ms, interleaved, "
        f"`{paint_imports.TUI_IMPORTS}` against `{paint_imports.EMPTY_IMPORTS}`); the *extra* "
        "rows are the self time of the modules the empty app does not import, by whose they "
        "are:",
        "",
        *table(imports, plain, first_column="imports"),
        "",
        f"cftui's costliest modules on the way (median self time): {', '.join(costly)}.",
        "",
    ]
    return lines, {**results, "imports": {k: v.median for k, v in imports.items()}}


def _explain(
    paint: Mapping[str, Summary],
    imports: Mapping[str, Summary],
    costly: list[str],
    targets: list[Target],
) -> None:
    """Split a missed first-paint target into import time (whose) and the rest."""
    empty = paint[EMPTY].median
    extra = {o: imports[f"extra: {o}"].median / 1000 for o in paint_imports.OWNERS}
    loading = sum(extra.values())
    for target in targets:
        ours = paint[target.ours].median
        if ours <= target.limit * empty:
            continue
        gap = ours - empty
        rest = "building, styling and laying out cftui's screen"
        if target.ours == LIVE:
            rest += ", reading the credential, and `/user` with the token check on loopback"
        summary.explain(
            target.label,
            f"it paints {ms(gap)} after the empty app (the target allows "
            f"{ms((target.limit - 1) * empty)}). About {ms(loading)} of that is importing "
            f"modules the empty app does not import: cftui's own {ms(extra['cftui'])} (ours; "
            f"costliest {', '.join(costly[:3])}), Textual's and Rich's "
            f"{ms(extra['textual + rich'])}, others' (the standard library, httpx, keyring) "
            f"{ms(extra['others'])}; the remaining ~{ms(gap - loading)} is {rest}. "
            "`--profile` writes both import profiles to `out/`.",
        )
