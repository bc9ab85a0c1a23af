"""The one pager alone, against scripted pages: what it asks for, in what order, when it stops,
what it keeps and what it says about how far it got. Both drivers, the same decisions."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import pytest

from cftui.core.api.endpoints import ApiCall, list_memberships
from cftui.core.api.envelope import Response, ResultInfo
from cftui.core.api.pager import IN_FLIGHT, Listing, Pager, PageSeen
from cftui.core.api.paging import list_pages, list_pages_sync
from cftui.core.errors import CftuiError, ServerError

Page = Response[tuple[str, ...]]
Script = Callable[[int], Page | CftuiError]


def page_of(items: list[str], **info: Any) -> Page:
    return Response(tuple(items), raw={}, result_info=ResultInfo(**info) if info else None)


def listed(count: int, per_page: int = 50, **totals: Any) -> Script:
    """``count`` items ``i0``, ``i1``... in pages of ``per_page``, with ``totals`` (or none)."""

    def answer(page: int) -> Page | CftuiError:
        chunk = [f"i{n}" for n in range((page - 1) * per_page, min(count, page * per_page))]
        return page_of(chunk, page=page, per_page=per_page, count=len(chunk), **totals)

    return answer


class Scripted:
    """A request function over a script of pages; records every page asked, in order."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.asked: list[int] = []
        self._lock = threading.Lock()

    def __call__(self, call: ApiCall[Page]) -> Page:
        assert call.params is not None
        page = int(call.params["page"])
        with self._lock:
            self.asked.append(page)
        said = self.script(page)
        if isinstance(said, CftuiError):
            raise said
        return said

    async def async_request(self, call: ApiCall[Page]) -> Page:
        await asyncio.sleep(0)
        return self(call)


def call_for(page: int) -> Any:
    return list_memberships(page, 50)


def by_name(item: str) -> str:
    return item


async def run(mode: str, script: Script, pager: Pager[str] | None = None) -> tuple[Any, Any]:
    api = Scripted(script)
    pager = pager or Pager(50, key=by_name)
    seen: list[PageSeen[str]] = []
    if mode == "sync":
        listing = list_pages_sync(api, call_for, pager, seen.append)
    else:
        listing = await list_pages(api.async_request, call_for, pager, seen.append)
    return listing, (api, seen)


MODES = pytest.mark.parametrize("mode", ["sync", "async"])


def five_hundred() -> ServerError:
    return ServerError("Cloudflare had a problem (HTTP 500).", status=500)


# -- without totals ----------------------------------------------------------------------------


@MODES
async def test_without_totals_every_page_is_read_while_pages_come_back_full(mode: str) -> None:
    listing, (api, seen) = await run(mode, listed(120))
    assert api.asked == [1, 2, 3]  # one at a time: only a full page says there is another
    assert len(listing.items) == 120 and listing.items[0] == "i0"
    assert listing.complete and listing.why_not is None and listing.pages_read == 3
    assert [len(s.result) for s in seen] == [50, 50, 20]


def test_complete_only_once_the_short_page_has_said_so() -> None:
    pager: Pager[str] = Pager(50)
    script = listed(120)
    states = []
    for page in (1, 2, 3):
        assert pager.next_pages() == [page]
        answer = script(page)
        assert isinstance(answer, Response)
        pager.answered(page, answer.result, answer.result_info)
        states.append(pager.listing().complete)
    assert states == [False, False, True]
    assert pager.next_pages() == [] and pager.finished


@MODES
async def test_an_exact_multiple_asks_the_empty_page_that_ends_it(mode: str) -> None:
    listing, (api, _) = await run(mode, listed(100, total_count=100, total_pages=2))
    assert sorted(api.asked) == [1, 2, 3]  # total_pages is not trusted over a full page 2
    assert listing.complete and len(listing.items) == 100


# -- with totals -------------------------------------------------------------------------------


@MODES
async def test_totals_plan_the_pages_after_page_one(mode: str) -> None:
    listing, (api, _) = await run(mode, listed(420, total_count=420))
    assert api.asked[0] == 1 and sorted(api.asked) == list(range(1, 10))
    assert listing.complete and len(listing.items) == 420 and listing.expected == 420


def test_a_short_page_ends_the_list_whatever_total_pages_says() -> None:
    pager: Pager[str] = Pager(50)
    assert pager.next_pages() == [1]
    pager.answered(1, ["a"] * 50, ResultInfo(total_pages=50))
    assert pager.next_pages() == [2, 3, 4, 5]
    pager.answered(2, ["b"] * 10, ResultInfo(total_pages=50))  # short: the list ends here
    assert pager.next_pages() == []
    for page in (3, 4, 5):
        pager.answered(page, [], ResultInfo(total_pages=50))
    assert pager.finished and pager.listing().complete


# -- failures ----------------------------------------------------------------------------------


def test_no_page_is_asked_after_one_fails() -> None:
    pager: Pager[str] = Pager(50)
    assert pager.next_pages() == [1]
    pager.answered(1, ["a"] * 50, ResultInfo(total_pages=40))
    assert pager.next_pages() == [2, 3, 4, 5]
    pager.failed(2, five_hundred())
    for page in (3, 4, 5):
        pager.answered(page, [f"{page}-{n}" for n in range(50)], None)
        assert pager.next_pages() == []
    listing = pager.listing()
    assert pager.finished and not listing.complete and listing.why_not == "failed"
    assert listing.pages_read == 4 and len(listing.items) == 50 * 4
    assert list(listing.failed) == [2] and listing.error is None


@MODES
async def test_a_failing_page_stops_the_asking(mode: str) -> None:
    def script(page: int) -> Page | CftuiError:
        return five_hundred() if page == 3 else listed(10_000, total_count=10_000)(page)

    listing, (api, seen) = await run(mode, script)
    # Page 1, pages 2 to 5 together; pages 2, 4 and 5 answering before page 3 fails may let
    # pages 6 to 8 out, and that is all: 200 pages were announced.
    assert len(api.asked) <= 2 * IN_FLIGHT and max(api.asked) <= 2 * IN_FLIGHT
    assert api.asked.count(3) == 1
    assert not listing.complete and listing.why_not == "failed" and list(listing.failed) == [3]
    assert listing.pages_read == len(api.asked) - 1
    assert [s.page for s in seen if s.error is not None] == [3]


@MODES
async def test_without_totals_a_failure_is_the_last_request(mode: str) -> None:
    def script(page: int) -> Page | CftuiError:
        return five_hundred() if page == 3 else listed(500)(page)

    listing, (api, _) = await run(mode, script)
    assert api.asked == [1, 2, 3]
    assert (listing.pages_read, len(listing.items), listing.complete) == (2, 100, False)


@MODES
async def test_page_one_failing_is_the_listing_s_error(mode: str) -> None:
    listing, (api, _) = await run(mode, lambda page: five_hundred())
    assert api.asked == [1]
    assert isinstance(listing.error, ServerError) and listing.items == ()


# -- memory: what is kept ----------------------------------------------------------------------


@MODES
async def test_pages_that_ignore_per_page_fill_the_cap_and_no_more(mode: str) -> None:
    def script(page: int) -> Page:  # 5,000 a page, whatever was asked, and 40 pages said
        items = [f"p{page}-{n}" for n in range(5_000)]
        return page_of(items, page=page, per_page=50, total_pages=40)

    listing, (api, seen) = await run(mode, script, Pager(50, key=by_name, max_items=10_000))
    assert len(listing.items) == 10_000 and sum(len(s.result) for s in seen) == 10_000
    assert not listing.complete and listing.capped and listing.why_not == "capped"
    assert listing.not_read is not None and listing.not_read >= 5_000  # said: "N more"
    assert len(api.asked) <= 1 + IN_FLIGHT  # no page is asked once the cap is full


@MODES
async def test_a_list_exactly_the_cap_long_is_complete_after_one_more_page(mode: str) -> None:
    listing, (api, _) = await run(mode, listed(200), Pager(50, key=by_name, max_items=200))
    assert api.asked == [1, 2, 3, 4, 5]
    assert listing.complete and len(listing.items) == 200 and listing.not_read is None


def test_totals_say_how_many_were_not_read() -> None:
    pager: Pager[str] = Pager(50, max_items=60)
    pager.next_pages()
    pager.answered(1, [f"a{n}" for n in range(50)], ResultInfo(total_count=1_000))
    pager.next_pages()
    pager.answered(2, [f"b{n}" for n in range(50)], ResultInfo(total_count=1_000))
    listing = pager.listing()
    assert (len(listing.items), listing.not_read, listing.why_not) == (60, 940, "capped")


def test_duplicates_are_dropped_by_key_and_do_not_count_against_the_cap() -> None:
    pager: Pager[str] = Pager(5, key=by_name, max_items=6)
    pager.next_pages()
    assert pager.answered(1, list("abcde"), None) == tuple("abcde")
    pager.next_pages()
    assert pager.answered(2, list("deffg"), None) == ("f",)  # g is past the cap
    listing = pager.listing()
    assert listing.items == tuple("abcdef") and listing.duplicates == 3
    assert listing.why_not == "capped" and listing.not_read == 1


def test_items_without_a_key_are_all_kept() -> None:
    pager: Pager[str] = Pager(5, key=lambda item: None)
    pager.next_pages()
    pager.answered(1, ["x", "x"], None)
    assert pager.listing().items == ("x", "x")


def test_the_page_limit_is_said_as_not_complete() -> None:
    listing = Pager[str](5, max_pages=2)
    for page in (1, 2):
        assert listing.next_pages() == [page]
        listing.answered(page, [f"{page}{n}" for n in range(5)], None)
    assert listing.next_pages() == [] and listing.finished
    said: Listing[str] = listing.listing()
    assert not said.complete and said.why_not == "pages" and said.capped
