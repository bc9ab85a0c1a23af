"""What needs attention about a token: its flags, worked out from the token and ``now`` alone.

Each flag is a fact a user acts on: a token that expires soon or has expired, is disabled,
has not been used for 90 days or never was, never expires, works from any IP address, covers
every account or every zone, or has a deny policy. ``FLAGS`` lists them most urgent first:
the order the list is sorted by (``urgency``), so what breaks soonest comes first, then what
is broken, then what is merely too wide. Days are UTC calendar days, as in every other date
cftui shows, so ``in 30 days`` and the 30-day flag agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from cftui.core.dates import Timestamp, days_until, utc
from cftui.core.models.user_token import TokenDetails
from cftui.core.tokens.describe import ip_restricted
from cftui.core.tokens.resources import read_resources

Flag = Literal[
    "expired",
    "expires_soon",
    "disabled",
    "all_accounts",
    "all_zones",
    "never_expires",
    "no_ip_restriction",
    "not_used_90_days",
    "never_used",
    "has_deny",
]
FLAGS: dict[Flag, str] = {
    "expired": "expired",
    "expires_soon": "expires within 30 days",
    "disabled": "disabled",
    "all_accounts": "covers all accounts",
    "all_zones": "covers all zones",
    "never_expires": "never expires",
    "no_ip_restriction": "no IP restriction",
    "not_used_90_days": "not used for 90 days",
    "never_used": "never used",
    "has_deny": "has a deny policy",
}
"""Every flag and its words, most urgent first (``--json`` carries the keys)."""
EXPIRES_SOON_DAYS = 30
UNUSED_DAYS = 90
_RANK = {flag: n for n, flag in enumerate(FLAGS)}


@dataclass(frozen=True, slots=True)
class Hygiene:
    """A token's flags (most urgent first) and the day counts its columns show; a count is
    ``None`` when the date is absent or could not be read."""

    flags: tuple[Flag, ...]
    days_left: int | None  # until expiry; negative once expired
    last_used_days: int | None  # days since last use
    modified_days: int | None  # days since last modified
    ip_restricted: bool

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(FLAGS[f] for f in self.flags)


def _days_since(stamp: Timestamp | None, now: datetime) -> int | None:
    if stamp is None or stamp.value is None:
        return None
    return -days_until(stamp.value, now)


def _expired(token: TokenDetails, now: datetime) -> bool:
    expires = None if token.expires_on is None else token.expires_on.value
    return token.status == "expired" or (expires is not None and utc(now) >= expires)


def assess(token: TokenDetails, now: datetime) -> Hygiene:
    """The flags that apply to ``token`` on ``now``."""
    flags: set[Flag] = set()
    left = None
    if token.expires_on is None:
        flags.add("never_expires")
    elif token.expires_on.value is not None:
        left = days_until(token.expires_on.value, now)
    expired = _expired(token, now)
    if expired:
        flags.add("expired")
    elif left is not None and left <= EXPIRES_SOON_DAYS:
        flags.add("expires_soon")
    if token.status == "disabled":
        flags.add("disabled")
    used = _days_since(token.last_used_on, now)
    if token.last_used_on is None:
        flags.add("never_used")
    elif used is not None and used >= UNUSED_DAYS:
        flags.add("not_used_90_days")
    restricted = ip_restricted(token.ip)
    if not restricted:
        flags.add("no_ip_restriction")
    for policy in token.policies:
        if (policy.effect or "").casefold() == "deny":
            flags.add("has_deny")
            continue  # what a deny policy names is taken away, not covered
        for resource in read_resources(policy.resources):
            if resource.kind == "all_accounts" and resource.within is None:
                flags.add("all_accounts")
            if resource.kind == "all_zones" and resource.within is None:
                flags.add("all_zones")
    return Hygiene(
        flags=tuple(sorted(flags, key=_RANK.__getitem__)),
        days_left=left,
        last_used_days=used,
        modified_days=_days_since(token.modified_on, now),
        ip_restricted=restricted,
    )


def urgency(hygiene: Hygiene, token: TokenDetails) -> tuple[int, int, int, str, str]:
    """A sort key, most urgent first: the most urgent flag, then the soonest expiry, then
    the most flags, then the name."""
    top = _RANK[hygiene.flags[0]] if hygiene.flags else len(_RANK)
    left = hygiene.days_left if hygiene.days_left is not None else 1 << 30
    return (top, left, -len(hygiene.flags), (token.name or "").casefold(), token.id or "")
