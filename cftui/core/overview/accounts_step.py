"""The memberships section: every page of ``GET /memberships``, and with ``policies`` each
membership's ``GET /memberships/{id}``, as one section of the overview (``sections``).

Page 1 travels with ``/user`` and the token check; its ``result_info`` plans the rest
(``pagination``), which go out together, at most ``FAN_OUT`` in flight, and ``on_page`` sees
each as it comes (the TUI adds rows page by page). While the last page
comes back full and more items came than ``total_count`` announced, the totals undercounted:
one more page is asked. A page that fails is kept with its error and the others still count:
the section says what is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from cftui.core.api import endpoints
from cftui.core.api.envelope import Response, ResultInfo
from cftui.core.api.pagination import expected_total, is_capped, last_page, page_after
from cftui.core.errors import CftuiError
from cftui.core.models.membership import Membership
from cftui.core.overview.steps import Outcome, Section, ask, ask_all
from cftui.core.problems import SectionProblem, section_problem

Page = Response[tuple[Membership, ...]]
OnPage = Callable[[int, Outcome[Page]], object]
MAX_POLICY_REQUESTS = 100
"""``--policies`` asks once per account: at most this many (the rate limit is 1,200 requests
per 5 minutes, shared with the dashboard)."""
_NONE: Mapping[int, CftuiError] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class MembershipsResult:
    """What the section came to: the memberships of every page that answered (the first seen
    per account: the list may shift between pages), and what failed."""

    memberships: tuple[Membership, ...] = ()
    first: ResultInfo | None = None
    error: CftuiError | None = None  # page 1 failed: nothing was listed
    failed: Mapping[int, CftuiError] = field(default_factory=lambda: _NONE)  # page -> error
    details: tuple[Membership, ...] | None = None  # with policies, when asked for
    detail_errors: Mapping[str, CftuiError] = field(default_factory=dict)  # membership id
    skipped_details: int = 0  # memberships past MAX_POLICY_REQUESTS

    @property
    def listed(self) -> bool:
        return self.error is None

    @property
    def complete(self) -> bool:
        return self.error is None and not self.failed

    @property
    def expected(self) -> int | None:
        return expected_total(self.first)

    @property
    def capped(self) -> bool:
        return is_capped(self.first)

    @property
    def problem(self) -> SectionProblem | None:
        """What to say about the section (to a command's user: no key to press), or None
        when every page came."""
        if self.error is not None:
            return section_problem(self.error, "accounts", retry_key=None)
        if not self.failed:
            return None
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


def _distinct(pages: list[Page]) -> tuple[Membership, ...]:
    seen: dict[str, Membership] = {}
    anonymous: list[Membership] = []
    for page in pages:
        for membership in page.result:
            key = membership.account_id or membership.id
            if key is None:
                anonymous.append(membership)
            else:
                seen.setdefault(key, membership)
    return (*seen.values(), *anonymous)


def memberships_section(
    on_page: OnPage | None = None,
    *,
    policies: bool = False,
    per_page: int = endpoints.MAX_PER_PAGE,
) -> Section[MembershipsResult]:
    def report(page: int, outcome: Outcome[Page]) -> None:
        if on_page is not None:
            on_page(page, outcome)

    first = yield from ask(endpoints.list_memberships(1, per_page))
    report(1, first)
    if first.value is None:
        return MembershipsResult(error=first.error)
    info = first.value.result_info
    pages = [first.value]
    failed: dict[int, CftuiError] = {}
    planned = last_page(info, per_page)
    todo = list(range(2, planned + 1))
    expected = expected_total(info)
    received = len(first.value.result)
    while todo:
        asked = tuple(todo)

        def arrived(n: int, outcome: Outcome[Page], asked: tuple[int, ...] = asked) -> None:
            report(asked[n], outcome)

        calls = tuple(endpoints.list_memberships(p, per_page) for p in asked)
        outcomes = yield from ask_all(calls, arrived)
        for page, outcome in zip(asked, outcomes, strict=True):
            if outcome.value is not None:
                pages.append(outcome.value)
                received += len(outcome.value.result)
            elif outcome.error is not None:
                failed[page] = outcome.error
        last = outcomes[-1].value
        undercounted = expected is None or received > expected
        more = None
        if last is not None and undercounted:
            more = page_after(asked[-1], len(last.result), per_page, max(planned, asked[-1]))
        todo = [more] if more else []
    memberships = _distinct(pages)
    result = MembershipsResult(memberships, info, failed=MappingProxyType(failed))
    if not policies:
        return result
    wanted = [m for m in memberships if m.id][:MAX_POLICY_REQUESTS]
    answers = yield from ask_all(tuple(endpoints.get_membership(m.id or "") for m in wanted))
    details = tuple(a.value.result for a in answers if a.value is not None)
    errors = {m.id or "": a.error for m, a in zip(wanted, answers, strict=True) if a.error}
    return MembershipsResult(
        memberships,
        info,
        failed=MappingProxyType(failed),
        details=details,
        detail_errors=errors,
        skipped_details=len([m for m in memberships if m.id]) - len(wanted),
    )
