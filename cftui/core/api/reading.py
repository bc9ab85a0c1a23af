"""Reading a decoded answer into what the caller gets: the envelope unwrapped, a refusal made
the user's error, an empty list's ``null`` made empty.

Apart from ``base_client`` (and free of httpx) so that an answer which never crossed a wire,
the demo's first frame, is read by exactly the code that reads one that did.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from cftui.core.api import refusals
from cftui.core.api.endpoints import ApiCall
from cftui.core.api.envelope import parse_envelope
from cftui.core.api.ratelimit import RateLimit
from cftui.core.credentials.kinds import AuthKind, Credential
from cftui.core.errors import MalformedResponseError
from cftui.core.redact import Redact, Redactor

R = TypeVar("R")

Handler = Callable[[str, str, Mapping[str, str], Any], tuple[int, Any]]
"""Answers a request in process: ``(method, path, query, json body or None)`` to
``(HTTP status, decoded JSON body)``; ``path`` is relative to the API's base URL
(``/user``). Served to the real clients by ``cftui.core.api.local``."""


def read_answer(
    call: ApiCall[R],
    data: Any,
    answer: refusals.Answer,
    *,
    kind: AuthKind,
    redact: Redact,
    ratelimit: RateLimit | None = None,
    attempts: int = 1,
) -> R:
    """What the decoded body ``data`` holds for ``call``; raises the user's error if it is a
    refusal or not the envelope ``call`` expects."""
    status = answer.status
    try:
        envelope = parse_envelope(data, call.parse)
    except MalformedResponseError as exc:
        raise refusals.for_unexpected_json(answer, exc) from None
    if not envelope.success or status >= 400:
        raise refusals.for_envelope(answer, envelope.errors, kind=kind, redact=redact)
    result = envelope.result
    if result is None and call.null_is_empty:
        result = call.parse([], "result")
    elif result is None:
        raise MalformedResponseError(
            f"Cloudflare reported success but sent no {call.what} (result is null).",
            path="result",
            status=status,
            request_id=answer.request_id,
            detail=answer.detail,
        )
    return call.respond(
        result,
        envelope.messages,
        body=data,
        status=status,
        ratelimit=ratelimit,
        attempts=attempts,
        request_id=answer.request_id,
        result_info=envelope.result_info,
    )


def answer_locally(call: ApiCall[R], handler: Handler, credential: Credential) -> R:
    """``handler``'s answer to ``call``, read as a client reads an answer with no headers.

    For a first frame that cannot wait for the network stack to load; anything later goes
    through a client over ``cftui.core.api.local``.
    """
    status, data = handler(call.method, call.path, dict(call.params or {}), call.json)
    answer = refusals.Answer(status=status, detail=f"HTTP {status}")
    return read_answer(call, data, answer, kind=credential.kind, redact=Redactor(()))
