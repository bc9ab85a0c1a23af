"""The TUI's memory stays flat however often it refreshes.

It used to grow by ~0.7 MiB on every ``r`` without a plateau: each response ran
``gc.freeze()``, which pinned every cycle that was garbage at that moment, and the footer
kept each set of keys it replaced alive through their data bindings.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import weakref
from pathlib import Path

from textual.widgets._footer import FooterKey

from tests.support.fake.server import FakeApi
from tests.support.ui_fakes import demo_app, settle

ROOT = Path(__file__).resolve().parents[2]
REFRESHES = 300
GROWTH_LIMIT_KIB = 8 * 1024
"""Far below what the leak cost over 300 refreshes (~210 MiB) and far above the noise."""


def test_300_refreshes_keep_resident_memory_flat(fake_api: FakeApi) -> None:
    base_url = fake_api.base_url("ok", fresh=True)
    command = [sys.executable, "-m", "tests.support.tui_memory", "--base-url", base_url]
    run = subprocess.run(
        [*command, "--refreshes", str(REFRESHES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=600,  # must finish; a refresh takes well under a second even on a busy machine
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.splitlines()[-1])
    # Each fetch is /user, the token check and the memberships beside them.
    routes = fake_api.routes(base_url)
    assert routes.count("user") == routes.count("user/tokens/verify")
    assert routes.count("user") == routes.count("memberships")
    assert routes.count("user") == 1 + result["warmup"] + REFRESHES
    assert result["growth_kib"] < GROWTH_LIMIT_KIB, result
    # No widget outlives its screen: the same DOM after 300 refreshes as after the warm-up.
    assert result["widgets_end"] <= result["widgets_warm"] + 10, result


def footer_keys() -> list[FooterKey]:
    gc.unfreeze()
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, FooterKey)]


async def test_keys_the_footer_replaced_are_freed() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before: weakref.WeakSet[FooterKey] = weakref.WeakSet(footer_keys())
        for _ in range(40):  # the footer gains and loses "Clear filter" each time
            await pilot.press("slash", "escape")
            await pilot.pause()
        new = [key for key in footer_keys() if key not in before]
        assert new, "the footer was never rebuilt: this test would prove nothing"
        assert [key for key in new if not key.is_attached] == []


class Cycle:
    def __init__(self) -> None:
        self.me = self


async def test_a_response_does_not_pin_garbage() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        garbage = Cycle()
        gone = weakref.ref(garbage)
        del garbage
        await pilot.press("r")
        await settle(pilot)
        assert app.state.response is not None and not app.state.loading
        gc.collect()  # an ordinary collection: it cannot reach what a freeze pinned
        assert gone() is None


def test_building_rows_pauses_automatic_collection_and_always_resumes_it() -> None:
    from cftui.ui.memory import building

    assert gc.isenabled()
    gc.unfreeze()
    with building():
        assert not gc.isenabled()
        with building():  # nested: the outer block decides when collection resumes
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # what it made stays out of the next automatic passes
    gc.unfreeze()
    try:
        with building():
            raise ValueError("a bad answer")
    except ValueError:
        pass
    assert gc.isenabled()
    gc.unfreeze()
