"""A tiny loopback server for bodies the shared fake API has no scenario for (10,000 orgs).

Same URL shape as the shared fake API (``/{scenario}/client/v4/user``) so every candidate is
pointed at a base URL the same way. Binds 127.0.0.1 only.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    bodies: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        scenario, _, rest = self.path.lstrip("/").partition("/")
        body = self.bodies.get(scenario)
        if body is None or rest.split("?")[0] != "client/v4/user":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Ratelimit", '"default";r=1199;t=300')
        self.send_header("Ratelimit-Policy", '"default";q=1200;w=300')
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return None


class BodyServer:
    """Serves registered ``/user`` bodies, one per scenario name, on 127.0.0.1."""

    def __init__(self) -> None:
        class Handler(_Handler):
            bodies: ClassVar[dict[str, bytes]] = {}  # this server's own

        self._bodies = Handler.bodies
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def add(self, scenario: str, body: dict[str, Any]) -> str:
        self._bodies[scenario] = json.dumps(body).encode()
        return self.base_url(scenario)

    def base_url(self, scenario: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/{scenario}/client/v4"

    def start(self) -> BodyServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
