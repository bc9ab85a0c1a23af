"""The Cloudflare API client: one ``GET /user`` over one ``httpx.AsyncClient``.

The client decides when to ask again and what a successful answer holds; one exchange on the
wire lives in ``http``, what a refusal means in ``responses``. Nothing
but a ``CftuiError`` leaves ``get_user``, and no message, log record or error text carries a
secret: credentials are only ever placed in request headers, which are never logged.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any, Self

import httpx

from cftui import __version__
from cftui.core import responses
from cftui.core.credentials import ApiToken, Credential, mask
from cftui.core.errors import CftuiError, MalformedResponseError
from cftui.core.http import Limits, Reply, Transient, fetch, validate_base_url
from cftui.core.models import UserResponse, parse_envelope
from cftui.core.ratelimit import RateLimit, parse_retry_after
from cftui.core.text import sanitize, sanitize_json, shorten

__all__ = [
    "DEFAULT_BASE_URL",
    "CloudflareClient",
    "RateLimit",
    "UserResponse",
    "base_url_from_env",
    "validate_base_url",
]

DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4"
BASE_URL_ENV = "CLOUDFLARE_BASE_URL"
USER_AGENT = f"cftui/{__version__}"
# ~1.2 KiB per organization: 32 MiB holds well over 20,000 of them.
MAX_BODY_BYTES = 32 * 1024 * 1024
MAX_RETRY_DELAY = 60.0
BACKOFF_BASE = 0.5

logger = logging.getLogger("cftui.client")
_jitter = random.Random()  # noqa: S311 -- jitter, not a secret


def base_url_from_env(env: Mapping[str, str] | None = None) -> str:
    """``CLOUDFLARE_BASE_URL`` (the official SDK's variable) if set, validated; else default."""
    value = (os.environ if env is None else env).get(BASE_URL_ENV, "").strip()
    return validate_base_url(value, what=BASE_URL_ENV) if value else DEFAULT_BASE_URL


class CloudflareClient:
    """Reads the current user's details from the Cloudflare API.

    One instance holds one connection pool; close it with ``aclose()`` or ``async with``.
    ``transport`` and ``sleep`` exist for tests: a ``httpx.MockTransport`` and a fake sleep
    that records the backoff instead of waiting.
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
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if max_retries < 0 or connect_timeout <= 0 or total_timeout <= 0 or max_body_bytes <= 0:
            raise ValueError("retries must be >= 0; timeouts and the body cap must be > 0")
        self._credential = credential
        self._base_url = validate_base_url(base_url)
        self._max_retries = max_retries
        self._limits = Limits(connect_timeout, total_timeout, max_body_bytes)
        self._sleep = sleep
        secret = credential.token if isinstance(credential, ApiToken) else credential.key
        self._secrets = (secret,) if secret else ()
        self._headers = {
            **credential.headers(),
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
        }
        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(total_timeout, connect=connect_timeout),
            follow_redirects=False,
            trust_env=True,
        )

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def credential(self) -> Credential:
        return self._credential

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
        url = f"{self._base_url}/user"
        attempts = self._max_retries + 1
        for attempt in range(1, attempts + 1):
            try:
                return await self._attempt(url, attempt)
            except Transient as transient:
                error = transient.error
                too_long = (transient.retry_after or 0.0) > MAX_RETRY_DELAY
                if attempt == attempts or too_long:
                    if attempts > 1:
                        tried = f"gave up after {attempts} attempts"
                        error.detail = f"{error.detail}; {tried}" if error.detail else tried
                    raise error from error.__cause__
                delay = self._backoff(attempt, transient.retry_after)
                logger.debug(
                    "GET %s: %s on attempt %d/%d; retrying in %.2f s",
                    url,
                    type(error).__name__,
                    attempt,
                    attempts,
                    delay,
                )
                await self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        """Retry-After when given, else exponential with jitter; never above a minute."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), MAX_RETRY_DELAY)
        base = BACKOFF_BASE * 2.0 ** (attempt - 1)
        return min(base + _jitter.uniform(0, base), MAX_RETRY_DELAY)

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, mask(secret))
        return text

    def _redact_json(self, value: Any) -> Any:
        """The decoded body with our secret masked wherever the server echoed it back.

        A debugging proxy or a base URL pointing at an echo service reflects the request
        headers; whatever the answer holds is printed by whoami and drawn by the UI.
        """
        if isinstance(value, str):
            return self._redact(value)
        if isinstance(value, dict):
            return {self._redact(str(k)): self._redact_json(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._redact_json(v) for v in value]
        return value

    async def _attempt(self, url: str, attempt: int) -> UserResponse:
        started = time.monotonic()
        try:
            reply = await fetch(self._http, url, self._headers, self._limits, self._redact)
        except (CftuiError, Transient) as exc:
            name = type(exc.error if isinstance(exc, Transient) else exc).__name__
            logger.debug(
                "GET %s failed: %s (attempt %d, %.3f s)",
                url,
                name,
                attempt,
                time.monotonic() - started,
            )
            raise
        ratelimit = RateLimit.from_headers(reply.headers)
        logger.debug(
            "GET %s -> HTTP %d (attempt %d, ratelimit: %s, %.3f s)",
            url,
            reply.status,
            attempt,
            ratelimit or "none",
            time.monotonic() - started,
        )
        return self._interpret(reply, attempt, ratelimit)

    def _interpret(self, reply: Reply, attempt: int, ratelimit: RateLimit | None) -> UserResponse:
        status = reply.status
        retry_after = parse_retry_after(reply.headers.get("retry-after"))
        ray = reply.headers.get("cf-ray")
        detail = f"HTTP {status}" + (f", cf-ray {shorten(sanitize(ray), 40)}" if ray else "")
        transient = status == 429 or status >= 500
        try:
            data = responses.decode_json(reply.body)
        except responses.BodyNotJson as exc:
            error = responses.error_for_bad_body(
                status,
                exc,
                content_type=reply.headers.get("content-type", ""),
                body=reply.body,
                retry_after=retry_after,
                detail=detail,
            )
            raise (Transient(error, retry_after) if transient else error) from None
        if b"\\" in reply.body or any(s.encode() in reply.body for s in self._secrets):
            data = self._redact_json(data)  # the secret, literally or spelled with escapes
        try:
            envelope = parse_envelope(data)
        except MalformedResponseError as exc:
            error = responses.error_for_unexpected_json(
                status, exc, retry_after=retry_after, detail=detail
            )
            raise (Transient(error, retry_after) if transient else error) from None
        if not envelope.success or status >= 400:
            api_error = responses.error_for_envelope(
                status,
                envelope.errors,
                kind=self._credential.kind,
                retry_after=retry_after,
                redact=self._redact,
                detail=detail,
            )
            if responses.is_transient(api_error):
                raise Transient(api_error, retry_after)
            raise api_error
        if envelope.result is None:
            raise MalformedResponseError(
                "Cloudflare reported success but sent no user details (result is null).",
                path="result",
                status=status,
                detail=detail,
            )
        return UserResponse(
            user=envelope.result,
            messages=envelope.messages,
            raw=sanitize_json(data),
            status=status,
            ratelimit=ratelimit,
            attempts=attempt,
        )
