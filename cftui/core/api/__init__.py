"""The request path to Cloudflare: endpoints, clients, transport, pages (only it imports httpx)."""

from __future__ import annotations

import sys
import types
from typing import Any


def _without_httpx_cli() -> None:
    """Keep ``import httpx`` from importing httpx's own command-line tool.

    httpx's ``__init__`` imports ``httpx._main`` (click, rich, pygments) whenever those happen
    to be installed, which is most machines with Textual on them: tens of milliseconds and
    rich on every ``whoami`` for a tool cftui never runs. A stand-in module is found instead;
    its ``main`` loads the real one if anything ever calls it.
    """
    if "httpx" in sys.modules or "httpx._main" in sys.modules:
        return
    stand_in = types.ModuleType("httpx._main", "Stands in for httpx's CLI until it is used.")

    def main(*args: Any, **kwargs: Any) -> Any:
        del sys.modules["httpx._main"]
        from httpx._main import main as real_main

        return real_main(*args, **kwargs)

    stand_in.main = main  # type: ignore[attr-defined]
    sys.modules["httpx._main"] = stand_in


_without_httpx_cli()
