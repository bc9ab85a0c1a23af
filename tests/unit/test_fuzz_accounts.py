"""Property tests for the new endpoints' parsers: whatever the API sends, a membership, a page,
a token status or a result_info either parses to safe strings or is reported as a malformed
response whose path points into the body; merging and wording what parsed never fails."""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cftui.core.accounts.merge import AccountMerge
from cftui.core.accounts.rows import filter_rows
from cftui.core.accounts.scopes import policy_headline, policy_scopes
from cftui.core.api.pagination import last_page, parse_result_info, progress_text
from cftui.core.errors import MalformedResponseError
from cftui.core.models.membership import Membership, parse_membership, parse_memberships
from cftui.core.models.token import describe_token, parse_token_status, token_warning
from cftui.core.models.user import parse_organization
from cftui.core.text import sanitize, shorten
from tests.support.fake.memberships import hostile_membership, membership, membership_detail
from tests.unit.test_fuzz import FUZZ, hostile_text, json_strings, json_values, unsafe_chars

NOW = datetime(2026, 11, 29, tzinfo=UTC)

opt_text = st.none() | hostile_text
opt_bool = st.none() | st.booleans()
grants = st.fixed_dictionaries({}, optional={"read": opt_bool, "write": opt_bool, "edit": opt_bool})
scopes = st.fixed_dictionaries(
    {},
    optional={
        "key": opt_text,
        "objects": st.none()
        | st.lists(st.fixed_dictionaries({}, optional={"key": opt_text}), max_size=3),
    },
)
policies = st.fixed_dictionaries(
    {},
    optional={
        "id": opt_text,
        "access": st.one_of(opt_text, st.sampled_from(["allow", "deny"])),
        "permission_groups": st.none()
        | st.lists(
            st.fixed_dictionaries(
                {}, optional={"id": opt_text, "name": opt_text, "meta": json_values}
            ),
            max_size=3,
        ),
        "resource_groups": st.none()
        | st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "id": opt_text,
                    "name": opt_text,
                    "scope": st.none() | st.lists(scopes, max_size=2),
                },
            ),
            max_size=2,
        ),
    },
)
memberships = st.fixed_dictionaries(
    {},
    optional={
        "id": opt_text,
        "account": st.none()
        | st.fixed_dictionaries(
            {},
            optional={"id": opt_text, "name": opt_text, "type": opt_text, "created_on": opt_text},
        ),
        "roles": st.none() | st.lists(hostile_text, max_size=3),
        "status": st.one_of(opt_text, st.sampled_from(["accepted", "pending", "rejected"])),
        "api_access_enabled": opt_bool,
        "permissions": st.none() | st.dictionaries(hostile_text, st.none() | grants, max_size=4),
        "policies": st.none() | st.lists(policies, max_size=2),
    },
)
real_shapes = st.sampled_from(
    [
        membership(1),
        membership(2, status="pending"),
        membership_detail(3).json()["result"],
        hostile_membership(),
    ]
)


def _locations(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in items:
        out.append((*path, key))
        out += _locations(child, (*path, key))
    return out


@st.composite
def corrupted(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(draw(st.one_of(real_shapes, memberships)))
    for _ in range(draw(st.integers(1, 3))):
        places = _locations(doc)
        if not places or draw(st.integers(0, 9)) == 0:
            return draw(json_values)
        place = draw(st.sampled_from(places))
        parent = doc
        for step in place[:-1]:
            parent = parent[step]
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[place[-1]]
        else:
            parent[place[-1]] = draw(json_values)
    return doc


def _shown(key: Any) -> str:
    return shorten(sanitize(str(key)), 40)


def resolve(doc: Any, path: str, root: str) -> Any:
    """Follow an error path into ``doc``; keys the API chose appear sanitized and shortened."""
    assert path.startswith(root), path
    rest, value = path[len(root) :], doc
    while rest:
        if m := re.match(r"\[(\d+)\]", rest):
            value, rest = value[int(m.group(1))], rest[m.end() :]
            continue
        assert rest.startswith(".") and isinstance(value, dict), (path, rest)
        fits = [k for k in value if re.match(re.escape("." + _shown(k)) + r"(?=$|[.\[])", rest)]
        if not fits:  # a known key that is missing (null) in the body
            name = re.match(r"\.([^.\[]+)", rest)
            assert name is not None, (path, rest)
            value, rest = None, rest[name.end() :]
            assert not rest, (path, rest)
            break
        key = max(fits, key=lambda k: len(_shown(k)))
        value, rest = value[key], rest[1 + len(_shown(key)) :]
    return value


def membership_strings(m: Membership) -> list[str]:
    out = [s for s in (m.id, m.status) if s is not None] + list(m.roles)
    if m.account is not None:
        out += [s for s in (m.account.id, m.account.name, m.account.type) if s is not None]
        if m.account.created_on is not None:
            out += [m.account.created_on.text, m.account.created_on.date_text]
    out += [r for r, _ in m.permissions]
    for p in m.policies or ():
        out += [policy_headline(p), *policy_scopes(p)]
    return out


def check_error(error: MalformedResponseError, doc: Any, root: str) -> None:
    """The error names a real place in the body, in a message safe to print."""
    assert error.path is not None and error.path in error.message
    assert not unsafe_chars(error.message)
    resolve(doc, error.path, root)


def check(doc: Any, root: str = "result") -> Membership | None:
    try:
        parsed = parse_membership(doc, root)
    except MalformedResponseError as err:
        check_error(err, doc, root)
        return None
    for text in membership_strings(parsed):
        assert not unsafe_chars(text), (text, unsafe_chars(text))
    return parsed


@FUZZ
@given(json_values)
def test_any_json_is_a_membership_or_a_malformed_answer(doc: Any) -> None:
    check(doc)


@FUZZ
@given(corrupted())
def test_corrupted_real_shapes(doc: Any) -> None:
    check(doc)


@FUZZ
@given(
    st.lists(memberships, max_size=6),
    st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "id": opt_text,
                "name": opt_text,
                "status": opt_text,
                "roles": st.none() | st.lists(hostile_text, max_size=2),
                "permissions": st.none() | st.lists(hostile_text, max_size=3),
            },
        ),
        max_size=4,
    ),
    hostile_text,
)
def test_well_typed_memberships_always_merge_and_filter_safely(
    items: list[dict[str, Any]], orgs: list[dict[str, Any]], query: str
) -> None:
    parsed = parse_memberships(items)
    assert len(parsed) == len(items)
    merge = AccountMerge(parsed, [parse_organization(o, "o") for o in orgs])
    rows = merge.rows()
    assert len(rows) <= len(items) + len(orgs)
    assert merge.membership_count + merge.duplicates == len(items)
    for row in rows:
        texts = [row.name, row.status, row.summary, *row.roles, *(c.label for c in row.grid)]
        texts += [t for fact in row.facts() for t in fact]
        for text in texts:
            assert not unsafe_chars(text), (text, unsafe_chars(text))
    shown = filter_rows(rows, query)
    assert set(map(id, shown)) <= set(map(id, rows))


@FUZZ
@given(json_values)
def test_any_json_is_a_token_status_or_a_malformed_answer(doc: Any) -> None:
    try:
        status = parse_token_status(doc)
    except MalformedResponseError as err:
        check_error(err, doc, "result")
        return
    for text in (
        describe_token(status, NOW),
        token_warning(status, NOW) or "",
        *json_strings(status.to_json()),
    ):
        assert not unsafe_chars(text)


@FUZZ
@given(
    st.one_of(
        json_values,
        st.dictionaries(
            st.sampled_from(["page", "per_page", "count", "total_count", "total_pages"]),
            json_values,
        ),
    )
)
def test_any_json_is_a_result_info_or_a_malformed_answer(doc: Any) -> None:
    try:
        info = parse_result_info(doc)
    except MalformedResponseError as err:
        check_error(err, doc, "result_info")
        return
    assert 1 <= last_page(info) <= 400
    progress_text(0, None if info is None else info.total_count, done=False)
