"""Property tests: whatever the API sends, the parser only parses or reports a malformed body,
and no string that reaches the UI carries a control, format or separator character."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cftui.core.api.envelope import Envelope, parse_envelope
from cftui.core.errors import MalformedResponseError
from cftui.core.models.user import ApiMessage, User
from cftui.core.text import sanitize, sanitize_json, shorten

UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that make terminal trouble, drawn often so most examples contain some.
NASTY = st.sampled_from(
    [
        "\x00",
        "\x07",
        "\x1b",
        "\x1b[31m",
        "\x1b]0;t\x07",
        "\x9b",
        "\t",
        "\r\n",
        "\x85",
        "\u2028",
        "\u2029",
        "\u200b",
        "\u200d",
        "\u202e",
        "\u2066",
        "\ufeff",
        "\ud800",
        "\udfff",
        "\U000e0041",
        "[bold]",
        "[/]",
        "שלום",
        "日本",
        "🚀",
    ]
)
hostile_text = st.lists(st.one_of(st.characters(), NASTY), max_size=12).map("".join)

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(st.characters()), hostile_text
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(st.text(st.characters()), hostile_text), children, max_size=5),
    ),
    max_leaves=25,
)

# -- envelopes shaped like the real one -------------------------------------------------------

STRING_FIELDS = (
    "id",
    "email",
    "username",
    "first_name",
    "last_name",
    "country",
    "zipcode",
    "telephone",
)
DATE_FIELDS = ("created_on", "modified_on")
BOOL_FIELDS = (
    "has_pro_zones",
    "has_business_zones",
    "has_enterprise_zones",
    "two_factor_authentication_enabled",
    "two_factor_authentication_locked",
    "suspended",
)
KNOWN = frozenset((*STRING_FIELDS, *DATE_FIELDS, *BOOL_FIELDS, "betas", "organizations"))

opt_text = st.none() | hostile_text
opt_bool = st.none() | st.booleans()
permission = st.one_of(
    hostile_text, st.builds("#{}:{}".format, hostile_text, st.sampled_from(["read", "edit"]))
)
organizations = st.fixed_dictionaries(
    {},
    optional={
        "id": opt_text,
        "name": opt_text,
        "status": st.one_of(opt_text, st.sampled_from(["member", "invited"])),
        "roles": st.none() | st.lists(hostile_text, max_size=4),
        "permissions": st.none() | st.lists(permission, max_size=6),
    },
)
users = st.builds(
    lambda known, unknown: unknown | known,
    st.fixed_dictionaries(
        {},
        optional={
            **dict.fromkeys(STRING_FIELDS, opt_text),
            **dict.fromkeys(DATE_FIELDS, opt_text),
            **dict.fromkeys(BOOL_FIELDS, opt_bool),
            "betas": st.none() | st.lists(hostile_text, max_size=4),
            "organizations": st.none() | st.lists(organizations, max_size=4),
        },
    ),
    st.dictionaries(hostile_text.filter(lambda k: k not in KNOWN), json_values, max_size=3),
)
api_messages = st.recursive(
    st.fixed_dictionaries(
        {"code": st.none() | st.integers(), "message": opt_text},
        optional={"documentation_url": opt_text, "source": json_values},
    ),
    lambda chains: st.fixed_dictionaries(
        {
            "code": st.none() | st.integers(),
            "message": opt_text,
            "error_chain": st.none() | st.lists(chains, max_size=3),
        }
    ),
    max_leaves=6,
)
valid_envelopes = st.fixed_dictionaries(
    {"success": st.booleans()},
    optional={
        "errors": st.none() | st.lists(api_messages, max_size=3),
        "messages": st.none() | st.lists(api_messages, max_size=3),
        "result": st.none() | users,
    },
)


# Every known field present and every list non-empty, so corruption lands on known fields.
full_organizations = st.fixed_dictionaries(
    {
        "id": hostile_text,
        "name": hostile_text,
        "status": st.sampled_from(["member", "invited"]),
        "roles": st.lists(hostile_text, min_size=1, max_size=3),
        "permissions": st.lists(permission, min_size=1, max_size=4),
    }
)
full_users = st.fixed_dictionaries(
    {
        **dict.fromkeys(STRING_FIELDS, hostile_text),
        **dict.fromkeys(DATE_FIELDS, hostile_text),
        **dict.fromkeys(BOOL_FIELDS, st.booleans()),
        "betas": st.lists(hostile_text, min_size=1, max_size=3),
        "organizations": st.lists(full_organizations, min_size=1, max_size=3),
    }
)
full_envelopes = st.fixed_dictionaries(
    {
        "success": st.booleans(),
        "errors": st.lists(api_messages, max_size=2),
        "messages": st.lists(api_messages, max_size=1),
        "result": full_users,
    }
)


def _locations(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place inside a JSON document a value can be replaced or removed."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*path, key)
            yield from _locations(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield (*path, index)
            yield from _locations(child, (*path, index))


@st.composite
def corrupted_envelopes(draw: st.DrawFn) -> dict[str, Any]:
    """A well-shaped envelope with one to three values replaced by arbitrary JSON or deleted."""
    doc: dict[str, Any] = draw(st.one_of(full_envelopes, valid_envelopes))
    for _ in range(draw(st.integers(1, 3))):
        location = draw(st.sampled_from([(), *_locations(doc)]))
        if location == ():
            doc = draw(json_values)
            if not isinstance(doc, dict):
                return {"body": doc}
            continue
        parent: Any = doc
        for step in location[:-1]:
            parent = parent[step]
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[location[-1]]
        else:
            parent[location[-1]] = draw(json_values)
    return doc


# -- helpers -----------------------------------------------------------------------------------


def unsafe_chars(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in UNSAFE_CATEGORIES]


def json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from json_strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from json_strings(child)


def message_strings(message: ApiMessage) -> Iterator[str]:
    yield message.message
    if message.documentation_url is not None:
        yield message.documentation_url
    for inner in message.error_chain:
        yield from message_strings(inner)


def user_strings(user: User) -> Iterator[str]:
    for name in STRING_FIELDS:
        value = getattr(user, name)
        if value is not None:
            yield value
    yield from user.betas
    for stamp in (user.created_on, user.modified_on):
        if stamp is not None:
            yield stamp.text
            yield stamp.date_text
    for org in user.organizations:
        yield from (s for s in (org.id, org.name, org.status) if s is not None)
        yield from org.roles
        yield from org.permissions
        for resource, actions in org.permissions_by_resource().items():
            yield resource
            yield from actions
    yield user.display_name
    yield from json_strings(dict(user.extra))
    yield from json_strings(user.to_json())


def envelope_strings(envelope: Envelope) -> Iterator[str]:
    for message in (*envelope.errors, *envelope.messages):
        yield from message_strings(message)
    if envelope.result is not None:
        yield from user_strings(envelope.result)


_PATH_STEP = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def resolve(doc: Any, path: str) -> Any:
    """Follow an error path like ``result.organizations[2].roles``; a missing key is null."""
    if path == "(response body)":
        return doc
    value = doc
    for match in _PATH_STEP.finditer(path):
        key, index = match.groups()
        value = value.get(key) if key is not None else value[int(index)]
    return value


def check_parse(doc: Any) -> None:
    """The contract: an Envelope whose strings are all safe, or a MalformedResponseError."""
    error: MalformedResponseError | None = None
    try:
        envelope = parse_envelope(doc)
    except MalformedResponseError as err:
        error = err
    if error is not None:
        assert error.path is not None
        assert error.path in error.message
        resolve(doc, error.path)  # the path points at a real place in the body
        return
    assert isinstance(envelope, Envelope)
    for text in envelope_strings(envelope):
        assert not unsafe_chars(text), (text, unsafe_chars(text))


# -- properties ----------------------------------------------------------------------------------


@FUZZ
@given(json_values)
def test_parse_envelope_on_arbitrary_json(doc: Any) -> None:
    check_parse(doc)


@FUZZ
@given(st.dictionaries(st.sampled_from(["success", "errors", "messages", "result"]), json_values))
def test_parse_envelope_on_arbitrary_envelope_parts(doc: dict[str, Any]) -> None:
    check_parse(doc)


@FUZZ
@given(corrupted_envelopes())
def test_parse_envelope_on_corrupted_real_shapes(doc: dict[str, Any]) -> None:
    check_parse(doc)


@FUZZ
@given(valid_envelopes)
def test_well_typed_envelopes_always_parse_to_safe_strings(doc: dict[str, Any]) -> None:
    envelope = parse_envelope(doc)
    assert envelope.success is doc["success"]
    for text in envelope_strings(envelope):
        assert not unsafe_chars(text), (text, unsafe_chars(text))
    result = doc.get("result")
    if result is not None:
        assert envelope.result is not None
        assert set(envelope.result.extra) == {sanitize(k) for k in result if k not in KNOWN}
        assert len(envelope.result.organizations) == len(result.get("organizations") or ())


@FUZZ
@given(st.text(st.characters()) | hostile_text)
def test_sanitize_never_raises_leaves_nothing_unsafe_and_is_idempotent(text: str) -> None:
    clean = sanitize(text)
    assert not unsafe_chars(clean)
    assert sanitize(clean) == clean
    assert len(clean) <= len(text)
    if not unsafe_chars(text):
        assert clean == text


@FUZZ
@given(json_values)
def test_sanitize_json_leaves_no_unsafe_string(value: Any) -> None:
    clean = sanitize_json(value)
    for text in json_strings(clean):
        assert not unsafe_chars(text)
    assert repr(sanitize_json(clean)) == repr(clean)  # repr: NaN is never equal to itself


@FUZZ
@given(st.text(st.characters()), st.integers(-5, 50))
def test_shorten_respects_the_limit(text: str, limit: int) -> None:
    out = shorten(text, limit)
    assert len(out) <= max(limit, 0)
    if len(text) <= limit:
        assert out == text
    else:
        assert out == "" or (out.endswith("…") and text.startswith(out[:-1]))
