"""What cftui fetches for a credential, for ``whoami`` and the TUI alike.

Sections, each succeeding or failing on its own (see ``sections``):

- ``user``: ``GET /user``. Its failure is the fetch's failure: it decides ``whoami``'s exit code.
- ``token``: which credential this is and how healthy. A user token (or one without a prefix)
  verifies itself with ``GET /user/tokens/verify`` alongside ``/user``. Where the answers say
  the token belongs to an account (9109 on ``/user``, 1000 on the verify; or a ``cfat_``
  prefix, which needs no waiting), ``GET /accounts`` finds the account and
  ``GET /accounts/{id}/tokens/verify`` checks it there. A Global API key cannot be verified:
  no request.
- ``own_token``: what the token may do, its own policies, once the token section has its id
  (``own_token``): one request, beside the memberships pages.
- ``memberships``: every account the user belongs to, page 1 alongside ``/user``, then as
  many more as the pager finds (``accounts_step``); with ``policies``, each one's policies too.

Adding a section is a generator here, a line in ``sections_for`` and a field of ``Overview``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cftui.core.api import endpoints
from cftui.core.api.envelope import UserResponse
from cftui.core.credentials.kinds import Credential
from cftui.core.errors import CftuiError
from cftui.core.models.account import Account
from cftui.core.models.token import TokenStatus
from cftui.core.overview.accounts_step import MembershipsResult, OnPage, memberships_section
from cftui.core.overview.credential_kind import (
    NOT_MADE,
    CallOutcome,
    CredentialKind,
    infer_kind,
    kind_from_prefix,
    should_check_accounts,
    verifies_as_user_token,
)
from cftui.core.overview.own_token import OwnToken, own_token_section
from cftui.core.overview.steps import OnSection, Outcome, Section, after, ask, run_async, run_sync

if TYPE_CHECKING:
    from cftui.core.api.client import SyncCloudflareClient
    from cftui.core.api.requester import Requester

MAX_ACCOUNTS_TRIED = 3
"""An account token belongs to one account; ``/accounts`` lists only it. A few tries at most
if it lists more, so a long list never means a long run of requests."""


@dataclass(frozen=True, slots=True)
class TokenCheck:
    """The token section: what the API said about the credential itself.

    ``status`` is the verify answer (from the user or the account endpoint), ``account`` the
    account an account-owned token belongs to, ``error`` why the status is unknown. ``None``
    everywhere for a Global API key, which cannot be verified.
    """

    status: TokenStatus | None = None
    account: Account | None = None
    error: CftuiError | None = None
    user_verify: CallOutcome = NOT_MADE
    account_verify: CallOutcome = NOT_MADE
    accounts_error: bool = False  # the error came from listing the accounts

    @property
    def checked(self) -> bool:
        """A verify request was made (never for a Global API key)."""
        return self.user_verify is not NOT_MADE or self.account_verify is not NOT_MADE


@dataclass(frozen=True, slots=True)
class Overview:
    """Every section's value. ``user.error`` set means ``/user`` failed."""

    credential: Credential  # its repr is masked
    user: Outcome[UserResponse]
    token: TokenCheck
    memberships: MembershipsResult = field(default_factory=MembershipsResult)
    own: OwnToken = field(default_factory=OwnToken)  # the token's own policies

    @property
    def kind(self) -> CredentialKind:
        user = CallOutcome.success() if self.user.ok else _call(self.user.error)
        return infer_kind(
            self.credential,
            user=user,
            user_verify=self.token.user_verify,
            account_verify=self.token.account_verify,
        )

    @property
    def is_account_token(self) -> bool:
        """An account-owned token that ``/user`` refused: say what it is instead."""
        return not self.user.ok and self.kind is CredentialKind.ACCOUNT_TOKEN

    def response(self) -> UserResponse:
        """``/user``'s answer, or its error raised (the fetch's own failure)."""
        if self.user.error is not None:
            raise self.user.error
        assert self.user.value is not None
        return self.user.value


def _call(error: CftuiError | None) -> CallOutcome:
    return NOT_MADE if error is None else CallOutcome.failure(error)


# -- the sections ----------------------------------------------------------------------------


def user_section() -> Section[Outcome[UserResponse]]:
    outcome = yield from ask(endpoints.get_user())
    return outcome


def token_section(credential: Credential) -> Section[TokenCheck]:
    kind = kind_from_prefix(credential)
    if kind is CredentialKind.GLOBAL_KEY:
        return TokenCheck()
    user_verify = NOT_MADE
    if verifies_as_user_token(credential):
        verified = yield from ask(endpoints.verify_token())
        if verified.value is not None:
            return TokenCheck(status=verified.value.result, user_verify=CallOutcome.success())
        user_verify = _call(verified.error)
        user: Outcome[UserResponse] = yield from after("user")
        if not should_check_accounts(credential, user=_call(user.error), user_verify=user_verify):
            return TokenCheck(error=verified.error, user_verify=user_verify)
    found = yield from ask(endpoints.list_accounts())
    if found.value is None:
        return TokenCheck(error=found.error, user_verify=user_verify, accounts_error=True)
    check = TokenCheck(user_verify=user_verify)
    for account in [a for a in found.value.result if a.id][:MAX_ACCOUNTS_TRIED]:
        assert account.id is not None
        verified = yield from ask(endpoints.verify_account_token(account.id))
        if verified.value is not None:
            return TokenCheck(
                status=verified.value.result,
                account=account,
                user_verify=user_verify,
                account_verify=CallOutcome.success(),
            )
        check = TokenCheck(
            account=account,
            error=verified.error,
            user_verify=user_verify,
            account_verify=_call(verified.error),
        )
    return check


def sections_for(
    credential: Credential,
    *,
    memberships: bool = True,
    policies: bool = False,
    on_page: OnPage | None = None,
) -> dict[str, Section[Any]]:
    """Every section for ``credential``, ``user`` first (others may wait for it); without
    ``memberships`` when the caller runs that section itself (the TUI: its rows stream into
    the accounts panel, which retries the section on its own)."""
    sections: dict[str, Section[Any]] = {
        "user": user_section(),
        "token": token_section(credential),
        "own_token": own_token_section(),
    }
    if memberships:
        sections["memberships"] = memberships_section(on_page, policies=policies)
    return sections


def _overview(credential: Credential, values: dict[str, Any]) -> Overview:
    return Overview(
        credential=credential,
        user=values["user"],
        token=values["token"],
        memberships=values.get("memberships") or MembershipsResult(),
        own=values.get("own_token") or OwnToken(),
    )


# -- running them ----------------------------------------------------------------------------


async def fetch_overview(
    client: Requester,
    *,
    on_section: OnSection | None = None,
    on_page: OnPage | None = None,
    memberships: bool = True,
    policies: bool = False,
) -> Overview:
    """Every section at once on the async client; ``on_section(name, value)`` as each ends
    (the TUI shows the user before the token check is back), ``on_page`` as each page of
    memberships comes."""
    sections = sections_for(
        client.credential, memberships=memberships, policies=policies, on_page=on_page
    )
    values = await run_async(client.request, sections, on_section)
    return _overview(client.credential, values)


def fetch_overview_sync(
    client: SyncCloudflareClient,
    *,
    on_section: Callable[[str, Any], object] | None = None,
    policies: bool = False,
) -> Overview:
    """Every section at once on the blocking client, on threads; no event loop."""
    values = run_sync(
        client.request, sections_for(client.credential, policies=policies), on_section
    )
    return _overview(client.credential, values)
