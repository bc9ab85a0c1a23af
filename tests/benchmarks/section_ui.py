"""The TUI with 10 / 1,000 / 10,000 organizations, headless (``App.run_test(size=(120, 40))``).

The app gets an injected user source that answers at once with a pre-parsed user, so these
numbers are the UI's own: start-up to the table holding every row, one filter keystroke,
one scroll step. Each step is timed as "key handled and a frame composed": the key event is
posted to the app as the terminal driver would post it, the clock stops once the table shows
the result (the filter holds the typed text, the cursor has moved) and the compositor has
made the frame Textual would make on its next tick. ``pilot.press`` is not used for timing:
it waits for idleness twice per key in 20 ms sleeps, a 40 ms floor that would swamp a 5 ms
keystroke (its numbers are shown too, for comparison). Everything settles between keys.
"""

from __future__ import annotations

import asyncio
import gc
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tests.benchmarks.bodies import user_body
from tests.benchmarks.env import FAKE_TOKEN
from tests.benchmarks.report import ms
from tests.benchmarks.stats import Summary

SIZE = (120, 40)
FILTER_KEYS = "stark 0042"
SCROLL_STEPS = 30
TIMEOUT = 60.0


class _Source:
    """A user source that answers immediately; notes when it did."""

    def __init__(self, response: Any) -> None:
        self.response = response
        self.answered_at: float | None = None

    async def get_user(self) -> Any:
        self.answered_at = time.perf_counter()
        return self.response

    async def aclose(self) -> None:
        return None


def _response(orgs: int) -> Any:
    from cftui.core.client import UserResponse
    from cftui.core.models import parse_envelope

    body = user_body(orgs)
    user = parse_envelope(body).result
    assert user is not None
    return UserResponse(user=user, messages=(), raw=body, status=200, ratelimit=None, attempts=1)


async def _key(app: Any, key: str, done: Callable[[], bool]) -> float:
    """Seconds from posting ``key`` until ``done()`` holds and a frame is composed."""
    from textual import events

    char = " " if key == "space" else (key if len(key) == 1 else None)
    start = time.perf_counter()
    app.post_message(events.Key(key, char))
    deadline = start + TIMEOUT
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"key {key!r} had no effect")
        await asyncio.sleep(0)
    _frame(app)
    return time.perf_counter() - start


def _frame(app: Any) -> None:
    """Compose the frame now, as the screen's update timer would on its next tick."""
    app.screen._on_timer_update()


async def _one_run(response: Any, config: Path) -> dict[str, list[float]]:
    from cftui.core.profiles import ProfileStore
    from cftui.ui.app import CftuiApp
    from cftui.ui.widgets.org_table import OrganizationTable

    expected = len(response.user.organizations)
    source = _Source(response)
    store = ProfileStore(config)
    env = {"CLOUDFLARE_API_TOKEN": FAKE_TOKEN}
    out: dict[str, list[float]] = {
        "show": [],
        "data_to_frame": [],
        "filter": [],
        "filter_pilot": [],
        "scroll": [],
        "rows_after": [],
    }
    start = time.perf_counter()
    app = CftuiApp(store, env=env, client_factory=lambda _cred: source)
    async with app.run_test(size=SIZE) as pilot:
        deadline = start + TIMEOUT
        table = None
        while time.perf_counter() < deadline:
            tables = app.screen.query(OrganizationTable)
            if tables and len(tables.first().organizations) == expected:
                table = tables.first()
                break
            await asyncio.sleep(0.001)
        if table is None:
            raise TimeoutError(f"the table never held {expected} organizations")
        _frame(app)
        shown = time.perf_counter()
        out["show"].append(shown - start)
        assert source.answered_at is not None
        out["data_to_frame"].append(shown - source.answered_at)
        await pilot.pause()

        await pilot.press("slash")
        await pilot.pause()
        typed = ""
        for ch in FILTER_KEYS:
            typed += ch
            key = "space" if ch == " " else ch
            out["filter"].append(await _key(app, key, lambda t=typed: table.filter_text == t))
            await pilot.pause()
            out["rows_after"].append(float(len(table.shown)))
        for ch in "\b" * 3 + "042":  # the same keys through pilot.press, for comparison
            t0 = time.perf_counter()
            await pilot.press("backspace" if ch == "\b" else ch)
            out["filter_pilot"].append(time.perf_counter() - t0)
        await pilot.press("escape")  # clear the filter: scroll through everything
        table.focus()
        await pilot.press("home")
        await pilot.pause()
        steps = min(SCROLL_STEPS, expected - 1)
        for step in range(1, steps + 1):
            out["scroll"].append(await _key(app, "down", lambda s=step: table.cursor == s))
            await pilot.pause()
    return out


def run(sizes: Sequence[int], runs: int) -> tuple[list[str], dict[str, object]]:
    import keyring
    from keyring.backends.null import Keyring as NullKeyring

    keyring.set_keyring(NullKeyring())
    responses = {n: _response(n) for n in sizes}
    samples: dict[int, dict[str, list[float]]] = {n: {} for n in sizes}
    with tempfile.TemporaryDirectory(prefix="cftui-bench-ui-") as tmp:
        config = Path(tmp)
        for n in sizes:  # warm-up: imports, CSS, caches
            asyncio.run(_one_run(responses[n], config))
        for r in range(runs):
            for n in sizes:
                gc.collect()
                for key, values in asyncio.run(_one_run(responses[n], config)).items():
                    samples[n].setdefault(key, []).extend(values)
            print(f"  ui: round {r + 1}/{runs}", flush=True)
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
    lines += [
        "",
        f"Rows left after each keystroke ({biggest:,} orgs): {json.dumps(rows)}.",
        "",
        "| target | measured | met |",
        "|---|---:|:---:|",
        f"| {biggest:,} organizations shown in < 1 s | {ms(show)} | {'✓' if show < 1 else '✗'} |",
        f"| filter < 50 ms per keystroke ({biggest:,} orgs, median) | {ms(key)} "
        f"| {'✓' if key < 0.05 else '✗'} |",
        f"| filter < 50 ms per keystroke ({biggest:,} orgs, worst) | {ms(worst_key)} "
        f"| {'✓' if worst_key < 0.05 else '✗'} |",
        "",
    ]
    return lines
