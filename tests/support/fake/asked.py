"""One request as the fake API's router sees it (``Asked``) and what it decides (``Reply``):
the words the router, its front ends and the scenario modules it hands requests to share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from tests.support.fake.canned import Canned

How = Literal["send", "slow", "stall", "reset", "huge"]
"""``slow``: after the server's delay; ``stall``: half the body, then nothing for that delay;
``reset``: an RST before any byte; ``huge``: a chunked 50 MiB ``/user`` body."""


@dataclass(frozen=True)
class Asked:
    """One request as the router sees it, whichever front end received it."""

    scenario: str  # without any ``~instance`` suffix
    method: str
    route: str  # after /client/v4/, without the query ('' when the path is not the API's)
    query: Mapping[str, str] = field(default_factory=dict)  # the first value of each
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)  # names lower-cased
    hit: int = 1  # the how-many-th time this route was asked of this scenario instance
    instance: str = ""  # the scenario as sent, ``~instance`` suffix included (``tokens~3``)


@dataclass(frozen=True)
class Reply:
    canned: Canned
    how: How = "send"
    seconds: float | None = None  # how long ``slow`` waits, when not the server's delay


Handler = Callable[[Asked], Reply | None]
"""A scenario answered from the whole request (headers, query, body), not from tables; None
leaves the route to what the ok user's scenario answers there."""
