"""What a command takes from outside its arguments: the environment, the clock, the profile
store, the API clients (blocking, and the app's async one) and the retry sleep.

A command's ``run(args, context)`` takes these from the ``Context``, not from ``os.environ``,
the clock module or a client of its own, so a test runs a command in process with a client
over ``httpx.MockTransport``, its own store or a sleep that records the backoff, instead of
patching modules. (Below the commands, the core still reads the process's environment where
it settles how to connect, proxies and TLS, and where the profiles live.) The CLI builds one
``Context()`` per run from the real process. A plain class with ``__slots__``:
``dataclasses`` would cost every ``cftui --help`` its import.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, NoReturn, Protocol

if TYPE_CHECKING:
    from datetime import datetime

    from cftui.core.api.client import CloudflareClient, SyncCloudflareClient
    from cftui.core.credentials.kinds import Credential
    from cftui.core.credentials.profiles import ProfileStore


class ClientFactory(Protocol):
    """Builds the blocking client a command asks Cloudflare with (``retries``: how many times
    a failed request is asked again; ``doctor`` asks once, to time the answer)."""

    def __call__(
        self, credential: Credential, timeout: float, *, retries: int = 2
    ) -> SyncCloudflareClient: ...


def _utc_now() -> datetime:
    from cftui.core import clock  # not before it is needed: datetime costs ms to import

    return clock.utc_now()


def _clock_sleep(seconds: float) -> None:
    """``clock.sleep``, looked up at each wait: the suite's children make it return at once."""
    from cftui.core import clock

    clock.sleep(seconds)


def _profile_store() -> ProfileStore:
    from cftui.core.credentials.profiles import ProfileStore

    return ProfileStore()


class Context:
    """Read-only once built; each part defaults to the real one (``os.environ``, the wall
    clock, the profiles in the config directory, the Cloudflare API, ``time.sleep``)."""

    __slots__ = ("client", "env", "profile_store", "sleep", "utc_now")

    env: Mapping[str, str]
    utc_now: Callable[[], datetime]
    profile_store: Callable[[], ProfileStore]
    client: ClientFactory
    sleep: Callable[[float], None]

    def __init__(
        self,
        *,
        env: Mapping[str, str] | None = None,
        utc_now: Callable[[], datetime] | None = None,
        profile_store: Callable[[], ProfileStore] | None = None,
        client: ClientFactory | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        parts = {
            "env": os.environ if env is None else env,
            "utc_now": _utc_now if utc_now is None else utc_now,
            "profile_store": _profile_store if profile_store is None else profile_store,
            "client": self._blocking_client if client is None else client,
            "sleep": _clock_sleep if sleep is None else sleep,
        }
        for name, value in parts.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"a Context is read-only (tried to set {name!r})")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"a Context is read-only (tried to delete {name!r})")

    def base_url(self) -> str:
        """The API base URL: ``CLOUDFLARE_BASE_URL`` (checked) or Cloudflare's own. The one
        place the environment becomes a base URL: both clients below and ``doctor`` ask here."""
        from cftui.core.api.transport.network import base_url_from_env

        return base_url_from_env(self.env)

    def async_client(self, credential: Credential) -> CloudflareClient:
        """The interactive app's client (its ``client_factory``): the base URL is asked for
        here, when the first client is built, so a malformed ``CLOUDFLARE_BASE_URL`` is said
        where a check would fail, and the demo never looks at it."""
        from cftui.core.api.client import CloudflareClient

        return CloudflareClient(credential, base_url=self.base_url())

    def _blocking_client(
        self, credential: Credential, timeout: float, *, retries: int = 2
    ) -> SyncCloudflareClient:
        """The CLI's client: blocking on purpose, as a command asks and exits (an event loop
        would add tens of milliseconds and megabytes to every ``whoami``); ``timeout`` bounds
        the whole command from now on (every request and retry of this client), and connecting
        gets at most 5 s of it."""
        from cftui.core.api.client import SyncCloudflareClient

        return SyncCloudflareClient(
            credential,
            base_url=self.base_url(),
            max_retries=retries,
            connect_timeout=min(5.0, timeout),
            total_timeout=timeout,
            deadline=time.monotonic() + timeout,
            sleep=self.sleep,
        )
