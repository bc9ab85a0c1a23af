"""The accounts section as answers arrive: rows, the count, and what failed where.

Fed by whoever fetches (the TUI's worker, in any order the pages come back), read as an
immutable ``AccountsView``. A refresh keeps the rows on screen until its first page has come:
if that page fails, the last good rows stay, with the failure said beside them. ``/user``'s
organizations are rows too, so a credential that cannot list memberships still shows every
account ``/user`` knows. Policies are fetched one account at a time, when it is opened; their
state is kept per account, so one failing says so in that account's policies only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Protocol

from cftui.core.accounts.merge import AccountMerge
from cftui.core.accounts.rows import AccountRow
from cftui.core.api.envelope import ResultInfo
from cftui.core.api.pager import Listing
from cftui.core.api.pagination import expected_total, is_capped, progress_text
from cftui.core.errors import CftuiError
from cftui.core.models.membership import Membership
from cftui.core.models.user import Organization
from cftui.core.problems import Part, SectionProblem, section_problem

_NO_PROBLEMS: Mapping[str, SectionProblem] = MappingProxyType({})


class ListedPage(Protocol):
    """A page of memberships: the pager's ``PageSeen`` (what the page added) or a response."""

    @property
    def result(self) -> Sequence[Membership]: ...
    @property
    def result_info(self) -> ResultInfo | None: ...


@dataclass(frozen=True, slots=True, eq=False)
class AccountsView:
    """One moment of the accounts section, for drawing."""

    rows: tuple[AccountRow, ...] = ()
    pending: int = 0
    listed: int = 0  # distinct accounts ``/memberships`` has listed so far
    expected: int | None = None  # what page 1's ``total_count`` announced
    loading: bool = False
    listed_all: bool = False  # every page of the listing on show answered
    failed_pages: int = 0
    capped: bool = False
    memberships_known: bool = False  # ``/memberships`` answered at least once
    problem: SectionProblem | None = None
    policy_loading: frozenset[str] = frozenset()
    policy_problems: Mapping[str, SectionProblem] = field(default_factory=lambda: _NO_PROBLEMS)
    answering: frozenset[str] = frozenset()
    answer_problems: Mapping[str, SectionProblem] = field(default_factory=lambda: _NO_PROBLEMS)
    version: int = 0

    @property
    def progress(self) -> str:
        """``50 of 120…`` while loading, ``120 of 120`` done; empty before any answer."""
        if not self.memberships_known:
            return "loading…" if self.loading else ""
        return progress_text(
            self.listed,
            self.expected,
            done=self.listed_all,
            failed_pages=self.failed_pages,
            capped=self.capped,
        )

    def row(self, key: str) -> AccountRow | None:
        return next((r for r in self.rows if r.key == key), None)


class AccountsLoad:
    """Not thread-safe: feed it from one loop (the TUI's) or one thread.

    ``retry_key`` names the key that retries, asked when a failure is worded (so it follows
    a remapped binding); without it the words are a command's.
    """

    def __init__(self, retry_key: Callable[[], str] | None = None) -> None:
        self._retry_key = retry_key
        self._shown = AccountMerge()
        self._next: AccountMerge | None = None
        self._orgs: tuple[Organization, ...] = ()
        self._generation = 0
        self._first: ResultInfo | None = None
        self._loading = False
        self._listed_all = False
        self._known = False
        self._failed: dict[int, CftuiError] = {}
        self._capped = False
        self._problem: SectionProblem | None = None
        self._policy_loading: set[str] = set()
        self._policy_problems: dict[str, SectionProblem] = {}
        self._answering: set[str] = set()
        self._answer_problems: dict[str, SectionProblem] = {}
        self._version = 0
        self._view: AccountsView | None = None

    @property
    def merge(self) -> AccountMerge:
        return self._shown

    def _changed(self) -> None:
        self._version += 1
        self._view = None

    def _worded(self, error: CftuiError, part: Part) -> SectionProblem:
        key = self._retry_key() if self._retry_key is not None else None
        return section_problem(error, part, retry_key=key)

    # -- /user -----------------------------------------------------------------------------

    def set_organizations(self, organizations: Iterable[Organization]) -> None:
        self._orgs = tuple(organizations)
        self._shown.set_organizations(self._orgs)
        if self._next is not None:
            self._next.set_organizations(self._orgs, rows_from=self._shown)
        self._changed()

    # -- /memberships pages ----------------------------------------------------------------

    def begin(self) -> int:
        """A new listing; returns its generation (answers of older ones are ignored)."""
        self._generation += 1
        self._next = AccountMerge()
        self._next.set_organizations(self._orgs, rows_from=self._shown)
        self._loading = True
        self._changed()
        return self._generation

    def page(self, generation: int, response: ListedPage) -> None:
        if generation != self._generation:
            return
        if self._next is not None:  # the listing's first answer: its rows replace the last
            self._shown, self._next = self._next, None
            self._first = response.result_info
            self._failed = {}
            self._capped = False
            self._problem = None
            self._known = True
            self._listed_all = False
            self._policy_problems.clear()
        self._shown.add_memberships(response.result)
        self._changed()

    def page_failed(self, generation: int, page: int, error: CftuiError) -> None:
        if generation != self._generation:
            return
        if page == 1 or self._next is not None:
            # Nothing of this listing arrived: the last good rows (or /user's) stay.
            self._next = None
            self._problem = self._worded(error, "accounts")
        else:
            self._failed[page] = error
            problem = self._worded(error, "accounts")
            count = len(self._failed)
            pages = "page" if count == 1 else "pages"
            self._problem = replace(
                problem,
                title=f"{count} {pages} of accounts failed",
                message=f"{count} {pages} of memberships did not arrive, so some accounts are "
                f"missing: {problem.message}",
            )
        self._changed()

    def end(self, generation: int, listing: Listing[Any] | None = None) -> None:
        """The listing is over: every page answered or failed (or it was stopped).
        ``listing``, the pager's account of it, says whether the list is whole."""
        if generation != self._generation:
            return
        if self._next is None and self._problem is None:  # this listing's rows are on show
            self._listed_all = not self._failed and (listing is None or listing.complete)
            self._capped = listing is not None and listing.capped
        self._next = None
        self._loading = False
        self._changed()

    # -- one account -----------------------------------------------------------------------

    def policies_loading(self, key: str) -> None:
        self._policy_loading.add(key)
        self._policy_problems.pop(key, None)
        self._changed()

    def policies(self, key: str, detail: Membership) -> AccountRow:
        self._policy_loading.discard(key)
        self._policy_problems.pop(key, None)
        row = self._shown.update_membership(detail, key)
        self._changed()
        return row

    def policies_failed(self, key: str, error: CftuiError) -> None:
        self._policy_loading.discard(key)
        self._policy_problems[key] = self._worded(error, "policies")
        self._changed()

    def answering(self, key: str) -> None:
        self._answering.add(key)
        self._answer_problems.pop(key, None)
        self._changed()

    def answered(self, key: str, membership: Membership) -> AccountRow:
        """``PUT /memberships/{id}``'s answer: the row takes its new status from it."""
        self._answering.discard(key)
        self._answer_problems.pop(key, None)
        row = self._shown.update_membership(membership, key)
        self._changed()
        return row

    def answer_failed(self, key: str, error: CftuiError) -> None:
        """The row stays as it was; the failure is said beside the invitation."""
        self._answering.discard(key)
        self._answer_problems[key] = self._worded(error, "invitation")
        self._changed()

    # -- reading ---------------------------------------------------------------------------

    def view(self) -> AccountsView:
        if self._view is None:
            merge = self._shown
            self._view = AccountsView(
                rows=merge.rows(),
                pending=merge.pending_count,
                listed=merge.membership_count,
                expected=expected_total(self._first),
                loading=self._loading,
                listed_all=self._listed_all,
                failed_pages=len(self._failed),
                capped=self._capped or is_capped(self._first),
                memberships_known=self._known,
                problem=self._problem,
                policy_loading=frozenset(self._policy_loading),
                policy_problems=MappingProxyType(dict(self._policy_problems)),
                answering=frozenset(self._answering),
                answer_problems=MappingProxyType(dict(self._answer_problems)),
                version=self._version,
            )
        return self._view
