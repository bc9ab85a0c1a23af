"""The server the ``whoami`` peers talk to: the shared fake API's ``ok`` scenario.

If the shared fake API (``tests.support.fake``) is not there (or cannot start), the benchmark's
own server serves the demo body instead, and RESULTS.md says which one was used.
"""

from __future__ import annotations

import importlib.util
import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cftui.core.demo.user import demo_body
from tests.benchmarks.env import FAKE_TOKEN
from tests.benchmarks.server import BodyServer


def _user(url: str) -> dict[str, Any]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(
        f"{url}/user", headers={"Authorization": f"Bearer {FAKE_TOKEN}"}
    )
    with opener.open(request, timeout=10) as answer:
        body: dict[str, Any] = json.load(answer)
        return body


def _user_id(url: str) -> str:
    """Ask the server once who the user is, so every run can be checked for that id."""
    return str(_user(url)["result"]["id"])


def user_name(url: str) -> str:
    """The name the app shows for the server's user (first + last, else email, else id)."""
    from cftui.core.api.envelope import parse_envelope

    user = parse_envelope(_user(url)).result
    assert user is not None
    return user.display_name


@contextmanager
def whoami_server(latency: float = 0.0) -> Iterator[tuple[str, str, str]]:
    """Yields (base URL, the user's id, a description of the server); ``latency`` seconds
    before every answer (the shared fake API only)."""
    if importlib.util.find_spec("tests.support.fake.server") is not None:
        from tests.support.fake.server import FakeApi

        with FakeApi(latency=latency) as api:
            url = api.base_url("ok")
            held = f", {latency * 1000:g} ms before every answer" if latency else ""
            yield (
                url,
                _user_id(url),
                f"the shared fake API (`tests/support/fake/server.py`, scenario `ok`{held})",
            )
        return
    server = BodyServer().start()
    try:
        url = server.add("ok", demo_body())
        yield url, _user_id(url), "the benchmark's own server with the demo body"
    finally:
        server.stop()
