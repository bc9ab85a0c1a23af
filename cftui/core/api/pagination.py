"""Paginated lists (``/memberships``, ``/accounts``): what page 1's ``result_info`` suggests,
and what the count says while the pages come. The pager (``pager``) decides what is asked.

``result_info`` is ``{page, per_page, count, total_count, total_pages}`` (``ResultInfo``, read
with the envelope; older schemas leave out ``total_pages``). ``total_count`` and ``total_pages`` can
disagree with each other and with what the pages then carry: the plan takes the larger
estimate, because one more (empty) page costs a request while one too few loses accounts;
and the pages themselves have the last word (a full page asks for the next).
The API's numbers never decide on their own how many requests go out: ``MAX_PAGES`` caps them.
"""

from __future__ import annotations

from cftui.core.api.endpoints import MAX_PER_PAGE
from cftui.core.api.envelope import ResultInfo, parse_result_info

__all__ = [
    "MAX_PAGES",
    "MAX_PER_PAGE",
    "ResultInfo",
    "expected_total",
    "is_capped",
    "last_page",
    "parse_result_info",
    "progress_text",
]

# 400 pages of 50 is 20,000 accounts and a third of the 1,200-requests-per-5-minutes budget.
MAX_PAGES = 400


def _pages_for(count: int, per_page: int) -> int:
    return -(-count // per_page) if per_page > 0 else 1


def _page_size(info: ResultInfo, asked: int) -> int:
    """The page size the API says it used, unless that is nonsense; then the one we asked."""
    return info.per_page if info.per_page is not None and info.per_page > 0 else asked


def last_page(first: ResultInfo | None, per_page: int = MAX_PER_PAGE) -> int:
    """The last page to ask for, judged from page 1's ``result_info`` (1 when it says nothing)."""
    estimates = [1]
    if first is not None:
        if first.total_pages is not None:
            estimates.append(first.total_pages)
        if first.total_count is not None:
            estimates.append(_pages_for(first.total_count, _page_size(first, per_page)))
    return min(max(estimates), MAX_PAGES)


def is_capped(first: ResultInfo | None, per_page: int = MAX_PER_PAGE) -> bool:
    """True when the API announced more pages than ``MAX_PAGES``: not everything is shown."""
    if first is None:
        return False
    uncapped = max(
        first.total_pages or 0,
        _pages_for(first.total_count or 0, _page_size(first, per_page)),
    )
    return uncapped > MAX_PAGES


def expected_total(first: ResultInfo | None) -> int | None:
    return None if first is None else first.total_count


def progress_text(
    loaded: int,
    expected: int | None,
    *,
    done: bool,
    failed_pages: int = 0,
    capped: bool = False,
) -> str:
    """``50 of 120…`` while loading, ``120 of 120`` when done.

    Done means every page answered, so what arrived is what exists, even when the API's
    ``total_count`` said otherwise: the count then agrees with the rows on screen.
    """
    total = "?" if expected is None else f"{expected:,}"
    if failed_pages:
        pages = "page" if failed_pages == 1 else "pages"
        return f"{loaded:,} of {total}, {failed_pages:,} {pages} failed"
    if capped:
        return f"first {loaded:,} of {total}"
    if done:
        return f"{loaded:,} of {loaded:,}"
    return f"{loaded:,} of {total}…" if expected is not None else f"{loaded:,}…"
