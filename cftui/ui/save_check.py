"""Whether a login can be saved: known before the login dialog offers its buttons, and the
same wherever the dialog is opened from.

A login used to find out only after the secret was typed and verified that the keyring
could not keep it, and dialogs opened from different places decided differently on the same
machine. Here the profile index and the keyring are tried once per app run (a harmless test
value stored, read back and deleted, bounded by the keystore's timeout, off the event loop),
and every dialog shows that one answer. Later evidence turns a "yes" into a "no" for the
dialogs after it: a save that failed all the same, or the app's own keyring read failing.
The keyring is not touched until a login dialog first opens (the demo, and credentials from
the environment, never need it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from cftui.core.credentials.keyring_check import check_keyring
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.errors import CftuiError

logger = logging.getLogger("cftui.ui")

Probe = Callable[[ProfileStore], CftuiError | None]
"""Tries what a save needs; the error that would stop a save, or ``None``. Blocking."""

NO_STORE = "there is no profile store in this session"


def probe_store(store: ProfileStore) -> CftuiError | None:
    """The index readable (a save rewrites it) and the keyring able to keep a value."""
    try:
        store.list_profiles()
    except CftuiError as error:
        return error
    return check_keyring(store.keystore, index_path=store.path).error


@dataclass(frozen=True, slots=True)
class SaveDecision:
    can_save: bool
    why_not: str = ""
    """What stops a save, as the store or keyring said it."""


class SaveCheck:
    def __init__(self, store: ProfileStore | None, probe: Probe = probe_store) -> None:
        self.store = store
        self._probe = probe
        self._known: SaveDecision | None = (
            None if store is not None else SaveDecision(False, NO_STORE)
        )
        self._running: asyncio.Future[SaveDecision] | None = None

    @property
    def known(self) -> SaveDecision | None:
        """The decision, when it is known without waiting."""
        return self._known

    async def decide(self) -> SaveDecision:
        """The decision; the first caller starts the one probe, later callers share it."""
        if self._known is not None:
            return self._known
        if self._running is None:
            self._running = asyncio.ensure_future(self._run())
        # Shielded: a dialog closed meanwhile must not cancel the probe others wait for.
        return await asyncio.shield(self._running)

    async def _run(self) -> SaveDecision:
        store = self.store
        assert store is not None  # a decision without a store is known from the start
        try:
            error = await asyncio.to_thread(self._probe, store)
        except Exception as exc:  # a bug must not leave every dialog waiting
            logger.error("the keyring check failed: %s", type(exc).__name__)
            found = SaveDecision(False, f"the keyring check failed ({type(exc).__name__})")
        else:
            found = SaveDecision(True) if error is None else SaveDecision(False, error.message)
        self._running = None
        if self._known is None:  # a failure noted meanwhile is newer evidence
            self._known = found
        return self._known

    def failed(self, error: CftuiError) -> None:
        """A save or a keyring read failed after all: later dialogs offer the session only."""
        self._known = SaveDecision(False, error.message)
