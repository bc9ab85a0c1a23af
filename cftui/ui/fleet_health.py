"""Each saved profile's verdict for the profiles screen, as each check lands.

The same roster, quick check and judgement as ``cftui status`` (``core.fleet``): the secrets
are read one profile after another off the event loop (a locked keyring is asked once), then
every credential is checked at once on the async client; ``(name, health)`` is yielded as
each answer comes, so the screen fills in a row at a time and a slow profile holds back no
other. The environment's credential is not a saved profile: it is left out here.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime

from cftui.core.credentials.kinds import Credential
from cftui.core.credentials.profiles import ProfileInfo, ProfileStore
from cftui.core.errors import CftuiError
from cftui.core.fleet.health import Health, failed, judge
from cftui.core.fleet.roster import Roster
from cftui.ui.types import ClientFactory

FleetHealth = Callable[[], AsyncIterator[tuple[str, Health]]]
"""Starts the checks; yields each profile's verdict as it lands. Raises ``CftuiError`` when
the profiles cannot be listed at all (the screen says so already)."""
Check = Callable[[Credential], Awaitable[Health]]


async def landing(roster: Roster, check: Check) -> AsyncIterator[tuple[str, Health]]:
    """Verdicts already decided (missing, locked) first, then each check as it ends. Closing
    the iterator early (the screen closed) cancels the checks still running."""

    async def one(name: str, credential: Credential) -> tuple[str, Health]:
        try:
            return name, await check(credential)
        except CftuiError as error:
            return name, failed(error)

    running = []
    for entry in roster.entries:
        if entry.health is not None:
            yield entry.name, entry.health
        elif entry.credential is not None:
            running.append(asyncio.ensure_future(one(entry.name, entry.credential)))
    try:
        for next_one in asyncio.as_completed(running):
            yield await next_one
    finally:
        for task in running:
            task.cancel()


def saved_fleet(
    store: ProfileStore, factory: ClientFactory, now: Callable[[], datetime]
) -> FleetHealth:
    """The saved profiles, each checked through the app's client factory."""

    async def check(credential: Credential) -> Health:
        from cftui.core.overview.quick import fetch_quick

        client = factory(credential)
        try:
            return judge(await fetch_quick(client), now())
        finally:
            await client.aclose()

    async def verdicts() -> AsyncIterator[tuple[str, Health]]:
        from cftui.core.fleet.roster import roster

        saved = await asyncio.to_thread(roster, store, {})
        async for landed in landing(saved, check):
            yield landed

    return verdicts


def demo_fleet(now: Callable[[], datetime]) -> FleetHealth:
    """The demo's four profiles, each answered in process by its persona."""

    async def verdicts() -> AsyncIterator[tuple[str, Health]]:
        from cftui.core.demo.fleet import demo_check, demo_roster

        async def check(credential: Credential) -> Health:
            return await asyncio.to_thread(demo_check, credential, now())

        async for landed in landing(demo_roster(), check):
            yield landed

    return verdicts


def demo_profiles() -> tuple[ProfileInfo, ...]:
    """The demo's profiles as the profiles screen lists saved ones."""
    from cftui.core.demo.fleet import demo_roster

    return tuple(
        ProfileInfo(e.name, "token", None, e.default)
        for e in demo_roster().entries
        if e.credential is not None
    )
