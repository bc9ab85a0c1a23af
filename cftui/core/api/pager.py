"""The one pager: which pages of a list to ask for next, decided only from what came back.

``Pager`` is a state machine without I/O, so the async driver (the TUI) and the blocking one
(``whoami``, ``invites``) in ``paging`` share every decision. The API's ``result_info`` is a
hint, never the truth (DESIGN §3.1):

- page 1 goes alone; its totals, when there, plan the pages after it (at most ``IN_FLIGHT``
  in flight); without totals the next page is asked while the last one came back full;
- a full last page always asks one more: the list is complete only when a short or empty page
  said so, whatever ``total_pages`` claimed;
- once a page fails, no new page is asked (the ones in flight still count): a server in
  trouble is not asked four pages at a time;
- what is kept is bounded by ``max_items``, not by the pages asked: a server that ignores
  ``per_page`` fills the cap and no more, and the rest is counted as not read;
- items are kept once per key (the list may shift between pages).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Generic, TypeVar

from cftui.core.api.endpoints import MAX_PER_PAGE
from cftui.core.api.envelope import ResultInfo
from cftui.core.api.pagination import MAX_PAGES, last_page
from cftui.core.errors import CftuiError

T = TypeVar("T")
IN_FLIGHT = 4
"""Requests of one list (or one fan of requests) in flight at once: the only such number."""
MAX_ITEMS = 10_000
"""Items kept of one list; past it the rest is reported as not read."""
_NONE: Mapping[int, CftuiError] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class PageSeen(Generic[T]):
    """One page as it came: ``result`` holds only the items it added to what is kept."""

    page: int
    result: tuple[T, ...] = ()
    result_info: ResultInfo | None = None
    error: CftuiError | None = None


@dataclass(frozen=True, slots=True)
class Listing(Generic[T]):
    """How far a list got: what was kept, and, when not complete, why not."""

    items: tuple[T, ...] = ()
    first: ResultInfo | None = None  # page 1's result_info (None when page 1 failed)
    pages_read: int = 0
    complete: bool = False
    why_not: str | None = None  # "failed", "capped" (items), "pages" (page limit), "stopped"
    failed: Mapping[int, CftuiError] = field(default_factory=lambda: _NONE)
    not_read: int | None = None  # items known to exist but not kept (capped); None: unknown
    duplicates: int = 0

    @property
    def error(self) -> CftuiError | None:
        """Page 1's failure: nothing was listed."""
        return self.failed.get(1) if self.pages_read == 0 else None

    @property
    def capped(self) -> bool:
        return self.why_not in ("capped", "pages")

    @property
    def expected(self) -> int | None:
        return None if self.first is None else self.first.total_count


class Pager(Generic[T]):
    """Feed it answers in any order; ask it which pages to send. Not thread-safe: the drivers
    call it from one thread (or one loop) only."""

    def __init__(
        self,
        per_page: int = MAX_PER_PAGE,
        *,
        key: Callable[[T], str | None] | None = None,
        max_items: int = MAX_ITEMS,
        max_pages: int = MAX_PAGES,
    ) -> None:
        self.per_page = per_page
        self._key = key
        self._max_items = max_items
        self._max_pages = max_pages
        self._until = 1  # the highest page worth asking for, as far as is known
        self._next = 1  # the next page not yet asked
        self._in_flight: set[int] = set()
        self._read: set[int] = set()
        self._failed: dict[int, CftuiError] = {}
        self._short: int | None = None  # the lowest page that came back short or empty
        self._first: ResultInfo | None = None
        self._kept: dict[int, tuple[T, ...]] = {}  # page -> the items it added
        self._count = 0
        self._keys: set[str] = set()
        self._dropped = 0  # items past the cap
        self._duplicates = 0

    # -- asking ----------------------------------------------------------------------------

    def next_pages(self) -> list[int]:
        """The pages to send now (marked as in flight); empty while waiting or when done."""
        if self._failed:
            return []
        out = []
        while self._next <= self._until and len(self._in_flight) < IN_FLIGHT:
            out.append(self._next)
            self._in_flight.add(self._next)
            self._next += 1
        return out

    @property
    def finished(self) -> bool:
        return not self._in_flight and (bool(self._failed) or self._next > self._until)

    # -- answers ---------------------------------------------------------------------------

    def answered(self, page: int, items: Sequence[T], info: ResultInfo | None) -> tuple[T, ...]:
        """Page ``page`` came with ``items``; returns the ones kept (new, under the cap)."""
        self._in_flight.discard(page)
        self._read.add(page)
        if page == 1:
            self._first = info
            self._until = max(self._until, last_page(info, self.per_page))
        kept = self._kept[page] = self._keep(items)
        self._count += len(kept)
        if len(items) < self._page_size(info):
            self._short = page if self._short is None else min(self._short, page)
        elif page >= self._until:
            self._until = page + 1  # full: there may be more, whatever the totals said
        if self._short is not None:
            self._until = min(self._until, self._short)
        if self._count >= self._max_items:  # one page more says whether there is more
            self._until = min(self._until, max(self._read) + (0 if self._dropped else 1))
        self._until = min(self._until, self._max_pages)
        return kept

    def failed(self, page: int, error: CftuiError) -> None:
        self._in_flight.discard(page)
        self._failed[page] = error

    def _page_size(self, info: ResultInfo | None) -> int:
        """A page is full at the size asked, or at a smaller one the API says it used."""
        said = None if info is None else info.per_page
        return min(self.per_page, said) if said is not None and said > 0 else self.per_page

    def _keep(self, items: Sequence[T]) -> tuple[T, ...]:
        kept: list[T] = []
        room = self._max_items - self._count
        for n, item in enumerate(items):
            ident = None if self._key is None else self._key(item)
            if ident is not None and ident in self._keys:
                self._duplicates += 1
                continue
            if len(kept) >= room:
                self._dropped += len(items) - n
                break
            if ident is not None:
                self._keys.add(ident)
            kept.append(item)
        return tuple(kept)

    # -- the outcome -----------------------------------------------------------------------

    def listing(self) -> Listing[T]:
        short = self._short
        ended = short is not None and all(p in self._read for p in range(1, short + 1))
        if self._failed:
            why: str | None = "failed"
        elif self._dropped:
            why = "capped"
        elif ended:
            why = None
        elif self._read and max(self._read) >= self._max_pages:
            why = "pages"
        elif self._count >= self._max_items:
            why = "capped"
        else:
            why = "stopped"
        total = None if self._first is None else self._first.total_count
        not_read = None
        if why in ("capped", "pages"):
            beyond = total - self._count if total is not None else 0
            not_read = max(beyond, self._dropped) or None
        return Listing(
            items=tuple(item for page in sorted(self._kept) for item in self._kept[page]),
            first=self._first,
            pages_read=len(self._read),
            complete=why is None,
            why_not=why,
            failed=MappingProxyType(dict(self._failed)),
            not_read=not_read,
            duplicates=self._duplicates,
        )
