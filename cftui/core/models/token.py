"""Is the API token healthy? The verify answer, and the words for it on a given day.

``GET /user/tokens/verify`` (a user token) and ``GET /accounts/{account_id}/tokens/verify``
(an account-owned token) answer the same shape, ``{id, status, expires_on?, not_before?}``
(cloudflare-python ``types/user/token_verify_response.py`` and
``types/accounts/token_verify_response.py``). ``now`` is always passed in, so the CLI, the
TUI and the tests agree on every word.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from cftui.core.dates import Timestamp, days_until, describe_when, utc
from cftui.core.models.fields import as_object, opt_str, opt_timestamp

EXPIRY_WARNING = timedelta(days=14)

USER_TOKENS_PAGE = "My Profile → API Tokens"
ACCOUNT_TOKENS_PAGE = "Manage Account → Account API Tokens"

GLOBAL_KEY_NOTE = (
    "A Global API key never expires and can do everything your user can, in every account. "
    f"A scoped API token ({USER_TOKENS_PAGE}) is safer."
)


class TokenHealth(StrEnum):
    ACTIVE = "active"
    EXPIRING = "expiring"  # active, and expires within EXPIRY_WARNING
    EXPIRED = "expired"
    DISABLED = "disabled"
    NOT_YET_VALID = "not_yet_valid"
    UNKNOWN = "unknown"  # a status word this version does not know


@dataclass(frozen=True, slots=True)
class TokenStatus:
    id: str | None = None
    status: str | None = None  # active / disabled / expired, or whatever came (sanitized)
    expires_on: Timestamp | None = None
    not_before: Timestamp | None = None

    def to_json(self) -> dict[str, Any]:
        """Stable keys for ``--json``; dates as sent."""
        return {
            "id": self.id,
            "status": self.status,
            "expires_on": None if self.expires_on is None else self.expires_on.text,
            "not_before": None if self.not_before is None else self.not_before.text,
        }


def parse_token_status(value: object, path: str = "result") -> TokenStatus:
    obj = as_object(value, path)
    return TokenStatus(
        id=opt_str(obj, "id", path),
        status=opt_str(obj, "status", path),
        expires_on=opt_timestamp(obj, "expires_on", path),
        not_before=opt_timestamp(obj, "not_before", path),
    )


def _moment(stamp: Timestamp | None) -> datetime | None:
    return None if stamp is None else stamp.value


def token_health(token: TokenStatus, now: datetime) -> TokenHealth:
    """The API's status, corrected by the clock: past ``expires_on`` is expired whatever the
    status says, and an active token still before ``not_before`` cannot be used yet."""
    now = utc(now)
    expires, not_before = _moment(token.expires_on), _moment(token.not_before)
    if token.status == "disabled":
        return TokenHealth.DISABLED
    if token.status == "expired" or (expires is not None and now >= expires):
        return TokenHealth.EXPIRED
    if token.status != "active":
        return TokenHealth.UNKNOWN
    if not_before is not None and now < not_before:
        return TokenHealth.NOT_YET_VALID
    if expires is not None and expires - now <= EXPIRY_WARNING:
        return TokenHealth.EXPIRING
    return TokenHealth.ACTIVE


def describe_expiry(token: TokenStatus, now: datetime) -> str:
    """``expires 2027-01-10, in 42 days`` / ``expired 2026-11-26, 3 days ago`` /
    ``never expires``."""
    if token.expires_on is None:
        return "never expires"
    expires = token.expires_on.value
    verb = "expired" if expires is not None and utc(now) >= expires else "expires"
    return f"{verb} {describe_when(token.expires_on, now)}"


def describe_token(token: TokenStatus, now: datetime) -> str:
    """One line for a header, a status bar or ``whoami``."""
    health = token_health(token, now)
    if health is TokenHealth.DISABLED:
        return "disabled"
    if health is TokenHealth.EXPIRED:
        if token.expires_on is None:
            return "expired"
        ahead = token.expires_on.value is not None and utc(now) < token.expires_on.value
        if ahead:  # Cloudflare's word wins over the date: the token does not work
            date = describe_when(token.expires_on, now)
            return f"expired (Cloudflare says so; its expiry date is {date})"
        return describe_expiry(token, now)
    if health is TokenHealth.NOT_YET_VALID:
        assert token.not_before is not None
        return f"not valid until {describe_when(token.not_before, now)}"
    if health is TokenHealth.UNKNOWN:
        shown = f"status {token.status}" if token.status else "status not given"
        return f"{shown}, {describe_expiry(token, now)}"
    return f"active, {describe_expiry(token, now)}"


def token_warning(token: TokenStatus, now: datetime, *, account_token: bool = False) -> str | None:
    """A sentence worth interrupting for, or None when the token is fine."""
    health = token_health(token, now)
    page = ACCOUNT_TOKENS_PAGE if account_token else USER_TOKENS_PAGE
    if health is TokenHealth.EXPIRING:
        return (
            f"This API token {describe_expiry(token, now)}: "
            f"roll it or create a new one ({page}) before then."
        )
    if health is TokenHealth.EXPIRED:
        return f"This API token has {describe_token(token, now)}: create a new one ({page})."
    if health is TokenHealth.DISABLED:
        return f"This API token is disabled: enable it again or create a new one ({page})."
    if health is TokenHealth.NOT_YET_VALID:
        return f"This API token is {describe_token(token, now)}."
    return None


def days_left(token: TokenStatus, now: datetime) -> int | None:
    """UTC calendar days until expiry (negative once expired), the same count the words give
    ("in 9 days" is ``9``); None if it never expires or the date could not be read."""
    expires = _moment(token.expires_on)
    if expires is None:
        return None
    return days_until(expires, now)
