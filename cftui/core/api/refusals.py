"""What an answer that is not a success means to the user: the one place refusals become errors.

Codes are matched, not statuses, because Cloudflare answers the same mistake with different
statuses; every known code gets a next step, unknown ones are shown as they come. Pure (no
I/O): the client feeds it one answer's facts, the tests any answer they like.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from cftui.core.api.envelope import BodyNotJson
from cftui.core.credentials.kinds import AuthKind
from cftui.core.errors import (
    ApiError,
    AuthError,
    CftuiError,
    MalformedResponseError,
    RateLimitedError,
    ServerError,
)
from cftui.core.models.user import ApiMessage
from cftui.core.redact import Redact
from cftui.core.text import sanitize, shorten

E = TypeVar("E", bound=ApiError)
RATE_LIMIT_TEXT = "1,200 requests per 5 minutes per user"
STATUS_PAGE = "https://www.cloudflarestatus.com"
_MAX_SHOWN_ERRORS = 5
_TEMPORARY = f"This is usually temporary: try again in a minute, and see {STATUS_PAGE}."


@dataclass(frozen=True, slots=True)
class Answer:
    """What every error built from one answer carries (``request_id`` is its ``cf-ray``)."""

    status: int
    request_id: str | None = None
    retry_after: float | None = None
    detail: str | None = None


def _is_html(content_type: str, body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return "html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html"))


def _wait_hint(retry_after: float | None) -> str:
    if retry_after is None:
        return "Wait a few minutes and try again."
    return f"Wait {max(1, round(retry_after))} seconds and try again."


def _rate_limited(answer: Answer, message: str, codes: Sequence[int] = ()) -> RateLimitedError:
    hint = _wait_hint(answer.retry_after)
    return _status_error(RateLimitedError, answer, message, codes, hint)


def _server_error(answer: Answer, message: str, codes: Sequence[int] = ()) -> ServerError:
    return _status_error(ServerError, answer, message, codes, _TEMPORARY)


def _status_error(
    kind: type[E], answer: Answer, message: str, codes: Sequence[int], hint: str | None
) -> E:
    return kind(
        message,
        status=answer.status,
        codes=codes,
        request_id=answer.request_id,
        retry_after=answer.retry_after,
        hint=hint,
        detail=answer.detail,
    )


def for_bad_body(
    answer: Answer, problem: BodyNotJson, *, content_type: str, body: bytes
) -> CftuiError:
    """The error for a body that is not JSON (for example one of Cloudflare's HTML pages).

    ``content_type`` must already be redacted: it is a header the server chose.
    """
    status = answer.status
    if status == 429 or status >= 500:
        html = _is_html(content_type, body)
        page = "an HTML error page" if html else "an error page that is not JSON"
        if status == 429:
            return _rate_limited(
                answer,
                f"Cloudflare is rate limiting requests ({RATE_LIMIT_TEXT}) and returned "
                f"{page} (HTTP 429).",
            )
        return _server_error(
            answer, f"Cloudflare returned {page} (HTTP {status}) instead of an API answer."
        )
    shown_type = shorten(sanitize(content_type.split(";")[0].strip()), 60)
    return MalformedResponseError(
        f"Cloudflare answered HTTP {status}, but the body {problem.reason}"
        + (f" ({shown_type})." if shown_type and "not JSON" in problem.reason else "."),
        status=status,
        request_id=answer.request_id,
        hint="If CLOUDFLARE_BASE_URL or a proxy is set, check that it leads to the Cloudflare "
        "API; otherwise try again later.",
        detail=answer.detail,
    )


def for_unexpected_json(answer: Answer, problem: MalformedResponseError) -> CftuiError:
    """The error for JSON that is not the documented envelope."""
    status = answer.status
    if status == 429:
        return _rate_limited(
            answer,
            f"Cloudflare is rate limiting requests (HTTP 429); the limit is {RATE_LIMIT_TEXT}.",
        )
    if status >= 500:
        return _server_error(
            answer,
            f"Cloudflare had a problem answering (HTTP {status}), and its answer was not "
            "the usual API envelope.",
        )
    message = problem.message
    if status != 200:
        message = f"{message.rstrip('.')} (HTTP {status})."
    return MalformedResponseError(
        message,
        path=problem.path,
        status=status,
        request_id=answer.request_id,
        hint="This is a problem on Cloudflare's side or in cftui; try again later.",
        detail=answer.detail,
    )


def describe_messages(errors: Sequence[ApiMessage], redact: Redact) -> str:
    """``message (code N)`` for each error, with its ``error_chain`` in brackets."""

    def one(err: ApiMessage) -> str:
        text = str(err)
        if err.error_chain:
            text += " [" + "; ".join(one(e) for e in err.error_chain) + "]"
        return text

    shown = [shorten(redact(one(e)), 300) for e in errors[:_MAX_SHOWN_ERRORS]]
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


def for_envelope(
    answer: Answer, errors: Sequence[ApiMessage], *, kind: AuthKind | None, redact: Redact
) -> ApiError:
    """The error for an envelope with ``success: false`` (or any status of 400 and above)."""
    status = answer.status
    codes = tuple(c for e in errors for c in e.all_codes())
    said = f"Cloudflare said: {describe_messages(errors, redact)}."
    advice = _auth_advice(codes, kind)
    if advice is not None:
        lead, hint = advice
        return _status_error(AuthError, answer, f"{lead} {said}", codes, hint)
    if 971 in codes or status == 429:
        return _rate_limited(
            answer, f"Cloudflare is rate limiting requests ({RATE_LIMIT_TEXT}). {said}", codes
        )
    if status >= 500:
        return _server_error(
            answer, f"Cloudflare had a problem answering (HTTP {status}). {said}", codes
        )
    if status in (401, 403):
        message = f"Cloudflare rejected the credentials (HTTP {status}). {said}"
        hint = "Check the credentials, or log in again with cftui login."
        return _status_error(AuthError, answer, message, codes, hint)
    lead = "Cloudflare reported a failure" if status < 400 else "Cloudflare refused the request"
    return _status_error(ApiError, answer, f"{lead} (HTTP {status}). {said}", codes, None)
