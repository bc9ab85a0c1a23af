"""Which profiles screen ``p`` opens: the saved profiles with their verdicts, or, in the demo,
the demo's fleet of four (read-only), each checked as ``cftui status`` checks it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from cftui.ui import fleet_health
from cftui.ui.save_check import SaveCheck
from cftui.ui.screens.profiles import ProfilesScreen
from cftui.ui.session import Session


def profiles_screen(
    session: Session, save_check: SaveCheck, now: Callable[[], datetime]
) -> ProfilesScreen | None:
    """``None`` when there is no profile store and no demo: nothing to list."""
    factory = session.client_factory
    if session.demo:
        fleet = fleet_health.demo_fleet(now)
        profiles = fleet_health.demo_profiles()
        shown = next(p.name for p in profiles if p.is_default)
        return ProfilesScreen(None, shown, factory, health=fleet, fixed=profiles)
    store = session.store
    if store is None:
        return None
    current = session.resolved.profile if session.resolved else None
    health = fleet_health.saved_fleet(store, factory, now)
    return ProfilesScreen(store, current, factory, saving=save_check, health=health)
