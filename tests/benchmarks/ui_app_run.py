"""One headless app run with N organizations, in its own process (see ``section_ui``).

A process per run, as a user has: in one long-lived process the heap left by earlier apps
makes every garbage collection slower and the keystroke numbers worse than they are.
Prints one JSON object of samples (seconds) on stdout.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from tests.benchmarks.bodies import user_body
from tests.benchmarks.env import FAKE_TOKEN

SIZE = (120, 40)
FILTER_KEYS = "stark 0042"
SCROLL_STEPS = 30
TIMEOUT = 60.0


class _Source:
    """A requester that answers immediately; notes when it did."""

    def __init__(self, response: Any) -> None:
        self.response = response
        self.answered_at: float | None = None

    credential: Any = None  # set to the token the app resolved

    async def get_user(self) -> Any:
        self.answered_at = time.perf_counter()
        return self.response

    async def request(self, call: Any) -> Any:
        """``/user`` as before; the token check answers at once with an active token."""
        if call.path == "/user":
            return await self.get_user()
        from cftui.core.api.envelope import Response
        from cftui.core.models.token import TokenStatus

        return Response(TokenStatus(id="bench", status="active"), raw={})

    async def aclose(self) -> None:
        return None


def _response(orgs: int) -> Any:
    from cftui.core.api.envelope import UserResponse, parse_envelope
    from cftui.core.text import sanitize_json

    body = user_body(orgs)
    user = parse_envelope(body).result
    assert user is not None
    raw = sanitize_json(body)  # what the real client keeps for the raw view
    return UserResponse(user, raw=raw)


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


def _filtered(table: Any, text: str) -> bool:
    return bool(table.filter_text == text)


def _at_row(table: Any, row: int) -> bool:
    return bool(table.cursor == row)


async def _one_run(response: Any, config: Path) -> dict[str, list[float]]:
    from cftui.core.credentials.profiles import ProfileStore
    from cftui.ui.app import CftuiApp
    from cftui.ui.widgets.account_table import AccountTable

    expected = len(response.user.organizations)
    from cftui.core.credentials.kinds import ApiToken

    source = _Source(response)
    source.credential = ApiToken(FAKE_TOKEN)
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
            tables = app.screen.query(AccountTable)
            if tables and len(tables.first().rows) == expected:
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
            out["filter"].append(await _key(app, key, partial(_filtered, table, typed)))
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
            out["scroll"].append(await _key(app, "down", partial(_at_row, table, step)))
            await pilot.pause()
    return out


class _GcPauses:
    """Full (generation 2) collections and their durations: the cause of most outliers."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._start)


def main(orgs: int) -> None:
    import keyring
    from keyring.backends.null import Keyring as NullKeyring

    keyring.set_keyring(NullKeyring())  # type: ignore[no-untyped-call]
    import cftui.core.accounts.merge as merging

    response = _response(orgs)
    gc.collect()
    pauses = _GcPauses()
    gc.callbacks.append(pauses)
    built = [0]
    names = vars(merging)  # the merge's own name for make_row, counted for this run
    make_row = names["make_row"]

    def counted(*args: Any) -> Any:
        built[0] += 1
        return make_row(*args)

    names["make_row"] = counted
    with tempfile.TemporaryDirectory(prefix="cftui-bench-ui-") as tmp:
        out = asyncio.run(_one_run(response, Path(tmp)))
    names["make_row"] = make_row
    gc.callbacks.remove(pauses)
    out["gc_pauses"] = pauses.pauses
    out["rows_built"] = [float(built[0])]
    gc.collect()
    start = time.perf_counter()  # the same rows once, nothing else running
    merging.AccountMerge(organizations=response.user.organizations).rows()
    out["rows_once"] = [time.perf_counter() - start]
    print(json.dumps(out))


if __name__ == "__main__":
    main(int(sys.argv[1]))
