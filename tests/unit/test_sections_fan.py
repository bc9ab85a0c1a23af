"""A fan of requests in a section: each answer is seen as it comes, in the order the answers
come, while the section still gets them all back in the order it asked (both drivers)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from cftui.core.api import endpoints
from cftui.core.errors import NetworkError
from cftui.core.overview.steps import Outcome, Section, ask_all, run_async, run_sync


def section(
    seen: list[tuple[int, Any]], told: threading.Condition | None = None
) -> Section[tuple[Outcome[Any], ...]]:
    calls = tuple(endpoints.list_memberships(page) for page in (2, 3, 4))

    def on_each(n: int, outcome: Outcome[Any]) -> None:
        seen.append((n, outcome.value if outcome.ok else outcome.error))
        if told is not None:
            with told:
                told.notify_all()

    outcomes = yield from ask_all(calls, on_each)
    return outcomes


def _page(call: Any) -> int:
    return int(call.params["page"])


def test_the_blocking_driver_reports_each_answer_as_it_comes() -> None:
    """Page 4 answers first; page 2 once page 4 was reported, page 3 once page 2 was."""
    turn = {4: 0, 2: 1, 3: 2}
    seen: list[tuple[int, Any]] = []
    told = threading.Condition()

    def request(call: Any) -> Any:
        page = _page(call)
        with told:
            assert told.wait_for(lambda: len(seen) >= turn[page], timeout=30)
        if page == 3:
            raise NetworkError("lost")
        return page

    values = run_sync(request, {"s": section(seen, told)})
    assert [n for n, _ in seen] == [2, 0, 1]  # as they came: page 4, 2, 3
    outcomes = values["s"]
    assert [o.value for o in outcomes] == [2, None, 4]  # as asked
    assert isinstance(outcomes[1].error, NetworkError)


@pytest.mark.parametrize("first", [4, 3])
async def test_the_async_driver_reports_each_answer_as_it_comes(first: int) -> None:
    released = {page: asyncio.Event() for page in (2, 3, 4)}
    served: list[int] = []

    async def request(call: Any) -> Any:
        page = _page(call)
        await released[page].wait()
        served.append(page)
        if len(served) < 3:
            released[next(p for p in (4, 3, 2) if p not in served and p != page)].set()
        return page

    seen: list[tuple[int, Any]] = []
    released[first].set()
    values = await asyncio.wait_for(run_async(request, {"s": section(seen)}), 30)
    assert [2 + n for n, _ in seen] == served and served[0] == first
    assert [o.value for o in values["s"]] == [2, 3, 4]
