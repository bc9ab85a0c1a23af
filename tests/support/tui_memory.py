"""How much the TUI grows over many refreshes: the real client, the fake API, a fresh process.

    python -m tests.support.fake --scenario ok            # prints a base URL; in another shell:
    python -m tests.support.tui_memory --base-url URL --refreshes 300

It presses ``r`` ``--refreshes`` times, each time waiting until the new response is on
screen, and prints one JSON line: resident memory (from ``/proc``) after a warm-up and at
the end, and how many widgets and frozen objects are alive at both points. Run in its own
process so that nothing else a test suite holds shows up in the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from textual.dom import DOMNode
from textual.pilot import Pilot

from cftui.cli.context import Context
from cftui.core.credentials.profiles import ProfileStore
from cftui.ui.app import CftuiApp

TOKEN = "cfut_Mm7Qm2Vb9Rz4Tk8Wn3Hy6Pd1Sg5Jc0Fa2Ue7Yo"
DEADLINE = 60.0
"""Per refresh, only so a hung app ends the run: a loaded machine answers in far less."""


def rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def peak_kib() -> int:
    """The process's high-water mark of resident memory (``VmHWM``)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def live_widgets() -> int:
    """DOM nodes still alive after a full collection (frozen objects included)."""
    gc.unfreeze()
    gc.collect()
    count = sum(1 for o in gc.get_objects() if isinstance(o, DOMNode))
    gc.freeze()
    return count


async def refresh(pilot: Pilot[Any], app: CftuiApp) -> None:
    previous = app.state.response
    await pilot.press("r")
    deadline = time.monotonic() + DEADLINE
    while app.state.loading or app.state.response is previous:
        if time.monotonic() > deadline:
            raise RuntimeError(f"no new response within {DEADLINE} s: {app.state!r}")
        await pilot.pause()
    if app.state.problem is not None:
        raise RuntimeError(f"a refresh failed: {app.state.problem.message}")


async def measure(base_url: str, refreshes: int, warmup: int, every: int = 0) -> dict[str, Any]:
    """``every``: also note resident memory after every ``every`` refreshes."""
    config_dir = Path(tempfile.mkdtemp(prefix="cftui-memory-"))
    env = {"CLOUDFLARE_API_TOKEN": TOKEN, "CLOUDFLARE_BASE_URL": base_url}
    factory = Context(env=env).async_client  # as `cftui` starts the app
    app = CftuiApp(ProfileStore(config_dir=config_dir), env=env, client_factory=factory)
    result: dict[str, Any] = {"refreshes": refreshes, "warmup": warmup}
    async with app.run_test(size=(80, 24)) as pilot:
        while app.state.response is None:
            if app.state.problem is not None:
                raise RuntimeError(f"the first fetch failed: {app.state.problem.message}")
            await pilot.pause()
        for _ in range(warmup):
            await refresh(pilot, app)
        result["widgets_warm"] = live_widgets()
        result["rss_warm_kib"] = rss_kib()
        along: list[int] = []
        for done in range(1, refreshes + 1):
            await refresh(pilot, app)
            if every and done % every == 0:
                along.append(rss_kib())
        result["rss_along_kib"] = along
        result["widgets_end"] = live_widgets()
        result["rss_end_kib"] = rss_kib()
        result["frozen_end"] = gc.get_freeze_count()
    result["growth_kib"] = result["rss_end_kib"] - result["rss_warm_kib"]
    result["peak_kib"] = peak_kib()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.tui_memory", description=__doc__)
    parser.add_argument("--base-url", required=True, help="the fake API's `ok` base URL")
    parser.add_argument("--refreshes", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--every", type=int, default=0, help="also note resident memory every N refreshes"
    )
    args = parser.parse_args(argv)
    result = asyncio.run(measure(args.base_url, args.refreshes, args.warmup, args.every))
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
