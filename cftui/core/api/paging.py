"""The pager's two drivers: the same ``Pager`` decides, these only send and wait.

``list_pages`` awaits (the TUI's loop), ``list_pages_sync`` blocks on threads (``whoami`` and
``invites`` stay free of an event loop). Each sends what ``Pager.next_pages`` says, at most
``IN_FLIGHT`` at a time, hands each answer back as it comes, and tells ``on_page`` what that
page added. Only the items kept live on: an answer's body is let go once its page is read.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from cftui.core.api.endpoints import ApiCall
from cftui.core.api.envelope import Response
from cftui.core.api.pager import IN_FLIGHT, Listing, Pager, PageSeen
from cftui.core.errors import CftuiError

T = TypeVar("T")
PageCall = Callable[[int], ApiCall[Response[tuple[T, ...]]]]
OnSeen = Callable[[PageSeen[T]], object]


def _take(pager: Pager[T], page: int, answer: Response[tuple[T, ...]] | CftuiError) -> PageSeen[T]:
    if isinstance(answer, CftuiError):
        pager.failed(page, answer)
        return PageSeen(page, error=answer)
    kept = pager.answered(page, answer.result, answer.result_info)
    return PageSeen(page, kept, answer.result_info)


async def list_pages(
    request: Callable[[ApiCall[Response[tuple[T, ...]]]], Awaitable[Response[tuple[T, ...]]]],
    call_for: PageCall[T],
    pager: Pager[T],
    on_page: OnSeen[T] | None = None,
) -> Listing[T]:
    """Every page ``pager`` wants, through the async ``request``. Cancelling the caller
    cancels the pages in flight."""
    import asyncio

    running: dict[asyncio.Future[Response[tuple[T, ...]]], int] = {}
    try:
        while True:
            for page in pager.next_pages():
                running[asyncio.ensure_future(request(call_for(page)))] = page
            if not running:
                return pager.listing()
            done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                page = running.pop(task)
                error = task.exception()
                if error is not None and not isinstance(error, CftuiError):
                    raise error
                seen = _take(pager, page, error if error is not None else task.result())
                if on_page is not None:
                    on_page(seen)
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


def list_pages_sync(
    request: Callable[[ApiCall[Response[tuple[T, ...]]]], Response[tuple[T, ...]]],
    call_for: PageCall[T],
    pager: Pager[T],
    on_page: OnSeen[T] | None = None,
) -> Listing[T]:
    """``list_pages`` on threads (the blocking client's pool is safe to share); ``on_page``
    is called on the caller's thread."""
    from concurrent.futures import FIRST_COMPLETED, Future, wait

    from cftui.core.pools import thread_pool

    running: dict[Future[Response[tuple[T, ...]]], int] = {}
    with thread_pool(IN_FLIGHT, "page") as pool:
        try:
            while True:
                for page in pager.next_pages():
                    running[pool.submit(request, call_for(page))] = page
                if not running:
                    return pager.listing()
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    page = running.pop(future)
                    error = future.exception()
                    if error is not None and not isinstance(error, CftuiError):
                        raise error
                    seen = _take(pager, page, error if error is not None else future.result())
                    if on_page is not None:
                        on_page(seen)
        finally:
            for future in running:
                future.cancel()
