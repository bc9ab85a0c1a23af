"""The words for the token section, shared by ``whoami`` and the TUI so both say the same.

``now`` (a wall-clock ``datetime``) is always passed in: countdowns are the same in the CLI,
the TUI and the tests. Every API string in here was sanitized by the models.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cftui.core.dates import Timestamp, days_until, relative_days
from cftui.core.errors import (
    AccountTokenError,
    ApiError,
    CftuiError,
    MalformedResponseError,
    RateLimitedError,
    ServerError,
)
from cftui.core.models.token import (
    GLOBAL_KEY_NOTE,
    USER_TOKENS_PAGE,
    TokenHealth,
    days_left,
    describe_token,
    token_health,
    token_warning,
)
from cftui.core.overview.check import Overview, TokenCheck
from cftui.core.overview.credential_kind import (
    KIND_LABELS,
    CredentialKind,
    account_token_explanation,
)
from cftui.core.text import shorten

GLOBAL_KEY_SUMMARY = "never expires; can do everything your user can, in every account"
SCOPED_TOKEN_ADVICE = (
    f"a scoped API token ({USER_TOKENS_PAGE}) is safer than a Global API key: "
    "it can be limited to what it is for, and made to expire."
)
ACCOUNTS_PERMISSION = "Account Settings: Read"
UNKNOWN = "token status unknown"
_REASON_LIMIT = 200


@dataclass(frozen=True, slots=True)
class When:
    """A date in two lengths: ``relative`` ("in 42 days", "never") always fits a narrow
    panel; ``date`` ("2027-01-10") is added where there is room."""

    relative: str
    date: str | None = None

    @property
    def full(self) -> str:
        return f"{self.relative} · {self.date}" if self.date else self.relative


def when(stamp: Timestamp | None, now: datetime) -> When:
    if stamp is None:
        return When("never")
    if stamp.value is None:  # unreadable: the text as it came
        return When(stamp.text)
    return When(relative_days(days_until(stamp.value, now)), stamp.date_text)


@dataclass(frozen=True, slots=True)
class TokenReport:
    """The token section in words: ``summary`` for a header or a row (with ``reason`` when
    the check failed), ``warning`` when it is worth interrupting for (expiring within 14 days,
    expired, disabled, not yet valid), ``note`` the quiet advice for a Global API key."""

    kind: CredentialKind
    label: str  # "user API token"
    summary: str  # "active, expires 2027-01-10, in 42 days" / "token status unknown"
    health: TokenHealth | None  # None: no verify answer (a Global key, or a failed check)
    reason: str | None = None  # why the status is unknown
    warning: str | None = None
    note: str | None = None  # GLOBAL_KEY_NOTE
    account: str | None = None  # the account an account token belongs to
    expires: When | None = None  # None: not known (no answer)
    valid_from: When | None = None  # only while not_before is in the future

    @property
    def badge(self) -> str | None:
        """The warning in a few words, for a header: ``token expires in 2 days``."""
        if self.warning is None:
            return None
        if self.health is TokenHealth.EXPIRING and self.expires is not None:
            return f"token expires {self.expires.relative}"
        if self.health is TokenHealth.NOT_YET_VALID:
            return "token not valid yet"
        return f"token {self.health}" if self.health else None

    @property
    def line(self) -> str:
        """``user API token · active, expires …``."""
        owner = f" for {self.account}" if self.account else ""
        return f"{self.label}{owner} · {self.summary}"


def failure_reason(check: TokenCheck) -> str:
    """Why the token's status is unknown, naming the permission that would help."""
    error = check.error
    if error is None:
        return "Cloudflare did not say"
    if isinstance(error, RateLimitedError):
        reason = "Cloudflare is rate limiting requests"
    elif isinstance(error, ServerError):
        reason = f"Cloudflare had a problem answering (HTTP {error.status})"
    elif isinstance(error, ApiError):
        codes = ", ".join(str(c) for c in error.codes)
        said = f"HTTP {error.status}" + (f", code {codes}" if codes else "")
        reason = f"Cloudflare refused the check ({said})"
        if check.accounts_error:
            reason += f"; finding its account needs the {ACCOUNTS_PERMISSION} permission"
    elif isinstance(error, MalformedResponseError):
        reason = error.message.rstrip(".")
        if error.path and error.path not in reason:
            reason += f" (at {error.path})"
    else:
        reason = error.message.rstrip(".")
    return shorten(reason, _REASON_LIMIT)


def token_report(overview: Overview, now: datetime) -> TokenReport:
    kind = overview.kind
    label = KIND_LABELS[kind]
    check = overview.token
    # The account that verified the token; one that refused it is not named as its owner.
    account = check.account.display_name if check.account and check.status else None
    if kind is CredentialKind.GLOBAL_KEY:
        return TokenReport(
            kind, label, GLOBAL_KEY_SUMMARY, None, note=GLOBAL_KEY_NOTE, expires=When("never")
        )
    status = check.status
    if status is None:
        return TokenReport(kind, label, UNKNOWN, None, failure_reason(check), account=account)
    account_token = kind is CredentialKind.ACCOUNT_TOKEN
    health = token_health(status, now)
    return TokenReport(
        kind,
        label,
        describe_token(status, now),
        health,
        warning=token_warning(status, now, account_token=account_token),
        account=account,
        expires=when(status.expires_on, now),
        valid_from=when(status.not_before, now) if health is TokenHealth.NOT_YET_VALID else None,
    )


def account_token_error(overview: Overview, now: datetime) -> AccountTokenError:
    """``/user``'s refusal of an account token, told as what it is (``whoami`` exits 4)."""
    check = overview.token
    # Named only when that account verified the token: one that refused it is not its owner.
    verified = check.account is not None and check.status is not None
    name = check.account.display_name if check.account and verified else None
    refused = overview.user.error
    return AccountTokenError(
        account_token_explanation(name, check.status, now),
        status=getattr(refused, "status", None),
        codes=getattr(refused, "codes", ()),
        request_id=getattr(refused, "request_id", None),
        hint="Use it with commands for that account, or create a user API token with "
        "User Details: Read (My Profile → API Tokens) for cftui.",
        detail=refused.detail if refused else None,
    )


def _error_json(error: CftuiError) -> dict[str, Any]:
    body: dict[str, Any] = {"type": type(error).__name__, "message": error.message}
    if isinstance(error, ApiError):
        body |= {"status": error.status, "codes": list(error.codes)}
    if isinstance(error, MalformedResponseError):
        body |= {"status": error.status, "path": error.path}
    return body


def token_json(overview: Overview, now: datetime) -> dict[str, Any] | None:
    """``whoami --json``'s ``token``: None for a Global API key (nothing to verify)."""
    if overview.kind is CredentialKind.GLOBAL_KEY:
        return None
    check = overview.token
    account = check.account
    doc: dict[str, Any] = {
        "account": None if account is None else {"id": account.id, "name": account.name},
    }
    status = check.status
    if status is None:
        error = _error_json(check.error) if check.error else {"message": "not checked"}
        error["reason"] = failure_reason(check)
        return doc | {"error": error}
    from cftui.core.overview.own_token import account_names, own_token_json

    permissions = own_token_json(overview.own, account_names(overview.memberships.memberships))
    return doc | {
        **status.to_json(),
        "health": token_health(status, now).value,
        "days_left": days_left(status, now),
        **({} if permissions is None else {"permissions": permissions}),
    }
