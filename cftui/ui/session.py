"""Which credential the app uses right now, and the one requester built from it.

Separate from the App so that switching (profile, session-only login, demo) is plain
asyncio with no terminal involved. Keyring reads run in a thread: a locked keyring may take
seconds to answer (or time out), and the UI must keep drawing meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping

from cftui.core.api.requester import Requester
from cftui.core.credentials.kinds import ApiToken
from cftui.core.credentials.profiles import ProfileStore, ResolvedCredential
from cftui.core.demo.user import DEMO_SOURCE
from cftui.core.errors import NoCredentialsError
from cftui.ui.state import Identity
from cftui.ui.types import (
    ClientFactory,
    Switch,
    UseCredential,
    UseDefault,
    UseDemo,
    UseProfile,
)

DEMO_PROFILE = "demo"
SESSION_ONLY_SOURCE = "session login (not saved)"


class Session:
    def __init__(
        self,
        store: ProfileStore | None,
        *,
        profile: str | None,
        env: Mapping[str, str],
        demo: bool,
        client_factory: ClientFactory,
    ) -> None:
        self.store = store
        self.profile = profile
        self.env = env
        self.demo = demo
        self.client_factory = client_factory
        self.resolved: ResolvedCredential | None = None
        self.first_run = False
        self.session_only = False
        self._source: Requester | None = None
        self._stale: list[Requester] = []

    @property
    def identity(self) -> Identity:
        if self.demo:
            return Identity(profile=DEMO_PROFILE, source=DEMO_SOURCE, demo=True)
        resolved = self.resolved
        if resolved is None:
            return Identity(profile=self.profile)
        return Identity(resolved.profile, resolved.source, session_only=self.session_only)

    @property
    def secrets(self) -> tuple[str, ...]:
        """The current secret(s), only so the raw view can prove they are absent."""
        if self.resolved is None:
            return ()
        cred = self.resolved.credential
        return (cred.token,) if isinstance(cred, ApiToken) else (cred.key,)

    async def source(self) -> Requester:
        """The requester for the current choice, resolving credentials on first use.

        Raises ``CftuiError`` subclasses (no credentials, keyring trouble, bad env values);
        ``first_run`` tells a fresh install apart from a missing profile.
        """
        await self._close_stale()
        if self._source is not None:
            return self._source
        if self.demo:
            from cftui.core.demo.clients import demo_client

            self._source = demo_client()  # the real client, answered in process
            return self._source
        if self.resolved is None:
            self.resolved = await self._resolve()
        self._source = self.client_factory(self.resolved.credential)
        return self._source

    async def _resolve(self) -> ResolvedCredential:
        store = self.store
        if store is None:
            raise NoCredentialsError(
                "No profile store in this session.", hint="Log in for this session, or quit."
            )
        try:
            return await asyncio.to_thread(store.resolve, self.profile, self.env)
        except NoCredentialsError:
            if self.profile is None:
                self.first_run = not await asyncio.to_thread(store.list_profiles)
            raise

    def _drop_source(self) -> None:
        if self._source is not None:
            self._stale.append(self._source)
        self._source = None
        self.first_run = False

    def switch(self, choice: Switch) -> None:
        """Forget the current credential and source; the next ``source()`` builds the new one."""
        self._drop_source()
        self.demo = isinstance(choice, UseDemo)
        self.session_only = isinstance(choice, UseCredential)
        self.resolved = None
        match choice:
            case UseProfile(name):
                self.profile = name
            case UseDefault():
                self.profile = None
            case UseCredential(credential):
                self.resolved = ResolvedCredential(credential, SESSION_ONLY_SOURCE, None)

    async def _close_stale(self) -> None:
        stale, self._stale = self._stale, []
        for source in stale:
            with contextlib.suppress(Exception):
                await source.aclose()

    async def aclose(self) -> None:
        self._drop_source()
        await self._close_stale()
