"""Independent parts of a fetch, written once and run by either client, all at the same time.

A *section* (the user, the token's health, ...) is a generator: it yields what it needs next
and is sent the answer, then returns its value. It yields

- an ``ApiCall``, and is sent that call's ``Outcome`` (the answer or the ``CftuiError``);
- a tuple of ``ApiCall``, sent together (at most ``IN_FLIGHT`` at a time), and is sent a tuple
  of ``Outcome`` in the same order;
- ``Fan(calls, on_each)``, the same as the tuple, with ``on_each(index, outcome)`` called as
  each answer comes (a list's pages shown as they arrive, not when the slowest has);
- ``Pages(pager, call_for, on_page)``, every page of a list as ``pager`` (the one pager,
  ``api.pager``) plans them, and is sent the ``Listing``;
- ``After(name)``, and is sent the value of the section ``name`` once it has one (a section
  may wait only for one listed before it).

Because a section never performs I/O itself, the same code runs on the blocking client (a
thread per section: ``whoami`` stays free of an event loop) and on the async one (a task per
section: the TUI). Every section starts at once, so requests that do not depend on each
other travel together; a failed request is an ``Outcome`` its section decides about, so one
section failing never takes another with it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from cftui.core.api.endpoints import ApiCall
from cftui.core.api.pager import IN_FLIGHT, Listing, Pager
from cftui.core.api.paging import OnSeen, PageCall, list_pages, list_pages_sync
from cftui.core.errors import CftuiError

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """One request's result: ``value``, or the ``error`` the client raised for it."""

    value: T | None = None
    error: CftuiError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class After:
    """Wait for another section's value (named by its key in the sections mapping)."""

    name: str


@dataclass(frozen=True, slots=True)
class Fan:
    """Requests sent together (at most ``IN_FLIGHT`` in flight); ``on_each`` sees each answer
    as it comes, in whatever order."""

    calls: tuple[ApiCall[Any], ...]
    on_each: Callable[[int, Outcome[Any]], object]


@dataclass(frozen=True, slots=True)
class Pages:
    """Every page of a list, as ``pager`` plans them; ``on_page`` sees each as it comes."""

    pager: Pager[Any]
    call_for: PageCall[Any]
    on_page: OnSeen[Any] | None = None


Step = ApiCall[Any] | tuple[ApiCall[Any], ...] | Fan | Pages | After
Section = Generator[Step, Any, T]
OnSection = Callable[[str, Any], object]


def ask(call: ApiCall[R]) -> Generator[Step, Any, Outcome[R]]:
    """``outcome = yield from ask(call)``: one request, typed."""
    outcome: Outcome[R] = yield call
    return outcome


def ask_all(
    calls: tuple[ApiCall[R], ...], on_each: Callable[[int, Outcome[R]], object] | None = None
) -> Generator[Step, Any, tuple[Outcome[R], ...]]:
    """``outcomes = yield from ask_all(calls)``: requests sent together, answers in order;
    ``on_each(index, outcome)`` as each one comes."""
    if not calls:
        return ()
    outcomes: tuple[Outcome[R], ...] = yield (calls if on_each is None else Fan(calls, on_each))
    return outcomes


def ask_pages(
    pager: Pager[R], call_for: PageCall[R], on_page: OnSeen[R] | None = None
) -> Generator[Step, Any, Listing[R]]:
    """``listing = yield from ask_pages(pager, call_for)``: a whole list, typed."""
    listing: Listing[R] = yield Pages(pager, call_for, on_page)
    return listing


def after(name: str) -> Generator[Step, Any, Any]:
    """``value = yield from after("user")``: another section's value."""
    value = yield After(name)
    return value


# -- the blocking driver ---------------------------------------------------------------------


def run_sync(
    request: Callable[[ApiCall[Any]], Any],
    sections: Mapping[str, Section[Any]],
    on_section: OnSection | None = None,
) -> dict[str, Any]:
    """Run every section at once on threads (the blocking client's pool is thread-safe)."""
    from concurrent.futures import Future

    from cftui.core.pools import thread_pool

    def outcome(call: ApiCall[Any]) -> Outcome[Any]:
        try:
            return Outcome(request(call))
        except CftuiError as error:
            return Outcome(error=error)

    done: dict[str, Future[Any]] = {}

    def drive(name: str, section: Section[Any]) -> Any:
        sent: Any = None
        with thread_pool(IN_FLIGHT, name) as fan:
            while True:
                try:
                    step = section.send(sent)
                except StopIteration as stop:
                    if on_section is not None:
                        on_section(name, stop.value)
                    return stop.value
                if isinstance(step, After):
                    sent = done[step.name].result()
                elif isinstance(step, tuple):
                    sent = tuple(fan.map(outcome, step))
                elif isinstance(step, Fan):
                    sent = _each_sync(fan, outcome, step)
                elif isinstance(step, Pages):
                    sent = list_pages_sync(request, step.call_for, step.pager, step.on_page)
                else:
                    sent = outcome(step)

    names = list(sections)
    first: Future[Any] = Future()
    done[names[0]] = first  # the first runs on this thread; the others may wait for it
    with thread_pool(len(names) - 1, "section") as pool:
        for name in names[1:]:
            done[name] = pool.submit(drive, name, sections[name])
        try:
            first.set_result(drive(names[0], sections[names[0]]))
        except BaseException as error:
            first.set_exception(error)
            raise
        return {name: done[name].result() for name in names}


def _each_sync(
    pool: Any, outcome: Callable[[ApiCall[Any]], Outcome[Any]], step: Fan
) -> tuple[Outcome[Any], ...]:
    """``step``'s calls on ``pool``; ``on_each`` on this (the section's) thread as each ends."""
    from concurrent.futures import as_completed

    futures = {pool.submit(outcome, call): n for n, call in enumerate(step.calls)}
    for future in as_completed(futures):
        step.on_each(futures[future], future.result())
    ordered = sorted(futures.items(), key=lambda item: item[1])
    return tuple(future.result() for future, _ in ordered)


# -- the async driver ------------------------------------------------------------------------


async def run_async(
    request: Callable[[ApiCall[Any]], Awaitable[Any]],
    sections: Mapping[str, Section[Any]],
    on_section: OnSection | None = None,
) -> dict[str, Any]:
    """Run every section at once as tasks; cancelling the caller cancels them all."""
    import asyncio

    gate = asyncio.Semaphore(IN_FLIGHT)
    loop = asyncio.get_running_loop()
    done: dict[str, asyncio.Future[Any]] = {name: loop.create_future() for name in sections}

    async def outcome(call: ApiCall[Any], *, gated: bool = False) -> Outcome[Any]:
        try:
            if not gated:
                return Outcome(await request(call))
            async with gate:
                return Outcome(await request(call))
        except CftuiError as error:
            return Outcome(error=error)

    async def each(step: Fan, n: int) -> Outcome[Any]:
        said = await outcome(step.calls[n], gated=True)
        step.on_each(n, said)
        return said

    async def drive(name: str, section: Section[Any]) -> Any:
        sent: Any = None
        while True:
            try:
                step = section.send(sent)
            except StopIteration as stop:
                done[name].set_result(stop.value)
                if on_section is not None:
                    on_section(name, stop.value)
                return stop.value
            if isinstance(step, After):
                sent = await asyncio.shield(done[step.name])
            elif isinstance(step, tuple):
                sent = tuple(await asyncio.gather(*(outcome(c, gated=True) for c in step)))
            elif isinstance(step, Fan):
                sent = tuple(await asyncio.gather(*(each(step, n) for n in range(len(step.calls)))))
            elif isinstance(step, Pages):
                sent = await list_pages(request, step.call_for, step.pager, step.on_page)
            else:
                sent = await outcome(step)

    tasks = {name: asyncio.ensure_future(drive(name, s)) for name, s in sections.items()}
    try:
        await asyncio.gather(*tasks.values())
    finally:
        for task in tasks.values():
            task.cancel()
        await asyncio.gather(*tasks.values(), return_exceptions=True)
    return {name: task.result() for name, task in tasks.items()}
