"""Parsing the ``GET /user`` envelope: the documented shape, nulls, unknowns and wrong types."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from cftui.core.api.envelope import Envelope, parse_envelope
from cftui.core.errors import ExitCode, MalformedResponseError
from cftui.core.models.user import ApiMessage, Organization, User

# The example response from the API reference, verbatim.
REFERENCE: dict[str, Any] = {
    "errors": [
        {
            "code": 1000,
            "message": "message",
            "documentation_url": "documentation_url",
            "source": {"pointer": "pointer"},
        }
    ],
    "messages": [
        {
            "code": 1000,
            "message": "message",
            "documentation_url": "documentation_url",
            "source": {"pointer": "pointer"},
        }
    ],
    "success": True,
    "result": {
        "id": "6d7f2f5f5b1d4a0e9081fdc98d432fd1",
        "betas": ["zone_level_access_beta"],
        "country": "US",
        "first_name": "John",
        "has_business_zones": True,
        "has_enterprise_zones": True,
        "has_pro_zones": True,
        "last_name": "Appleseed",
        "organizations": [
            {
                "id": "023e105f4ecef8ad9ca31a8372d0c353",
                "name": "Cloudflare, Inc.",
                "permissions": ["#zones:read"],
                "roles": ["All Privileges - Super Administrator"],
                "status": "member",
            }
        ],
        "suspended": True,
        "telephone": "+1 123-123-1234",
        "two_factor_authentication_enabled": True,
        "two_factor_authentication_locked": True,
        "zipcode": "12345",
    },
}

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
KNOWN_FIELDS = (*STRING_FIELDS, *DATE_FIELDS, *BOOL_FIELDS, "betas", "organizations")
# What real bodies carry beyond the published example.
REAL_FIELDS: dict[str, Any] = {
    "email": "john.appleseed@example.com",
    "username": "jappleseed",
    "created_on": "2014-01-01T05:20:00.12345Z",
    "modified_on": "2014-01-01T05:20:00Z",
}


def reference() -> dict[str, Any]:
    return copy.deepcopy(REFERENCE)


def real_reference() -> dict[str, Any]:
    """The reference as a real account sends it: with email, username and dates."""
    doc = reference()
    doc["result"].update(REAL_FIELDS)
    return doc


def rich_reference() -> dict[str, Any]:
    """The real reference with three organizations and longer permissions, for deep paths."""
    doc = real_reference()
    org = doc["result"]["organizations"][0]
    org["permissions"] = ["#zones:read", "#zones:edit", "#dns_records:read", "#billing:read"]
    doc["result"]["organizations"] += [
        copy.deepcopy(org) | {"id": "b" * 32},
        copy.deepcopy(org) | {"id": "c" * 32},
    ]
    doc["errors"][0]["error_chain"] = [{"code": 6103, "message": "Invalid format"}]
    return doc


def user_of(result: Any) -> User:
    envelope = parse_envelope({"success": True, "errors": [], "messages": [], "result": result})
    assert envelope.result is not None
    return envelope.result


# -- the documented shape -------------------------------------------------------------------


def test_reference_example_parses_into_the_expected_values() -> None:
    envelope = parse_envelope(reference())
    message = ApiMessage(code=1000, message="message", documentation_url="documentation_url")
    assert envelope == Envelope(
        success=True,
        errors=(message,),
        messages=(message,),
        result=User(
            id="6d7f2f5f5b1d4a0e9081fdc98d432fd1",
            first_name="John",
            last_name="Appleseed",
            country="US",
            zipcode="12345",
            telephone="+1 123-123-1234",
            betas=("zone_level_access_beta",),
            has_pro_zones=True,
            has_business_zones=True,
            has_enterprise_zones=True,
            two_factor_authentication_enabled=True,
            two_factor_authentication_locked=True,
            suspended=True,
            organizations=(
                Organization(
                    id="023e105f4ecef8ad9ca31a8372d0c353",
                    name="Cloudflare, Inc.",
                    status="member",
                    roles=("All Privileges - Super Administrator",),
                    permissions=("#zones:read",),
                ),
            ),
            extra={},
        ),
    )


def test_reference_example_is_not_mutated_by_parsing() -> None:
    doc = reference()
    parse_envelope(doc)
    assert doc == REFERENCE


def test_false_booleans_stay_false_not_none() -> None:
    doc = reference()
    for name in BOOL_FIELDS:
        doc["result"][name] = False
    user = parse_envelope(doc).result
    assert user is not None
    assert all(getattr(user, name) is False for name in BOOL_FIELDS)


def test_success_false_is_parsed_not_raised() -> None:
    envelope = parse_envelope(
        {"success": False, "errors": [{"code": 9109, "message": "Unauthorized"}], "result": None}
    )
    assert envelope.success is False
    assert envelope.result is None
    assert envelope.errors[0].code == 9109


# -- everything optional --------------------------------------------------------------------


def test_every_result_field_may_be_null() -> None:
    assert user_of(dict.fromkeys(KNOWN_FIELDS)) == User()


def test_every_result_field_may_be_missing() -> None:
    assert user_of({}) == User()


@pytest.mark.parametrize("name", KNOWN_FIELDS)
def test_each_field_alone_may_be_missing(name: str) -> None:
    doc = real_reference()
    del doc["result"][name]
    user = parse_envelope(doc).result
    assert user is not None
    assert getattr(user, name) == getattr(User(), name)
    others = [n for n in KNOWN_FIELDS if n != name]
    assert all(getattr(user, n) != getattr(User(), n) for n in others)


def test_every_organization_field_may_be_null_or_missing() -> None:
    nulls = dict.fromkeys(("id", "name", "status", "roles", "permissions"))
    user = user_of({"organizations": [nulls, {}]})
    assert user.organizations == (Organization(), Organization())


@pytest.mark.parametrize(
    "envelope",
    [
        {"success": True},
        {"success": True, "result": None},
        {"success": True, "errors": None, "messages": None, "result": None},
        {"success": True, "errors": [], "messages": [], "result": None},
    ],
)
def test_envelope_parts_are_optional(envelope: dict[str, Any]) -> None:
    assert parse_envelope(envelope) == Envelope(success=True, errors=(), messages=(), result=None)


def test_empty_lists_are_empty_tuples() -> None:
    user = user_of({"betas": [], "organizations": [{"roles": [], "permissions": []}]})
    assert user.betas == ()
    assert user.organizations == (Organization(),)


def test_unknown_organization_status_is_kept_as_sent() -> None:
    assert user_of({"organizations": [{"status": "pending"}]}).organizations[0].status == "pending"


# -- unknown fields -------------------------------------------------------------------------


def test_unknown_fields_are_kept_in_extra_and_known_ones_are_not() -> None:
    doc = real_reference()
    doc["result"]["api_key_expires_on"] = "2014-01-01T05:20:00Z"
    doc["result"]["nested"] = {"a": [1, 2.5, None, True]}
    user = parse_envelope(doc).result
    assert user is not None
    assert dict(user.extra) == {
        "api_key_expires_on": "2014-01-01T05:20:00Z",
        "nested": {"a": [1, 2.5, None, True]},
    }
    assert user.email == "john.appleseed@example.com"


def test_unknown_fields_are_sanitized_keys_and_values() -> None:
    user = user_of({"ev\x1bil": {"k\u202e": ["\x1b]0;title\x07x", 3]}, "plain": "\u200bz"})
    assert dict(user.extra) == {"evil": {"k": ["]0;titlex", 3]}, "plain": "z"}


def test_unknown_top_level_envelope_fields_are_ignored() -> None:
    doc = reference()
    doc["timing"] = {"ms": 1}
    assert parse_envelope(doc) == parse_envelope(reference())


def test_result_info_is_read_and_checked() -> None:
    doc = reference()
    doc["result_info"] = {"page": 2, "per_page": 50, "total_count": 120, "total_pages": 3}
    info = parse_envelope(doc).result_info
    assert info is not None
    assert (info.page, info.per_page, info.count, info.total_pages) == (2, 50, None, 3)
    doc["result_info"] = {"page": "2"}
    with pytest.raises(MalformedResponseError) as caught:
        parse_envelope(doc)
    assert caught.value.path == "result_info.page"


# -- wrong types name the JSON path ----------------------------------------------------------


def _mutated(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    doc = rich_reference()
    target: Any = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return doc


_MISSING = object()

WRONG_TYPES: list[tuple[tuple[str | int, ...], Any, str]] = [
    *[(("result", name), 123, f"result.{name}") for name in STRING_FIELDS],
    *[(("result", name), ["x"], f"result.{name}") for name in STRING_FIELDS],
    *[(("result", name), 1388553600, f"result.{name}") for name in DATE_FIELDS],
    *[(("result", name), 1, f"result.{name}") for name in BOOL_FIELDS],  # int is not a bool
    *[(("result", name), "true", f"result.{name}") for name in BOOL_FIELDS],
    (("result",), [], "result"),
    (("result",), "user", "result"),
    (("result",), 0, "result"),
    (("result", "betas"), "zone_level_access_beta", "result.betas"),
    (("result", "betas"), {"a": 1}, "result.betas"),
    (("result", "betas"), ["ok", 2], "result.betas[1]"),
    (("result", "betas"), ["ok", "ok", None], "result.betas[2]"),
    (("result", "organizations"), {"id": "x"}, "result.organizations"),
    (("result", "organizations"), "x", "result.organizations"),
    (("result", "organizations", 2), "org", "result.organizations[2]"),
    (("result", "organizations", 1), None, "result.organizations[1]"),
    (("result", "organizations", 2, "roles"), "Administrator", "result.organizations[2].roles"),
    (("result", "organizations", 2, "roles", 0), 1, "result.organizations[2].roles[0]"),
    (("result", "organizations", 0, "permissions", 3), 7, "result.organizations[0].permissions[3]"),
    (("result", "organizations", 1, "permissions"), {}, "result.organizations[1].permissions"),
    (("result", "organizations", 0, "id"), 42, "result.organizations[0].id"),
    (("result", "organizations", 1, "name"), False, "result.organizations[1].name"),
    (("result", "organizations", 2, "status"), ["member"], "result.organizations[2].status"),
    (("success",), "true", "success"),
    (("success",), 1, "success"),
    (("success",), None, "success"),
    (("errors",), "oops", "errors"),
    (("errors",), {"code": 1}, "errors"),
    (("messages",), 5, "messages"),
    (("errors", 0), "message", "errors[0]"),
    (("errors", 0, "code"), "1000", "errors[0].code"),
    (("errors", 0, "code"), True, "errors[0].code"),  # a bool is not a code
    (("errors", 0, "code"), 1000.0, "errors[0].code"),
    (("errors", 0, "message"), 5, "errors[0].message"),
    (("errors", 0, "documentation_url"), 5, "errors[0].documentation_url"),
    (("errors", 0, "error_chain"), {"code": 1}, "errors[0].error_chain"),
    (("errors", 0, "error_chain", 0), [], "errors[0].error_chain[0]"),
    (("errors", 0, "error_chain", 0, "code"), "6103", "errors[0].error_chain[0].code"),
    (("messages", 0, "code"), False, "messages[0].code"),
]


@pytest.mark.parametrize(
    ("path", "value", "expected"), WRONG_TYPES, ids=[w[2] + "=" + repr(w[1]) for w in WRONG_TYPES]
)
def test_wrong_type_names_the_json_path(
    path: tuple[str | int, ...], value: Any, expected: str
) -> None:
    doc = _mutated(path, value)
    with pytest.raises(MalformedResponseError) as info:
        parse_envelope(doc)
    assert info.value.path == expected
    assert expected in info.value.message


def test_the_mutation_helper_leaves_a_valid_document_valid() -> None:
    # Guards the table above: without a mutation the rich reference parses.
    user = parse_envelope(rich_reference()).result
    assert user is not None
    assert len(user.organizations) == 3
    assert len(user.organizations[0].permissions) == 4


def test_success_missing_names_success() -> None:
    doc = reference()
    del doc["success"]
    with pytest.raises(MalformedResponseError) as info:
        parse_envelope(doc)
    assert info.value.path == "success"
    assert "got null" in info.value.message


@pytest.mark.parametrize("body", [None, [], [REFERENCE], "ok", 200, 1.5, True])
def test_body_that_is_not_an_object(body: Any) -> None:
    with pytest.raises(MalformedResponseError) as info:
        parse_envelope(body)
    assert info.value.path == "(response body)"


def test_malformed_error_says_what_was_expected_and_what_came() -> None:
    with pytest.raises(MalformedResponseError) as info:
        parse_envelope(_mutated(("result", "organizations", 2, "roles"), 7))
    err = info.value
    assert err.message == (
        "Malformed response from the Cloudflare API: "
        "result.organizations[2].roles should be a list of strings, got int."
    )
    assert err.exit_code is ExitCode.MALFORMED
    assert err.status is None


def _nested_lists(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


def test_moderate_nesting_in_unknown_fields_is_kept() -> None:
    user = user_of({"x": _nested_lists(100)})
    assert user.extra["x"] == _nested_lists(100)


@pytest.mark.parametrize("depth", [600, 5000])
def test_deep_nesting_in_unknown_fields_is_malformed_not_a_crash(depth: int) -> None:
    # 600 levels is well within what json.loads accepts.
    with pytest.raises(MalformedResponseError, match="nested too deeply"):
        user_of({"x": _nested_lists(depth)})


def test_deep_error_chain_is_malformed_not_a_crash() -> None:
    chain: dict[str, Any] = {"code": 1, "message": "m"}
    for _ in range(2000):
        chain = {"code": 1, "message": "m", "error_chain": [chain]}
    with pytest.raises(MalformedResponseError, match="nested too deeply"):
        parse_envelope({"success": False, "errors": [chain]})


# -- messages and error chains ---------------------------------------------------------------


def test_error_chain_is_parsed_recursively() -> None:
    envelope = parse_envelope(
        {
            "success": False,
            "errors": [
                {
                    "code": 6003,
                    "message": "Invalid request headers",
                    "error_chain": [
                        {"code": 6103, "message": "Invalid format for X-Auth-Key header"},
                        {
                            "code": 6102,
                            "message": "Invalid format for X-Auth-Email header",
                            "error_chain": [{"code": 6111, "message": "Invalid format"}],
                        },
                    ],
                }
            ],
        }
    )
    (err,) = envelope.errors
    assert err.code == 6003
    assert [m.code for m in err.error_chain] == [6103, 6102]
    assert err.error_chain[1].error_chain[0].message == "Invalid format"
    assert err.all_codes() == (6003, 6103, 6102, 6111)


def test_all_codes_skips_missing_codes() -> None:
    msg = ApiMessage(
        code=None,
        message="x",
        error_chain=(ApiMessage(code=None, message="y"), ApiMessage(code=9109, message="z")),
    )
    assert msg.all_codes() == (9109,)
    assert ApiMessage(code=None, message="x").all_codes() == ()


@pytest.mark.parametrize("raw", [{}, {"message": None}, {"message": ""}, {"message": "\x1b\x07"}])
def test_message_without_text_gets_a_placeholder(raw: dict[str, Any]) -> None:
    (msg,) = parse_envelope({"success": False, "errors": [raw]}).errors
    assert msg.message == "(no message)"
    assert msg.code is None


def test_message_str_shows_the_code_when_there_is_one() -> None:
    assert str(ApiMessage(code=9109, message="Unauthorized")) == "Unauthorized (code 9109)"
    assert str(ApiMessage(code=None, message="Unauthorized")) == "Unauthorized"


def test_message_strings_are_sanitized() -> None:
    (msg,) = parse_envelope(
        {
            "success": False,
            "errors": [
                {
                    "code": 1,
                    "message": "\x1b[2JBad\u202e",
                    "documentation_url": "https://x\x00/y",
                    "error_chain": [{"code": 2, "message": "in\u200bner"}],
                }
            ],
        }
    ).errors
    assert msg.message == "[2JBad"
    assert msg.documentation_url == "https://x/y"
    assert msg.error_chain[0].message == "inner"


# -- permissions grouping ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("permissions", "expected"),
    [
        ((), {}),
        (("#zones:read", "#zones:edit"), {"zones": ["read", "edit"]}),
        (
            ("#zones:read", "#dns_records:edit", "#zones:edit", "#dns_records:read"),
            {"zones": ["read", "edit"], "dns_records": ["edit", "read"]},
        ),
        (("#zones:read", "#zones:read"), {"zones": ["read"]}),
        (("zones:read",), {"zones": ["read"]}),  # the leading # is optional
        (("#",), {"#": []}),
        ((":",), {":": []}),
        (("no-colon",), {"no-colon": []}),
        (("#no-colon",), {"no-colon": []}),
        (("#zones:",), {"zones": []}),
        (("#:read",), {":read": []}),
        (("#a:b:c",), {"a:b": ["c"]}),  # the action is what follows the last colon
    ],
)
def test_permissions_by_resource(
    permissions: tuple[str, ...], expected: dict[str, list[str]]
) -> None:
    assert Organization(permissions=permissions).permissions_by_resource() == expected


def test_permissions_by_resource_keeps_first_seen_order() -> None:
    org = Organization(permissions=("#b:x", "#a:y", "#b:z"))
    assert list(org.permissions_by_resource()) == ["b", "a"]


# -- display names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (User(first_name="John", last_name="Appleseed", id="u1"), "John Appleseed"),
        (User(first_name="John", id="u1"), "John"),
        (User(last_name="Appleseed", id="u1"), "Appleseed"),
        (User(first_name="", last_name="", id="u1"), "u1"),
        (User(id="u1"), "u1"),
        (User(), "(unnamed user)"),
        (User(id=""), "(unnamed user)"),
        (User(email="ada@example.com", id="u1"), "ada@example.com"),
        (User(first_name="Ada", email="ada@example.com", id="u1"), "Ada"),
        (User(first_name="", email="", id="u1"), "u1"),
    ],
)
def test_user_display_name(user: User, expected: str) -> None:
    assert user.display_name == expected


@pytest.mark.parametrize(
    ("org", "expected"),
    [
        (Organization(name="Acme", id="o1"), "Acme"),
        (Organization(name="", id="o1"), "o1"),
        (Organization(id="o1"), "o1"),
        (Organization(), "(unnamed organization)"),
    ],
)
def test_organization_display_name(org: Organization, expected: str) -> None:
    assert org.display_name == expected


def test_display_name_of_a_parsed_user_with_a_control_only_name_falls_back() -> None:
    user = user_of({"id": "u1", "first_name": "\x1b", "last_name": "\u200b"})
    assert user.display_name == "u1"


# -- to_json ----------------------------------------------------------------------------------


def test_to_json_round_trips_the_known_fields() -> None:
    user = parse_envelope(rich_reference()).result
    assert user is not None
    as_json = json.loads(json.dumps(user.to_json()))
    assert set(as_json) == set(KNOWN_FIELDS)
    assert user_of(as_json) == user


def test_to_json_of_an_empty_user_round_trips() -> None:
    assert user_of(User().to_json()) == User()


def test_to_json_leaves_out_unknown_fields() -> None:
    user = user_of({"id": "u1", "phone_verified": "yes"})
    assert "phone_verified" not in user.to_json()
    assert user.to_json()["id"] == "u1"


def test_to_json_keeps_dates_as_sent_even_when_unreadable() -> None:
    user = user_of({"created_on": "2014-01-01T05:20:00.12345Z", "modified_on": "last Tuesday"})
    assert user.to_json()["created_on"] == "2014-01-01T05:20:00.12345Z"
    assert user.to_json()["modified_on"] == "last Tuesday"


# -- sanitized at parse time ------------------------------------------------------------------


HOSTILE = "\x1b[31m\x1b]8;;https://evil\x07Ev\u202eil\u200b\x00[bold]\u2028X\ud800"
CLEAN = "[31m]8;;https://evilEvil[bold] X"


def test_every_string_of_the_user_is_sanitized_at_parse_time() -> None:
    result: dict[str, Any] = dict.fromkeys(STRING_FIELDS, HOSTILE)
    result["betas"] = [HOSTILE]
    result["organizations"] = [
        {name: HOSTILE for name in ("id", "name", "status")}
        | {"roles": [HOSTILE], "permissions": [HOSTILE]}
    ]
    user = user_of(result)
    assert all(getattr(user, name) == CLEAN for name in STRING_FIELDS)
    assert user.betas == (CLEAN,)
    org = user.organizations[0]
    assert (org.id, org.name, org.status, org.roles, org.permissions) == (
        CLEAN,
        CLEAN,
        CLEAN,
        (CLEAN,),
        (CLEAN,),
    )


# -- identity: what real bodies carry -------------------------------------------------------

# Shaped like a real new account's /user: names, phone and address null, no organizations.
REAL_SHAPED: dict[str, Any] = {
    "id": "9a7806061c88ada191ed06f989cc3dac",
    "email": "user@example.com",
    "username": "9a7806061c88ada191ed06f989cc3dac",
    "first_name": None,
    "last_name": None,
    "telephone": None,
    "country": None,
    "zipcode": None,
    "two_factor_authentication_enabled": False,
    "two_factor_authentication_locked": False,
    "created_on": "2024-05-16T11:02:48.191948Z",
    "modified_on": "2026-02-01T08:15:00.000000Z",
    "organizations": [],
    "has_pro_zones": False,
    "has_business_zones": False,
    "has_enterprise_zones": False,
    "suspended": False,
    "betas": [],
}


def test_a_real_shaped_user_is_named_by_email() -> None:
    user = user_of(REAL_SHAPED)
    assert user.display_name == "user@example.com"
    assert user.email == "user@example.com"
    assert user.organizations == ()
    assert user.extra == {}


def test_a_username_equal_to_the_id_is_not_shown_twice() -> None:
    assert user_of(REAL_SHAPED).distinct_username is None
    assert user_of(REAL_SHAPED | {"username": "ada"}).distinct_username == "ada"
    assert user_of(REAL_SHAPED | {"username": ""}).distinct_username is None
    assert user_of(REAL_SHAPED | {"username": None}).distinct_username is None


def test_dates_are_read_with_the_text_kept() -> None:
    user = user_of(REAL_SHAPED)
    assert user.created_on is not None and user.modified_on is not None
    assert user.created_on.text == "2024-05-16T11:02:48.191948Z"
    assert user.created_on.value == datetime(2024, 5, 16, 11, 2, 48, 191948, tzinfo=UTC)
    assert user.created_on.date_text == "2024-05-16"
    assert user.modified_on.date_text == "2026-02-01"


@pytest.mark.parametrize("text", ["", "soon", "2024-13-40T00:00:00Z", "1714000000", "\u202e"])
def test_an_unreadable_date_is_kept_as_text_not_an_error(text: str) -> None:
    user = user_of({"created_on": text})
    assert user.created_on is not None
    assert user.created_on.value is None
    assert user.created_on.text == text.replace("\u202e", "")


def test_identity_fields_are_sanitized() -> None:
    user = user_of({"email": HOSTILE, "username": HOSTILE, "created_on": HOSTILE})
    assert (user.email, user.username) == (CLEAN, CLEAN)
    assert user.created_on is not None and user.created_on.text == CLEAN
    assert user.display_name == CLEAN
