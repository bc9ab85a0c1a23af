"""One HTTP exchange with the API, reduced to a status, headers and a capped body.

Everything that can go wrong on the wire (a refused base URL, connection failures, timeouts,
redirects, oversized bodies) becomes a ``CftuiError`` here, so ``client`` only decides what
an answer means and when to ask again. No message built here contains a request header:
exception text passes through ``redact`` before it is shown.
"""

from __future__ import annotations

import ipaddress
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

import httpx

from cftui.core.errors import CftuiError, MalformedResponseError, NetworkError, UsageError
from cftui.core.text import sanitize, shorten

EXAMPLE_URL = "https://api.cloudflare.com/client/v4"

# Failures where no answer arrived and asking again is safe: GET /user changes nothing.
CONNECTION_ERRORS = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)

_E = TypeVar("_E", bound=CftuiError)


def is_loopback(host: str) -> bool:
    if host.rstrip(".").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_base_url(url: str, *, what: str = "The API base URL") -> str:
    """Refuse any base URL that could send credentials in clear text or somewhere odd.

    https only; plain http only for loopback hosts (the test server). Returns the URL
    normalised (lower-case scheme, no trailing slash).
    """
    text = url.strip()
    shown = shorten(sanitize(text), 80)
    example = f"Use a URL like {EXAMPLE_URL}."
    try:
        if not text.isprintable() or any(ch.isspace() for ch in text):
            raise ValueError("spaces or control characters")
        parts = urlsplit(text)
        parts.port  # noqa: B018 -- raises ValueError for a bad port
        httpx.URL(text)
    except (ValueError, httpx.InvalidURL):
        raise UsageError(f"{what} {shown!r} is not a valid URL.", hint=example) from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in ("http", "https") or not host:
        raise UsageError(f"{what} {shown!r} is not an http(s) URL.", hint=example)
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            f"{what} must not contain a user name or password.",
            hint="Remove the part before '@'; cftui sends credentials in headers.",
        )
    if parts.query or parts.fragment:
        raise UsageError(f"{what} {shown!r} must not have a query or fragment.", hint=example)
    if scheme == "http" and not is_loopback(host):
        raise UsageError(
            f"{what} {shown!r} uses plain http:// for {host}, which would send credentials "
            "unencrypted.",
            hint="Use https://; plain http:// is accepted only for 127.0.0.1, ::1 and localhost.",
        )
    return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    headers: httpx.Headers
    body: bytes


class Transient(Exception):
    """An attempt failed in a way a retry may fix; ``error`` is what the user sees if not."""

    def __init__(self, error: CftuiError, retry_after: float | None = None) -> None:
        super().__init__(error.message)
        self.error = error
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Limits:
    connect_timeout: float
    total_timeout: float
    max_body_bytes: int


def _caused(error: _E, cause: BaseException) -> _E:
    error.__cause__ = cause
    return error


def _is_tls_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _host(url: str) -> str:
    return urlsplit(url).hostname or "the API host"


async def fetch(
    http: httpx.AsyncClient,
    url: str,
    headers: Mapping[str, str],
    limits: Limits,
    redact: Callable[[str], str],
) -> Reply:
    """One GET with the whole exchange under ``total_timeout``.

    Raises ``Transient`` (wrapping a ``NetworkError``) for connection failures and a
    ``CftuiError`` for everything else; nothing else escapes except cancellation.
    """
    import asyncio  # here, so the blocking path (whoami) never loads the event loop

    host = _host(url)
    try:
        async with (
            asyncio.timeout(limits.total_timeout),
            http.stream("GET", url, headers=dict(headers)) as response,
        ):
            body = _Body(response, host, limits.max_body_bytes)
            async for chunk in response.aiter_bytes():
                body.add(chunk)
            return body.reply()
    except CftuiError:
        raise
    except Exception as exc:
        raise wire_error(exc, host, limits, redact) from exc


def fetch_sync(
    http: httpx.Client,
    url: str,
    headers: Mapping[str, str],
    limits: Limits,
    redact: Callable[[str], str],
) -> Reply:
    """``fetch`` for a blocking ``httpx.Client``, with the same errors.

    Without an event loop the whole-exchange limit is a deadline checked between chunks; the
    client's read timeout (``total_timeout``) bounds each wait, so a server that trickles its
    answer is cut off after at most about twice ``total_timeout``.
    """
    host = _host(url)
    deadline = time.monotonic() + limits.total_timeout
    try:
        with http.stream("GET", url, headers=dict(headers)) as response:
            body = _Body(response, host, limits.max_body_bytes)
            for chunk in response.iter_bytes():
                body.add(chunk)
                if time.monotonic() > deadline:
                    raise TimeoutError("the answer took longer than the total timeout")
            return body.reply()
    except CftuiError:
        raise
    except Exception as exc:
        raise wire_error(exc, host, limits, redact) from exc


def wire_error(
    exc: Exception, host: str, limits: Limits, redact: Callable[[str], str]
) -> CftuiError | Transient:
    """What a failed exchange means to the user (shared by ``fetch`` and ``fetch_sync``)."""
    if isinstance(exc, CONNECTION_ERRORS):
        error = _connection_error(exc, host, limits, redact)
        if _is_tls_failure(exc):  # a certificate problem does not go away by asking again
            return error
        return Transient(error)
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        return NetworkError(
            f"{host} did not send a complete answer within {limits.total_timeout:g} s.",
            hint="Check your network connection, or try again later.",
            detail=redact(str(exc)) or type(exc).__name__,
        )
    if isinstance(exc, httpx.LocalProtocolError | UnicodeError):
        # h11 quotes the offending header value, so the exception text is never shown.
        return UsageError(
            "The credential contains characters that cannot be sent in an HTTP header.",
            hint="Log in again and paste the credential exactly as Cloudflare shows it.",
            detail=type(exc).__name__,
        )
    if isinstance(exc, httpx.DecodingError):
        return MalformedResponseError(
            "Cloudflare's answer could not be decompressed.", detail=redact(str(exc))
        )
    if isinstance(exc, httpx.HTTPError | httpx.InvalidURL | httpx.StreamError | OSError):
        return NetworkError(
            f"The request to {host} failed: " + (redact(str(exc)) or type(exc).__name__),
            hint="Check your network connection and proxy settings, then try again.",
            detail=type(exc).__name__,
        )
    return CftuiError(
        f"Unexpected error while talking to {host} ({type(exc).__name__}).",
        hint="Please report this; running with --debug shows more.",
    )


def _connection_error(
    exc: httpx.HTTPError, host: str, limits: Limits, redact: Callable[[str], str]
) -> NetworkError:
    text = redact(str(exc)) or type(exc).__name__
    if isinstance(exc, httpx.ConnectTimeout):
        message = f"Timed out connecting to {host} after {limits.connect_timeout:g} s."
    elif isinstance(exc, httpx.ConnectError):
        message = f"Could not connect to {host}: {text}"
    else:
        message = f"The connection to {host} was closed or reset before a complete answer arrived."
    hint = "Check your network connection and proxy settings, then try again."
    if _is_tls_failure(exc):
        hint = (
            "The TLS connection failed; if a proxy inspects TLS, point SSL_CERT_FILE at its "
            "CA bundle."
        )
    return _caused(NetworkError(message, hint=hint, detail=text), exc)


def _redirect_error(response: httpx.Response, host: str) -> NetworkError:
    location = response.headers.get("location", "")
    try:
        target = urlsplit(location).hostname or host
    except ValueError:
        target = "an unreadable address"
    return NetworkError(
        f"Cloudflare answered with a redirect (HTTP {response.status_code}) to "
        f"{shorten(sanitize(target), 80)}; cftui does not follow redirects, so credentials "
        "never go to another host.",
        hint=f"If CLOUDFLARE_BASE_URL is set, check that it is the exact API URL "
        f"(for example {EXAMPLE_URL}).",
    )


class _Body:
    """The capped body of one answer; refuses redirects and oversized answers on the way in."""

    def __init__(self, response: httpx.Response, host: str, cap: int) -> None:
        if 300 <= response.status_code < 400:
            raise _redirect_error(response, host)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise _too_large(response.status_code, cap)
        self._response = response
        self._cap = cap
        self._chunks: list[bytes] = []
        self._size = 0

    def add(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size > self._cap:
            raise _too_large(self._response.status_code, self._cap)
        self._chunks.append(chunk)

    def reply(self) -> Reply:
        return Reply(self._response.status_code, self._response.headers, b"".join(self._chunks))


def _too_large(status: int, cap: int) -> MalformedResponseError:
    limit = f"{cap / 1048576:g} MiB" if cap >= 1048576 else f"{cap:,} bytes"
    return MalformedResponseError(
        f"Cloudflare's answer (HTTP {status}) was too large: the body exceeded {limit}.",
        status=status,
        hint="Even a user in thousands of organizations is a few MiB; "
        "check CLOUDFLARE_BASE_URL or any proxy.",
    )
