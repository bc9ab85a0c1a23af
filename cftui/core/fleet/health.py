"""One credential's health, judged from its quick check and today: a verdict word and the facts
behind it. Pure: no I/O, ``now`` passed in, so ``status``, ``doctor`` and the TUI say the same.

The verdicts:

- ``ok``: usable. A user token that verifies and reads ``/user``; an account-owned token that
  verifies on its account (its kind and account say what it is); a Global API key ``/user``
  accepts (it cannot be verified for expiry: ``note`` says so).
- ``expiring``: usable, but expires within 14 days (the same calendar-day count as ``whoami``).
- ``rejected``: Cloudflare refused it: invalid, expired, disabled, not yet valid, IP-filtered.
- ``unreachable``: the check could not be made (network, timeout, 429 or 5xx after retries, a
  malformed answer): never reported as invalid.
- ``missing``: the profile index lists it but the keyring has no (readable) secret.
- ``locked``: the keyring could not be read.

A token that verifies but lacks a permission cftui uses stays usable: the permissions it lacks
are listed by the names the dashboard gives them (``missing_permissions``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from cftui.core.dates import Timestamp
from cftui.core.errors import (
    ApiError,
    CftuiError,
    MalformedResponseError,
    RateLimitedError,
    ServerError,
)
from cftui.core.models.token import (
    TokenHealth,
    days_left,
    describe_expiry,
    describe_token,
    token_health,
)
from cftui.core.overview.credential_kind import USER_ENDPOINT_CODE, CredentialKind
from cftui.core.overview.quick import Count, QuickCheck
from cftui.core.problems import READ_PERMISSION as MEMBERSHIPS_PERMISSION
from cftui.core.redact import mask_secret_runs
from cftui.core.text import sanitize, shorten
from cftui.core.tokens.words import READ_PERMISSION as TOKENS_READ_PERMISSION

USER_DETAILS_READ = "User Details Read"
MEMBERSHIPS_READ = MEMBERSHIPS_PERMISSION  # as the accounts panel's problem names it
API_TOKENS_READ = TOKENS_READ_PERMISSION  # as `cftui tokens` names it
REFUSED_CODES = frozenset((9109, 10000))
"""A permission's refusal on a section's endpoint (DESIGN §3.1)."""
GLOBAL_KEY_EXPIRY_NOTE = "a Global API key cannot be verified for expiry"
_REASON_LIMIT = 160


class Verdict(StrEnum):
    """Stable words for ``--json`` and the exit code."""

    OK = "ok"
    EXPIRING = "expiring"
    REJECTED = "rejected"
    UNREACHABLE = "unreachable"
    MISSING = "missing"
    LOCKED = "locked"

    @property
    def usable(self) -> bool:
        return self in (Verdict.OK, Verdict.EXPIRING)


@dataclass(frozen=True, slots=True)
class Health:
    """A verdict and what is known behind it; ``None`` where the check could not tell.

    ``token`` is the verify answer's health (``TokenHealth``'s word) when one came;
    ``expires_on`` and ``days_left`` its expiry, ``never_expires`` when it has none; ``reason``
    one sentence for a verdict that is not usable (sanitized, any secret-looking run masked).
    """

    verdict: Verdict
    kind: CredentialKind | None = None
    whose: str | None = None
    token: TokenHealth | None = None
    token_summary: str | None = None  # "active, expires 2027-01-10, in 42 days"
    expiry: str | None = None  # "expires 2027-01-10, in 42 days" / "never expires"
    expires_on: Timestamp | None = None
    days_left: int | None = None
    never_expires: bool = False
    accounts: Count = field(default_factory=Count)
    invitations: Count = field(default_factory=Count)
    missing_permissions: tuple[str, ...] = ()
    reason: str | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Stable keys for ``status --json`` (schema 1)."""
        expires = self.expires_on
        return {
            "verdict": self.verdict.value,
            "kind": None if self.kind is None else self.kind.value,
            "whose": self.whose,
            "token_status": None if self.token is None else self.token.value,
            "expires_on": None if expires is None else expires.text,
            "days_left": self.days_left,
            "never_expires": self.never_expires,
            "accounts": self.accounts.value,
            "accounts_at_least": self.accounts.at_least,
            "pending_invitations": self.invitations.value,
            "missing_permissions": list(self.missing_permissions),
            "reason": self.reason,
            "note": self.note,
        }


def missing(reason: str) -> Health:
    return Health(Verdict.MISSING, reason=_words(reason))


def locked(reason: str) -> Health:
    return Health(Verdict.LOCKED, reason=_words(reason))


def _words(text: str) -> str:
    """API text is untrusted: no control characters, no secret-shaped run, one short line."""
    return shorten(mask_secret_runs(sanitize(text)), _REASON_LIMIT)


def _shown(text: str | None) -> str | None:
    return None if text is None else shorten(sanitize(text), _REASON_LIMIT)


def could_not_check(error: CftuiError) -> bool:
    """The check did not come to an answer about the credential: never call it invalid."""
    if isinstance(error, RateLimitedError | ServerError | MalformedResponseError):
        return True
    return not isinstance(error, ApiError)


def failed(error: CftuiError) -> Health:
    """The verdict when the check itself ended in ``error`` (a client that cannot be built,
    a request that never came back): unreachable unless Cloudflare refused it."""
    verdict = Verdict.UNREACHABLE if could_not_check(error) else Verdict.REJECTED
    return Health(verdict, reason=_words(error.message))


def refused_permission(error: CftuiError | None) -> bool:
    """An endpoint refused for want of a permission (not a network or server trouble)."""
    if error is None or not isinstance(error, ApiError) or could_not_check(error):
        return False
    return bool(REFUSED_CODES.intersection(error.codes)) or error.status == 403


def judge(check: QuickCheck, now: datetime) -> Health:
    """The verdict on ``check`` as of ``now``, with the facts ``status`` shows."""
    overview = check.overview
    kind = overview.kind
    status = overview.token.status
    health = None if status is None else token_health(status, now)
    facts: dict[str, Any] = {"kind": kind, "token": health}
    if status is not None:
        facts |= {
            "token_summary": _words(describe_token(status, now)),
            "expiry": _words(describe_expiry(status, now)),
            "expires_on": status.expires_on,
            "days_left": days_left(status, now),
            "never_expires": status.expires_on is None,
        }
    if kind is CredentialKind.GLOBAL_KEY:
        facts["note"] = GLOBAL_KEY_EXPIRY_NOTE
    user = overview.user
    if user.value is not None:
        facts["whose"] = _shown(user.value.user.email)
    elif overview.token.account is not None:
        facts["whose"] = _shown(overview.token.account.name)
    if user.ok or (status is not None and health is not TokenHealth.UNKNOWN):
        facts["accounts"] = check.accounts
        facts["invitations"] = check.invitations
    verdict, reason = _verdict(check, health, now)
    # Only a user's token has permissions to lack: an account token has none of the user's,
    # a Global API key has all of them.
    if verdict.usable and kind not in (CredentialKind.ACCOUNT_TOKEN, CredentialKind.GLOBAL_KEY):
        facts["missing_permissions"] = _lacks(check)
    return Health(verdict, reason=reason, **facts)


def _verdict(
    check: QuickCheck, health: TokenHealth | None, now: datetime
) -> tuple[Verdict, str | None]:
    overview = check.overview
    status = overview.token.status
    if status is not None and health in (
        TokenHealth.EXPIRED,
        TokenHealth.DISABLED,
        TokenHealth.NOT_YET_VALID,
    ):
        return Verdict.REJECTED, _words(f"The token is {describe_token(status, now)}.")
    fine = Verdict.EXPIRING if health is TokenHealth.EXPIRING else Verdict.OK
    error = overview.user.error
    if error is None:
        return fine, None
    if overview.is_account_token or _verified_without_user_details(check, health):
        if status is not None and health is not TokenHealth.UNKNOWN:
            return fine, None
        error = overview.token.error or error
    if could_not_check(error):
        return Verdict.UNREACHABLE, _words(error.message)
    return Verdict.REJECTED, _words(error.message)


def _verified_without_user_details(check: QuickCheck, health: TokenHealth | None) -> bool:
    """A user token that verifies, refused by ``/user``: it lacks User Details Read."""
    error = check.overview.user.error
    return (
        check.overview.token.user_verify.ok is True
        and health in (TokenHealth.ACTIVE, TokenHealth.EXPIRING)
        and isinstance(error, ApiError)
        and USER_ENDPOINT_CODE in error.codes
    )


def _lacks(check: QuickCheck) -> tuple[str, ...]:
    overview = check.overview
    lacking = []
    if refused_permission(overview.user.error):
        lacking.append(USER_DETAILS_READ)
    if refused_permission(overview.memberships.error) or refused_permission(check.pending.error):
        lacking.append(MEMBERSHIPS_READ)
    if refused_permission(check.overview.own.error):
        lacking.append(API_TOKENS_READ)
    return tuple(lacking)
