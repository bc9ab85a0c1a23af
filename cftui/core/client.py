"""The Cloudflare API clients: one ``GET /user``, asynchronous (the TUI) or blocking (the CLI).

What to send, when to ask again and what an answer means live in ``user_call``, one exchange
on the wire in ``http``, what a refusal means in ``responses``; the two clients here only
carry the bytes and wait. The blocking one exists because ``whoami`` asks once and exits:
an event loop (asyncio, anyio) costs it tens of milliseconds and megabytes for nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Self

import httpx

from cftui.core.credentials import Credential
from cftui.core.errors import CftuiError
from cftui.core.http import Transient, fetch, fetch_sync, validate_base_url
from cftui.core.ratelimit import RateLimit
from cftui.core.user_call import MAX_BODY_BYTES, UserCall
from cftui.core.user_response import UserResponse

__all__ = [
    "DEFAULT_BASE_URL",
    "MAX_BODY_BYTES",
    "CloudflareClient",
    "RateLimit",
    "SyncCloudflareClient",
    "UserResponse",
    "base_url_from_env",
    "validate_base_url",
]

DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4"
BASE_URL_ENV = "CLOUDFLARE_BASE_URL"


def base_url_from_env(env: Mapping[str, str] | None = None) -> str:
    """``CLOUDFLARE_BASE_URL`` (the official SDK's variable) if set, validated; else default."""
    value = (os.environ if env is None else env).get(BASE_URL_ENV, "").strip()
    return validate_base_url(value, what=BASE_URL_ENV) if value else DEFAULT_BASE_URL


class _Client:
    def __init__(
        self,
        credential: Credential,
        base_url: str,
        max_retries: int,
        connect_timeout: float,
        total_timeout: float,
        max_body_bytes: int,
    ) -> None:
        self._call = UserCall(
            credential,
            base_url=base_url,
            max_retries=max_retries,
            connect_timeout=connect_timeout,
            total_timeout=total_timeout,
            max_body_bytes=max_body_bytes,
        )
        self._timeout = httpx.Timeout(total_timeout, connect=connect_timeout)

    @property
    def base_url(self) -> str:
        return self._call.base_url

    @property
    def credential(self) -> Credential:
        return self._call.credential


class CloudflareClient(_Client):
    """Reads the current user's details from the Cloudflare API without blocking a loop.

    One instance holds one connection pool; close it with ``aclose()`` or ``async with``.
    ``transport`` and ``sleep`` exist for tests: a ``httpx.MockTransport`` and a fake sleep
    that records the backoff instead of waiting (``asyncio.sleep`` when not given).
    """

    def __init__(
        self,
        credential: Credential,
        *,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.AsyncBaseTransport | None = None,
        max_retries: int = 2,
        connect_timeout: float = 5.0,
        total_timeout: float = 20.0,
        max_body_bytes: int = MAX_BODY_BYTES,
        sleep: Callable[[float], Awaitable[object]] | None = None,
    ) -> None:
        super().__init__(
            credential, base_url, max_retries, connect_timeout, total_timeout, max_body_bytes
        )
        if sleep is None:
            import asyncio

            sleep = asyncio.sleep
        self._sleep = sleep
        self._http = httpx.AsyncClient(
            transport=transport, timeout=self._timeout, follow_redirects=False, trust_env=True
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

    async def get_user(self) -> UserResponse:
        """``GET {base}/user``, retried on connection errors, 429 and 5xx.

        Raises only ``CftuiError`` subclasses (cancellation aside).
        """
        call = self._call
        for attempt in range(1, call.attempts + 1):
            started = time.monotonic()
            try:
                try:
                    reply = await fetch(
                        self._http, call.url, call.headers, call.limits, call.redact
                    )
                except (CftuiError, Transient) as exc:
                    call.failed(exc, attempt, started)
                    raise
                return call.answer(reply, attempt, started)
            except Transient as transient:
                await self._sleep(call.retry_delay(transient, attempt))
        raise AssertionError("unreachable")  # pragma: no cover


class SyncCloudflareClient(_Client):
    """``CloudflareClient`` for a program that can simply wait: same answers, same errors.

    Close it with ``close()`` or ``with``. ``sleep`` defaults to ``time.sleep``.
    """

    def __init__(
        self,
        credential: Credential,
        *,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.BaseTransport | None = None,
        max_retries: int = 2,
        connect_timeout: float = 5.0,
        total_timeout: float = 20.0,
        max_body_bytes: int = MAX_BODY_BYTES,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        super().__init__(
            credential, base_url, max_retries, connect_timeout, total_timeout, max_body_bytes
        )
        self._sleep = time.sleep if sleep is None else sleep
        self._http = httpx.Client(
            transport=transport, timeout=self._timeout, follow_redirects=False, trust_env=True
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

    def get_user(self) -> UserResponse:
        """``GET {base}/user``, retried on connection errors, 429 and 5xx.

        Raises only ``CftuiError`` subclasses (KeyboardInterrupt aside).
        """
        call = self._call
        for attempt in range(1, call.attempts + 1):
            started = time.monotonic()
            try:
                try:
                    reply = fetch_sync(self._http, call.url, call.headers, call.limits, call.redact)
                except (CftuiError, Transient) as exc:
                    call.failed(exc, attempt, started)
                    raise
                return call.answer(reply, attempt, started)
            except Transient as transient:
                self._sleep(call.retry_delay(transient, attempt))
        raise AssertionError("unreachable")  # pragma: no cover
