"""Whether the API answers at all, when there is no credential to ask it with.

``doctor`` checks the network even for someone not logged in yet: the answer tells a
firewall, a proxy or a trust-store problem apart from a missing login. Without a credential
there is nothing for the client's request path (which exists to send one) to do, so this
sends a bare ``GET /user`` through the same pieces the client is built from: the base URL
rules, the proxy and TLS settings, one deadline over the whole exchange, redirects refused,
the body capped. Any HTTP answer means reachable (Cloudflare answers 400, code 9106, without
credentials); the failures are the client's own errors.
"""

from __future__ import annotations

import os
import time

import httpx

from cftui import __version__
from cftui.core.api.transport import wire
from cftui.core.api.transport.deadline import enforce
from cftui.core.api.transport.network import connection, validate_base_url
from cftui.core.redact import Redactor

MAX_BODY_BYTES = 64 * 1024
"""An error envelope is a few hundred bytes; the body is read only to end the exchange."""


def reach(base_url: str, timeout: float) -> tuple[int, float]:
    """The HTTP status of an unauthenticated ``GET /user`` and the seconds it took.

    Raises the client's ``CftuiError``s: a refused base URL, a bad proxy or trust setting, a
    connection failure, a timeout, a redirect.
    """
    base = validate_base_url(base_url)
    verify, proxy = connection(base, os.environ)
    connect = min(5.0, timeout)
    limits = wire.Limits(connect, timeout, MAX_BODY_BYTES)
    transport = enforce(httpx.HTTPTransport(verify=verify, proxy=proxy))
    started = time.monotonic()
    with httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(timeout, connect=connect),
        follow_redirects=False,
        trust_env=False,
    ) as http:
        request = http.build_request(
            "GET",
            base + "/user",
            headers={"User-Agent": f"cftui/{__version__}", "Accept": "application/json"},
        )
        reply = wire.exchange_sync(http, request, limits, Redactor(()))
    return reply.status, time.monotonic() - started
