"""Turn one HTTP answer into either a decoded body or the error a user should see.

This is the one place the envelope's refusals become errors. Codes are matched, not statuses,
because Cloudflare answers the same mistake with different statuses; every known code gets a
next step, unknown ones are shown as they come. Everything here is pure (no I/O), so the
client can stay about the network and the tests can feed it any answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from cftui.core.credentials import AuthKind
from cftui.core.errors import (
    ApiError,
    AuthError,
    CftuiError,
    MalformedResponseError,
    RateLimitedError,
    ServerError,
)
from cftui.core.models import ApiMessage
from cftui.core.text import sanitize, shorten

MAX_JSON_DEPTH = 64
RATE_LIMIT_TEXT = "1,200 requests per 5 minutes per user"
STATUS_PAGE = "https://www.cloudflarestatus.com"
_MAX_SHOWN_ERRORS = 5

_CONTAINERS = (dict, list)

Redact = Callable[[str], str]


def _same(text: str) -> str:
    return text


class BodyNotJson(Exception):
    """The body could not be decoded as JSON; ``reason`` completes "the body ..."."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def json_depth_exceeds(value: Any, limit: int) -> bool:
    """True if containers in a decoded JSON value nest deeper than ``limit``.

    Checked once, right after decoding, so nothing that walks the body recursively later
    (the parser's ``error_chain``, ``sanitize_json``, ``json.dumps`` for ``--json``, the raw
    view) can meet a RecursionError. Level by level, and ``set(map(type, ...))`` looks at a
    container's members in C: a list of 50 permission strings costs one call, not 50, so
    the check costs a fraction of ``json.loads`` itself.
    """
    if type(value) not in _CONTAINERS:
        return False
    level = [value]
    for _ in range(limit):
        deeper: list[Any] = []
        for container in level:
            members = container.values() if type(container) is dict else container
            kinds = set(map(type, members))
            if dict in kinds or list in kinds:
                deeper.extend(m for m in members if type(m) in _CONTAINERS)
        if not deeper:
            return False
        level = deeper
    return True


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def decode_json(body: bytes, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Decode a response body; raises only ``BodyNotJson``."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BodyNotJson("is not JSON: it is not UTF-8 text") from None
    stripped = text.strip()
    if not stripped:
        raise BodyNotJson("is empty, not JSON")
    too_deep = BodyNotJson(f"nests JSON more than {max_depth} levels deep")
    try:
        data = json.loads(stripped, parse_constant=_reject_constant)
    except RecursionError:  # thousands of levels: the decoder itself gives up
        raise too_deep from None
    except json.JSONDecodeError as exc:
        at_end = exc.pos >= len(stripped) or exc.msg.startswith("Unterminated string")
        if at_end and stripped[0] in "[{":
            raise BodyNotJson("is truncated: the JSON ends before the document does") from None
        raise BodyNotJson("is not JSON") from None
    except ValueError:
        raise BodyNotJson(
            "holds JSON that cftui cannot read (such as a number thousands of digits long)"
        ) from None
    if json_depth_exceeds(data, max_depth):
        raise too_deep
    return data


def _is_html(content_type: str, body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return "html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html"))


def _wait_hint(retry_after: float | None) -> str:
    if retry_after is None:
        return "Wait a few minutes and try again."
    return f"Wait {max(1, round(retry_after))} seconds and try again."


def error_for_bad_body(
    status: int,
    problem: BodyNotJson,
    *,
    content_type: str,
    body: bytes,
    retry_after: float | None = None,
    detail: str | None = None,
) -> CftuiError:
    """The error for a body that is not JSON (for example one of Cloudflare's HTML pages)."""
    shown_type = shorten(sanitize(content_type.split(";")[0].strip()), 60)
    if status == 429 or status >= 500:
        page = (
            "an HTML error page"
            if _is_html(content_type, body)
            else "an error page that is not JSON"
        )
        if status == 429:
            return RateLimitedError(
                f"Cloudflare is rate limiting requests ({RATE_LIMIT_TEXT}) and returned "
                f"{page} (HTTP 429).",
                status=status,
                retry_after=retry_after,
                hint=_wait_hint(retry_after),
                detail=detail,
            )
        return ServerError(
            f"Cloudflare returned {page} (HTTP {status}) instead of an API answer.",
            status=status,
            hint=f"This is usually temporary: try again in a minute, and see {STATUS_PAGE}.",
            detail=detail,
        )
    return MalformedResponseError(
        f"Cloudflare answered HTTP {status}, but the body {problem.reason}"
        + (f" ({shown_type})." if shown_type and "not JSON" in problem.reason else "."),
        status=status,
        hint="If CLOUDFLARE_BASE_URL or a proxy is set, check that it leads to the Cloudflare "
        "API; otherwise try again later.",
        detail=detail,
    )


def error_for_unexpected_json(
    status: int,
    problem: MalformedResponseError,
    *,
    retry_after: float | None = None,
    detail: str | None = None,
) -> CftuiError:
    """The error for JSON that is not the documented envelope."""
    if status == 429:
        return RateLimitedError(
            f"Cloudflare is rate limiting requests (HTTP 429); the limit is {RATE_LIMIT_TEXT}.",
            status=status,
            retry_after=retry_after,
            hint=_wait_hint(retry_after),
            detail=detail,
        )
    if status >= 500:
        return ServerError(
            f"Cloudflare had a problem answering (HTTP {status}), and its answer was not "
            "the usual API envelope.",
            status=status,
            hint=f"This is usually temporary: try again in a minute, and see {STATUS_PAGE}.",
            detail=detail,
        )
    message = problem.message
    if status != 200:
        message = f"{message.rstrip('.')} (HTTP {status})."
    return MalformedResponseError(
        message,
        path=problem.path,
        status=status,
        hint="This is a problem on Cloudflare's side or in cftui; try again later.",
        detail=detail,
    )


def describe_messages(errors: Sequence[ApiMessage], redact: Redact = _same) -> str:
    """``message (code N)`` for each error, with its ``error_chain`` in brackets."""

    def one(err: ApiMessage) -> str:
        text = str(err)
        if err.error_chain:
            text += " [" + "; ".join(one(e) for e in err.error_chain) + "]"
        return text

    shown = [redact(shorten(one(e), 300)) for e in errors[:_MAX_SHOWN_ERRORS]]
    if len(errors) > _MAX_SHOWN_ERRORS:
        shown.append(f"and {len(errors) - _MAX_SHOWN_ERRORS} more")
    return "; ".join(shown) if shown else "no reason given"


_MALFORMED_HEADER_CODES = frozenset((6102, 6103, 6111))
_FORMAT_HINTS: dict[AuthKind | None, str] = {
    "token": "The API token is not in the form Cloudflare expects. If it is a Global API key, "
    "log in with your email and that key instead (cftui login).",
    "global_key": "The email or Global API key is not in the form Cloudflare expects. If the "
    "key is an API token, log in with the token instead (cftui login).",
    None: "This usually means an API token was sent as a Global API key, or the reverse: "
    "log in again and choose the right kind (cftui login).",
}


def _auth_advice(codes: Sequence[int], kind: AuthKind | None) -> tuple[str, str] | None:
    """The explanation and next step for a known authentication code, if any."""
    if 6003 in codes and _MALFORMED_HEADER_CODES.intersection(codes):
        return "Cloudflare could not read the authentication headers.", _FORMAT_HINTS[kind]
    if 9103 in codes:
        return (
            "Cloudflare does not recognise this email and Global API key.",
            "Check that the email is the one you log in to Cloudflare with, and copy the key "
            "again from My Profile → API Tokens → Global API Key.",
        )
    if 9106 in codes:
        return (
            "Cloudflare found no credentials it recognises in the request.",
            "Log in again with cftui login, or set CLOUDFLARE_API_TOKEN.",
        )
    if 9109 in codes:
        # Cloudflare uses 9109 for a missing permission, an unknown token ("Invalid access
        # token") and an IP filter ("Cannot use the access token from location"): name all three.
        return (
            "The API token was refused: it is not valid, not allowed from this IP address, "
            "or not allowed to read your user details.",
            "Check the token under My Profile → API Tokens: it needs the permission "
            "User → User Details → Read, and any IP filter must include this machine; "
            "or log in again with a new token (cftui login).",
        )
    if 10000 in codes:
        return (
            "Cloudflare rejected the credentials (authentication error).",
            "The token may have expired, been revoked, or be limited to other IP addresses: "
            "check it under My Profile → API Tokens, or log in again with cftui login.",
        )
    return None


def error_for_envelope(
    status: int,
    errors: Sequence[ApiMessage],
    *,
    kind: AuthKind | None = None,
    retry_after: float | None = None,
    redact: Redact = _same,
    detail: str | None = None,
) -> ApiError:
    """The error for an envelope with ``success: false`` (or any status of 400 and above)."""
    codes = tuple(c for e in errors for c in e.all_codes())
    said = f"Cloudflare said: {describe_messages(errors, redact)}."
    advice = _auth_advice(codes, kind)
    if advice is not None:
        lead, hint = advice
        return AuthError(f"{lead} {said}", status=status, codes=codes, hint=hint, detail=detail)
    if 971 in codes or status == 429:
        return RateLimitedError(
            f"Cloudflare is rate limiting requests ({RATE_LIMIT_TEXT}). {said}",
            status=status,
            codes=codes,
            retry_after=retry_after,
            hint=_wait_hint(retry_after),
            detail=detail,
        )
    if status >= 500:
        return ServerError(
            f"Cloudflare had a problem answering (HTTP {status}). {said}",
            status=status,
            codes=codes,
            hint=f"This is usually temporary: try again in a minute, and see {STATUS_PAGE}.",
            detail=detail,
        )
    if status in (401, 403):
        return AuthError(
            f"Cloudflare rejected the credentials (HTTP {status}). {said}",
            status=status,
            codes=codes,
            hint="Check the credentials, or log in again with cftui login.",
            detail=detail,
        )
    lead = "Cloudflare reported a failure" if status < 400 else "Cloudflare refused the request"
    return ApiError(f"{lead} (HTTP {status}). {said}", status=status, codes=codes, detail=detail)


def is_transient(error: CftuiError) -> bool:
    """Worth another attempt: rate limits and server errors usually pass."""
    return isinstance(error, RateLimitedError | ServerError)
