"""Everything the two clients share: building a request, the retry policy, reading an answer.

A request carries the credential's headers, the user agent and the timeouts. It is asked
again only where that is safe: a connection that failed before anything was sent, any
connection failure for a ``GET``, and a 429 or 5xx answer for a ``GET``; never a ``PUT`` the
server may have acted on. Waits follow ``Retry-After`` (never beyond a minute) or an
exponential backoff with jitter, and a 429 pauses every request of the client, not only the
refused one. An answer is decoded, its envelope unwrapped and any refusal turned into the
user's error here, once. The subclasses only run the loop: one waits with ``await``, the
other blocks.
"""

from __future__ import annotations

import logging
import math
import random
import re
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypedDict, TypeVar, Unpack

import httpx

from cftui import __version__
from cftui.core import clock
from cftui.core.api import refusals
from cftui.core.api.endpoints import ApiCall
from cftui.core.api.envelope import BodyNotJson, decode_json
from cftui.core.api.ratelimit import RateLimit
from cftui.core.api.reading import read_answer
from cftui.core.api.transport.decoding import ACCEPT
from cftui.core.api.transport.network import DEFAULT_BASE_URL, validate_base_url
from cftui.core.api.transport.wire import Limits, Reply, failure, is_tls_failure, too_big_for_memory
from cftui.core.credentials.kinds import ApiToken, Credential
from cftui.core.errors import CftuiError, NetworkError, RateLimitedError, ServerError
from cftui.core.redact import Redactor
from cftui.core.text import sanitize, shorten

R = TypeVar("R")
USER_AGENT = f"cftui/{__version__}"
# ~1.2 KiB per organization: 32 MiB holds well over 20,000 of them.
MAX_BODY_BYTES = 32 * 1024 * 1024
MAX_RETRY_DELAY = 60.0
BACKOFF_BASE = 0.5
# Nothing reached the server: safe to send again, whatever the method.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# The connection broke after the request may have arrived: safe again only for a GET.
CONNECTION_LOST = (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)
_SECONDS = re.compile(r"\d{1,12}(?:\.\d{1,6})?")

logger = logging.getLogger("cftui.client")
_jitter = random.Random()  # noqa: S311 -- jitter, not a secret


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date); ``None`` if
    absent or unreadable. A date in the past means zero."""
    if value is None:
        return None
    value = value.strip()
    if _SECONDS.fullmatch(value):
        seconds = float(value)
        return seconds if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or clock.utc_now())).total_seconds(), 0.0)


def backoff(attempt: int, retry_after: float | None) -> float:
    """Retry-After when given, else exponential with jitter; never above a minute."""
    if retry_after is not None:
        return min(max(retry_after, 0.0), MAX_RETRY_DELAY)
    base = BACKOFF_BASE * 2.0 ** (attempt - 1)
    return min(base + _jitter.uniform(0, base), MAX_RETRY_DELAY)


class ClientOptions(TypedDict, total=False):
    """What both clients accept besides the credential (defaults: the API, 2 retries, 5 s to
    connect, 20 s for a whole exchange, 32 MiB of decoded body)."""

    base_url: str
    max_retries: int
    connect_timeout: float
    total_timeout: float
    max_body_bytes: int
    deadline: float  # a time.monotonic() instant: every request and retry is done by then


class BaseClient:
    """One credential's requests to one base URL. No message, log record or error text it
    makes carries a secret: credentials only ever go into request headers."""

    def __init__(self, credential: Credential, **options: Unpack[ClientOptions]) -> None:
        base_url = options.get("base_url", DEFAULT_BASE_URL)
        max_retries = options.get("max_retries", 2)
        connect_timeout = options.get("connect_timeout", 5.0)
        total_timeout = options.get("total_timeout", 20.0)
        max_body_bytes = options.get("max_body_bytes", MAX_BODY_BYTES)
        if max_retries < 0 or connect_timeout <= 0 or total_timeout <= 0 or max_body_bytes <= 0:
            raise ValueError("retries must be >= 0; timeouts and the body cap must be > 0")
        self.credential = credential
        self.base_url = validate_base_url(base_url)
        self.attempts = max_retries + 1
        self.limits = Limits(connect_timeout, total_timeout, max_body_bytes)
        self.timeout = httpx.Timeout(total_timeout, connect=connect_timeout)
        secret = credential.token if isinstance(credential, ApiToken) else credential.key
        self.redact = Redactor((secret,))
        self._headers = {
            **credential.headers(),
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
            "Accept-Encoding": ACCEPT,
        }
        self._paused_until = 0.0  # time.monotonic() before which no request is sent (429)
        self.deadline = options.get("deadline")  # one limit for a whole command (--timeout)

    def _build(self, http: httpx.Client | httpx.AsyncClient, call: ApiCall[R]) -> httpx.Request:
        try:
            return http.build_request(
                call.method,
                self.base_url + call.path,
                params=call.params,
                json=call.json,
                headers=self._headers,
            )
        except Exception as exc:  # a header value httpx cannot encode, an unusable URL
            host = http.base_url.host or self.base_url
            raise failure(exc, host, self.limits, self.redact) from exc

    def _limits_now(self, call: ApiCall[R]) -> Limits:
        """The limits for the next attempt: the client's own, cut to what is left of the
        deadline; none left is a network error (exit 5), and nothing more is sent."""
        if self.deadline is None:
            return self.limits
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise NetworkError(
                f"The {call.what} could not be fetched within the time given to the command.",
                hint="Give the command longer with --timeout, or try again later.",
            )
        if left >= self.limits.total_timeout:
            return self.limits
        return Limits(
            min(self.limits.connect_timeout, left),
            left,
            self.limits.max_body_bytes,
            given=self.limits.total_timeout,
        )

    def _within_deadline(self, delay: float) -> bool:
        return self.deadline is None or time.monotonic() + delay < self.deadline

    def _pause_left(self) -> float:
        return max(self._paused_until - time.monotonic(), 0.0)

    def _retry_delay(self, call: ApiCall[R], error: CftuiError, attempt: int) -> float | None:
        """How long to wait before asking again, or ``None`` when ``error`` is final."""
        cause = error.__cause__
        answered = isinstance(error, RateLimitedError | ServerError)
        if answered or isinstance(cause, CONNECTION_LOST):
            retry = call.idempotent
        else:
            retry = isinstance(cause, NOT_SENT) and not is_tls_failure(cause)
        retry_after: float | None = getattr(error, "retry_after", None)
        if isinstance(error, RateLimitedError) and (retry_after or 0.0) <= MAX_RETRY_DELAY:
            pause = backoff(attempt, retry_after)
            self._paused_until = max(self._paused_until, time.monotonic() + pause)
        if not retry or attempt >= self.attempts or (retry_after or 0.0) > MAX_RETRY_DELAY:
            if retry and self.attempts > 1:
                tried = f"gave up after {self.attempts} attempts"
                error.detail = f"{error.detail}; {tried}" if error.detail else tried
            return None
        delay = max(backoff(attempt, retry_after), self._pause_left())
        if not self._within_deadline(delay):  # the answer would come after the command ends
            return None
        logger.debug(
            "%s %s%s: %s on attempt %d/%d; retrying in %.2f s",
            call.method,
            self.base_url,
            call.path,
            type(error).__name__,
            attempt,
            self.attempts,
            delay,
        )
        return delay

    def _failed(self, call: ApiCall[R], error: CftuiError, attempt: int, started: float) -> None:
        logger.debug(
            "%s %s%s failed: %s (attempt %d, %.3f s)",
            call.method,
            self.base_url,
            call.path,
            type(error).__name__,
            attempt,
            time.monotonic() - started,
        )

    def _answer(self, call: ApiCall[R], reply: Reply, attempt: int, started: float) -> R:
        """What ``reply`` holds for ``call``; raises the user's error if it is a refusal."""
        try:
            return self._read(call, reply, attempt, started)
        except MemoryError:
            raise too_big_for_memory(reply.status) from None

    def _read(self, call: ApiCall[R], reply: Reply, attempt: int, started: float) -> R:
        status = reply.status
        ratelimit = RateLimit.from_headers(reply.headers)
        logger.debug(
            "%s %s%s -> HTTP %d (attempt %d, ratelimit: %s, %.3f s)",
            call.method,
            self.base_url,
            call.path,
            status,
            attempt,
            ratelimit or "none",
            time.monotonic() - started,
        )
        ray = reply.headers.get("cf-ray")
        ray = shorten(sanitize(ray), 80) if ray else None
        answer = refusals.Answer(
            status=status,
            request_id=ray,
            retry_after=parse_retry_after(reply.headers.get("retry-after")),
            detail=f"HTTP {status}" + (f", cf-ray {ray}" if ray else ""),
        )
        try:
            data = decode_json(reply.body)
        except BodyNotJson as exc:
            raise refusals.for_bad_body(
                answer, exc, content_type=reply.headers.get("content-type", ""), body=reply.body
            ) from None
        if self.redact.finds_in(reply.body):
            data = self.redact.json(data)
        return read_answer(
            call,
            data,
            answer,
            kind=self.credential.kind,
            redact=self.redact,
            ratelimit=ratelimit,
            attempts=attempt,
        )
