"""Credentials: masking, headers, the paste mistakes caught before the network, keyring JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cftui.core.credentials.kinds import (
    ApiToken,
    Credential,
    GlobalApiKey,
    from_secret_json,
    looks_like_global_key,
    looks_like_token,
    make_global_key,
    make_token,
    to_secret_json,
)
from cftui.core.errors import ExitCode, UsageError
from cftui.core.redact import mask

# Fake secrets in each known format (none of them is real).
LEGACY_TOKEN = "Zq8x_Lr2-Wm5Tn7Yb1Kc4Vd6Hf9Gj3Ps0Ua2Eo8i"  # 40 URL-safe characters
USER_TOKEN = "cfut_" + "T9rL2mQ8vX4kW7nB3cF6hJ1pZ5sD0gY8aE2uR4iO" + "3fa9c1d2"
ACCOUNT_TOKEN = "cfat_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0" + "77e0b4aa"
LEGACY_KEY = "0123456789abcdef0123456789abcdef01234"  # 37 hex characters
PREFIXED_KEY = "cfk_" + "K3y5ecr3tK3y5ecr3tK3y5ecr3tK3y5ecr3tK3y5" + "0c4e11aa"
EMAIL = "john@example.com"

assert len(LEGACY_TOKEN) == 40
assert len(LEGACY_KEY) == 37


def _renderings(obj: Any) -> list[str]:
    return [
        repr(obj),
        str(obj),
        f"{obj}",
        f"{obj!r}",
        f"{obj!s}",
        f"{obj:}",
        format(obj),
        "%s" % (obj,),  # noqa: UP031
        "%r" % (obj,),  # noqa: UP031
        "{}".format(obj),  # noqa: UP032
        str([obj]),
        str({"credential": obj}),
        str((obj,)),
        obj.describe(),
        obj.masked,
    ]


# -- mask ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("secret", "expected"),
    [
        ("", "…"),
        ("a", "…"),
        ("abcdefghijklmno", "…"),  # 15 characters: too short to show any of it
        ("abcdefghijklmnop", "abcd…mnop"),  # 16
        (LEGACY_TOKEN, "Zq8x…Eo8i"),
        (USER_TOKEN, "cfut…c1d2"),
        (LEGACY_KEY, "0123…1234"),
    ],
)
def test_mask(secret: str, expected: str) -> None:
    assert mask(secret) == expected


@pytest.mark.parametrize("length", range(0, 64))
def test_mask_never_shows_more_than_eight_characters(length: int) -> None:
    secret = "".join(chr(ord("A") + i % 26) + str(i % 10) for i in range(length))[:length]
    masked = mask(secret)
    assert len(masked.replace("…", "")) <= (8 if length >= 16 else 0)
    if length >= 8:
        assert secret not in masked


# -- a credential never shows its secret ---------------------------------------------------------


@pytest.mark.parametrize("secret", [LEGACY_TOKEN, USER_TOKEN, "short-token", "x" * 200])
def test_api_token_renderings_never_contain_the_secret(secret: str) -> None:
    token = ApiToken(secret)
    for text in _renderings(token):
        assert secret not in text
        if len(secret) >= 16:
            assert secret[4:-4] not in text


@pytest.mark.parametrize("secret", [LEGACY_KEY, PREFIXED_KEY, "shortkey"])
def test_global_key_renderings_never_contain_the_secret(secret: str) -> None:
    key = GlobalApiKey(email=EMAIL, key=secret)
    for text in _renderings(key):
        assert secret not in text
        if len(secret) >= 16:
            assert secret[4:-4] not in text


def test_repr_and_describe_are_useful_without_the_secret() -> None:
    assert repr(ApiToken(USER_TOKEN)) == "ApiToken(token='cfut…c1d2')"
    assert ApiToken(USER_TOKEN).describe() == "API token cfut…c1d2"
    key = GlobalApiKey(email=EMAIL, key=LEGACY_KEY)
    assert repr(key) == "GlobalApiKey(email='john@example.com', key='0123…1234')"
    assert key.describe() == "Global API key 0123…1234 for john@example.com"


def test_credentials_have_no_instance_dict_to_dump() -> None:
    assert not hasattr(ApiToken(USER_TOKEN), "__dict__")
    assert not hasattr(GlobalApiKey(email=EMAIL, key=LEGACY_KEY), "__dict__")


# -- headers --------------------------------------------------------------------------------------


def test_token_headers_and_kind() -> None:
    token = ApiToken(USER_TOKEN)
    assert token.headers() == {"Authorization": f"Bearer {USER_TOKEN}"}
    assert token.kind == "token"


def test_global_key_headers_and_kind() -> None:
    key = GlobalApiKey(email=EMAIL, key=LEGACY_KEY)
    assert key.headers() == {"X-Auth-Email": EMAIL, "X-Auth-Key": LEGACY_KEY}
    assert key.kind == "global_key"


# -- make_token -----------------------------------------------------------------------------------


@pytest.mark.parametrize("secret", [LEGACY_TOKEN, USER_TOKEN, ACCOUNT_TOKEN, "a" * 40])
@pytest.mark.parametrize(
    "template",
    [
        "{}",
        "  {}  ",
        "{}\n",
        "\r\n{}\r\n",
        "\t{}",
        "Bearer {}",
        "bearer {}",
        "BEARER\t{}",
        "  Bearer   {}\n",
    ],
)
def test_make_token_strips_whitespace_and_bearer(template: str, secret: str) -> None:
    token = make_token(template.format(secret))
    assert token == ApiToken(secret)
    assert token.headers() == {"Authorization": f"Bearer {secret}"}


def test_make_token_does_not_strip_bearer_inside_a_token() -> None:
    assert make_token("bearerXYZ0123456789").token == "bearerXYZ0123456789"
    assert make_token("XYZ0123456789bearer").token == "XYZ0123456789bearer"


@pytest.mark.parametrize("raw", ["", " ", "\n", "\t\r\n", "Bearer", "Bearer ", "bearer\n"])
def test_make_token_rejects_empty(raw: str) -> None:
    with pytest.raises(UsageError, match="empty") as info:
        make_token(raw)
    assert info.value.exit_code is ExitCode.USAGE
    assert info.value.hint


@pytest.mark.parametrize(
    "raw",
    [
        "abcd efgh",
        "abcd\tefgh",
        "abcd\nefgh",
        "abcd\u00a0efgh",  # no-break space from a web page
        "abcd\u3000efgh",
        "Bearer Bearer tok",
    ],
)
def test_make_token_rejects_inner_whitespace(raw: str) -> None:
    with pytest.raises(UsageError, match="spaces or line breaks"):
        make_token(raw)


@pytest.mark.parametrize(
    "raw",
    ["abc\x00def", "abc\x1b[0mdef", "abc\x7f", "tökén", "abc\u200bdef", "abc\u202edef", "ab€"],
)
def test_make_token_rejects_non_printable_or_non_ascii(raw: str) -> None:
    with pytest.raises(UsageError, match="cannot be part of it"):
        make_token(raw)


@pytest.mark.parametrize(
    "raw",
    [
        LEGACY_KEY,
        LEGACY_KEY.upper(),
        f"  {LEGACY_KEY}\n",
        PREFIXED_KEY,
        "cfk_" + "a" * 36,  # 40 characters: would also fit the legacy token pattern
        "cfk_short",
    ],
)
def test_make_token_catches_a_global_key(raw: str) -> None:
    with pytest.raises(UsageError, match="Global API key, not an API token") as info:
        make_token(raw)
    assert "--email" in (info.value.hint or "")


def test_make_token_accepts_formats_it_does_not_know() -> None:
    # Cloudflare may add formats; only the known mistakes are refused.
    assert make_token("x" * 39).token == "x" * 39
    assert make_token("0123456789abcdef" * 4).token == "0123456789abcdef" * 4  # 64 hex


# -- make_global_key ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", [LEGACY_KEY, LEGACY_KEY.upper(), PREFIXED_KEY, "x" * 20])
def test_make_global_key_accepts_known_and_unknown_formats(key: str) -> None:
    cred = make_global_key(f"  {EMAIL}\n", f" {key}\n")
    assert cred == GlobalApiKey(email=EMAIL, key=key)
    assert cred.headers() == {"X-Auth-Email": EMAIL, "X-Auth-Key": key}


@pytest.mark.parametrize("email", ["", "   ", "\n"])
def test_make_global_key_rejects_an_empty_email(email: str) -> None:
    with pytest.raises(UsageError, match="email is empty"):
        make_global_key(email, LEGACY_KEY)


@pytest.mark.parametrize(
    "email",
    [
        "john.example.com",
        "john",
        "@example.com",
        "john@",
        "john@@example.com",
        "jo@hn@example.com",
        "john doe@example.com",
        "john@exa\tmple.com",
        "john@exam\x00ple.com",
        "john@example.com\x1b[2J",
    ],
)
def test_make_global_key_rejects_what_is_not_an_email(email: str) -> None:
    with pytest.raises(UsageError, match="not an email address") as info:
        make_global_key(email, LEGACY_KEY)
    assert info.value.exit_code is ExitCode.USAGE


@pytest.mark.parametrize("key", [USER_TOKEN, ACCOUNT_TOKEN, LEGACY_TOKEN, f"Bearer {USER_TOKEN}"])
def test_make_global_key_catches_a_token(key: str) -> None:
    with pytest.raises(UsageError, match="API token, not a Global API key") as info:
        make_global_key(EMAIL, key)
    assert "--token-stdin" in (info.value.hint or "")


@pytest.mark.parametrize(
    ("key", "match"),
    [
        ("", "empty"),
        ("  ", "empty"),
        ("abc def", "spaces or line breaks"),
        ("abc\x00", "cannot be part of it"),
    ],
)
def test_make_global_key_rejects_a_bad_key(key: str, match: str) -> None:
    with pytest.raises(UsageError, match=match):
        make_global_key(EMAIL, key)


@pytest.mark.parametrize(
    ("call", "secret"),
    [
        (lambda: make_token(LEGACY_KEY), LEGACY_KEY),
        (lambda: make_token(PREFIXED_KEY), PREFIXED_KEY),
        (lambda: make_token(USER_TOKEN[:20] + " " + USER_TOKEN[20:]), USER_TOKEN[20:]),
        (lambda: make_token(USER_TOKEN + "\x00"), USER_TOKEN),
        (lambda: make_global_key(EMAIL, USER_TOKEN), USER_TOKEN),
        (lambda: make_global_key(EMAIL, LEGACY_TOKEN), LEGACY_TOKEN),
        (lambda: make_global_key("not-an-email", LEGACY_KEY), LEGACY_KEY),
    ],
)
def test_validation_errors_never_contain_the_secret(call: Any, secret: str) -> None:
    with pytest.raises(UsageError) as info:
        call()
    err = info.value
    for text in (str(err), repr(err), err.message, err.hint or "", err.detail or "", *err.args):
        assert secret not in text
        assert secret[4:-4] not in text


# -- format detection ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "token", "key"),
    [
        (LEGACY_TOKEN, True, False),
        (USER_TOKEN, True, False),
        (ACCOUNT_TOKEN, True, False),
        (LEGACY_KEY, False, True),
        (PREFIXED_KEY, False, True),
        ("cfk_" + "a" * 36, False, True),
        ("cfut_" + "a" * 35, True, False),
        ("a" * 39, False, False),
        ("a" * 41, False, False),
        ("f" * 36, False, False),
        ("g" * 37, False, False),  # not hex
        ("", False, False),
    ],
)
def test_format_detection(value: str, token: bool, key: bool) -> None:
    assert looks_like_token(value) is token
    assert looks_like_global_key(value) is key


# -- keyring JSON ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cred",
    [
        ApiToken(USER_TOKEN),
        ApiToken(LEGACY_TOKEN),
        GlobalApiKey(email=EMAIL, key=LEGACY_KEY),
        GlobalApiKey(email="zoë@exämple.de", key=PREFIXED_KEY),
    ],
)
def test_secret_json_round_trip(cred: Credential) -> None:
    stored = to_secret_json(cred)
    assert json.loads(stored)["type"] == cred.kind
    assert from_secret_json(stored) == cred


@pytest.mark.parametrize(
    "value",
    [
        "",
        "not json",
        "{",
        "null",
        "1",
        '"token"',
        "[]",
        '[{"type": "token", "token": "x"}]',
        "{}",
        '{"token": "abc"}',
        '{"type": "token"}',
        '{"type": "token", "token": 5}',
        '{"type": "token", "token": null}',
        '{"type": "global_key", "email": "a@b.c"}',
        '{"type": "global_key", "key": "abc"}',
        '{"type": "global_key", "email": 1, "key": "abc"}',
        '{"type": "oauth", "token": "abc"}',
        '{"type": ["token"], "token": "abc"}',
        LEGACY_TOKEN,  # a bare secret someone stored by hand
    ],
)
def test_from_secret_json_garbage_is_none(value: str) -> None:
    assert from_secret_json(value) is None
