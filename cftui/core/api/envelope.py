"""The API's envelope, and what a successful answer hands to the caller.

Every endpoint answers ``{success, errors, messages, result, result_info}``. Here a body
becomes JSON (refusing what would hurt later: deep nesting, ``NaN``, non-UTF-8), the JSON an
``Envelope``, and a successful envelope a ``Response``: the endpoint's model plus the facts the
UI and ``--debug`` show. ``Response.raw``, the body sanitized for the raw view, is made only
when first read: sanitizing a big account's body is a third of its parse time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from cftui.core.models.fields import as_object, malformed
from cftui.core.models.user import ApiMessage, User, parse_message, parse_user
from cftui.core.text import sanitize_json

if TYPE_CHECKING:
    from cftui.core.api.ratelimit import RateLimit

T = TypeVar("T")
MAX_JSON_DEPTH = 64
_CONTAINERS = (dict, list)


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
    container's members in C: a list of 50 permission strings costs one call, not 50.
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


@dataclass(frozen=True, slots=True)
class ResultInfo:
    """Where a page of a list stands: ``page`` of ``total_pages``, ``count`` items of
    ``total_count``. Any of them may be missing."""

    page: int | None = None
    per_page: int | None = None
    count: int | None = None
    total_count: int | None = None
    total_pages: int | None = None


MAX_COUNT = 10**9
"""No list of Cloudflare's comes near a billion items or pages: a larger number is no count."""


def _count(value: object, path: str) -> int | None:
    """A whole number from 0 to ``MAX_COUNT``. JSON has no integers apart from floats, so
    ``1.0`` is one (the schema says "number"); ``1.5``, ``true`` and ``-1`` are not counts."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise malformed(path, f"a whole number from 0 to {MAX_COUNT:,}", value)
    return value


def parse_result_info(value: object, path: str = "result_info") -> ResultInfo | None:
    if value is None:
        return None
    obj = as_object(value, path)
    numbers = {
        key: _count(obj.get(key), f"{path}.{key}")
        for key in ("page", "per_page", "count", "total_count", "total_pages")
    }
    return ResultInfo(**numbers)


@dataclass(frozen=True, slots=True)
class Envelope(Generic[T]):
    success: bool
    errors: tuple[ApiMessage, ...]
    messages: tuple[ApiMessage, ...]
    result: T | None
    result_info: ResultInfo | None = None


def _messages(obj: Mapping[str, Any], key: str) -> tuple[ApiMessage, ...]:
    value = obj.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise malformed(key, "a list", value)
    return tuple(parse_message(m, f"{key}[{i}]") for i, m in enumerate(value))


@overload
def parse_envelope(data: object) -> Envelope[User]: ...
@overload
def parse_envelope(data: object, parse_result: Callable[[object, str], T]) -> Envelope[T]: ...
def parse_envelope(
    data: object, parse_result: Callable[[object, str], Any] = parse_user
) -> Envelope[Any]:
    """Parse a decoded body (``/user``'s unless told how to read ``result``).

    Raises only ``MalformedResponseError``. ``json.loads`` accepts nesting nearly as deep as
    the recursion limit, and walking it again here takes more frames per level, so a hostile
    body must not escape as a ``RecursionError``.
    """
    from cftui.core.errors import MalformedResponseError

    try:
        obj = as_object(data, "(response body)")
        success = obj.get("success")
        if not isinstance(success, bool):
            raise malformed("success", "a boolean", success)
        result = obj.get("result")
        return Envelope(
            success=success,
            errors=_messages(obj, "errors"),
            messages=_messages(obj, "messages"),
            result=None if result is None else parse_result(result, "result"),
            result_info=parse_result_info(obj.get("result_info")),
        )
    except RecursionError:
        raise MalformedResponseError(
            "Malformed response from the Cloudflare API: the JSON is nested too deeply."
        ) from None


@dataclass(frozen=True, slots=True, init=False)
class Response(Generic[T]):
    """A successful answer: the endpoint's model plus what the UI and ``--debug`` show.

    Give either ``raw`` (already sanitized) or ``body`` (the decoded JSON object, secrets
    already redacted): ``raw`` then sanitizes ``body`` once, when first read.
    """

    result: T
    messages: tuple[ApiMessage, ...]
    status: int
    ratelimit: RateLimit | None
    attempts: int
    request_id: str | None
    result_info: ResultInfo | None
    _body: Any = field(repr=False, compare=False)
    _raw: dict[str, Any] | None = field(repr=False, compare=False)

    def __init__(
        self,
        result: T,
        messages: tuple[ApiMessage, ...] = (),
        raw: dict[str, Any] | None = None,
        status: int = 200,
        ratelimit: RateLimit | None = None,
        attempts: int = 1,
        *,
        body: dict[str, Any] | None = None,
        request_id: str | None = None,
        result_info: ResultInfo | None = None,
    ) -> None:
        if (raw is None) == (body is None):
            raise TypeError("a Response needs exactly one of raw and body")
        put = object.__setattr__
        for name, value in (
            ("result", result),
            ("messages", messages),
            ("status", status),
            ("ratelimit", ratelimit),
            ("attempts", attempts),
            ("request_id", request_id),
            ("result_info", result_info),
            ("_body", body),
            ("_raw", raw),
        ):
            put(self, name, value)

    @property
    def raw(self) -> dict[str, Any]:
        """The decoded body with every string sanitized (keys included); no secret in it."""
        if self._raw is None:
            raw: dict[str, Any] = sanitize_json(self._body)
            object.__setattr__(self, "_raw", raw)
            object.__setattr__(self, "_body", None)  # the unsanitized copy is not needed again
            return raw
        return self._raw


class UserResponse(Response[User]):
    """``GET /user``'s answer; ``user`` is its result."""

    __slots__ = ()

    @property
    def user(self) -> User:
        return self.result
