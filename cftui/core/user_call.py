"""Everything about ``GET /user`` except the transport: headers, retries, redaction, meaning.

The async client (the TUI) and the blocking one (``whoami``, ``login``) both drive a
``UserCall``, so the two cannot drift apart: they differ only in how they wait and which
``httpx`` client carries the bytes.
"""

from __future__ import annotations

import logging
import random
import time
from typing import Any

from cftui import __version__
from cftui.core import responses
from cftui.core.credentials import ApiToken, Credential, mask
from cftui.core.errors import CftuiError, MalformedResponseError
from cftui.core.http import Limits, Reply, Transient, validate_base_url
from cftui.core.models import parse_envelope
from cftui.core.ratelimit import RateLimit, parse_retry_after
from cftui.core.text import sanitize, shorten
from cftui.core.user_response import UserResponse

USER_AGENT = f"cftui/{__version__}"
# ~1.2 KiB per organization: 32 MiB holds well over 20,000 of them.
MAX_BODY_BYTES = 32 * 1024 * 1024
MAX_RETRY_DELAY = 60.0
BACKOFF_BASE = 0.5

logger = logging.getLogger("cftui.client")
_jitter = random.Random()  # noqa: S311 -- jitter, not a secret


class UserCall:
    """One credential's ``GET /user``: what to send, when to ask again, what an answer means.

    Nothing but a ``CftuiError`` comes out of it, and no message, log record or error text
    carries a secret: credentials are only ever placed in request headers, never logged.
    """

    def __init__(
        self,
        credential: Credential,
        *,
        base_url: str,
        max_retries: int,
        connect_timeout: float,
        total_timeout: float,
        max_body_bytes: int,
    ) -> None:
        if max_retries < 0 or connect_timeout <= 0 or total_timeout <= 0 or max_body_bytes <= 0:
            raise ValueError("retries must be >= 0; timeouts and the body cap must be > 0")
        self.credential = credential
        self.base_url = validate_base_url(base_url)
        self.url = f"{self.base_url}/user"
        self.attempts = max_retries + 1
        self.limits = Limits(connect_timeout, total_timeout, max_body_bytes)
        secret = credential.token if isinstance(credential, ApiToken) else credential.key
        self.secrets = (secret,) if secret else ()
        self.headers = {
            **credential.headers(),
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
        }

    def retry_delay(self, transient: Transient, attempt: int) -> float:
        """How long to wait before the next attempt; raises the user's error if none is left."""
        error = transient.error
        too_long = (transient.retry_after or 0.0) > MAX_RETRY_DELAY
        if attempt == self.attempts or too_long:
            if self.attempts > 1:
                tried = f"gave up after {self.attempts} attempts"
                error.detail = f"{error.detail}; {tried}" if error.detail else tried
            raise error from error.__cause__
        delay = backoff(attempt, transient.retry_after)
        logger.debug(
            "GET %s: %s on attempt %d/%d; retrying in %.2f s",
            self.url,
            type(error).__name__,
            attempt,
            self.attempts,
            delay,
        )
        return delay

    def failed(self, exc: CftuiError | Transient, attempt: int, started: float) -> None:
        name = type(exc.error if isinstance(exc, Transient) else exc).__name__
        logger.debug(
            "GET %s failed: %s (attempt %d, %.3f s)",
            self.url,
            name,
            attempt,
            time.monotonic() - started,
        )

    def answer(self, reply: Reply, attempt: int, started: float) -> UserResponse:
        """The user in ``reply``, or the error (``Transient`` if worth another attempt)."""
        ratelimit = RateLimit.from_headers(reply.headers)
        logger.debug(
            "GET %s -> HTTP %d (attempt %d, ratelimit: %s, %.3f s)",
            self.url,
            reply.status,
            attempt,
            ratelimit or "none",
            time.monotonic() - started,
        )
        return self._interpret(reply, attempt, ratelimit)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, mask(secret))
        return text

    def redact_json(self, value: Any) -> Any:
        """The decoded body with our secret masked wherever the server echoed it back.

        A debugging proxy or a base URL pointing at an echo service reflects the request
        headers; whatever the answer holds is printed by whoami and drawn by the UI.
        """
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, dict):
            return {self.redact(str(k)): self.redact_json(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.redact_json(v) for v in value]
        return value

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
        if b"\\" in reply.body or any(s.encode() in reply.body for s in self.secrets):
            data = self.redact_json(data)  # the secret, literally or spelled with escapes
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
                kind=self.credential.kind,
                retry_after=retry_after,
                redact=self.redact,
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
            body=data,
            status=status,
            ratelimit=ratelimit,
            attempts=attempt,
        )


def backoff(attempt: int, retry_after: float | None) -> float:
    """Retry-After when given, else exponential with jitter; never above a minute."""
    if retry_after is not None:
        return min(max(retry_after, 0.0), MAX_RETRY_DELAY)
    base = BACKOFF_BASE * 2.0 ** (attempt - 1)
    return min(base + _jitter.uniform(0, base), MAX_RETRY_DELAY)
