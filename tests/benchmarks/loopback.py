"""The server the ``whoami`` peers talk to: the shared fake API's ``ok`` scenario.

If ``tests/fake_api.py`` is not there (or cannot start), the benchmark's own server serves
the demo body instead, and RESULTS.md says which one was used.
"""

from __future__ import annotations

import importlib.util
import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from cftui.core.demo import demo_body
from tests.benchmarks.env import FAKE_TOKEN
from tests.benchmarks.server import BodyServer


def _user_id(url: str) -> str:
    """Ask the server once who the user is, so every run can be checked for that id."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(
        f"{url}/user", headers={"Authorization": f"Bearer {FAKE_TOKEN}"}
    )
    with opener.open(request, timeout=10) as answer:
        return str(json.load(answer)["result"]["id"])


@contextmanager
def whoami_server(latency: float = 0.0) -> Iterator[tuple[str, str, str]]:
    """Yields (base URL, the user's id, a description of the server); ``latency`` seconds
    before every answer (the shared fake API only)."""
    if importlib.util.find_spec("tests.fake_api") is not None:
        from tests.fake_api import FakeApi

        with FakeApi(latency=latency) as api:
            url = api.base_url("ok")
            held = f", {latency * 1000:g} ms before every answer" if latency else ""
            yield (
                url,
                _user_id(url),
                f"the shared fake API (`tests/fake_api.py`, scenario `ok`{held})",
            )
        return
    server = BodyServer().start()
    try:
        url = server.add("ok", demo_body())
        yield url, _user_id(url), "the benchmark's own server with the demo body"
    finally:
        server.stop()
