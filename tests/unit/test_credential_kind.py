"""Telling a user token, an account-owned token and a Global API key apart."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cftui.core.credentials.kinds import ApiToken, GlobalApiKey
from cftui.core.errors import AuthError, MalformedResponseError, NetworkError, ServerError
from cftui.core.models.token import parse_token_status
from cftui.core.overview.credential_kind import (
    KIND_LABELS,
    NOT_MADE,
    CallOutcome,
    CredentialKind,
    account_token_explanation,
    infer_kind,
    kind_from_prefix,
    should_check_accounts,
    verifies_as_user_token,
)
from tests.support.fake.accounts import token_result

NOW = datetime(2026, 11, 29, 15, 30, tzinfo=UTC)
LEGACY = ApiToken("Zx9" + "a" * 37)
USER = ApiToken("cfut_" + "b" * 40)
ACCOUNT = ApiToken("cfat_" + "c" * 40)
KEY = GlobalApiKey("ada@example.com", "cfk_" + "d" * 36)
LEGACY_KEY = GlobalApiKey("ada@example.com", "0123456789abcdef0123456789abcdef01234")

OK = CallOutcome.success()
USER_9109 = CallOutcome(ok=False, codes=(9109,))
VERIFY_1000 = CallOutcome(ok=False, codes=(1000,))


@pytest.mark.parametrize(
    ("credential", "kind"),
    [
        (LEGACY, CredentialKind.TOKEN),
        (USER, CredentialKind.USER_TOKEN),
        (ACCOUNT, CredentialKind.ACCOUNT_TOKEN),
        (KEY, CredentialKind.GLOBAL_KEY),
        (LEGACY_KEY, CredentialKind.GLOBAL_KEY),
        # A key-looking prefix sent as a token is still a token: the sender decided.
        (ApiToken("cfk_" + "e" * 36), CredentialKind.TOKEN),
    ],
)
def test_the_prefix_decides_where_there_is_one(
    credential: ApiToken | GlobalApiKey, kind: CredentialKind
) -> None:
    assert kind_from_prefix(credential) is kind


def test_a_prefix_is_not_overruled_by_answers() -> None:
    assert infer_kind(USER, user=USER_9109, user_verify=VERIFY_1000) is CredentialKind.USER_TOKEN
    assert infer_kind(ACCOUNT, user=OK, user_verify=OK) is CredentialKind.ACCOUNT_TOKEN
    assert infer_kind(KEY, user=OK) is CredentialKind.GLOBAL_KEY


@pytest.mark.parametrize(
    ("user", "user_verify", "account_verify", "kind"),
    [
        (NOT_MADE, NOT_MADE, NOT_MADE, CredentialKind.TOKEN),
        (OK, NOT_MADE, NOT_MADE, CredentialKind.USER_TOKEN),
        (USER_9109, OK, NOT_MADE, CredentialKind.USER_TOKEN),  # no User Details: Read
        (USER_9109, VERIFY_1000, NOT_MADE, CredentialKind.TOKEN),  # or revoked: not yet known
        (USER_9109, VERIFY_1000, OK, CredentialKind.ACCOUNT_TOKEN),
        (USER_9109, VERIFY_1000, CallOutcome(ok=False, codes=(1000,)), CredentialKind.TOKEN),
    ],
)
def test_an_unprefixed_token_is_told_apart_by_the_answers(
    user: CallOutcome, user_verify: CallOutcome, account_verify: CallOutcome, kind: CredentialKind
) -> None:
    assert (
        infer_kind(LEGACY, user=user, user_verify=user_verify, account_verify=account_verify)
        is kind
    )


def test_outcomes_from_errors_keep_only_what_tells_something() -> None:
    refused = CallOutcome.failure(AuthError("refused", status=403, codes=(9109,)))
    assert refused == USER_9109
    assert CallOutcome.failure(ServerError("x", status=500, codes=(10013,))).codes == (10013,)
    assert CallOutcome.failure(NetworkError("down")) == NOT_MADE
    assert CallOutcome.failure(MalformedResponseError("bad")) == NOT_MADE


def test_who_gets_a_user_verify_call() -> None:
    assert verifies_as_user_token(LEGACY)
    assert verifies_as_user_token(USER)
    assert not verifies_as_user_token(ACCOUNT)
    assert not verifies_as_user_token(KEY)  # a Global key cannot be verified: no call at all


@pytest.mark.parametrize(
    ("credential", "user", "user_verify", "check"),
    [
        (LEGACY, USER_9109, VERIFY_1000, True),
        (LEGACY, USER_9109, NOT_MADE, False),  # verify still out (or failed): wait for it
        (LEGACY, CallOutcome(ok=False, codes=(10000,)), VERIFY_1000, False),
        (LEGACY, OK, VERIFY_1000, False),
        (LEGACY, USER_9109, OK, False),
        (ACCOUNT, USER_9109, NOT_MADE, True),
        (ACCOUNT, NOT_MADE, NOT_MADE, False),
        (USER, USER_9109, VERIFY_1000, False),
        (KEY, USER_9109, VERIFY_1000, False),
    ],
)
def test_when_to_look_for_the_account(
    credential: ApiToken | GlobalApiKey, user: CallOutcome, user_verify: CallOutcome, check: bool
) -> None:
    assert should_check_accounts(credential, user=user, user_verify=user_verify) is check


def test_labels_cover_every_kind() -> None:
    assert set(KIND_LABELS) == set(CredentialKind)
    assert KIND_LABELS[CredentialKind.ACCOUNT_TOKEN] == "account API token"
    assert CredentialKind.ACCOUNT_TOKEN.value == "account_token"


def test_the_account_token_explanation_says_what_it_is_and_what_would_work() -> None:
    status = parse_token_status(token_result(NOW, "active"))
    text = account_token_explanation("Okafor Studio", status, NOW)
    assert text == (
        "This is an account API token for the account Okafor Studio "
        "(active, expires 2027-01-10, in 42 days). It cannot read your user profile: "
        "/user needs a user API token with the User Details: Read permission."
    )
    assert account_token_explanation(None, None, NOW).startswith(
        "This is an account API token for an account. "
    )


def test_no_secret_reaches_the_words() -> None:
    status = parse_token_status(token_result(NOW, "expiring"))
    for credential in (LEGACY, USER, ACCOUNT):
        kind = infer_kind(credential)
        text = f"{KIND_LABELS[kind]} {account_token_explanation('A', status, NOW)}"
        assert credential.token not in text
        assert credential.token[:8] not in text
