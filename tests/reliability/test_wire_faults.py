"""The wire as a hostile server plays it: real sockets, the real client, the real CLI.

Each class here broke cftui once: a secret echoed in a header reached stderr; a proxy got a
plain-http credential meant for loopback; headers sent a byte at a time outlived the total
timeout; ``gzip, gzip`` grew the process to 2 GB; a bad ``SSL_CERT_FILE`` or proxy URL was
an internal error; a 304 was called a redirect. Deadlines below are "must finish" guards,
generous on purpose, never measurements.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import subprocess
import sys
import threading
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cftui.core.api.client import CloudflareClient, SyncCloudflareClient
from cftui.core.api.envelope import UserResponse
from cftui.core.api.transport.network import proxy_for
from cftui.core.credentials.kinds import ApiToken
from cftui.core.errors import CftuiError, MalformedResponseError, NetworkError
from cftui.core.redact import mask
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import REPO, cli_env
from tests.support.raw_socket_servers import (
    ScriptServer,
    answer,
    gzip_bytes,
    server_context,
    tls_files,
    trickle_headers,
    zeros,
)

SECRET = "cfut_WIREsecret0123456789abcdefghijklmnopqrstuv"
TOKEN = ApiToken(SECRET)
OK_BODY = json.dumps(
    {"success": True, "errors": [], "messages": [], "result": {"id": "u1", "first_name": "Ada"}}
).encode()
# The secret as a hostile server might spell it: plain, and with characters a terminal never
# shows slipped in (zero-width space, soft hyphen, a bidi override, a word joiner).
HIDDEN = [
    SECRET,
    SECRET[:4] + "\u200b" + SECRET[4:],
    "\u00ad".join(SECRET[i : i + 8] for i in range(0, len(SECRET), 8)),
    SECRET[:10] + "\u202e" + SECRET[10:20] + "\u2060" + SECRET[20:],
]


def whoami(base_url: str, home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    child_env = cli_env(home, CLOUDFLARE_API_TOKEN=SECRET, CLOUDFLARE_BASE_URL=base_url, **env)
    return subprocess.run(
        [sys.executable, "-m", "cftui", "whoami", *args],
        capture_output=True,
        text=True,
        env=child_env,
        cwd=REPO,
        timeout=90,  # must finish; far longer than any answer here should take
        check=False,
        stdin=subprocess.DEVNULL,
    )


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text
        assert SECRET[5:25] not in text
        for spelled in HIDDEN:
            assert spelled not in text


# -- a secret echoed in headers -----------------------------------------------------------------


@pytest.mark.parametrize("spelled", HIDDEN, ids=["plain", "zwsp", "soft-hyphen", "bidi"])
@pytest.mark.parametrize("status", ["200 OK", "502 Bad Gateway"])
def test_a_secret_echoed_in_headers_never_reaches_the_terminal(
    spelled: str, status: str, tmp_path: Path
) -> None:
    headers = {
        "Content-Type": f"{spelled}; charset=utf-8",
        "CF-RAY": f"{spelled}-LHR",
        "Ratelimit-Policy": f'"{spelled}";q=100;w=60',
        "Location": f"https://{spelled}.example/",
    }
    with ScriptServer(answer(status, headers, b"echo: not json")) as server:
        for args in ((), ("--debug",), ("--json",), ("--json", "--debug")):
            done = whoami(server.url(), tmp_path, *args)
            assert done.returncode == (6 if status.startswith("200") else 5), done.stderr
            assert "not JSON" in done.stderr + done.stdout
            assert_no_secret(done.stdout, done.stderr)
            if "--debug" in args:
                assert "cf-ray " in done.stderr  # the detail is shown, masked
                assert "…" in done.stderr


async def test_echoes_in_headers_are_masked_in_every_field_the_client_returns() -> None:
    spelled = HIDDEN[1]
    headers = {
        "Content-Type": "application/json",
        "CF-RAY": f"{spelled}-LHR",
        "Ratelimit-Policy": f'"{spelled}";q=100;w=60',
    }
    with ScriptServer(answer("200 OK", headers, OK_BODY)) as server:
        async with CloudflareClient(TOKEN, base_url=server.url()) as client:
            response = await client.get_user()
    assert isinstance(response, UserResponse)
    assert response.ratelimit is not None and response.ratelimit.policy is not None
    assert_no_secret(str(response.ratelimit.policy), str(response.request_id), repr(response))
    assert "…" in str(response.request_id)


async def test_a_secret_hidden_in_the_body_with_invisible_characters_is_masked() -> None:
    body = json.dumps(
        {"success": True, "result": {"id": "u1", "first_name": HIDDEN[2], "note": HIDDEN[3]}},
        ensure_ascii=False,
    ).encode()
    json_headers = {"Content-Type": "application/json"}
    with (
        ScriptServer(answer("200 OK", json_headers, body)) as server,
        SyncCloudflareClient(TOKEN, base_url=server.url()) as client,
    ):
        response = client.get_user()
    assert_no_secret(json.dumps(response.raw), response.user.display_name, repr(response.user))
    assert response.user.first_name == mask(SECRET)


# -- proxies ------------------------------------------------------------------------------------


def test_loopback_never_goes_through_a_proxy(fake_api: FakeApi, tmp_path: Path) -> None:
    proxy_env = {}
    with ScriptServer(answer("502 Bad Gateway", {}, b"proxy")) as proxy:
        for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "HTTPS_PROXY"):
            proxy_env[name] = f"http://127.0.0.1:{proxy.port}"
        done = whoami(fake_api.base_url("ok"), tmp_path, **proxy_env)
        localhost = fake_api.base_url("ok").replace("127.0.0.1", "localhost")
        by_name = whoami(localhost, tmp_path, **proxy_env)
    assert (done.returncode, by_name.returncode) == (0, 0), done.stderr + by_name.stderr
    assert proxy.connections == 0  # nothing, credential or otherwise, reached the proxy


def test_https_goes_through_an_http_proxy_only_as_a_tunnel(tmp_path: Path) -> None:
    with ScriptServer(answer("502 Bad Gateway", {}, b"no upstream")) as proxy:
        done = whoami(
            "https://api.cloudflare.com/client/v4",
            tmp_path,
            HTTPS_PROXY=f"http://127.0.0.1:{proxy.port}",
        )
    assert done.returncode == 5, done.stderr
    # /user, the token check, memberships page 1, the pending count: each a tunnel
    assert len(proxy.requests) == 4
    for request in proxy.requests:
        assert request.startswith(b"CONNECT api.cloudflare.com:443 ")
        assert SECRET.encode() not in request
        assert b"authorization" not in request.lower()
    assert_no_secret(done.stdout, done.stderr)


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"HTTPS_PROXY": "socks5://127.0.0.1:1080"}, "HTTPS_PROXY is a SOCKS proxy"),
        ({"ALL_PROXY": "ftp://user:pw@proxy.example:21"}, "ALL_PROXY is 'ftp://proxy.example:21'"),
        ({"https_proxy": "gopher://x"}, "a proxy cftui cannot use"),
    ],
)
def test_a_proxy_cftui_cannot_use_is_a_usage_error(
    env: dict[str, str], fragment: str, tmp_path: Path
) -> None:
    done = whoami("https://api.cloudflare.com/client/v4", tmp_path, **env)
    assert done.returncode == 2, done.stderr
    assert fragment in done.stderr
    assert "pw@" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("url", "env", "expected"),
    [
        ("https://api.cloudflare.com/x", {"HTTPS_PROXY": "http://p:3128"}, "http://p:3128"),
        ("https://api.cloudflare.com/x", {"https_proxy": "p:3128"}, "http://p:3128"),
        ("https://api.cloudflare.com/x", {"ALL_PROXY": "http://p:1"}, "http://p:1"),
        ("https://api.cloudflare.com/x", {"HTTP_PROXY": "http://p:1"}, None),
        ("https://api.cloudflare.com/x", {"HTTPS_PROXY": "http://p:1", "NO_PROXY": "*"}, None),
        (
            "https://api.cloudflare.com/x",
            {"HTTPS_PROXY": "http://p:1", "no_proxy": "example.com, .cloudflare.com"},
            None,
        ),
        (
            "https://api.cloudflare.com/x",
            {"HTTPS_PROXY": "http://p:1", "NO_PROXY": "flare.com"},
            "http://p:1",
        ),
        ("https://10.1.2.3/x", {"HTTPS_PROXY": "http://p:1", "NO_PROXY": "10.0.0.0/8"}, None),
        ("https://127.0.0.1:8443/x", {"HTTPS_PROXY": "http://p:1"}, None),
        ("https://[::1]:8443/x", {"ALL_PROXY": "http://p:1"}, None),
        ("http://localhost:9/x", {"HTTP_PROXY": "http://p:1", "ALL_PROXY": "http://p:1"}, None),
    ],
)
def test_which_proxy_is_used(url: str, env: dict[str, str], expected: str | None) -> None:
    assert proxy_for(url, env) == expected


# -- one deadline over the whole exchange ------------------------------------------------------


def test_headers_a_byte_at_a_time_meet_the_deadline_on_the_blocking_path() -> None:
    outcome: list[object] = []
    with ScriptServer(trickle_headers()) as server:

        def call() -> None:
            with SyncCloudflareClient(TOKEN, base_url=server.url(), total_timeout=1.0) as client:
                try:
                    outcome.append(client.get_user())
                except CftuiError as exc:
                    outcome.append(exc)

        worker = threading.Thread(target=call, daemon=True)
        worker.start()
        worker.join(60)  # must finish: the server would trickle for two minutes
        assert not worker.is_alive()
    (error,) = outcome
    assert isinstance(error, NetworkError)
    assert "did not send a complete answer within 1 s" in error.message


async def test_headers_a_byte_at_a_time_meet_the_deadline_on_the_async_path() -> None:
    with ScriptServer(trickle_headers()) as server:
        async with CloudflareClient(TOKEN, base_url=server.url(), total_timeout=1.0) as client:
            async with asyncio.timeout(60):  # must finish
                with pytest.raises(NetworkError) as caught:
                    await client.get_user()
    assert "within 1 s" in caught.value.message


def test_whoami_timeout_covers_the_headers(tmp_path: Path) -> None:
    with ScriptServer(trickle_headers()) as server:
        done = whoami(server.url(), tmp_path, "--timeout", "2")
    assert done.returncode == 5, done.stderr
    assert "did not send a complete answer within 2 s" in done.stderr


# -- decoded size, for every encoding and stacking --------------------------------------------

CAP = 1 << 20
INNER = gzip_bytes(zeros(64 << 20))  # 64 MiB of zeros, about 64 KiB packed
STACKS = {
    "gzip": INNER,
    "gzip, gzip": gzip.compress(INNER),
    "x-gzip, deflate": zlib.compress(INNER),
    "deflate": zlib.compress(b"\0" * (8 << 20)),
    "identity, gzip": INNER,
    "gzip, gzip, gzip": gzip.compress(gzip.compress(INNER)),
}


@pytest.mark.parametrize("encoding", sorted(STACKS))
def test_decoded_size_is_capped_as_it_is_produced(encoding: str) -> None:
    headers = {"Content-Type": "application/json", "Content-Encoding": encoding}
    with ScriptServer(answer("200 OK", headers, STACKS[encoding])) as server:
        tracemalloc.start()
        try:
            with (
                SyncCloudflareClient(TOKEN, base_url=server.url(), max_body_bytes=CAP) as c,
                pytest.raises(MalformedResponseError) as caught,
            ):
                c.get_user()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert "too large: the body exceeded 1 MiB" in caught.value.message
    assert peak < 8 * CAP  # the cap and a few steps of work, never the decoded size


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "gzip, deflate", "deflate, gzip"])
def test_stacked_encodings_within_the_cap_decode(encoding: str) -> None:
    body = OK_BODY
    for name in (n.strip() for n in encoding.split(",")):
        body = gzip.compress(body) if name == "gzip" else zlib.compress(body)
    headers = {"Content-Type": "application/json", "Content-Encoding": encoding}
    with ScriptServer(answer("200 OK", headers, body)) as server:
        with SyncCloudflareClient(TOKEN, base_url=server.url()) as client:
            assert client.get_user().user.first_name == "Ada"
        assert b"accept-encoding: gzip, deflate" in server.requests[0].lower()


@pytest.mark.parametrize("encoding", ["br", "zstd", "compress", "gzip, snappy"])
def test_an_encoding_cftui_did_not_ask_for_is_named(encoding: str) -> None:
    headers = {"Content-Type": "application/json", "Content-Encoding": encoding}
    with (
        ScriptServer(answer("200 OK", headers, b"\x1f\x8b junk")) as server,
        SyncCloudflareClient(TOKEN, base_url=server.url()) as client,
        pytest.raises(MalformedResponseError) as caught,
    ):
        client.get_user()
    assert f"encoded as '{encoding}'" in caught.value.message


def test_a_gzip_bomb_leaves_whoami_small(tmp_path: Path) -> None:
    """512 MiB behind a few KiB of ``gzip, gzip``: refused at the 32 MiB cap, and the
    process's peak memory stays far below the decoded size."""
    bomb = gzip.compress(gzip_bytes(zeros(512 << 20)))
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip, gzip"}
    probe = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stderr.write(done.stderr)\n"
    )
    with ScriptServer(answer("200 OK", headers, bomb)) as server:
        env = cli_env(tmp_path, CLOUDFLARE_API_TOKEN=SECRET, CLOUDFLARE_BASE_URL=server.url())
        done = subprocess.run(
            [sys.executable, "-c", probe, sys.executable, "-m", "cftui", "whoami"],
            capture_output=True, text=True, env=env, cwd=REPO, timeout=150, check=False,
        )  # fmt: skip
    code, max_rss_kib = (int(v) for v in done.stdout.split())
    assert code == 6, done.stderr
    assert "too large: the body exceeded 32 MiB" in done.stderr
    assert max_rss_kib < 256 * 1024, max_rss_kib  # was over 2 GB


async def test_running_out_of_memory_while_reading_is_a_clear_error() -> None:
    def exhausted() -> Iterator[bytes]:
        yield b'{"success": true, '
        raise MemoryError

    transport = httpx.MockTransport(lambda r: httpx.Response(200, content=exhausted()))
    with (
        SyncCloudflareClient(TOKEN, transport=transport) as client,
        pytest.raises(MalformedResponseError) as caught,
    ):
        client.get_user()
    assert "too large for the memory available" in caught.value.message
    assert caught.value.exit_code == 6


# -- TLS settings and verification ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "make", "fragment"),
    [
        ("SSL_CERT_FILE", lambda d: d / "missing.pem", "which is not a file"),
        ("SSL_CERT_FILE", lambda d: d, "which is not a file"),
        ("SSL_CERT_FILE", lambda d: _write(d / "junk.pem", "not a certificate\n"), "(PEM)"),
        ("SSL_CERT_DIR", lambda d: d / "nowhere", "which is not a directory"),
    ],
)
def test_a_bad_trust_setting_is_a_usage_error_naming_it(
    setting: str, make: Any, fragment: str, tmp_path: Path
) -> None:
    value = make(tmp_path)
    done = whoami("https://api.cloudflare.com/client/v4", tmp_path, **{setting: str(value)})
    assert done.returncode == 2, done.stderr
    assert f"{setting} is set to" in done.stderr
    assert fragment in done.stderr
    assert "Traceback" not in done.stderr


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ScriptServer, Path]]:
    directory = tmp_path_factory.mktemp("tls")
    with tls_files(directory) as (cert, key):
        context = server_context(cert, key)
        ok = answer("200 OK", {"Content-Type": "application/json"}, OK_BODY)
        with ScriptServer(ok, tls=context) as server:
            yield server, cert


@pytest.mark.parametrize("trust", ["system", "file", "dir", "file-wrong-name"])
def test_tls_is_verified_exactly_as_strictly(
    trust: str,
    tls_server: tuple[ScriptServer, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, cert = tls_server
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    host = "127.0.0.1" if trust == "file-wrong-name" else "localhost"
    if trust.startswith("file"):
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    if trust == "dir":
        (tmp_path / "certs").mkdir()
        (tmp_path / "certs" / "ca.pem").write_bytes(cert.read_bytes())
        subprocess.run(["openssl", "rehash", str(tmp_path / "certs")], check=True, timeout=60)
        monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "certs"))
    url = f"https://{host}:{server.port}/client/v4"
    with SyncCloudflareClient(TOKEN, base_url=url) as client:
        if trust in ("file", "dir"):
            assert client.get_user().user.first_name == "Ada"
            return
        with pytest.raises(NetworkError) as caught:
            client.get_user()
    assert "certificate" in caught.value.message.lower() or "CERTIFICATE" in caught.value.message
    assert caught.value.hint is not None and "SSL_CERT_FILE" in caught.value.hint


# -- statuses --------------------------------------------------------------------------------------


def test_a_304_is_not_called_a_redirect(tmp_path: Path) -> None:
    with ScriptServer(answer("304 Not Modified", {"Location": "https://x.example/"}, b"")) as s:
        done = whoami(s.url(), tmp_path)
    assert done.returncode == 6, done.stderr
    assert "HTTP 304" in done.stderr
    assert "redirect" not in done.stderr


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("SSL_CERT_FILE", "/nonexistent/ca.pem", "SSL_CERT_FILE is set to"),
        ("HTTPS_PROXY", "ftp://proxy.example:21", "a proxy cftui cannot use"),
    ],
)
async def test_the_tui_shows_a_bad_setting_as_a_usage_state(
    name: str, value: str, fragment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cftui.core.credentials.profiles import ProfileStore
    from cftui.ui.app import CftuiApp
    from cftui.ui.widgets.state_panel import StatePanel
    from tests.support.ui_fakes import FakeClock, screen_text
    from tests.support.waiting import until

    monkeypatch.setenv(name, value)
    env = {"CLOUDFLARE_API_TOKEN": SECRET}
    app = CftuiApp(ProfileStore(config_dir=tmp_path / "p"), env=env, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:

        def shown() -> bool:
            panels = app.screen.query(StatePanel)
            return bool(panels) and panels.first().problem is not None

        await until(pilot, shown, "the usage state")
        problem = app.screen.query_one(StatePanel).problem
        assert problem is not None and problem.kind == "usage"
        assert fragment in " ".join(screen_text(app).split())
        assert_no_secret(screen_text(app))
