"""Rolling a token from the TUI: who holds it, the roll, and the new secret stored back.

The same order and rules as ``cftui tokens roll`` (``core.tokens``): the holders are found
*before* the roll (afterwards their old secret no longer verifies), by verifying every stored
API token profile and the environment's token; then ``PUT /user/tokens/{id}/value``; then
``store_rolled`` writes the new secret into each holder's keyring entry with the trial
write, read back and restore on failure, and verifies it. Keyring work runs in a thread (a
locked keyring may take seconds); the verify requests it makes are sent on the app's loop
through the app's client factory, so tests answer them with the same fakes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from cftui.core.api.endpoints import verify_token
from cftui.core.api.requester import Requester
from cftui.core.credentials.kinds import ApiToken
from cftui.core.credentials.profiles import ProfileStore, ResolvedCredential
from cftui.core.errors import CftuiError
from cftui.core.tokens.holders import Candidate, HolderSearch, find_holders
from cftui.core.tokens.roll import RollOutcome, roll, store_rolled
from cftui.ui.types import ClientFactory

T = TypeVar("T")
VERIFY_TIMEOUT = 60.0
"""A verify asked from the keyring thread waits this long for the loop's answer at most."""


def _candidates(
    store: ProfileStore | None, resolved: ResolvedCredential | None
) -> tuple[list[Candidate], list[tuple[str, str]]]:
    """Every API token the user keeps (blocking: reads the keyring)."""
    found: list[Candidate] = []
    unchecked: list[tuple[str, str]] = []
    for info in store.list_profiles() if store is not None else ():
        if info.kind != "token":
            continue
        try:
            credential = store.load(info.name) if store is not None else None
        except CftuiError as error:
            unchecked.append((f"profile {info.name}", error.message))
            continue
        if isinstance(credential, ApiToken):
            found.append(Candidate(f"profile {info.name}", info.name, credential))
    if resolved is not None and resolved.profile is None:
        credential = resolved.credential
        if isinstance(credential, ApiToken):
            found.append(Candidate(resolved.source, None, credential))
    return found, unchecked


class Roller:
    """One roll, from the holder search to the stored secret, for the app's session."""

    def __init__(
        self,
        source: Requester,
        factory: ClientFactory,
        store: ProfileStore | None,
        resolved: ResolvedCredential | None,
    ) -> None:
        self.source = source
        self.factory = factory
        self.store = store
        self.resolved = resolved
        self._loop: asyncio.AbstractEventLoop | None = None

    def _on_loop(self, make: Callable[[], Coroutine[Any, Any, T]]) -> T:
        """Run a coroutine on the app's loop from a worker thread, and wait for it."""
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(make(), self._loop).result(VERIFY_TIMEOUT)

    def verify_id(self, credential: ApiToken) -> str | None:
        """The id ``/user/tokens/verify`` answers for ``credential`` (from a thread)."""

        async def ask() -> str | None:
            client = self.factory(credential)
            try:
                return (await client.request(verify_token())).result.id
            finally:
                await client.aclose()

        return self._on_loop(ask)

    async def roll(self, token_id: str, name: str) -> tuple[RollOutcome, HolderSearch]:
        """Roll ``token_id``; raises a worded ``CftuiError`` when nothing was rolled, and
        never once it was: what could not be stored is in the outcome."""
        self._loop = asyncio.get_running_loop()
        candidates, unchecked = await asyncio.to_thread(_candidates, self.store, self.resolved)
        search = await asyncio.to_thread(
            find_holders, token_id, candidates, self.verify_id, unchecked
        )
        secret = await roll(self.source, token_id, name)  # a refusal comes worded
        outcome = await asyncio.to_thread(
            store_rolled, secret, token_id, search, self.store, self.verify_id
        )
        return outcome, search


def why_shown(outcome: RollOutcome, search: HolderSearch) -> str:
    """Why the new secret is on screen, in one or two sentences (never the secret)."""
    if outcome.failed:
        names = ", ".join(f"profile {p}" for p, _ in outcome.failed)
        why = "; ".join(error.message for _, error in outcome.failed)
        return f"The new value could not be stored in {names}: {why}"
    if outcome.in_env:
        return (
            "The environment variable CLOUDFLARE_API_TOKEN held the old value: put the new "
            "one there yourself."
        )
    if search.unchecked:
        return "No stored profile could be confirmed to hold this token."
    return "No stored profile holds this token, so it was stored nowhere."


def stored_note(outcome: RollOutcome) -> str:
    """The notification after a roll whose secret went into the keyring."""
    names = ", ".join(f"profile {p}" for p in outcome.stored)
    if outcome.verified:
        return f"The new value is stored in {names} and works."
    if outcome.verified is False:
        return f"The new value is stored in {names}, but it verified as another token."
    problem = f": {outcome.verify_problem}" if outcome.verify_problem else "."
    return f"The new value is stored in {names}; checking it failed{problem}"
