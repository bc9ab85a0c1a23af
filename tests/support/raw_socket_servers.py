"""Raw-socket servers on loopback for what an HTTP library would never send.

``ScriptServer`` accepts connections and runs a script on each socket: trickle headers a
byte at a time, answer with hostile headers, stack encodings, act as a proxy that records
what reached it. ``tls_files`` makes a throwaway CA-less certificate with ``openssl`` so a TLS
server can prove verification is as strict as it must be.
"""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Self

Script = Callable[[socket.socket, bytes, threading.Event], None]


@dataclass
class ScriptServer:
    """``with ScriptServer(script) as s:`` serves ``http://127.0.0.1:{s.port}``."""

    script: Script
    tls: ssl.SSLContext | None = None
    requests: list[bytes] = field(default_factory=list)
    connections: int = 0

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port: int = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def url(self, path: str = "/client/v4") -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> Self:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(10)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, conn: socket.socket) -> None:
        try:
            if self.tls is not None:
                conn.settimeout(10)
                conn = self.tls.wrap_socket(conn, server_side=True)
            conn.settimeout(10)
            request = b""
            while b"\r\n\r\n" not in request:
                data = conn.recv(65536)
                if not data:
                    return
                request += data
            self.requests.append(request)
            self.script(conn, request, self._stop)
        except (OSError, ssl.SSLError):
            pass  # the client went away or refused the certificate: both are outcomes
        finally:
            conn.close()


def answer(status: str, headers: dict[str, str], body: bytes) -> Script:
    """A complete answer with exactly these headers (and a Content-Length, and Connection:
    close, as the server closes after one answer: a retry that comes at once, as in a child
    of the suite, would otherwise be sent on the closing connection and lost with it)."""

    def script(conn: socket.socket, request: bytes, stop: threading.Event) -> None:
        lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items())]
        lines.append(f"Content-Length: {len(body)}")
        lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")
        conn.sendall(head + body)

    return script


def trickle_headers(every: float = 0.1, lasting: float = 120.0) -> Script:
    """Headers one byte at a time, never finished: each read returns at once, so only a
    deadline over the whole exchange ends it."""

    def script(conn: socket.socket, request: bytes, stop: threading.Event) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        for _ in range(int(lasting / every)):
            if stop.wait(every):
                return
            conn.sendall(b"X")

    return script


def gzip_bytes(data_chunks: Iterator[bytes]) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    return b"".join(packer.compress(c) for c in data_chunks) + packer.flush()


def zeros(total: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    block = b"\0" * chunk
    for _ in range(total // chunk):
        yield block


@contextmanager
def tls_files(directory: Path, name: str = "localhost") -> Iterator[tuple[Path, Path]]:
    """A self-signed certificate for ``name`` only, and its key."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={name}",
            "-addext", f"subjectAltName=DNS:{name}",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    yield cert, key


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context
