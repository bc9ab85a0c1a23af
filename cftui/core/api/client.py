"""The Cloudflare API clients: asynchronous (the TUI) and blocking (the CLI).

Both are ``BaseClient`` plus a loop: one awaits, the other blocks, and that is all that
differs. The blocking one exists because ``whoami`` asks and exits: an event loop costs it
tens of milliseconds and megabytes for nothing. Every endpoint in ``endpoints`` is a method of
both (``client.get_user()``); a whole list is the pager's (``pager``, ``paging``) over
``request``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable, Coroutine
from types import TracebackType
from typing import Any, Generic, ParamSpec, Self, TypeVar, Unpack, overload

import httpx

from cftui.core import clock
from cftui.core.api import endpoints
from cftui.core.api.base_client import BaseClient, ClientOptions
from cftui.core.api.endpoints import ApiCall
from cftui.core.api.transport import wire
from cftui.core.api.transport.deadline import enforce
from cftui.core.api.transport.network import connection
from cftui.core.credentials.kinds import Credential
from cftui.core.errors import CftuiError

P = ParamSpec("P")
R = TypeVar("R")


class _Endpoint(Generic[P, R]):
    """An endpoint as a method: on the blocking client it returns the answer, on the async
    client a coroutine of it."""

    def __init__(self, build: Callable[P, ApiCall[R]]) -> None:
        self._build = build
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, client: None, owner: type) -> Self: ...
    @overload
    def __get__(self, client: SyncCloudflareClient, owner: type) -> Callable[P, R]: ...
    @overload
    def __get__(
        self, client: CloudflareClient, owner: type
    ) -> Callable[P, Coroutine[Any, Any, R]]: ...
    def __get__(self, client: Any, owner: type) -> Any:
        if client is None:
            return self
        build = self._build

        def method(*args: P.args, **kwargs: P.kwargs) -> Any:
            return client.request(build(*args, **kwargs))

        return method


class _Endpoints:
    get_user = _Endpoint(endpoints.get_user)
    verify_token = _Endpoint(endpoints.verify_token)
    list_accounts = _Endpoint(endpoints.list_accounts)
    verify_account_token = _Endpoint(endpoints.verify_account_token)
    list_tokens = _Endpoint(endpoints.list_tokens)
    get_token = _Endpoint(endpoints.get_token)
    roll_token = _Endpoint(endpoints.roll_token)
    list_permission_groups = _Endpoint(endpoints.list_permission_groups)
    list_memberships = _Endpoint(endpoints.list_memberships)
    get_membership = _Endpoint(endpoints.get_membership)
    update_membership = _Endpoint(endpoints.update_membership)


class CloudflareClient(BaseClient, _Endpoints):
    """The API without blocking a loop; one connection pool, closed by ``aclose()``.

    ``transport`` and ``sleep`` exist for tests: a ``httpx.MockTransport`` and a fake sleep
    that records the backoff instead of waiting (``asyncio.sleep`` when not given).
    """

    def __init__(
        self,
        credential: Credential,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[object]] | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        super().__init__(credential, **options)
        if sleep is None:
            import asyncio

            sleep = asyncio.sleep
        self._sleep = sleep
        if transport is None:
            verify, proxy = connection(self.base_url, os.environ)
            transport = httpx.AsyncHTTPTransport(verify=verify, proxy=proxy)
        self._http = httpx.AsyncClient(
            transport=transport, timeout=self.timeout, follow_redirects=False, trust_env=False
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def request(self, call: ApiCall[R]) -> R:
        """Send ``call``, asking again where that is safe. Raises only ``CftuiError``
        (cancellation aside)."""
        if self._pause_left():
            await self._sleep(self._pause_left())
        for attempt in range(1, self.attempts + 1):
            started = time.monotonic()
            try:
                request = self._build(self._http, call)
                reply = await wire.exchange(
                    self._http, request, self._limits_now(call), self.redact
                )
                return self._answer(call, reply, attempt, started)
            except CftuiError as error:
                self._failed(call, error, attempt, started)
                delay = self._retry_delay(call, error, attempt)
                if delay is None:
                    raise
                await self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover


def _clock_sleep(seconds: float) -> None:
    clock.sleep(seconds)


class SyncCloudflareClient(BaseClient, _Endpoints):
    """``CloudflareClient`` for a program that can simply wait: same answers, same errors.

    Close it with ``close()`` or ``with``. ``sleep`` defaults to ``clock.sleep``, looked up at
    each wait.
    """

    def __init__(
        self,
        credential: Credential,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], object] | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        super().__init__(credential, **options)
        self._sleep = _clock_sleep if sleep is None else sleep
        if transport is None:
            verify, proxy = connection(self.base_url, os.environ)
            transport = enforce(httpx.HTTPTransport(verify=verify, proxy=proxy))
        self._http = httpx.Client(
            transport=transport, timeout=self.timeout, follow_redirects=False, trust_env=False
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def request(self, call: ApiCall[R]) -> R:
        """Send ``call``, asking again where that is safe. Raises only ``CftuiError``
        (KeyboardInterrupt aside)."""
        if self._pause_left():
            self._sleep(self._pause_left())
        for attempt in range(1, self.attempts + 1):
            started = time.monotonic()
            try:
                request = self._build(self._http, call)
                reply = wire.exchange_sync(self._http, request, self._limits_now(call), self.redact)
                return self._answer(call, reply, attempt, started)
            except CftuiError as error:
                self._failed(call, error, attempt, started)
                delay = self._retry_delay(call, error, attempt)
                if delay is None:
                    raise
                self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover
