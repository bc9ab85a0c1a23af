"""The accounts panel's rows, built up as answers arrive: pages of ``/memberships`` in any
order, ``/user``'s organizations, one membership's details (policies), an answered invitation.

Pages are fetched concurrently and the list can shift between them, so the same account may
come twice: the first membership seen for an account id is kept (``duplicates`` counts the
rest). A later detail or ``PUT`` answer is merged into it field by field (``merge_detail``):
what the answer leaves out, policies already loaded among it, stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter

from cftui.core.accounts.rows import AccountRow, make_row
from cftui.core.models.membership import Membership, merge_detail
from cftui.core.models.user import Organization

_SORT_KEY = attrgetter("sort_key")


class AccountMerge:
    def __init__(
        self, memberships: Iterable[Membership] = (), organizations: Iterable[Organization] = ()
    ) -> None:
        self._memberships: dict[str, Membership] = {}
        self._orgs: dict[str, Organization] = {}
        self._rows: dict[str, AccountRow] = {}
        self._sorted: tuple[AccountRow, ...] | None = None
        self._anonymous = 0
        self.duplicates = 0
        self.set_organizations(organizations)
        self.add_memberships(memberships)

    # -- feeding ---------------------------------------------------------------------------

    def _stand_in(self, prefix: str, ident: str | None) -> str:
        if ident:
            return f"{prefix}:{ident}"
        self._anonymous += 1
        return f"{prefix}#{self._anonymous}"

    def _key(self, membership: Membership) -> str:
        return membership.account_id or self._stand_in("membership", membership.id)

    def _rebuild(self, key: str) -> AccountRow:
        row = make_row(key, self._memberships.get(key), self._orgs.get(key))
        self._rows[key] = row
        self._sorted = None
        return row

    def add_memberships(self, memberships: Iterable[Membership]) -> list[AccountRow]:
        """Add one page; returns the rows it added or completed (duplicates change nothing)."""
        changed = []
        for membership in memberships:
            key = self._key(membership)
            if key in self._memberships:
                self.duplicates += 1
                continue
            self._memberships[key] = membership
            changed.append(self._rebuild(key))
        return changed

    def set_organizations(
        self, organizations: Iterable[Organization], *, rows_from: AccountMerge | None = None
    ) -> None:
        """``/user``'s organizations (all of them: a new ``/user`` answer replaces the last).

        ``rows_from``: another merge of the same organizations (the list on screen, for the
        listing that will replace it), whose rows of an organization alone are taken as they
        are rather than built again: 10,000 of them take about a second to build.
        """
        fresh: dict[str, Organization] = {}
        for org in organizations:
            key = org.id or self._stand_in("organization", None)
            fresh.setdefault(key, org)
        touched = set(self._orgs) | set(fresh)
        self._orgs = fresh
        for key in touched:
            kept = self._orgs.get(key)
            known = rows_from.get(key) if rows_from is not None else None
            reusable = kept is not None and known is not None and _alone(known, kept)
            if reusable and known is not None and key not in self._memberships:
                self._rows[key] = known
                self._sorted = None
            elif kept is not None or key in self._memberships:
                self._rebuild(key)
            else:
                self._rows.pop(key, None)
                self._sorted = None

    def update_membership(self, membership: Membership, key: str | None = None) -> AccountRow:
        """A ``GET`` or ``PUT /memberships/{id}`` answer for an account already listed (or
        not); ``key``, the row it was asked for, when known: the answer may not say."""
        key = key or self.find_key(membership) or self._key(membership)
        old = self._memberships.get(key)
        self._memberships[key] = membership if old is None else merge_detail(old, membership)
        return self._rebuild(key)

    def find_key(self, membership: Membership) -> str | None:
        if membership.account_id and membership.account_id in self._rows:
            return membership.account_id
        if membership.id:
            for key, known in self._memberships.items():
                if known.id == membership.id:
                    return key
        return None

    # -- reading ---------------------------------------------------------------------------

    def rows(self) -> tuple[AccountRow, ...]:
        """By name (case-insensitive), then key: stable while pages arrive."""
        if self._sorted is None:
            self._sorted = tuple(sorted(self._rows.values(), key=_SORT_KEY))
        return self._sorted

    def get(self, key: str) -> AccountRow | None:
        return self._rows.get(key)

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def membership_count(self) -> int:
        """Distinct accounts ``/memberships`` has listed so far (for "50 of 120…")."""
        return len(self._memberships)

    @property
    def pending_count(self) -> int:
        return sum(1 for row in self._rows.values() if row.is_pending)

    def account_names(self) -> dict[str, str]:
        """Account id -> name, for wording policy scopes."""
        return {row.account_id: row.name for row in self._rows.values() if row.account_id}


def _alone(row: AccountRow, org: Organization) -> bool:
    """``row`` is the row of ``org`` alone, without a membership: the same in any merge."""
    return row.membership is None and row.organization is org


def merge_accounts(
    memberships: Iterable[Membership], organizations: Iterable[Organization]
) -> tuple[AccountRow, ...]:
    return AccountMerge(memberships, organizations).rows()
