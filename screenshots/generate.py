"""Regenerate the README screenshots from the app itself: ``python screenshots/generate.py``.

Only what the app draws: the real app under Textual's Pilot, answered by the embedded demo
data or by the test suite's fake API in process (``tests/support/fake/transport.py``: the real
client and its whole request path over ``httpx.MockTransport``). No network, no real keyring
(profiles go to a temporary directory, secrets to an in-memory keyring), and the suite's fixed
day (``tests/support/fixed_clock.py``), so the SVGs change only when the UI does.

``python screenshots/generate.py [NAME ...]`` redraws those only; ``tests/ui/
test_screenshots.py`` imports this module and redraws one, so it cannot fall behind the app.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT.parent) not in sys.path:
    sys.path.insert(0, str(ROOT.parent))  # cftui and the suite's fakes, from this checkout

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

from cftui.core import clock as wall_clock  # noqa: E402
from cftui.core.credentials.kinds import make_token  # noqa: E402
from cftui.core.credentials.profiles import ProfileStore  # noqa: E402
from cftui.ui.app import CftuiApp  # noqa: E402
from tests.support.fake.transport import WorldApi  # noqa: E402
from tests.support.fixed_clock import fixed_now  # noqa: E402
from tests.support.keyrings import InMemoryKeyring  # noqa: E402

FAKE_TOKEN = "cfut_ScreenshotOnlyNotARealToken000000000000"  # noqa: S105
REFUSED = "auth_9109"
"""The fake API's scenario for a token refused on ``/user`` (code 9109)."""


def monotonic() -> float:
    """The app's own clock ("updated … ago"): standing still."""
    return 1000.0


def demo(_: Path) -> CftuiApp:
    return CftuiApp(None, demo=True, env={}, clock=monotonic, now=fixed_now)


def store_in(directory: Path, *profiles: str) -> ProfileStore:
    store = ProfileStore(config_dir=directory)
    for name in profiles:
        store.save(name, make_token(FAKE_TOKEN), make_default=True)
    return store


def no_profile(tmp: Path) -> CftuiApp:
    return CftuiApp(store_in(tmp / "empty"), env={}, clock=monotonic, now=fixed_now)


def refused(tmp: Path) -> CftuiApp:
    """A saved profile whose token the fake API refuses: what the app says about it."""
    return CftuiApp(
        store_in(tmp / "work", "work"),
        env={},
        client_factory=WorldApi(scenario=REFUSED).factory(),
        clock=monotonic,
        now=fixed_now,
    )


@dataclass(frozen=True)
class Shot:
    """One screenshot: ``name``.svg of the app ``make`` builds, at ``size``, after ``keys``."""

    name: str
    make: Callable[[Path], CftuiApp]
    size: tuple[int, int]
    keys: Sequence[str] = ()


SHOTS = (
    Shot("main", demo, (120, 36)),
    Shot("main-80x24", demo, (80, 24)),
    # Meridian Analytics Co: policies scoped to two zones
    Shot("account", demo, (120, 36), ("down", "down", "down", "down", "enter")),
    # Harbourline Events: a pending invitation, about to be accepted
    Shot("invitation", demo, (100, 30), ("down", "enter", "a")),
    Shot("login", no_profile, (100, 30), ("l",)),
    Shot("error-auth-rejected", refused, (100, 30)),
)


async def shoot(shot: Shot, out: Path, tmp: Path) -> Path:
    """Run the app until it is idle after each key, then export what is on its screen."""
    app = shot.make(tmp)
    async with app.run_test(size=shot.size) as pilot:
        app.animation_level = "none"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in shot.keys:
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        path = out / f"{shot.name}.svg"
        path.write_text(app.export_screenshot(title="cftui"), encoding="utf-8")
    return path


@contextmanager
def fixed_world() -> Iterator[None]:
    """The fixed day for every date drawn (the demo token's too) and a throwaway keyring;
    both as they were afterwards."""
    keyring_before: KeyringBackend = keyring.get_keyring()
    utc_now_before = wall_clock.utc_now
    keyring.set_keyring(InMemoryKeyring())
    wall_clock.utc_now = fixed_now
    try:
        yield
    finally:
        wall_clock.utc_now = utc_now_before
        keyring.set_keyring(keyring_before)


async def generate(out: Path = ROOT, names: Sequence[str] = ()) -> list[Path]:
    """Draw the screenshots called ``names`` (all without) into ``out``."""
    unknown = set(names) - {shot.name for shot in SHOTS}
    if unknown:
        raise ValueError(f"no screenshot called {', '.join(sorted(unknown))}")
    wanted = [shot for shot in SHOTS if not names or shot.name in names]
    with fixed_world(), tempfile.TemporaryDirectory() as tmp:
        return [await shoot(shot, out, Path(tmp)) for shot in wanted]


def main(argv: Sequence[str]) -> int:
    for path in asyncio.run(generate(ROOT, argv)):
        print(path.relative_to(ROOT.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
