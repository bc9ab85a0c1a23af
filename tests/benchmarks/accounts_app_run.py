"""One headless app run for the accounts panel, in its own process (see ``section_accounts``).

    python -m tests.benchmarks.accounts_app_run load URL      # the real client, fake API at URL
    python -m tests.benchmarks.accounts_app_run filter COUNT  # COUNT memberships, in memory

``load``: from constructing ``CftuiApp`` (real client, ``/user`` and ``/memberships`` from the
fake API at URL, with whatever latency it holds) to a composed frame with every membership in
the table and the count saying so; also to the first rows. ``filter``: COUNT memberships
answered at once from memory, then each filter keystroke and scroll step timed as
``ui_app_run`` times them (key posted, result in the table, frame composed). Prints one JSON
object of samples (seconds; ``peak_rss_kib``: the process's resident high-water mark, at the
end) on stdout.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

from tests.benchmarks.env import FAKE_TOKEN
from tests.benchmarks.ui_app_run import SIZE, TIMEOUT, _at_row, _filtered, _frame, _GcPauses, _key

FILTER_KEYS = "account 0999"
SCROLL_STEPS = 30


class _MemorySource:
    """``/user``, an active token and every page of COUNT memberships, parsed beforehand,
    answered at once."""

    def __init__(self, count: int) -> None:
        from cftui.core.api.endpoints import get_user, list_memberships
        from cftui.core.api.envelope import parse_envelope
        from cftui.core.api.reading import answer_locally
        from cftui.core.credentials.kinds import ApiToken, Credential
        from cftui.core.demo.server import DemoApi
        from tests.support.fake.memberships import memberships_pages

        self.credential: Credential = ApiToken(FAKE_TOKEN)
        self.user = answer_locally(get_user(), DemoApi(), self.credential)
        self.pages: dict[int, Any] = {}
        parse = list_memberships().parse
        for answer in memberships_pages(count, pending_every=7):
            doc = answer.json()
            envelope = parse_envelope(doc, parse)
            page = envelope.result_info.page if envelope.result_info else 1
            self.pages[page or 1] = (envelope, doc)

    async def get_user(self) -> Any:
        return self.user

    async def request(self, call: Any) -> Any:
        """Every request the app makes goes through here, ``/user`` too."""
        if call.path == "/user":
            return self.user
        if call.path == "/user/tokens/verify":
            from cftui.core.api.envelope import Response
            from cftui.core.models.token import TokenStatus

            return Response(TokenStatus(id="bench", status="active"), raw={})
        page = int(call.params["page"]) if call.params else 1
        if page not in self.pages:
            return call.respond((), (), body={}, result_info=None)
        envelope, doc = self.pages[page]
        return call.respond(
            envelope.result, envelope.messages, body=doc, result_info=envelope.result_info
        )

    async def aclose(self) -> None:
        return None


async def _load(url: str, config: Path) -> dict[str, list[float]]:
    from cftui.cli.context import Context
    from cftui.core.credentials.profiles import ProfileStore
    from cftui.ui.app import CftuiApp

    env = {"CLOUDFLARE_API_TOKEN": FAKE_TOKEN, "CLOUDFLARE_BASE_URL": url}
    out: dict[str, list[float]] = {"first_rows": [], "all_shown": []}
    start = time.perf_counter()
    app = CftuiApp(ProfileStore(config), env=env, client_factory=Context(env=env).async_client)
    async with app.run_test(size=SIZE):
        deadline = start + TIMEOUT
        while app.accounts.listed < 1 or not app.accounts.rows:
            if time.perf_counter() > deadline:
                raise TimeoutError("no memberships arrived")
            await asyncio.sleep(0.001)
        out["first_rows"].append(time.perf_counter() - start)
        while not (app.accounts.listed_all and not app.accounts.loading):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"the listing never finished ({app.accounts.progress})")
            await asyncio.sleep(0.001)
        _frame(app)
        out["all_shown"].append(time.perf_counter() - start)
        out["listed"] = [float(app.accounts.listed)]
    out["peak_rss_kib"] = [float(peak_rss_kib())]
    return out


def peak_rss_kib() -> int:
    """``VmHWM``: this process's own high-water mark (``ru_maxrss`` would carry the parent's
    from before ``exec``)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


async def _filter(count: int, config: Path) -> dict[str, list[float]]:
    from cftui.core.credentials.profiles import ProfileStore
    from cftui.ui.app import CftuiApp
    from cftui.ui.widgets.account_table import AccountTable

    source = _MemorySource(count)
    env = {"CLOUDFLARE_API_TOKEN": FAKE_TOKEN}
    out: dict[str, list[float]] = {"filter": [], "scroll": [], "rows_after": []}
    app = CftuiApp(ProfileStore(config), env=env, client_factory=lambda _cred: source)
    async with app.run_test(size=SIZE) as pilot:
        deadline = time.perf_counter() + TIMEOUT
        while not (app.accounts.listed >= count and not app.accounts.loading):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"only {app.accounts.listed} of {count} came")
            await asyncio.sleep(0.001)
        await pilot.pause()
        table = app.screen.query_one(AccountTable)
        await pilot.press("slash")
        await pilot.pause()
        typed = ""
        for ch in FILTER_KEYS:
            typed += ch
            key = "space" if ch == " " else ch
            out["filter"].append(await _key(app, key, partial(_filtered, table, typed)))
            await pilot.pause()
            out["rows_after"].append(float(len(table.shown)))
        await pilot.press("escape")
        table.focus()
        await pilot.press("home")
        await pilot.pause()
        for step in range(1, SCROLL_STEPS + 1):
            out["scroll"].append(await _key(app, "down", partial(_at_row, table, step)))
            await pilot.pause()
    return out


def main(mode: str, arg: str) -> None:
    import keyring
    from keyring.backends.null import Keyring as NullKeyring

    keyring.set_keyring(NullKeyring())  # type: ignore[no-untyped-call]
    with tempfile.TemporaryDirectory(prefix="cftui-bench-accounts-") as tmp:
        if mode == "load":
            out = asyncio.run(_load(arg, Path(tmp)))
        else:
            pauses = _GcPauses()  # full collections: what makes a slowest keystroke
            gc.callbacks.append(pauses)
            out = asyncio.run(_filter(int(arg), Path(tmp)))
            gc.callbacks.remove(pauses)
            out["gc_pauses"] = pauses.pauses
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
