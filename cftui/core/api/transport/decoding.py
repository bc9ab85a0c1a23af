"""Content-Encoding, undone with a cap on what comes out, as it comes out.

A few KiB of ``gzip, gzip`` can inflate to gigabytes in one ``decompress`` call; httpx's
decoders have no output limit. Here each layer hands on at most ``STEP`` bytes at a time and
no layer may produce more than the cap in all, so memory stays near the cap whatever the
stacking. Only encodings cftui asks for (``ACCEPT``) are decoded; any other is refused by
name rather than read as garbage.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator

from cftui.core.errors import MalformedResponseError

ACCEPT = "gzip, deflate"
STEP = 64 * 1024
MAX_LAYERS = 4


class _Zlib:
    def __init__(self, name: str, wbits: int) -> None:
        self.name = name
        self._inflate = zlib.decompressobj(wbits)
        # "deflate" means zlib-wrapped, but some servers send it raw: switch while nothing
        # has come out yet.
        self._may_be_raw = name == "deflate"
        self._fed = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        self._fed = self._fed or bool(data)
        while True:
            try:
                out = self._inflate.decompress(data, STEP)
            except zlib.error:
                if not self._may_be_raw:
                    raise
                self._may_be_raw = False
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            data = self._inflate.unconsumed_tail
            if out:
                self._may_be_raw = False
                yield out
            if not data and len(out) < STEP:
                return

    def end(self) -> Iterator[bytes]:
        yield from self.decode(b"")
        if self._fed and not self._inflate.eof:
            raise zlib.error("the compressed data ends early")


_LAYERS: dict[str, Callable[[], _Zlib]] = {
    "gzip": lambda: _Zlib("gzip", zlib.MAX_WBITS | 16),
    "x-gzip": lambda: _Zlib("gzip", zlib.MAX_WBITS | 16),
    "deflate": lambda: _Zlib("deflate", zlib.MAX_WBITS),
}


class Decoder:
    """Raw body chunks in (``feed``), decoded chunks out, never more than ``cap`` per layer."""

    def __init__(self, content_encoding: str, cap: int, too_large: Callable[[], Exception]):
        names = [n.strip().lower() for n in content_encoding.split(",")]
        names = [n for n in names if n and n != "identity"]
        unknown = [n for n in names if n not in _LAYERS]
        if unknown or len(names) > MAX_LAYERS:
            shown = ", ".join(names)[:60]
            raise MalformedResponseError(
                f"Cloudflare's answer is encoded as {shown!r}, which cftui did not ask for and "
                "does not decode.",
                hint="If CLOUDFLARE_BASE_URL or a proxy is set, check that it leads to the "
                "Cloudflare API.",
            )
        # The last encoding applied is the first to undo.
        self._layers = [_LAYERS[n]() for n in reversed(names)]
        self._made = [0] * len(self._layers)
        self._cap = cap
        self._too_large = too_large

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded bytes ``data`` yields so far, a ``STEP`` at a time."""
        return self._push(0, data)

    def end(self) -> Iterator[bytes]:
        """What each layer still held once the body is complete."""
        for i, layer in enumerate(self._layers):
            for out in _guarded(layer.end(), layer.name):
                self._count(i, out)
                yield from self._push(i + 1, out)

    def _push(self, i: int, data: bytes) -> Iterator[bytes]:
        if i == len(self._layers):
            if data:
                yield data
            return
        layer = self._layers[i]
        for out in _guarded(layer.decode(data), layer.name):
            self._count(i, out)  # counted before the next layer sees it
            yield from self._push(i + 1, out)

    def _count(self, i: int, out: bytes) -> None:
        self._made[i] += len(out)
        if self._made[i] > self._cap:
            raise self._too_large()


def _guarded(outs: Iterator[bytes], name: str) -> Iterator[bytes]:
    try:
        yield from outs
    except zlib.error as exc:
        raise MalformedResponseError(
            f"Cloudflare's answer could not be decompressed ({name}: {exc}).",
            hint="Try again later; if CLOUDFLARE_BASE_URL or a proxy is set, check it.",
        ) from None
