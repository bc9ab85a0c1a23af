"""Regenerate the README screenshots from the app itself: ``python screenshots/generate.py``.

Everything runs in-process on embedded or fake data: no network, no real keyring (profiles
go to a temporary directory and a throwaway in-memory keyring), and a frozen clock, so the
SVGs only change when the UI does.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import keyring
from keyring.backend import KeyringBackend
from textual.pilot import Pilot

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from cftui.core import clock as wall_clock  # noqa: E402
from cftui.core.api.client import CloudflareClient  # noqa: E402
from cftui.core.credentials.kinds import Credential, make_token  # noqa: E402
from cftui.core.credentials.profiles import ProfileStore  # noqa: E402
from cftui.ui.app import CftuiApp  # noqa: E402
from cftui.ui.types import UserSource  # noqa: E402

FAKE_TOKEN = "cfut_ScreenshotOnlyNotARealToken000000000000"  # noqa: S105


class MemoryKeyring(KeyringBackend):
    priority = -1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


def _refusing(request: httpx.Request) -> httpx.Response:
    """What Cloudflare answers a valid token that lacks User Details: Read (the same bodies
    as the test suite's fake API): ``/user`` refused with 9109, the token itself active."""
    if request.url.path.endswith("/user/tokens/verify"):
        result = {"id": "ed17574386854bf78a67040be0a770b0", "status": "active"}
        message = {"code": 10000, "message": "This API Token is valid and active", "type": None}
        body = {"success": True, "errors": [], "messages": [message], "result": result}
        return httpx.Response(200, json=body)
    error = {"code": 9109, "message": "Unauthorized to access requested resource"}
    body = {"success": False, "errors": [error], "messages": [], "result": None}
    return httpx.Response(403, json=body)


def rejected(credential: Credential) -> UserSource:
    """The real client, its whole request path, over an in-memory transport."""
    return CloudflareClient(credential, transport=httpx.MockTransport(_refusing))


def clock() -> float:
    return 1000.0


def today() -> datetime:
    """The day the screenshots are taken on: token countdowns do not change with the date."""
    return datetime(2026, 11, 29, 15, 30, tzinfo=UTC)


Step = Callable[[Pilot[Any]], Awaitable[None]]


async def shoot(app: CftuiApp, name: str, size: tuple[int, int], *keys: str) -> Path:
    async with app.run_test(size=size) as pilot:
        app.animation_level = "none"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        path = ROOT / f"{name}.svg"
        path.write_text(app.export_screenshot(title="cftui"), encoding="utf-8")
    return path


def demo() -> CftuiApp:
    return CftuiApp(None, demo=True, env={}, clock=clock, now=today)


def store_in(directory: Path, *profiles: str) -> ProfileStore:
    store = ProfileStore(config_dir=directory)
    for name in profiles:
        store.save(name, make_token(FAKE_TOKEN), make_default=True)
    return store


async def main() -> None:
    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory() as tmp:
        shots = [
            await shoot(
                CftuiApp(None, demo=True, env={}, clock=clock, now=today), "main", (120, 36)
            ),
            await shoot(
                CftuiApp(None, demo=True, env={}, clock=clock, now=today), "main-80x24", (80, 24)
            ),
            await shoot(
                demo(),
                "account",
                (120, 36),
                *["down"] * 4,  # Meridian Analytics Co: policies scoped to two zones
                "enter",
            ),
            await shoot(
                demo(),
                "invitation",
                (100, 30),
                "down",  # Harbourline Events: a pending invitation
                "enter",
                "a",
            ),
            await shoot(
                CftuiApp(store_in(Path(tmp) / "empty"), env={}, clock=clock, now=today),
                "login",
                (100, 30),
                "l",
            ),
            await shoot(
                CftuiApp(
                    store_in(Path(tmp) / "work", "work"),
                    env={},
                    client_factory=rejected,
                    clock=clock,
                    now=today,
                ),
                "error-auth-rejected",
                (100, 30),
            ),
        ]
    for path in shots:
        print(path.relative_to(ROOT.parent))


if __name__ == "__main__":
    wall_clock.utc_now = today  # the demo token's dates too
    asyncio.run(main())
