"""The memberships section: every page of ``GET /memberships``, and with ``policies`` each
membership's ``GET /memberships/{id}``, as one section of the overview (``sections``).

Page 1 travels with ``/user`` and the token check; the one pager (``api.pager``) plans the
rest from what came back, and ``on_page`` sees each page as it comes (the TUI adds rows page
by page). Once a page fails no new page is asked, and the section says how far it got.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from cftui.core.api import endpoints
from cftui.core.api.envelope import ResultInfo
from cftui.core.api.pager import Listing, Pager, PageSeen
from cftui.core.errors import CftuiError, MalformedResponseError
from cftui.core.models.membership import Membership, merge_detail
from cftui.core.overview.steps import Section, ask_all, ask_pages
from cftui.core.problems import SectionProblem, section_problem

Seen = PageSeen[Membership]
OnPage = Callable[[Seen], object]
MAX_POLICY_REQUESTS = 100
"""``--policies`` asks once per account: at most this many (the rate limit is 1,200 requests
per 5 minutes, shared with the dashboard)."""
_EMPTY: Listing[Membership] = Listing(why_not="stopped")


def account_key(membership: Membership) -> str | None:
    """One membership per account (the list may shift between pages)."""
    return membership.account_id or membership.id


@dataclass(frozen=True, slots=True)
class MembershipsResult:
    """What the section came to: the pager's ``listing`` (the first membership seen per
    account, how far it got), and the details when asked for."""

    listing: Listing[Membership] = _EMPTY
    details: tuple[Membership, ...] | None = None  # with policies, when asked for
    detail_errors: Mapping[str, CftuiError] = field(default_factory=dict)  # membership id
    skipped_details: int = 0  # memberships past MAX_POLICY_REQUESTS

    @property
    def memberships(self) -> tuple[Membership, ...]:
        return self.listing.items

    @property
    def first(self) -> ResultInfo | None:
        return self.listing.first

    @property
    def error(self) -> CftuiError | None:
        """Page 1 failed: nothing was listed."""
        return self.listing.error

    @property
    def failed(self) -> Mapping[int, CftuiError]:
        """Page -> error, for the pages after page 1 that failed."""
        return self.listing.failed if self.error is None else MappingProxyType({})

    @property
    def listed(self) -> bool:
        return self.error is None

    @property
    def complete(self) -> bool:
        return self.listing.complete

    @property
    def expected(self) -> int | None:
        return self.listing.expected

    @property
    def capped(self) -> bool:
        return self.listing.capped

    @property
    def not_read(self) -> int | None:
        return self.listing.not_read

    @property
    def problem(self) -> SectionProblem | None:
        """What to say about the section (to a command's user: no key to press), or None
        when every page came."""
        if self.error is not None:
            return section_problem(self.error, "accounts", retry_key=None)
        if not self.failed:
            return self._capped_problem()
        page, error = min(self.failed.items())
        said = section_problem(error, "accounts", retry_key=None)
        count = len(self.failed)
        pages = "page" if count == 1 else "pages"
        return SectionProblem(
            f"{count} {pages} of accounts failed",
            f"{count} {pages} of memberships (page {page}"
            + (" and others" if count > 1 else "")
            + f") did not arrive, so some accounts are missing: {said.message}",
            said.hint,
            said.permission,
            said.codes,
            said.retryable,
        )

    def _capped_problem(self) -> SectionProblem | None:
        if not self.capped:
            return None
        more = f"{self.not_read:,} more" if self.not_read else "more"
        return SectionProblem(
            "Not every account was read",
            f"The first {len(self.memberships):,} accounts are listed, and {more} not read.",
            "cftui lists at most that many: the dashboard shows them all.",
            retryable=False,
        )


def memberships_section(
    on_page: OnPage | None = None,
    *,
    policies: bool = False,
    per_page: int = endpoints.MAX_PER_PAGE,
    max_pages: int | None = None,
) -> Section[MembershipsResult]:
    """``max_pages`` stops the pager early: a quick check reads page 1 alone."""
    pages = {} if max_pages is None else {"max_pages": max_pages}
    pager: Pager[Membership] = Pager(per_page, key=account_key, **pages)
    listing = yield from ask_pages(
        pager, lambda page: endpoints.list_memberships(page, per_page), on_page
    )
    memberships = listing.items
    if not policies or listing.error is not None:
        return MembershipsResult(listing)
    wanted = [m for m in memberships if m.id][:MAX_POLICY_REQUESTS]
    # An id that cannot stand in a path (".", "..") is that membership's problem alone.
    unaskable = [m for m in wanted if not endpoints.is_path_id(m.id)]
    wanted = [m for m in wanted if endpoints.is_path_id(m.id)]
    answers = yield from ask_all(tuple(endpoints.get_membership(m.id or "") for m in wanted))
    details = tuple(
        merge_detail(m, a.value.result)
        for m, a in zip(wanted, answers, strict=True)
        if a.value is not None
    )
    errors: dict[str, CftuiError] = {
        m.id or "": a.error for m, a in zip(wanted, answers, strict=True) if a.error
    }
    for m in unaskable:
        errors[m.id or ""] = MalformedResponseError(
            f"The membership id {m.id!r} cannot be asked about: it is not an id."
        )
    return MembershipsResult(
        listing,
        details=details,
        detail_errors=errors,
        skipped_details=len([m for m in memberships if m.id]) - len(wanted),
    )
