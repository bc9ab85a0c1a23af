"""The fake API's one router: for one request, which scenario answers and what it says.

Both front ends ask it and only send what it decides: the loopback HTTP server (``server``)
and the in-process ``httpx.MockTransport`` (``transport``). A request reaches it as ``Asked``
(scenario, method, route, query, body, headers, and how many times this route was asked of
this scenario instance); it gives back a ``Reply``: a ``Canned`` answer and how to send it.
Sending at once is what every front end does; waiting the server's delay, stalling mid-body,
resetting the connection and a 50 MiB body need a socket, so only the server does those.

A scenario's answer on a route is, in order: a scenario of ``HANDLED`` answers what it decides
(the rest as the ``ok`` scenario would); a route of a family (``FAMILIES``: ``/memberships``
today) is answered by that family from the scenario's own world, or else from its ``/user``
answer; then the scenario's own
routes (``routes.ROUTED`` or those a test added); then ``routes.DEFAULT_ROUTES`` when its
``/user`` succeeds, that same failure when it fails (a broken server is broken everywhere).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from tests.support.fake import fleet, tokens
from tests.support.fake.asked import Asked, Handler, How, Reply
from tests.support.fake.canned import CANNED, NOT_FOUND, OK, SERVICE_UNAVAILABLE, Canned, echo
from tests.support.fake.routes import (
    DEFAULT_ROUTES,
    ROUTED,
    SLOW_ROUTE,
    USER,
    echo_verify,
)
from tests.support.fake.worlds import MEMBERSHIPS, WORLDS, World, members_answer

__all__ = ["Asked", "Handler", "How", "Reply", "Router"]

Family = Callable[[Asked, Canned, World | None], Canned | None]
"""Routes every scenario answers from its world (or its ``/user`` answer, the second argument);
None leaves the route to the scenario's tables."""

# -- the hook points: a new scenario or family of routes is one entry in one of these --------

SPECIAL = ("flaky_503", "slow", "stall_mid_body", "reset", "huge_body", "echo", "echo_error")
"""Scenarios decided by how they answer (timing, sockets, the request itself), not by a body."""
SAME_EVERYWHERE = ("slow", "stall_mid_body", "reset", "huge_body", "echo_error")
"""Scenarios that answer every path the way they answer ``/user``."""

HANDLED: dict[str, Handler] = {
    fleet.SCENARIO: fleet.answer,
    **dict.fromkeys(tokens.TOKEN_SCENARIOS, tokens.answer),
}
"""Scenarios of a module of their own that decides from the request: add
``"name": module.answer`` here (and nowhere else) and the name is served by both front ends."""


def _memberships(asked: Asked, user: Canned, world: World | None) -> Canned:
    return members_answer(
        asked.scenario, user, asked.method, asked.route, asked.query, asked.body, world
    )


FAMILIES: dict[str, Family] = {MEMBERSHIPS: _memberships}
"""By route prefix (``memberships`` takes ``memberships`` and ``memberships/...``): the routes
every scenario answers from its own data."""

SCENARIOS = tuple(sorted((*CANNED, *SPECIAL, *ROUTED)))
"""Scenarios that vary how ``/user`` and its neighbours fail; the fault matrix tries each."""
MEMBER_SCENARIOS = tuple(sorted(WORLDS))
"""Scenarios of ``/memberships`` (``worlds``); their ``/user`` is the ok user's. They have
their own tests, apart from ``SCENARIOS``."""


SERVED = (*SCENARIOS, *MEMBER_SCENARIOS, *tokens.TOKEN_SCENARIOS, fleet.SCENARIO)
"""Every scenario name the router knows before a test adds its own."""

# -- routing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Added:
    user: Canned
    routes: Mapping[str, Canned]
    world: World | None


class Router:
    """The scenarios above, plus those a test adds (``add``); safe to ask from many threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._added: dict[str, _Added] = {}
        self.handlers: dict[str, Handler] = {}
        """This router's own, before ``HANDLED``: a test's (the fleet's, holding its answers)."""

    def add(
        self,
        name: str,
        canned: Canned,
        routes: Mapping[str, Canned] | None = None,
        world: World | None = None,
    ) -> None:
        """Serve ``canned`` on ``/user`` as scenario ``name``, ``routes`` on other paths
        (``user/tokens/verify``: see ``routes``) and ``world`` on ``/memberships`` (else
        ``canned``'s organizations)."""
        if name in SERVED or name in HANDLED or not name.isidentifier():
            raise ValueError(f"{name!r} cannot name an added scenario")
        with self._lock:
            self._added[name] = _Added(canned, dict(routes or {}), world)

    def knows(self, scenario: str) -> bool:
        with self._lock:
            added = scenario in self._added
        return added or scenario in SERVED or scenario in self.handlers or scenario in HANDLED

    def answer(self, asked: Asked) -> Reply:
        scenario, route = asked.scenario, asked.route
        with self._lock:
            added = self._added.get(scenario)
        if not route or not self.knows(scenario):
            return Reply(NOT_FOUND)
        handler = self.handlers.get(scenario) or HANDLED.get(scenario)
        if handler is not None:
            handled = handler(asked)
            if handled is not None:
                return handled
        family = _family(route)
        if family is not None and scenario not in SAME_EVERYWHERE:
            user = added.user if added else _user_of(scenario)
            said = family(asked, user, added.world if added else None)
            if said is not None:
                return Reply(said)
        if scenario in WORLDS or handler is not None:
            return Reply(_beyond_user(OK, route))
        if added is not None:
            return Reply(added.routes.get(route) or _beyond_user(added.user, route))
        if scenario in ROUTED:
            canned = ROUTED[scenario].get(route, NOT_FOUND)
            if canned is SLOW_ROUTE:
                return Reply(DEFAULT_ROUTES[route], "slow")
            return Reply(canned)
        if scenario in CANNED:
            return Reply(_beyond_user(CANNED[scenario], route))
        return _special(asked)


def _family(route: str) -> Family | None:
    """The family whose prefix is the longest that ``route`` starts with."""
    owners = [p for p in FAMILIES if route == p or route.startswith(p + "/")]
    return FAMILIES[max(owners, key=len)] if owners else None


def _user_of(scenario: str) -> Canned:
    """What a named scenario answers on ``/user``."""
    return CANNED.get(scenario) or ROUTED.get(scenario, {}).get(USER, OK)


def _special(asked: Asked) -> Reply:
    scenario, route = asked.scenario, asked.route
    if scenario == "flaky_503":
        return Reply(SERVICE_UNAVAILABLE if asked.hit == 1 else _beyond_user(OK, route))
    if scenario == "slow":
        return Reply(_beyond_user(OK, route), "slow")
    if scenario == "stall_mid_body":
        return Reply(_beyond_user(OK, route), "stall")
    if scenario == "reset":
        return Reply(OK, "reset")
    if scenario == "huge_body":
        return Reply(OK, "huge")
    if scenario == "echo" and route != USER:
        return Reply(echo_verify(dict(asked.headers)) if route in DEFAULT_ROUTES else NOT_FOUND)
    return Reply(echo(dict(asked.headers), refuse=scenario == "echo_error"))


_SUCCEEDS: dict[int, bool] = {}


def _succeeds(canned: Canned) -> bool:
    """A 200 with ``success: true``: the server works, so its other paths answer too."""
    known = _SUCCEEDS.get(id(canned))
    if known is None:
        try:
            known = canned.status == 200 and json.loads(canned.body).get("success") is True
        except (ValueError, RecursionError, AttributeError):
            known = False
        _SUCCEEDS[id(canned)] = known
    return known


def _beyond_user(canned: Canned, route: str) -> Canned:
    """What a scenario defined by its ``/user`` answer says on ``route``."""
    if route == USER:
        return canned
    if _succeeds(canned):
        return DEFAULT_ROUTES.get(route, NOT_FOUND)
    return canned
