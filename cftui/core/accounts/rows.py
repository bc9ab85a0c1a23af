"""One row per account the user belongs to, merged by account id from ``/memberships`` (the
current view) and ``/user``'s ``organizations`` (the legacy one), keeping where each fact
came from.

A row known from only one source still shows. Where both know a fact, the membership wins
(it is current) and the grid marks a disagreement. Statuses become words a user knows:
accepted / member -> member, pending / invited -> invited, rejected -> declined. Rows are
built once, with a lowercase haystack, so filtering 10,000 of them per keystroke is a scan of
short strings (see ``filter_rows``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from cftui.core.models.membership import Grant, Membership, Policy
from cftui.core.models.user import Organization
from cftui.core.text import sanitize

FROM_MEMBERSHIPS = "memberships"
FROM_USER = "/user organizations"
FROM_BOTH = "both"

STATUS_WORDS = {
    "accepted": "member",
    "member": "member",
    "pending": "invited",
    "invited": "invited",
    "rejected": "declined",
}
INVITED = "invited"

RESOURCE_LABELS = {
    "analytics": "Analytics",
    "audit_logs": "Audit logs",
    "billing": "Billing",
    "cache_purge": "Cache purge",
    "dns": "DNS",
    "dns_records": "DNS records",
    "lb": "Load balancing",
    "logs": "Logs",
    "member": "Members",
    "organization": "Account settings",
    "ssl": "SSL/TLS",
    "waf": "Firewall (WAF)",
    "worker": "Workers",
    "zone_settings": "Zone settings",
    "zones": "Zones",
}


@functools.lru_cache(maxsize=1024)  # the same few dozen resources come in every row
def resource_label(resource: str) -> str:
    return RESOURCE_LABELS.get(resource) or resource.replace("_", " ").capitalize() or "(unnamed)"


@functools.lru_cache(maxsize=1024)
def _resource_words(resource: str) -> str:
    """A grid cell's part of a row's haystack: its resource and label, casefolded."""
    return _haystack((resource, resource_label(resource)))


@dataclass(frozen=True, slots=True)
class Cell:
    """One resource of the permission grid."""

    resource: str
    read: bool | None
    write: bool | None
    source: str  # FROM_MEMBERSHIPS, FROM_USER or FROM_BOTH
    disagrees: bool = False  # both sources state it, differently (the membership is shown)
    other_actions: tuple[str, ...] = ()  # legacy actions besides read / edit

    @property
    def label(self) -> str:
        return resource_label(self.resource)


def count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def mark(value: bool | None) -> str:
    """✓ / ✗ / ?, always next to words: never colour alone."""
    return "?" if value is None else ("✓" if value else "✗")


def _legacy_cells(org: Organization) -> dict[str, Cell]:
    cells = {}
    for resource, actions in org.permissions_by_resource().items():
        write = "edit" in actions or "write" in actions
        others = tuple(a for a in actions if a not in ("read", "edit", "write"))
        cells[resource] = Cell(resource, "read" in actions, write, FROM_USER, False, others)
    return cells


def _merge_cell(resource: str, grant: Grant, legacy: Cell | None) -> Cell:
    if legacy is None:
        return Cell(resource, grant.read, grant.write, FROM_MEMBERSHIPS)
    read = legacy.read if grant.read is None else grant.read
    write = legacy.write if grant.write is None else grant.write
    disagrees = (grant.read is not None and grant.read != legacy.read) or (
        grant.write is not None and grant.write != legacy.write
    )
    return Cell(resource, read, write, FROM_BOTH, disagrees, legacy.other_actions)


def permission_grid(membership: Membership | None, org: Organization | None) -> tuple[Cell, ...]:
    """Resource x read/write from the membership's ``permissions`` merged with the legacy
    ``#resource:action`` strings (``edit`` there is ``write`` here), sorted by resource."""
    legacy = _legacy_cells(org) if org is not None else {}
    cells = dict(legacy)
    for resource, grant in membership.permissions if membership is not None else ():
        cells[resource] = _merge_cell(resource, grant, legacy.get(resource))
    return tuple(cells[r] for r in sorted(cells))


def permission_summary(grid: tuple[Cell, ...]) -> str:
    """A table column: ``12 read, 5 write``, ``read-only (8)``, ``no access`` or ``—``."""
    if not grid:
        return "—"
    reads = sum(1 for c in grid if c.read)
    writes = sum(1 for c in grid if c.write)
    if not reads and not writes:
        return "no access"
    if not writes:
        return f"read-only ({reads:,})"
    return f"{reads:,} read, {writes:,} write"


def status_word(status: str | None) -> str:
    if not status:
        return "unknown"
    return STATUS_WORDS.get(status, status)


@dataclass(frozen=True, slots=True)
class AccountRow:
    key: str  # the account id; for rows without one, a stand-in that never matches another
    account_id: str | None
    name: str
    membership: Membership | None
    organization: Organization | None
    status: str  # member / invited / declined, else as sent, else "unknown"
    status_source: str
    roles: tuple[str, ...]
    roles_source: str | None
    grid: tuple[Cell, ...]
    summary: str
    haystack: str  # casefolded text the filter searches, built once
    sort_key: tuple[str, str]  # (casefolded name, key): the panel's order, built once

    @property
    def is_pending(self) -> bool:
        return self.status == INVITED

    @property
    def can_answer(self) -> bool:
        """Only a pending membership can be accepted or declined (``PUT /memberships/{id}``);
        a legacy "invited" row without one cannot."""
        m = self.membership
        return m is not None and bool(m.id) and m.status == "pending"

    @property
    def policies(self) -> tuple[Policy, ...] | None:
        """None until ``GET /memberships/{id}`` has answered for this row."""
        return None if self.membership is None else self.membership.policies

    @property
    def sources(self) -> tuple[str, ...]:
        have = ((self.membership, FROM_MEMBERSHIPS), (self.organization, FROM_USER))
        return tuple(name for part, name in have if part is not None)

    def facts(self) -> tuple[tuple[str, str], ...]:
        """What each source said, for the drill-down's "where this comes from"."""
        out = []
        if (m := self.membership) is not None:
            counts = f"{count(len(m.roles), 'role')}, {count(len(m.permissions), 'resource')}"
            out.append((FROM_MEMBERSHIPS, f"{m.status or 'no status'}, {counts}"))
        if (o := self.organization) is not None:
            counts = f"{count(len(o.roles), 'role')}, {count(len(o.permissions), 'permission')}"
            out.append((FROM_USER, f"{o.status or 'no status'}, {counts}"))
        return tuple(out)


def _haystack(row_parts: Iterable[str | None]) -> str:
    return "\n".join(p.casefold() for p in row_parts if p)


def make_row(key: str, membership: Membership | None, org: Organization | None) -> AccountRow:
    account_id = (membership.account_id if membership is not None else None) or (
        org.id if org is not None else None
    )
    m_name = membership.account_name if membership is not None else None
    name = m_name or (org.name if org is not None else None) or account_id or "(unnamed account)"
    if membership is not None and membership.status:
        status, status_source = status_word(membership.status), FROM_MEMBERSHIPS
    elif org is not None and org.status:
        status, status_source = status_word(org.status), FROM_USER
    else:
        status, status_source = "unknown", FROM_MEMBERSHIPS if membership else FROM_USER
    roles: tuple[str, ...] = ()
    roles_source = None
    if membership is not None and membership.roles:
        roles, roles_source = membership.roles, FROM_MEMBERSHIPS
    elif org is not None and org.roles:
        roles, roles_source = org.roles, FROM_USER
    grid = permission_grid(membership, org)
    policies = (membership.policies if membership is not None else None) or ()
    groups = [g.name for p in policies for g in p.permission_groups]
    hay = _haystack(
        [name, account_id, membership.id if membership else None, status, *roles, *groups]
        + [_resource_words(cell.resource) for cell in grid]
    )
    return AccountRow(
        key, account_id, name, membership, org, status, status_source, roles, roles_source,
        grid, permission_summary(grid), hay, (name.casefold(), key),
    )  # fmt: skip


def filter_words(query: str) -> tuple[str, ...]:
    return tuple(sanitize(query).casefold().split())


def row_matches(row: AccountRow, words: tuple[str, ...]) -> bool:
    """Every word somewhere in the row (names, ids, roles, resources, policy groups)."""
    haystack = row.haystack
    return all(word in haystack for word in words)


def filter_rows(rows: Iterable[AccountRow], query: str) -> list[AccountRow]:
    """The rows matching every word of ``query``, in their order. One tight pass per word,
    longest (rarest) first, so each later pass scans fewer rows."""
    shown = list(rows)
    for word in sorted(set(filter_words(query)), key=len, reverse=True):
        shown = [row for row in shown if word in row.haystack]
    return shown


def narrows(old_query: str, new_query: str) -> bool:
    """True when ``new_query`` only adds characters to ``old_query``: every row it matches
    also matched the old one, so the previous result can be filtered instead of all rows."""
    return new_query.startswith(old_query)
