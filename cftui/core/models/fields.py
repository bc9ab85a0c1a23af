"""Read one field of a decoded API object: the same rules for every endpoint.

Every field is optional and may be null; a known field of the wrong type is a malformed
response whose message names the JSON path; every string is sanitized on the way in, so
nothing downstream ever meets a control character from the API.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from cftui.core.dates import Timestamp, parse_timestamp
from cftui.core.errors import MalformedResponseError
from cftui.core.text import sanitize, shorten

T = TypeVar("T")

# Keys of open-ended objects (``permissions``) come from the API: a path that names one
# is shown to the user, so it is cleaned and kept short like any other API text.
_KEY_LIMIT = 40


def malformed(path: str, expected: str, value: object) -> MalformedResponseError:
    got = "null" if value is None else type(value).__name__
    return MalformedResponseError(
        f"Malformed response from the Cloudflare API: {path} should be {expected}, got {got}.",
        path=path,
    )


def key_path(path: str, key: str) -> str:
    """``path.key`` for a key the API chose, made safe to show."""
    return f"{path}.{shorten(sanitize(key), _KEY_LIMIT)}"


def as_object(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise malformed(path, "an object", value)
    return value


def opt_object(obj: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any] | None:
    value = obj.get(key)
    return None if value is None else as_object(value, f"{path}.{key}")


def opt_str(obj: Mapping[str, Any], key: str, path: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise malformed(f"{path}.{key}", "a string", value)
    return sanitize(value)


def opt_bool(obj: Mapping[str, Any], key: str, path: str) -> bool | None:
    value = obj.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise malformed(f"{path}.{key}", "a boolean", value)


def opt_timestamp(obj: Mapping[str, Any], key: str, path: str) -> Timestamp | None:
    """A date-time string; one that cannot be read is kept as text, never an error."""
    text = opt_str(obj, key, path)
    return None if text is None else parse_timestamp(text)


def str_list(obj: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
    value = obj.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise malformed(f"{path}.{key}", "a list of strings", value)
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise malformed(f"{path}.{key}[{i}]", "a string", item)
        out.append(sanitize(item))
    return tuple(out)


def object_list(
    obj: Mapping[str, Any], key: str, path: str, parse: Callable[[object, str], T]
) -> tuple[T, ...]:
    """A list of objects, each parsed with ``parse(item, "path.key[i]")``."""
    value = obj.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise malformed(f"{path}.{key}", "a list", value)
    return tuple(parse(item, f"{path}.{key}[{i}]") for i, item in enumerate(value))


def result_list(value: object, path: str, parse: Callable[[object, str], T]) -> tuple[T, ...]:
    """A paginated ``result``: a list of objects; null is an empty page."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise malformed(path, "a list", value)
    return tuple(parse(item, f"{path}[{i}]") for i, item in enumerate(value))
