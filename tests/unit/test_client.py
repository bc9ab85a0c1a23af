"""CloudflareClient against httpx.MockTransport: headers, URL rules, retries, caps, errors.

Every test that goes through ``call``/``fail`` runs twice: once with the async client (the
TUI's) and once with the blocking one (whoami's), which must give the same answers.
"""

from __future__ import annotations

import asyncio
import gzip
import inspect
import json
import logging
import ssl
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

from cftui import __version__
from cftui.core.api import envelope as envelope_module
from cftui.core.api.base_client import parse_retry_after
from cftui.core.api.client import CloudflareClient, SyncCloudflareClient
from cftui.core.api.envelope import BodyNotJson, UserResponse, decode_json, json_depth_exceeds
from cftui.core.api.ratelimit import RateLimit
from cftui.core.api.transport.network import DEFAULT_BASE_URL, base_url_from_env, validate_base_url
from cftui.core.credentials.kinds import ApiToken, Credential, GlobalApiKey
from cftui.core.errors import (
    ApiError,
    AuthError,
    CftuiError,
    ExitCode,
    MalformedResponseError,
    NetworkError,
    RateLimitedError,
    ServerError,
    UsageError,
)
from cftui.core.redact import mask
from tests.support.fixed_clock import FIXED_NOW

TOKEN_SECRET = "cfut_TESTsecret0123456789abcdefghijklmnopqrstuvw"
KEY_SECRET = "0123456789abcdef0123456789abcdef01234"
TOKEN = ApiToken(TOKEN_SECRET)
GLOBAL = GlobalApiKey(email="ada@example.com", key=KEY_SECRET)
USER_URL = f"{DEFAULT_BASE_URL}/user"
Handler = Callable[[httpx.Request], Any]


# Tests whose handlers block on asyncio primitives exercise only the async client.
ASYNC_ONLY = frozenset({"test_whole_request_timeout"})
MODE = {"sync": False}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    source = inspect.getsource(metafunc.function)
    if "await call(" in source or "await fail(" in source:
        modes = ["async"] if metafunc.function.__name__ in ASYNC_ONLY else ["async", "sync"]
        metafunc.parametrize("client_mode", modes, indirect=True)


@pytest.fixture(autouse=True)
def client_mode(request: pytest.FixtureRequest) -> Iterator[str]:
    mode: str = getattr(request, "param", "async")
    MODE["sync"] = mode == "sync"
    yield mode
    MODE["sync"] = False


class FakeSleep:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)

    def sync(self, delay: float) -> None:
        self.delays.append(delay)


class Recorder(httpx.MockTransport):
    """A MockTransport that remembers every request and whether it was closed."""

    def __init__(self, handler: Handler) -> None:
        self.requests: list[httpx.Request] = []
        self.closed = False

        async def record(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            result = handler(request)
            if asyncio.iscoroutine(result):
                result = await result
            assert isinstance(result, httpx.Response)
            return result

        super().__init__(record)

    async def aclose(self) -> None:
        self.closed = True


class SyncRecorder(httpx.MockTransport):
    """``Recorder`` for the blocking client."""

    def __init__(self, handler: Handler) -> None:
        self.requests: list[httpx.Request] = []
        self.closed = False

        def record(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            result = handler(request)
            assert isinstance(result, httpx.Response)
            return result

        super().__init__(record)

    def close(self) -> None:
        self.closed = True


def envelope(result: Any = None, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"success": not errors, "errors": errors or [], "messages": [], "result": result}


USER = {
    "id": "7c5dae5552338874e5053f2534d2767a",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "organizations": [{"id": "01a7", "name": "Engines", "roles": ["Admin"], "status": "member"}],
}


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=envelope(USER))


def refusal(status: int, *errors: dict[str, Any], **headers: str) -> Handler:
    body = envelope(None, list(errors))
    hdrs = {k.replace("_", "-"): v for k, v in headers.items()}
    return lambda request: httpx.Response(status, json=body, headers=hdrs)


async def call(
    handler: Handler, credential: Credential = TOKEN, **kwargs: Any
) -> tuple[UserResponse | CftuiError, Recorder | SyncRecorder, FakeSleep]:
    """Run get_user once (async or blocking client, per the test's mode); result or error."""
    sleep = FakeSleep()
    if MODE["sync"]:
        sync_transport = SyncRecorder(handler)
        with SyncCloudflareClient(
            credential, transport=sync_transport, sleep=sleep.sync, **kwargs
        ) as sync_client:
            try:
                return sync_client.get_user(), sync_transport, sleep
            except CftuiError as exc:
                return exc, sync_transport, sleep
    transport = Recorder(handler)
    async with CloudflareClient(credential, transport=transport, sleep=sleep, **kwargs) as client:
        try:
            return await client.get_user(), transport, sleep
        except CftuiError as exc:
            return exc, transport, sleep


async def fail(handler: Handler, credential: Credential = TOKEN, **kwargs: Any) -> CftuiError:
    result, _, _ = await call(handler, credential, **kwargs)
    assert isinstance(result, CftuiError), result
    return result


# -- requests ---------------------------------------------------------------------------------


async def test_token_request_headers() -> None:
    result, transport, _ = await call(ok)
    assert isinstance(result, UserResponse)
    (request,) = transport.requests
    assert request.method == "GET"
    assert str(request.url) == USER_URL
    assert request.headers["authorization"] == f"Bearer {TOKEN_SECRET}"
    assert request.headers["user-agent"] == f"cftui/{__version__}"
    assert request.headers["accept"] == "application/json"
    assert "x-auth-key" not in request.headers
    assert "x-auth-email" not in request.headers


async def test_global_key_request_headers() -> None:
    _, transport, _ = await call(ok, GLOBAL)
    (request,) = transport.requests
    assert request.headers["x-auth-email"] == "ada@example.com"
    assert request.headers["x-auth-key"] == KEY_SECRET
    assert request.headers["user-agent"] == f"cftui/{__version__}"
    assert "authorization" not in request.headers


async def test_success_returns_user_raw_status_ratelimit_and_attempts() -> None:
    body = envelope({**USER, "first_name": "Ada\x1b[31m", "unknown": "x\x07y"})
    body["messages"] = [{"code": 10, "message": "hello"}]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body, headers={"Ratelimit": '"default";r=50;t=30'})

    result, _, sleep = await call(handler)
    assert isinstance(result, UserResponse)
    assert result.user.first_name == "Ada[31m"
    assert result.user.organizations[0].roles == ("Admin",)
    assert result.raw["result"]["unknown"] == "xy"  # raw is sanitized too
    assert [str(m) for m in result.messages] == ["hello (code 10)"]
    assert (result.status, result.attempts, sleep.delays) == (200, 1, [])
    assert result.ratelimit is not None
    assert (result.ratelimit.remaining, result.ratelimit.reset) == (50, 30)


async def test_raw_is_sanitized_once_and_only_when_read(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = envelope_module.sanitize_json

    def counting(value: object) -> object:
        calls.append(value)
        return real(value)

    monkeypatch.setattr(envelope_module, "sanitize_json", counting)
    result, _, _ = await call(ok_with(first_name="Ada\\u001b[31m", unknown="x\\u202ey"))
    assert isinstance(result, UserResponse)
    assert calls == []  # whoami never pays for the raw copy
    assert result.raw["result"]["unknown"] == "xy"
    assert result.raw["result"]["first_name"] == "Ada[31m"
    assert result.raw is result.raw
    assert len(calls) == 1
    assert "202e" not in repr(result).lower()  # the unsanitized body is not in the repr


async def test_client_closes_its_transport() -> None:
    transport = Recorder(ok)
    async with CloudflareClient(TOKEN, transport=transport) as client:
        await client.get_user()
    assert transport.closed
    transport2 = Recorder(ok)
    client2 = CloudflareClient(TOKEN, transport=transport2)
    await client2.aclose()
    assert transport2.closed
    with pytest.raises(CftuiError):  # a closed client still raises only CftuiError
        await client2.get_user()


async def test_redirect_is_not_followed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "https://evil.example/steal"})

    error, transport, _ = await call(handler)
    assert isinstance(error, NetworkError)
    assert error.exit_code == ExitCode.NETWORK
    assert "redirect" in error.message
    assert "evil.example" in error.message
    assert "does not follow redirects" in error.message
    assert [r.url.host for r in transport.requests] == ["api.cloudflare.com"]


# -- base URL -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://api.cloudflare.com/client/v4/", "https://api.cloudflare.com/client/v4"),
        ("HTTPS://api.cloudflare.com/client/v4", "https://api.cloudflare.com/client/v4"),
        ("http://127.0.0.1:8080/ok/client/v4", "http://127.0.0.1:8080/ok/client/v4"),
        ("http://127.5.6.7/x", "http://127.5.6.7/x"),
        ("http://[::1]:9/x", "http://[::1]:9/x"),
        ("http://localhost:9/x", "http://localhost:9/x"),
        ("  https://proxy.internal:8443/cf  ", "https://proxy.internal:8443/cf"),
    ],
)
def test_base_url_accepted(url: str, expected: str) -> None:
    assert validate_base_url(url) == expected


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("http://api.cloudflare.com/client/v4", "plain http://"),
        ("http://10.0.0.1/client/v4", "plain http://"),
        ("http://127.0.0.1.evil.example/x", "plain http://"),
        ("http://localhost.evil.example/x", "plain http://"),
        ("ftp://api.cloudflare.com/client/v4", "not an http(s) URL"),
        ("api.cloudflare.com/client/v4", "not an http(s) URL"),
        ("https:///client/v4", "not an http(s) URL"),
        ("https://api.cloudflare.com:99999/x", "not a valid URL"),
        ("https://api.cloud flare.com/x", "not a valid URL"),
        ("https://api.cloudflare.com/\x00x", "not a valid URL"),
        ("https://api.cloudflare.com/client/v4?x=1", "query or fragment"),
        ("https://api.cloudflare.com/client/v4#top", "query or fragment"),
    ],
)
def test_base_url_refused(url: str, fragment: str) -> None:
    with pytest.raises(UsageError) as info:
        validate_base_url(url)
    assert fragment in info.value.message
    assert info.value.exit_code == ExitCode.USAGE


def test_base_url_with_credentials_is_refused_without_echoing_them() -> None:
    with pytest.raises(UsageError) as info:
        validate_base_url("https://ada:hunter2secret@api.cloudflare.com/client/v4")
    assert "hunter2secret" not in str(info.value)
    assert "user name or password" in info.value.message


def test_refused_base_url_sends_nothing() -> None:
    transport = Recorder(ok)
    with pytest.raises(UsageError):
        CloudflareClient(TOKEN, base_url="http://api.cloudflare.com/client/v4", transport=transport)
    assert transport.requests == []


def test_base_url_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    assert base_url_from_env({}) == DEFAULT_BASE_URL
    assert base_url_from_env({"CLOUDFLARE_BASE_URL": "  "}) == DEFAULT_BASE_URL
    local = "http://127.0.0.1:1234/ok/client/v4"
    assert base_url_from_env({"CLOUDFLARE_BASE_URL": local + "/"}) == local
    with pytest.raises(UsageError) as info:
        base_url_from_env({"CLOUDFLARE_BASE_URL": "http://example.com"})
    assert "CLOUDFLARE_BASE_URL" in info.value.message
    assert base_url_from_env() == DEFAULT_BASE_URL
    monkeypatch.setenv("CLOUDFLARE_BASE_URL", local)
    assert base_url_from_env() == local


async def test_request_goes_to_the_configured_base_url() -> None:
    _, transport, _ = await call(ok, base_url="http://127.0.0.1:9/ok/client/v4/")
    assert [str(r.url) for r in transport.requests] == ["http://127.0.0.1:9/ok/client/v4/user"]


# -- retries ------------------------------------------------------------------------------------


def sequence(*responses: httpx.Response | Exception) -> Handler:
    """Answer with each response in turn (raising exceptions), repeating the last."""
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
        return item

    return handler


def status(code: int, **headers: str) -> httpx.Response:
    hdrs = {k.replace("_", "-"): v for k, v in headers.items()}
    return httpx.Response(
        code, json=envelope(None, [{"code": 10013, "message": "oops"}]), headers=hdrs
    )


async def test_server_errors_are_retried_with_exponential_backoff_and_jitter() -> None:
    handler = sequence(status(503), status(500), httpx.Response(200, json=envelope(USER)))
    result, transport, sleep = await call(handler)
    assert isinstance(result, UserResponse)
    assert result.attempts == 3
    assert len(transport.requests) == 3
    first, second = sleep.delays
    assert 0.5 <= first <= 1.0
    assert 1.0 <= second <= 2.0


async def test_gives_up_after_max_retries() -> None:
    error, transport, sleep = await call(sequence(status(502)), max_retries=4)
    assert isinstance(error, ServerError)
    assert error.exit_code == ExitCode.NETWORK
    assert len(transport.requests) == 5
    assert len(sleep.delays) == 4
    assert error.detail is not None
    assert "gave up after 5 attempts" in error.detail


async def test_no_retries_when_max_retries_is_zero() -> None:
    error, transport, sleep = await call(sequence(status(500)), max_retries=0)
    assert isinstance(error, ServerError)
    assert (len(transport.requests), sleep.delays) == (1, [])


async def test_retry_after_seconds_is_honoured() -> None:
    handler = sequence(status(429, Retry_After="7"))
    error, _, sleep = await call(handler)
    assert isinstance(error, RateLimitedError)
    assert sleep.delays == [7.0, 7.0]
    assert error.retry_after == 7.0
    assert error.hint is not None
    assert "Wait 7 seconds" in error.hint


async def test_retry_after_http_date_is_honoured() -> None:
    later = format_datetime(FIXED_NOW + timedelta(seconds=30), usegmt=True)
    handler = sequence(
        status(503, **{"Retry-After": later}), httpx.Response(200, json=envelope(USER))
    )
    response, _, sleep = await call(handler)
    assert isinstance(response, UserResponse)
    assert len(sleep.delays) == 1
    assert 25.0 <= sleep.delays[0] <= 30.0


async def test_retry_after_beyond_a_minute_fails_at_once() -> None:
    """Sleeping a capped minute before a retry the server already refused is only a wait."""
    later = format_datetime(FIXED_NOW + timedelta(hours=2), usegmt=True)
    for handler in (
        sequence(status(503, **{"Retry-After": later})),
        sequence(status(429, Retry_After="3600")),
    ):
        error, transport, sleep = await call(handler)
        assert isinstance(error, RateLimitedError | ServerError)
        assert sleep.delays == []
        assert len(transport.requests) == 1
        assert error.hint is not None


async def test_backoff_never_exceeds_a_minute() -> None:
    _, _, sleep = await call(sequence(status(500)), max_retries=12)
    assert len(sleep.delays) == 12
    assert max(sleep.delays) == 60.0
    assert sleep.delays[:6] == sorted(sleep.delays[:6])


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ConnectError("[Errno 111] Connection refused"),
        httpx.ConnectTimeout("timed out"),
        httpx.ReadError("[Errno 104] Connection reset by peer"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
    ],
)
async def test_connection_errors_are_retried(exc: Exception) -> None:
    error, transport, sleep = await call(sequence(exc))
    assert isinstance(error, NetworkError)
    assert error.exit_code == ExitCode.NETWORK
    assert len(transport.requests) == 3
    assert len(sleep.delays) == 2
    assert error.__cause__ is exc


async def test_tls_failure_is_not_retried_and_points_at_ssl_cert_file() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        try:
            raise ssl.SSLCertVerificationError("certificate verify failed")
        except ssl.SSLError as exc:
            raise httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED]") from exc

    error, transport, sleep = await call(handler)
    assert isinstance(error, NetworkError)
    assert "CERTIFICATE_VERIFY_FAILED" in error.message
    assert error.hint is not None
    assert "SSL_CERT_FILE" in error.hint
    assert (len(transport.requests), sleep.delays) == (1, [])


async def test_connection_error_then_success() -> None:
    handler = sequence(httpx.ConnectError("refused"), httpx.Response(200, json=envelope(USER)))
    result, _, _ = await call(handler)
    assert isinstance(result, UserResponse)
    assert result.attempts == 2


@pytest.mark.parametrize(
    "handler",
    [
        sequence(httpx.ReadTimeout("read timed out")),
        refusal(403, {"code": 9109, "message": "Unauthorized to access requested resource"}),
        refusal(400, {"code": 12345, "message": "nope"}),
        lambda r: httpx.Response(200, content=b"<html></html>"),
    ],
)
async def test_timeouts_and_refusals_are_not_retried(handler: Handler) -> None:
    error, transport, sleep = await call(handler)
    assert isinstance(error, CftuiError)
    assert (len(transport.requests), sleep.delays) == (1, [])


async def test_whole_request_timeout() -> None:
    async def never(request: httpx.Request) -> httpx.Response:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    error = await fail(never, total_timeout=0.05)
    assert isinstance(error, NetworkError)
    assert "did not send a complete answer within 0.05 s" in error.message
    assert isinstance(error.__cause__, TimeoutError)


async def test_cancellation_is_not_swallowed() -> None:
    started = asyncio.Event()

    async def never(request: httpx.Request) -> httpx.Response:
        started.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async with CloudflareClient(TOKEN, transport=Recorder(never)) as client:
        task = asyncio.create_task(client.get_user())
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


# -- bodies -------------------------------------------------------------------------------------


async def test_body_over_the_cap_by_content_length() -> None:
    body = json.dumps(envelope({**USER, "pad": "x" * 5000})).encode()
    error = await fail(lambda r: httpx.Response(200, content=body), max_body_bytes=1000)
    assert isinstance(error, MalformedResponseError)
    assert "too large" in error.message
    assert "1,000 bytes" in error.message
    assert error.exit_code == ExitCode.MALFORMED


async def test_body_over_the_cap_while_streaming_stops_reading() -> None:
    produced: list[int] = []

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(1000):
            produced.append(i)
            yield b"x" * 1024

    def sync_chunks() -> Iterator[bytes]:
        for i in range(1000):
            produced.append(i)
            yield b"x" * 1024

    def handler(request: httpx.Request) -> httpx.Response:
        content = sync_chunks() if MODE["sync"] else chunks()
        return httpx.Response(200, content=content)  # chunked: no Content-Length

    error = await fail(handler, max_body_bytes=10 * 1024)
    assert isinstance(error, MalformedResponseError)
    assert "too large" in error.message
    assert len(produced) < 20


async def test_gzip_body_is_decoded() -> None:
    body = gzip.compress(json.dumps(envelope(USER)).encode())
    result, _, _ = await call(
        lambda r: httpx.Response(200, content=body, headers={"Content-Encoding": "gzip"})
    )
    assert isinstance(result, UserResponse)
    assert result.user.last_name == "Lovelace"


async def test_broken_gzip_is_malformed() -> None:
    error = await fail(
        lambda r: httpx.Response(200, content=b"not gzip", headers={"Content-Encoding": "gzip"})
    )
    assert isinstance(error, MalformedResponseError)


@pytest.mark.parametrize(
    ("code", "body", "content_type", "fragment"),
    [
        (200, b"<html><body>Guest Wi-Fi</body></html>", "text/html", "not JSON (text/html)"),
        (401, b"<html>no</html>", "text/html", "not JSON"),
        (200, b"", "application/json", "empty"),
        (200, b"\xff\xfe\x00garbage", "application/octet-stream", "not UTF-8"),
        (200, b'{"success": true, "result": {"id": "abc', "application/json", "truncated"),
        (200, b'{"success": true, "result": ', "application/json", "truncated"),
        (200, b"[" * 100_000 + b"]" * 100_000, "application/json", "levels deep"),
        (
            200,
            b'{"a": ' * 40 + b"[" * 25 + b"]" * 25 + b"}" * 40,
            "application/json",
            "levels deep",
        ),
        (200, b'{"success": true, "result": NaN}', "application/json", "cannot read"),
    ],
)
async def test_bodies_that_are_not_json(
    code: int, body: bytes, content_type: str, fragment: str
) -> None:
    headers = {"Content-Type": content_type}
    error = await fail(lambda r: httpx.Response(code, content=body, headers=headers))
    assert type(error) is MalformedResponseError
    assert fragment in error.message
    assert f"HTTP {code}" in error.message
    assert error.status == code


@pytest.mark.parametrize(
    ("text", "exceeds"),
    [
        ("1", False),
        ('"[[["', False),
        ("[" * 64 + "]" * 64, False),
        ("[" * 65 + "]" * 65, True),
        ('{"a": ' * 32 + "[" * 32 + "1" + "]" * 32 + "}" * 32, False),
        ('{"a": ' * 32 + "[" * 33 + "1" + "]" * 33 + "}" * 32, True),
        ('[1, "x", {"k": [[]]}, ' + "[" * 63 + "]" * 63 + "]", False),
        ('[1, "x", {"k": [[]]}, ' + "[" * 64 + "]" * 64 + "]", True),
    ],
)
def test_json_depth_limit_counts_every_level(text: str, exceeds: bool) -> None:
    assert json_depth_exceeds(json.loads(text), 64) is exceeds
    if exceeds:
        with pytest.raises(BodyNotJson, match="more than 64 levels deep"):
            decode_json(text.encode())


async def test_deep_brackets_inside_strings_are_fine() -> None:
    result, _, _ = await call(ok_with(first_name="[{" * 1000 + '\\"' + "]}" * 1000))
    assert isinstance(result, UserResponse)


def ok_with(**fields: Any) -> Handler:
    raw = json.dumps(envelope({**USER, **{k: "@" for k in fields}}))
    for value in fields.values():
        raw = raw.replace('"@"', f'"{value}"', 1)
    return lambda request: httpx.Response(200, content=raw.encode())


@pytest.mark.parametrize(
    ("code", "error_class", "fragment"),
    [
        (502, ServerError, "HTML error page (HTTP 502)"),
        (503, ServerError, "HTML error page (HTTP 503)"),
        (429, RateLimitedError, "HTML error page (HTTP 429)"),
    ],
)
async def test_html_error_pages_on_5xx_and_429(
    code: int, error_class: type[CftuiError], fragment: str
) -> None:
    page = b"<!DOCTYPE html><html><title>502: Bad gateway</title></html>"
    error, transport, _ = await call(
        lambda r: httpx.Response(code, content=page, headers={"Content-Type": "text/html"})
    )
    assert type(error) is error_class
    assert isinstance(error, CftuiError)
    assert fragment in error.message
    assert error.exit_code == ExitCode.NETWORK
    assert len(transport.requests) == 3


async def test_json_that_is_not_an_envelope_on_a_5xx_is_a_server_error() -> None:
    error = await fail(lambda r: httpx.Response(502, json={"error": "upstream"}))
    assert isinstance(error, ServerError)
    assert "HTTP 502" in error.message


async def test_wrong_type_names_the_json_path() -> None:
    user = {**USER, "organizations": [{"id": "a", "roles": "Admin"}]}
    error = await fail(lambda r: httpx.Response(200, json=envelope(user)))
    assert isinstance(error, MalformedResponseError)
    assert error.path == "result.organizations[0].roles"
    assert "result.organizations[0].roles" in error.message


async def test_json_that_is_not_an_envelope_on_a_4xx_is_malformed_with_the_status() -> None:
    error = await fail(lambda r: httpx.Response(403, json={"message": "Forbidden"}))
    assert type(error) is MalformedResponseError
    assert error.path == "success"
    assert error.message.endswith("(HTTP 403).")
    limited = await fail(lambda r: httpx.Response(429, json=[], headers={"Retry-After": "3"}))
    assert isinstance(limited, RateLimitedError)
    assert limited.retry_after == 3.0


async def test_success_with_null_result_is_malformed() -> None:
    error = await fail(lambda r: httpx.Response(200, json=envelope(None)))
    assert isinstance(error, MalformedResponseError)
    assert error.path == "result"
    assert "result is null" in error.message


# -- envelope errors ------------------------------------------------------------------------------

MISSING_HEADERS = "Missing X-Auth-Key, X-Auth-Email or Authorization headers"
CHAIN_6103 = {
    "code": 6003,
    "message": "Invalid request headers",
    "error_chain": [{"code": 6103, "message": "Invalid format for X-Auth-Key header"}],
}
CHAIN_6111 = {
    "code": 6003,
    "message": "Invalid request headers",
    "error_chain": [{"code": 6111, "message": "Invalid format for Authorization header"}],
}


@pytest.mark.parametrize(
    ("http", "err", "credential", "error_class", "exit_code", "message_part", "hint_part"),
    [
        (400, {"code": 9106, "message": MISSING_HEADERS}, TOKEN, AuthError, 4,
         "no credentials it recognises", "cftui login"),
        (400, CHAIN_6103, GLOBAL, AuthError, 4, "authentication headers",
         "If the key is an API token, log in with the token"),
        (400, CHAIN_6111, TOKEN, AuthError, 4, "Authorization header (code 6111)",
         "If it is a Global API key, log in with your email"),
        (400, {"code": 9103, "message": "Unknown X-Auth-Key or X-Auth-Email"},
         GLOBAL, AuthError, 4, "email and Global API key", "Global API Key"),
        (403, {"code": 9109, "message": "Unauthorized to access requested resource"},
         TOKEN, AuthError, 4, "not allowed to read your user details",
         "User → User Details → Read"),
        (403, {"code": 10000, "message": "Authentication error"},
         TOKEN, AuthError, 4, "Authentication error (code 10000)", "expired, been revoked"),
        (429, {"code": 971, "message": "Please wait and consider throttling your request speed"},
         TOKEN, RateLimitedError, 5, "1,200 requests per 5 minutes", "Wait a few minutes"),
        (200, {"code": 971, "message": "Please wait and consider throttling your request speed"},
         TOKEN, RateLimitedError, 5, "(code 971)", "Wait"),
        (401, {"code": 1234, "message": "Who are you"},
         TOKEN, AuthError, 4, "rejected the credentials (HTTP 401)", "cftui login"),
        (500, {"code": 10013, "message": "An unknown error has occurred"},
         TOKEN, ServerError, 5, "HTTP 500", "cloudflarestatus.com"),
    ],
)  # fmt: skip
async def test_known_codes(
    http: int,
    err: dict[str, Any],
    credential: Credential,
    error_class: type[ApiError],
    exit_code: int,
    message_part: str,
    hint_part: str,
) -> None:
    error = await fail(refusal(http, err), credential)
    assert type(error) is error_class
    assert isinstance(error, ApiError)
    assert error.exit_code == exit_code
    assert message_part in error.message
    assert f"(code {err['code']})" in error.message
    assert err["message"] in error.message
    assert error.hint is not None
    assert hint_part in error.hint
    assert err["code"] in error.codes
    assert error.status == http


async def test_6003_without_a_known_chain_code_is_not_called_an_auth_header_problem() -> None:
    err = {"code": 6003, "message": "Invalid request headers", "error_chain": [{"code": 6100}]}
    error = await fail(refusal(400, err))
    assert type(error) is ApiError
    assert "authentication headers" not in error.message
    assert error.codes == (6003, 6100)


async def test_known_code_found_inside_the_error_chain() -> None:
    err = {"code": 1000, "message": "outer", "error_chain": [{"code": 9109, "message": "inner"}]}
    error = await fail(refusal(400, err))
    assert isinstance(error, AuthError)
    assert error.hint is not None
    assert "User → User Details → Read" in error.hint
    assert "outer (code 1000) [inner (code 9109)]" in error.message


async def test_unknown_code_is_shown_as_it_comes() -> None:
    error = await fail(refusal(400, {"code": 12345, "message": "Something new went wrong"}))
    assert type(error) is ApiError
    assert error.exit_code == ExitCode.AUTH_REJECTED
    assert "Cloudflare refused the request (HTTP 400)" in error.message
    assert "Something new went wrong (code 12345)" in error.message
    assert error.codes == (12345,)


async def test_every_error_is_shown() -> None:
    errors = [{"code": 1000 + i, "message": f"problem {i}"} for i in range(8)]
    error = await fail(refusal(400, *errors))
    for i in range(5):
        assert f"problem {i} (code {1000 + i})" in error.message
    assert "and 3 more" in error.message
    assert isinstance(error, ApiError)
    assert len(error.codes) == 8


async def test_success_false_with_http_200_is_an_error() -> None:
    error = await fail(refusal(200, {"code": 1000, "message": "Internal failure"}))
    assert type(error) is ApiError
    assert "Cloudflare reported a failure (HTTP 200)" in error.message
    assert "Internal failure (code 1000)" in error.message
    no_reason = await fail(lambda r: httpx.Response(200, json={"success": False, "errors": []}))
    assert "no reason given" in no_reason.message


async def test_success_true_with_an_error_status_is_still_an_error() -> None:
    error = await fail(lambda r: httpx.Response(403, json=envelope(USER)))
    assert isinstance(error, AuthError)


async def test_api_text_is_sanitized_in_errors() -> None:
    error = await fail(refusal(400, {"code": 1, "message": "bad\x1b]0;title\x07\u202e thing"}))
    assert "\x1b" not in error.message
    assert "\u202e" not in error.message
    assert "bad]0;title thing (code 1)" in error.message


# -- only CftuiError escapes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "error_class"),
    [
        (httpx.ProxyError("proxy said no"), NetworkError),
        (httpx.UnsupportedProtocol("nope"), NetworkError),
        (OSError("weird"), NetworkError),
        (RuntimeError("a bug"), CftuiError),
    ],
)
async def test_unexpected_failures_become_cftui_errors(
    exc: Exception, error_class: type[CftuiError]
) -> None:
    error = await fail(sequence(exc))
    assert type(error) is error_class
    assert error.__cause__ is exc


# -- rate-limit headers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"Content-Type": "application/json"}, None),
        (
            {"Ratelimit": '"default";r=50;t=30', "Ratelimit-Policy": '"burst";q=100;w=60'},
            RateLimit(limit=100, remaining=50, reset=30, policy='"burst";q=100;w=60'),
        ),
        (
            {
                "Ratelimit": '"daily";r=5;t=9',
                "Ratelimit-Policy": '"burst";q=100;w=60, "daily";q=1000;w=86400',
            },
            RateLimit(1000, 5, 9, '"burst";q=100;w=60, "daily";q=1000;w=86400'),
        ),
        ({"Ratelimit": '"default";r=0;t=2'}, RateLimit(None, 0, 2, None)),
        ({"RateLimit": "limit=100, remaining=7, reset=12"}, RateLimit(100, 7, 12, None)),
        (
            {"RateLimit-Limit": "10", "RateLimit-Remaining": "3", "RateLimit-Reset": "4"},
            RateLimit(10, 3, 4, None),
        ),
        ({"Ratelimit": "garbage;;;r=x;t=-1"}, RateLimit(None, None, None, None)),
        ({"Ratelimit": ""}, RateLimit(None, None, None, None)),
        (
            {"Ratelimit-Policy": '"p";q=1e9;w=\x1b[31m'},
            RateLimit(None, None, None, '"p";q=1e9;w=[31m'),
        ),
    ],
)
def test_ratelimit_from_headers(headers: dict[str, str], expected: RateLimit | None) -> None:
    assert RateLimit.from_headers(httpx.Headers(headers)) == expected


def test_ratelimit_survives_huge_junk() -> None:
    parsed = RateLimit.from_headers(httpx.Headers({"Ratelimit": "r=" + "9" * 100_000}))
    assert parsed == RateLimit(None, None, None, None)
    long_policy = RateLimit.from_headers(httpx.Headers({"Ratelimit-Policy": "q" * 10_000}))
    assert long_policy is not None
    assert long_policy.policy is not None
    assert len(long_policy.policy) <= 200


def test_ratelimit_describe() -> None:
    assert RateLimit(100, 50, 30).describe() == "50/100 requests left, resets in 30 s"
    assert RateLimit(None, 5, None).describe() == "5 requests left"
    assert RateLimit().describe() == "quota unknown"


NOW = datetime(2026, 11, 22, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("2", 2.0),
        (" 120 ", 120.0),
        ("1.5", 1.5),
        ("Sun, 22 Nov 2026 12:00:30 GMT", 30.0),
        ("Sun, 22 Nov 2026 11:00:00 GMT", 0.0),
        ("-5", None),
        ("soon", None),
        ("inf", None),
        ("", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == expected


# -- secrets ------------------------------------------------------------------------------------


def echo_secret(request: httpx.Request) -> httpx.Response:
    """A server that quotes the credential back in its error (it must not reach the user)."""
    sent = request.headers.get("authorization") or request.headers.get("x-auth-key") or ""
    err = {"code": 10000, "message": f"Authentication error for {sent}"}
    return httpx.Response(403, json=envelope(None, [err]))


def raise_with_secret(exc_type: type[Exception]) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc_type(f"failed sending {request.headers.get('authorization')}")

    return handler


SECRET_PROBES: list[Handler] = [
    ok,
    echo_secret,
    raise_with_secret(httpx.ConnectError),
    raise_with_secret(httpx.ReadError),
    raise_with_secret(httpx.ReadTimeout),
    raise_with_secret(httpx.LocalProtocolError),
    raise_with_secret(httpx.ProxyError),
    raise_with_secret(OSError),
    raise_with_secret(RuntimeError),
    refusal(403, {"code": 9109, "message": "Unauthorized to access requested resource"}),
    refusal(429, {"code": 971, "message": "slow down"}, Retry_After="1"),
    lambda r: httpx.Response(502, content=b"<html>bad gateway</html>"),
    lambda r: httpx.Response(301, headers={"Location": "https://elsewhere.example/"}),
]


@pytest.mark.parametrize("credential", [TOKEN, GLOBAL], ids=["token", "global_key"])
@pytest.mark.parametrize("handler", SECRET_PROBES)
async def test_no_secret_in_errors_or_logs(
    handler: Handler, credential: Credential, caplog: pytest.LogCaptureFixture
) -> None:
    secret = TOKEN_SECRET if isinstance(credential, ApiToken) else KEY_SECRET
    caplog.set_level(logging.DEBUG)
    result, _, _ = await call(handler, credential)
    texts = [r.getMessage() for r in caplog.records]
    texts += [repr(r.args) for r in caplog.records]
    assert any("GET https://api.cloudflare.com/client/v4/user" in t for t in texts)
    if isinstance(result, CftuiError):
        texts += [str(result), repr(result), result.message, str(result.hint), str(result.detail)]
        texts += [str(a) for a in result.args]
    else:
        texts += [repr(result), json.dumps(result.raw)]
    for text in texts:
        assert secret not in text
        assert secret[5:25] not in text


async def test_an_echoed_secret_is_masked_in_the_message() -> None:
    error = await fail(echo_secret)
    assert f"Bearer {mask(TOKEN_SECRET)}" in error.message
    assert TOKEN_SECRET not in error.message


async def test_header_that_cannot_be_sent_is_a_usage_error_without_the_value() -> None:
    error = await fail(ok, ApiToken("secret-with-\u00e9-accent-0123456789"))
    assert isinstance(error, UsageError)
    assert "cannot be sent in an HTTP header" in error.message
    assert "accent" not in str(error)


async def test_debug_log_has_method_url_status_attempt_ratelimit_and_elapsed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="cftui.client")
    handler = sequence(
        status(503),
        httpx.Response(200, json=envelope(USER), headers={"Ratelimit": '"default";r=9;t=5'}),
    )
    await call(handler)
    messages = [r.getMessage() for r in caplog.records if r.name == "cftui.client"]
    assert any(
        "GET https://api.cloudflare.com/client/v4/user -> HTTP 503 (attempt 1" in m
        for m in messages
    )
    assert any("retrying in" in m for m in messages)
    final = next(m for m in messages if "HTTP 200" in m)
    assert "attempt 2" in final
    assert "9 requests left, resets in 5 s" in final
    assert final.endswith(" s)")
    assert all("Lovelace" not in m and "Bearer" not in m for m in messages)


# -- the blocking client's own waits ---------------------------------------------------------


def test_sync_whole_request_deadline_cuts_a_trickling_answer() -> None:
    """No event loop to cancel a read: the deadline is checked between chunks."""
    produced: list[int] = []

    def trickle() -> Iterator[bytes]:
        for i in range(1000):
            produced.append(i)
            time.sleep(0.02)
            yield b" "

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=trickle())

    transport = SyncRecorder(handler)
    client = SyncCloudflareClient(TOKEN, transport=transport, total_timeout=0.1)
    with client, pytest.raises(NetworkError) as caught:
        client.get_user()
    assert "did not send a complete answer within 0.1 s" in caught.value.message
    assert isinstance(caught.value.__cause__, TimeoutError)
    assert len(produced) < 100
    assert len(transport.requests) == 1  # a timeout is not retried


def test_sync_client_closes_its_transport_and_sleeps_with_time_sleep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    transport = SyncRecorder(refusal(503, {"code": 10043, "message": "busy"}, retry_after="3"))
    client = SyncCloudflareClient(TOKEN, transport=transport)
    with pytest.raises(ServerError):
        client.get_user()
    client.close()
    assert transport.closed
    assert slept == [3.0, 3.0]
