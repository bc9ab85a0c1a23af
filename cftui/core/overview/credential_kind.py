"""Which kind of credential is this: a user API token, an account-owned one, a Global API key?

The prefix decides where there is one (``cfut_`` / ``cfat_`` / ``cfk_``, from 2026). Older
tokens have none, and then the API's answers do: a user token reads ``/user`` and passes
``/user/tokens/verify``; an account-owned token gets 9109 on ``/user`` and 1000 on
``/user/tokens/verify`` -- but so does a revoked token, so it is an account token only once
``/accounts/{account_id}/tokens/verify`` accepts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from cftui.core.credentials.kinds import (
    ACCOUNT_TOKEN_PREFIX,
    USER_TOKEN_PREFIX,
    Credential,
    GlobalApiKey,
)
from cftui.core.errors import ApiError, CftuiError
from cftui.core.models.token import TokenStatus, describe_token

USER_ENDPOINT_CODE = 9109  # /user: the token lacks User Details: Read (or is not a user's)
VERIFY_REFUSED_CODE = 1000  # /user/tokens/verify: "Invalid API Token"


class CredentialKind(StrEnum):
    """Stable values for ``--json``. (Names of kinds, not secrets: hence the noqa.)"""

    USER_TOKEN = "user_token"  # noqa: S105
    ACCOUNT_TOKEN = "account_token"  # noqa: S105
    GLOBAL_KEY = "global_key"
    TOKEN = "token"  # noqa: S105  # a token not told apart yet: no prefix, no telling answer


KIND_LABELS = {
    CredentialKind.USER_TOKEN: "user API token",
    CredentialKind.ACCOUNT_TOKEN: "account API token",
    CredentialKind.GLOBAL_KEY: "Global API key",
    CredentialKind.TOKEN: "API token",
}


@dataclass(frozen=True, slots=True)
class CallOutcome:
    """What one request came to: ``ok`` True/False, or None when not made (or no answer)."""

    ok: bool | None = None
    codes: tuple[int, ...] = ()

    @classmethod
    def success(cls) -> CallOutcome:
        return cls(ok=True)

    @classmethod
    def failure(cls, error: CftuiError) -> CallOutcome:
        """A refusal keeps its codes; a network failure or a malformed answer tells nothing."""
        if isinstance(error, ApiError):
            return cls(ok=False, codes=error.codes)
        return cls()


NOT_MADE = CallOutcome()


def kind_from_prefix(credential: Credential) -> CredentialKind:
    if isinstance(credential, GlobalApiKey):
        return CredentialKind.GLOBAL_KEY
    if credential.token.startswith(USER_TOKEN_PREFIX):
        return CredentialKind.USER_TOKEN
    if credential.token.startswith(ACCOUNT_TOKEN_PREFIX):
        return CredentialKind.ACCOUNT_TOKEN
    return CredentialKind.TOKEN


def infer_kind(
    credential: Credential,
    *,
    user: CallOutcome = NOT_MADE,
    user_verify: CallOutcome = NOT_MADE,
    account_verify: CallOutcome = NOT_MADE,
) -> CredentialKind:
    kind = kind_from_prefix(credential)
    if kind is not CredentialKind.TOKEN:
        return kind
    if user.ok or user_verify.ok:
        return CredentialKind.USER_TOKEN
    if account_verify.ok:
        return CredentialKind.ACCOUNT_TOKEN
    return CredentialKind.TOKEN


def verifies_as_user_token(credential: Credential) -> bool:
    """Worth calling ``/user/tokens/verify`` alongside ``/user``? Not for a Global key (it
    cannot be verified) nor for a token whose prefix says it belongs to an account."""
    return kind_from_prefix(credential) in (CredentialKind.USER_TOKEN, CredentialKind.TOKEN)


def should_check_accounts(
    credential: Credential, *, user: CallOutcome, user_verify: CallOutcome
) -> bool:
    """Time for ``GET /accounts`` and the account verify? For a ``cfat_`` token as soon as
    ``/user`` refused it; for an unprefixed one only after both telltale refusals."""
    kind = infer_kind(credential, user=user, user_verify=user_verify)
    if kind is CredentialKind.ACCOUNT_TOKEN:
        return user.ok is False
    if kind is not CredentialKind.TOKEN:
        return False
    return USER_ENDPOINT_CODE in user.codes and VERIFY_REFUSED_CODE in user_verify.codes


def account_token_explanation(
    account_name: str | None, token: TokenStatus | None, now: datetime
) -> str:
    """What ``whoami`` and the TUI say instead of a bare rejection."""
    owner = f"the account {account_name}" if account_name else "an account"
    state = "" if token is None else f" ({describe_token(token, now)})"
    return (
        f"This is an account API token for {owner}{state}. It cannot read your user profile: "
        "/user needs a user API token with the User Details: Read permission."
    )
