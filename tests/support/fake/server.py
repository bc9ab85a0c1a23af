"""The fake API's loopback front end: a real HTTP server on 127.0.0.1, one scenario per path
prefix; what each scenario answers is the router's (``router``), this only sends it.

``FakeApi().base_url("rate_limited")`` is ``http://127.0.0.1:PORT/rate_limited/client/v4``,
so the client's ``GET {base}/user`` reaches that scenario; a scenario answers the other paths
cftui asks for too (token verify, ``/accounts``, the account verify: ``routes``).
Every request is recorded (headers included) so tests can check which requests were made with
which credentials, and where.

    # until Ctrl-C:
    python -m tests.support.fake --scenario ok [--port N] [--delay S] [--latency S]
    python -m tests.support.fake --list
"""

from __future__ import annotations

import itertools
import os
import socket
import struct
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self
from urllib.parse import parse_qs, urlsplit

from tests.support.fake import fleet
from tests.support.fake.canned import OK, RAY, Canned
from tests.support.fake.fleet import SCENARIO as FLEET
from tests.support.fake.fleet import Hold
from tests.support.fake.router import SERVED, Asked, Reply, Router
from tests.support.fake.routes import route_of
from tests.support.fake.worlds import World

MAX_BODY = 64 * 1024
HUGE_BODY_BYTES = 50 * 1024 * 1024
DEFAULT_DELAY = float(os.environ.get("CFTUI_FAKE_DELAY", "30"))


@dataclass(frozen=True)
class RecordedRequest:
    scenario: str  # the scenario name, without any ``~instance`` suffix
    prefix: str  # the first path segment as sent (``flaky_503~3``)
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    route: str  # the path after /client/v4/, without the query: ``user/tokens/verify``
    client_host: str
    via_proxy: bool = False  # sent to us as an HTTP proxy (absolute-form request target)
    query: dict[str, str] = field(default_factory=dict)  # the first value of each parameter
    body: bytes = b""  # what a PUT sent
    at: float = 0.0  # time.monotonic() when it arrived (before any latency)

    @property
    def page(self) -> int | None:
        """The ``page`` asked for, on a paginated list."""
        return int(self.query["page"]) if self.query.get("page", "").isdigit() else None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "cloudflare"
    sys_version = ""
    server: _Server

    def do_GET(self) -> None:
        self.server.api._handle(self)

    def do_PUT(self) -> None:
        self.server.api._handle(self)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests and the CLI print what matters themselves."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # Sweeps connect hundreds of clients at once: a short listen backlog drops their SYNs,
    # and the kernel's retries (1 s, 3 s, 7 s, ...) would look like a server that hangs.
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], api: FakeApi) -> None:
        self.api = api
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up (a cap hit, a timeout) is expected; anything else is shown."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class FakeApi:
    """Start with ``start()`` or ``with FakeApi() as api:``; ``delay`` drives slow/stall;
    ``latency`` holds every answer that long, as a distant server would (requests in
    flight together wait together: each has its own thread)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        delay: float = DEFAULT_DELAY,
        latency: float = 0.0,
    ):
        self.host = host
        self.delay = delay
        self.latency = latency
        self._port = port
        self.router = Router()
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._hits: Counter[str] = Counter()
        self._route_hits: Counter[tuple[str, str]] = Counter()
        self._instances = itertools.count(1)
        self._stopping = threading.Event()
        self._fleet_hold: Hold | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> Self:
        self._stopping.clear()
        self._server = _Server((self.host, self._port), self)
        self._port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-cloudflare-api", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- what tests use -------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._port

    def add(
        self,
        name: str,
        canned: Canned,
        routes: dict[str, Canned] | None = None,
        world: World | None = None,
    ) -> str:
        """Serve ``canned`` as scenario ``name`` too, for bodies a test builds (one hostile
        payload at a time, say): ``Router.add``; returns its base URL."""
        self.router.add(name, canned, routes, world)
        return self.base_url(name)

    def base_url(self, scenario: str, *, fresh: bool = False) -> str:
        """The base URL for ``scenario``; ``fresh`` gives it its own request counter."""
        if not self.router.knows(scenario):
            raise ValueError(f"unknown scenario {scenario!r}; known: {', '.join(SERVED)}")
        prefix = f"{scenario}~{next(self._instances)}" if fresh else scenario
        return f"http://{self.host}:{self._port}/{prefix}/client/v4"

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_for(self, scenario: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.scenario == scenario]

    def routes(self, base_url: str) -> list[str]:
        """The paths asked of the scenario instance behind ``base_url``, in order of arrival
        (``user``, ``user/tokens/verify``, ...)."""
        prefix = base_url.split("/")[3]
        return [r.route for r in self.requests if r.prefix == prefix]

    def hits(self, base_url: str) -> int:
        """How many requests reached the scenario instance behind ``base_url``."""
        prefix = base_url.split("/")[3]
        with self._lock:
            return self._hits[prefix]

    def reset(self) -> None:
        with self._lock:
            self._requests.clear()
            self._hits.clear()
            self._route_hits.clear()

    @property
    def fleet_hold(self) -> Hold | None:
        """Holds the ``fleet`` scenario's answers until each persona has asked (``fleet.Hold``)."""
        return self._fleet_hold

    @fleet_hold.setter
    def fleet_hold(self, hold: Hold | None) -> None:
        self._fleet_hold = hold
        self.router.handlers[FLEET] = fleet.answer if hold is None else fleet.held(hold)

    # -- serving --------------------------------------------------------------------------

    def _handle(self, h: _Handler) -> None:
        via_proxy = h.path.startswith(("http://", "https://"))  # absolute-form: a proxy request
        path = urlsplit(h.path).path
        parts = path.split("/")
        prefix = parts[1] if len(parts) > 1 else ""
        route = route_of(path)
        length = h.headers.get("Content-Length", "0")
        body = h.rfile.read(min(int(length), MAX_BODY)) if length.isdigit() else b""
        record = RecordedRequest(
            scenario=prefix.split("~")[0],
            prefix=prefix,
            method=h.command,
            path=h.path,
            headers={k.lower(): v for k, v in h.headers.items()},
            route=route,
            client_host=h.client_address[0],
            via_proxy=via_proxy,
            query={k: v[0] for k, v in parse_qs(urlsplit(h.path).query).items()},
            body=body,
            at=time.monotonic(),
        )
        with self._lock:
            self._requests.append(record)
            self._hits[prefix] += 1
            self._route_hits[(prefix, route)] += 1
            hit = self._route_hits[(prefix, route)]
        if self.latency and self._stopping.wait(self.latency):
            return
        asked = Asked(
            record.scenario, h.command, route, record.query, body, record.headers, hit, prefix
        )
        try:
            self._reply(h, self.router.answer(asked))
        except OSError:  # the client went away: that is what some scenarios are for
            h.close_connection = True

    def _reply(self, h: _Handler, reply: Reply) -> None:
        if reply.how == "send":
            self._send(h, reply.canned)
        elif reply.how == "slow":
            if not self._stopping.wait(self.delay if reply.seconds is None else reply.seconds):
                self._send(h, reply.canned)
        elif reply.how == "stall":
            self._send(h, reply.canned, stall=True)
        elif reply.how == "reset":
            self._reset(h)
        else:
            self._huge(h)

    def _head(self, h: _Handler, canned: Canned, extra: dict[str, str]) -> None:
        h.send_response(canned.status)
        h.send_header("Content-Type", canned.content_type)
        h.send_header("CF-RAY", RAY)
        for name, value in {**canned.headers, **extra}.items():
            h.send_header(name, value)
        h.end_headers()

    def _send(self, h: _Handler, canned: Canned, *, stall: bool = False) -> None:
        self._head(h, canned, {"Content-Length": str(len(canned.body))})
        if not stall:
            h.wfile.write(canned.body)
            return
        h.wfile.write(canned.body[: len(canned.body) // 2])
        h.wfile.flush()
        self._stopping.wait(self.delay)
        h.close_connection = True

    def _reset(self, h: _Handler) -> None:
        """Close with an RST (linger 0) before any byte of a response."""
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.close_connection = True
        h.connection.close()

    def _huge(self, h: _Handler) -> None:
        self._head(h, OK, {"Transfer-Encoding": "chunked"})
        start = b'{"success":true,"errors":[],"messages":[],"result":{"id":"x","padding":"'
        chunk = b"A" * 65536
        h.wfile.write(b"%x\r\n%s\r\n" % (len(start), start))
        for _ in range(HUGE_BODY_BYTES // len(chunk)):
            if self._stopping.is_set():
                break
            h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        end = b'"}}'
        h.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(end), end))
