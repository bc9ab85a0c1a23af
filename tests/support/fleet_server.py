"""The fake fleet (``fake_fleet``) over real HTTP on loopback: one base URL, a persona per
credential, for CLI subprocesses (``doctor``) and the TUI's profiles screen.

Kept apart from ``fake_api`` (its scenarios answer by path): this one answers by the
credential a request carries. Each request is recorded as ``(persona, route)`` so a test can
tell which checks were made. ``slow`` is held for ``delay`` seconds, or until ``release()``.

``python -m tests.support.fleet_server`` prints its base URL and serves until Ctrl-C or
SIGTERM (for trying ``cftui doctor`` by hand against the personas).
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit

from tests.support.fake_fleet import SCENARIO, answer_for, persona_of, route_of_path, slow_answer


class FleetServer:
    """Start with ``with FleetServer() as fleet:``; ``fleet.base_url`` is a CLOUDFLARE_BASE_URL."""

    def __init__(self, *, delay: float = 5.0) -> None:
        self.delay = delay
        self.requests: list[tuple[str | None, str]] = []
        self._lock = threading.Lock()
        self._released = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/{SCENARIO}/client/v4"

    def release(self) -> None:
        """Let every held ``slow`` answer go now."""
        self._released.set()

    def __enter__(self) -> FleetServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fleet = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return  # quiet: a test reads ``requests``

            def _answer(self) -> None:
                url = urlsplit(self.path)
                route = route_of_path(url.path)
                headers = {k.lower(): v for k, v in self.headers.items()}
                with fleet._lock:
                    fleet.requests.append((persona_of(headers), route))
                said = answer_for(headers, self.command, route, dict(parse_qsl(url.query)))
                if said is None:
                    fleet._released.wait(fleet.delay)
                    said = slow_answer()
                try:
                    self.send_response(said.status)
                    for name, value in said.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(said.body)))
                    self.end_headers()
                    self.wfile.write(said.body)
                except OSError:
                    return  # the client gave up first (a timeout): nothing to say to it

            do_GET = do_PUT = _answer

        return Handler


def main() -> int:
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with FleetServer() as fleet:
        print(fleet.base_url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
