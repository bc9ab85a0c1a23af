"""The real clients over an in-process handler instead of the network (``cftui --demo``).

Every request still goes the whole request path: built with the credential's headers, sent
through ``httpx.MockTransport``, its body decoded, its envelope unwrapped and a refusal made
the user's error, as for Cloudflare's own answers. Only the socket is missing: the handler
(``reading.Handler``) gets the method, the path under the base URL, the query and the JSON
body, and returns the status and the JSON to send back.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import httpx

from cftui.core.api.client import CloudflareClient, SyncCloudflareClient
from cftui.core.api.reading import Handler
from cftui.core.credentials.kinds import Credential

LOCAL_BASE_URL = "https://local.invalid/client/v4"
"""Where a local client says it sends: a host that can never resolve (RFC 6761), so even a
request that somehow left the process would reach nobody."""


def local_transport(handler: Handler) -> httpx.MockTransport:
    """``handler`` as a transport both clients accept (MockTransport is sync and async)."""
    prefix = urlsplit(LOCAL_BASE_URL).path

    def serve(request: httpx.Request) -> httpx.Response:
        body: Any = json.loads(request.content) if request.content else None
        path = request.url.path.removeprefix(prefix)
        status, answer = handler(request.method, path, dict(request.url.params), body)
        return httpx.Response(status, json=answer)

    return httpx.MockTransport(serve)


async def _no_wait(seconds: float) -> None:
    return None


def local_client(credential: Credential, handler: Handler) -> CloudflareClient:
    """The async client answered by ``handler``; nothing local is worth asking twice."""
    return CloudflareClient(
        credential,
        transport=local_transport(handler),
        sleep=_no_wait,
        base_url=LOCAL_BASE_URL,
        max_retries=0,
    )


def local_sync_client(credential: Credential, handler: Handler) -> SyncCloudflareClient:
    """The blocking client answered by ``handler``."""
    return SyncCloudflareClient(
        credential,
        transport=local_transport(handler),
        sleep=lambda seconds: None,
        base_url=LOCAL_BASE_URL,
        max_retries=0,
    )
