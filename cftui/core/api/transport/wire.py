"""One exchange on the wire: a request out, a status, headers and a decoded, capped body back.

What can go wrong on the way (connection failures, timeouts, redirects, oversized bodies)
becomes a ``CftuiError`` raised ``from`` the httpx exception, so the client can tell from the
cause whether anything reached the server. Everything the server chose (headers, the redirect
target, exception texts quoting it) passes through the redactor before anyone reads it.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from cftui.core.api.transport.deadline import within
from cftui.core.api.transport.decoding import Decoder
from cftui.core.api.transport.network import DEFAULT_BASE_URL
from cftui.core.errors import CftuiError, MalformedResponseError, NetworkError, UsageError
from cftui.core.redact import Redact
from cftui.core.text import sanitize, shorten

# Statuses whose Location asks the client to go elsewhere (304 and 300 are not redirects).
REDIRECTS = frozenset((301, 302, 303, 307, 308))


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    headers: httpx.Headers  # values redacted
    body: bytes


@dataclass(frozen=True, slots=True)
class Limits:
    connect_timeout: float
    total_timeout: float
    max_body_bytes: int
    given: float | None = None  # the time the user gave (--timeout), when a deadline cut it

    @property
    def said(self) -> float:
        """The seconds a message names: what the user gave, not the leftover of it."""
        return self.total_timeout if self.given is None else self.given


async def exchange(
    http: httpx.AsyncClient, request: httpx.Request, limits: Limits, redact: Redact
) -> Reply:
    """Send ``request`` and read the answer, the whole exchange under ``total_timeout``."""
    import asyncio  # here, so the blocking path (whoami) never loads the event loop

    host = request.url.host
    try:
        async with asyncio.timeout(limits.total_timeout):
            response = await http.send(request, stream=True)
            try:
                body = _Body(response, limits.max_body_bytes, redact)
                if body.read_already:
                    body.add(response.content)
                else:
                    async for chunk in response.aiter_raw():
                        body.add(chunk)
                return body.reply()
            finally:
                await response.aclose()
    except CftuiError:
        raise
    except Exception as exc:
        raise failure(exc, host, limits, redact) from exc


def exchange_sync(
    http: httpx.Client, request: httpx.Request, limits: Limits, redact: Redact
) -> Reply:
    """``exchange`` for a blocking ``httpx.Client``, with the same errors and one deadline
    over every socket wait (the transport must come from ``deadline.enforce``)."""
    host = request.url.host
    deadline = time.monotonic() + limits.total_timeout
    try:
        with within(limits.total_timeout):
            response = http.send(request, stream=True)
            try:
                body = _Body(response, limits.max_body_bytes, redact)
                chunks = [response.content] if body.read_already else response.iter_raw()
                for chunk in chunks:
                    body.add(chunk)
                    if time.monotonic() > deadline:
                        raise TimeoutError("the answer took longer than the total timeout")
                return body.reply()
            finally:
                response.close()
    except CftuiError:
        raise
    except Exception as exc:
        raise failure(exc, host, limits, redact) from exc


class _Body:
    """One answer's body, decoded as it arrives; refuses redirects and oversized answers."""

    def __init__(self, response: httpx.Response, cap: int, redact: Redact) -> None:
        self.status = response.status_code
        self.headers = httpx.Headers(
            [(k.encode(), redact(v).encode()) for k, v in response.headers.multi_items()]
        )
        if self.status in REDIRECTS:
            raise _redirect_error(self.status, self.headers, response.request.url.host)
        declared = self.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise _too_large(self.status, cap)
        # A response made in memory (httpx.MockTransport) arrives read and decoded.
        self.read_already = response.is_stream_consumed
        encoding = "" if self.read_already else ",".join(self.headers.get_list("content-encoding"))
        self._decoder = Decoder(encoding, cap, lambda: _too_large(self.status, cap))
        self._cap = cap
        self._chunks: list[bytes] = []
        self._size = 0

    def add(self, raw: bytes) -> None:
        self._keep(self._decoder.feed(raw))

    def reply(self) -> Reply:
        self._keep(self._decoder.end())
        return Reply(self.status, self.headers, b"".join(self._chunks))

    def _keep(self, chunks: Iterable[bytes]) -> None:
        for chunk in chunks:
            self._size += len(chunk)
            if self._size > self._cap:
                raise _too_large(self.status, self._cap)
            self._chunks.append(chunk)


def is_tls_failure(exc: BaseException | None) -> bool:
    """A certificate or handshake problem: asking again cannot fix it."""
    for _ in range(10):
        if exc is None:
            return False
        if isinstance(exc, ssl.SSLError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def failure(exc: Exception, host: str, limits: Limits, redact: Redact) -> CftuiError:
    """What a failed exchange means to the user."""
    text = redact(str(exc)) or type(exc).__name__
    network_hint = "Check your network connection and proxy settings, then try again."
    if isinstance(exc, httpx.ConnectTimeout):
        if limits.given is not None and limits.connect_timeout >= limits.total_timeout:
            # what was left of the command's time was less than the time to connect
            message = f"Timed out connecting to {host} within the {limits.said:g} s given."
        else:
            message = f"Timed out connecting to {host} after {limits.connect_timeout:g} s."
    elif isinstance(exc, httpx.ConnectError):
        message = f"Could not connect to {host}: {text}"
    elif isinstance(exc, httpx.ReadError | httpx.WriteError | httpx.RemoteProtocolError):
        message = f"The connection to {host} was closed or reset before a complete answer arrived."
    elif isinstance(exc, TimeoutError | httpx.TimeoutException):
        return NetworkError(
            f"{host} did not send a complete answer within {limits.said:g} s.",
            hint="Check your network connection, or try again later.",
            detail=text,
        )
    elif isinstance(exc, httpx.LocalProtocolError | UnicodeError):
        # h11 quotes the offending header value, so the exception text is never shown.
        return UsageError(
            "The credential contains characters that cannot be sent in an HTTP header.",
            hint="Log in again and paste the credential exactly as Cloudflare shows it.",
            detail=type(exc).__name__,
        )
    elif isinstance(exc, httpx.DecodingError):  # a body httpx decoded (made in memory)
        return MalformedResponseError("Cloudflare's answer could not be decompressed.", detail=text)
    elif isinstance(exc, MemoryError):
        return too_big_for_memory(None)
    elif isinstance(exc, httpx.HTTPError | httpx.InvalidURL | httpx.StreamError | OSError):
        return NetworkError(
            f"The request to {host} failed: {text}", hint=network_hint, detail=type(exc).__name__
        )
    else:
        return CftuiError(
            f"Unexpected error while talking to {host} ({type(exc).__name__}).",
            hint="Please report this; running with --debug shows more.",
        )
    if is_tls_failure(exc):
        network_hint = (
            "The TLS connection failed; if a proxy inspects TLS, point SSL_CERT_FILE at its "
            "CA bundle."
        )
    return NetworkError(message, hint=network_hint, detail=text)


def _redirect_error(status: int, headers: httpx.Headers, host: str) -> NetworkError:
    try:
        target = urlsplit(headers.get("location", "")).hostname or host
    except ValueError:
        target = "an unreadable address"
    return NetworkError(
        f"Cloudflare answered with a redirect (HTTP {status}) to "
        f"{shorten(sanitize(target), 80)}; cftui does not follow redirects, so credentials "
        "never go to another host.",
        hint=f"If CLOUDFLARE_BASE_URL is set, check that it is the exact API URL "
        f"(for example {DEFAULT_BASE_URL}).",
    )


def too_big_for_memory(status: int | None) -> MalformedResponseError:
    """Even under the cap, a machine short of memory cannot hold every answer."""
    return MalformedResponseError(
        "Cloudflare's answer was too large for the memory available to cftui.",
        status=status,
        hint="Free some memory and try again; if CLOUDFLARE_BASE_URL or a proxy is set, check it.",
    )


def _too_large(status: int, cap: int) -> MalformedResponseError:
    limit = f"{cap / 1048576:g} MiB" if cap >= 1048576 else f"{cap:,} bytes"
    return MalformedResponseError(
        f"Cloudflare's answer (HTTP {status}) was too large: the body exceeded {limit}.",
        status=status,
        hint="Even a user in thousands of organizations is a few MiB; "
        "check CLOUDFLARE_BASE_URL or any proxy.",
    )
