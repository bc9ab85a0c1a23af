"""A gate on one scenario of the loopback fake API: no answer leaves until ``expected`` of its
requests have arrived.

Requests a client sends together all arrive and are answered; a request sent only after an
answer came back would wait for that answer forever, so the gate opens late (``timeout``, a
generous bound, never a measure) and says so (``broken``). That proves "these requests left
together" from the request log alone, at any machine's speed.

    gate = Gate(4)
    with gated(fake_api, "members_gated", WORLDS["members_3_pages"](), gate) as url:
        ...  # run the client against url
    assert not gate.broken
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from tests.support.fake.asked import Asked, Reply
from tests.support.fake.canned import OK
from tests.support.fake.server import FakeApi
from tests.support.fake.worlds import World


class Gate:
    """Holds each answer until ``expected`` requests are in; ``arrived`` lists them in order
    (``route?query``). ``timeout`` should stay below the client's own request deadline, so a
    broken gate ends in a failed assertion rather than in the client's timeout."""

    def __init__(self, expected: int, timeout: float = 10.0) -> None:
        self.expected = expected
        self.timeout = timeout
        self.arrived: list[str] = []
        self.broken = False
        self._all_in = threading.Condition()

    def hold(self, asked: Asked) -> Reply | None:
        """The router's handler: wait for the others, then answer as the scenario does."""
        query = "&".join(f"{k}={v}" for k, v in sorted(asked.query.items()))
        with self._all_in:
            self.arrived.append(f"{asked.route}?{query}" if query else asked.route)
            self._all_in.notify_all()
            if not self._all_in.wait_for(lambda: len(self.arrived) >= self.expected, self.timeout):
                self.broken = True
        return None  # the answer is the scenario's own


@contextmanager
def gated(api: FakeApi, name: str, world: World, gate: Gate) -> Iterator[str]:
    """Serve the ``ok`` user with ``world``'s memberships as scenario ``name`` behind
    ``gate``; yields its base URL (a fresh instance). The gate is taken off after."""
    api.add(name, OK, world=world)
    api.router.handlers[name] = gate.hold
    try:
        yield api.base_url(name, fresh=True)
    finally:
        api.router.handlers.pop(name, None)
