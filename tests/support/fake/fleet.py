"""The fake API's ``fleet`` scenario: one base URL, a different persona per credential sent.

``cftui status`` checks several credentials against one API, so here the answer depends on
the ``Authorization`` (or ``X-Auth-Key``) header, not on the path prefix. Personas:

- ``good``: a user token, active for 42 more days, 3 accounts, 1 pending invitation, and
  every permission cftui uses;
- ``expiring``: a user token expiring in 5 days (fine otherwise);
- ``account``: an account-owned token (``cfat_``) of the account "Okafor Studio";
- ``no_members``: a user token lacking Memberships Read (``/memberships`` refused, 9109);
- ``no_tokens_read``: a user token lacking API Tokens Read (it cannot read itself);
- ``rejected``: a revoked token (10000 on ``/user``, 1000 on the verify);
- ``slow``: every answer held for ``SLOW_SECONDS`` or until the server stops (a timeout to
  provoke: a test gives cftui less, and the others still have ample time on a busy machine);
- ``echo``: refused everywhere with its own token and a terminal escape in the message
  (hostile text a leak sweep must not see printed);
- ``global``: a Global API key (``X-Auth-Email`` + ``X-Auth-Key``), 2 accounts.

Anything else is refused as an unknown credential (9106). Dates come from the suite's fixed
day. ``answer_for(headers, method, route, query)`` is pure, so unit tests serve it through
``httpx.MockTransport`` and the fake server serves it over HTTP.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from tests.support.fake.accounts import (
    ACCOUNT_TOKEN_ACCOUNT,
    TOKEN_ID,
    Answer,
    accounts_page,
    ok,
    real_user,
    refused,
    stamp,
    token_verify,
)
from tests.support.fake.asked import Asked, Handler, Reply
from tests.support.fake.memberships import membership, memberships_page
from tests.support.fixed_clock import FIXED_NOW

SCENARIO = "fleet"
SLOW = "slow"
SLOW_SECONDS = 60.0
TOKENS: dict[str, str] = {
    "good": "cfut_" + "FleetG00dT0ken" * 3,
    "expiring": "cfut_" + "FleetExp1r1ng" * 3,
    "account": "cfat_" + "FleetAcc0unt" * 3,
    "no_members": "cfut_" + "FleetN0Memb3rs" * 3,
    "no_tokens_read": "cfut_" + "FleetN0T0kRead" * 3,
    "rejected": "cfut_" + "FleetRev0ked" * 3,
    "slow": "cfut_" + "FleetSl0wT0ken" * 3,
    "echo": "cfut_" + "FleetEch0Back" * 3,
}
GLOBAL_EMAIL = "grace@example.com"
GLOBAL_KEY = "f1ee7" + "0123456789abcdef" * 2
"""A legacy-shaped Global API key (37 hex characters)."""
EMAILS = {
    "good": "ada@example.com",
    "expiring": "brook@example.com",
    "no_members": "cyd@example.com",
    "no_tokens_read": "dee@example.com",
    "global": GLOBAL_EMAIL,
}
ACCOUNTS = {"good": 3, "expiring": 1, "no_tokens_read": 1, "global": 2}
PENDING = {"good": 1}
EXPIRING_DAYS = 5
ACCOUNT_VERIFY = f"accounts/{ACCOUNT_TOKEN_ACCOUNT['id']}/tokens/verify"


def route_of_path(path: str) -> str:
    """``/client/v4/user/tokens/verify`` -> ``user/tokens/verify``."""
    return path.partition("/client/v4/")[2]


def persona_of(headers: Mapping[str, str]) -> str | None:
    """Which persona sent these (lower-cased) headers; None for an unknown credential."""
    if headers.get("x-auth-key") == GLOBAL_KEY and headers.get("x-auth-email") == GLOBAL_EMAIL:
        return "global"
    bearer = headers.get("authorization", "").removeprefix("Bearer ")
    return next((name for name, token in TOKENS.items() if token == bearer), None)


def _verify(persona: str) -> Answer:
    if persona == "expiring":
        result = {"id": TOKEN_ID, "status": "active"}
        result["expires_on"] = stamp(FIXED_NOW + timedelta(days=EXPIRING_DAYS))
        return ok(result)
    return token_verify(FIXED_NOW, "active")


def _memberships(persona: str, query: Mapping[str, str]) -> Answer:
    if persona == "no_members":
        return refused(9109)
    count = ACCOUNTS.get(persona, 0)
    pending = PENDING.get(persona, 0)
    items = [
        membership(n, status="pending" if n < pending else "accepted")
        for n in range(count + pending)
    ]
    status = query.get("status")
    if status is not None:
        items = [m for m in items if m["status"] == status]
    per_page = int(query.get("per_page", "20")) if query.get("per_page", "").isdigit() else 20
    return memberships_page(items[:per_page], 1, per_page, len(items))


def _token(persona: str) -> Answer:
    """The token reading itself: refused without API Tokens Read."""
    if persona == "no_tokens_read":
        return refused(9109)
    result: dict[str, Any] = {"id": TOKEN_ID, "name": "cftui", "status": "active", "policies": []}
    return ok(result)


def answer_for(
    headers: Mapping[str, str], method: str, route: str, query: Mapping[str, str]
) -> Answer | None:
    """The persona's answer on ``route`` (``user``, ``memberships``, ...); None for ``slow``,
    whose answers the server holds (``SLOW_SECONDS``, then ``slow_answer``)."""
    persona = persona_of(headers)
    if persona is None:
        return refused(9106)
    if persona == SLOW:
        return None
    if persona == "echo":
        return refused(10000, f"Authentication error \x1b]0;pwned\x07for {TOKENS['echo']}")
    if persona == "rejected":
        return refused(1000) if route == "user/tokens/verify" else refused(10000)
    if persona == "account":
        return _account_token(route)
    if method != "GET":
        return refused(7003, status=404)
    if route == "user":
        return ok(real_user(email=EMAILS[persona]))
    if route == "user/tokens/verify" and persona != "global":
        return _verify(persona)
    if route == "memberships":
        return _memberships(persona, query)
    if route == f"user/tokens/{TOKEN_ID}" and persona != "global":
        return _token(persona)
    return refused(7003, status=404)


def _account_token(route: str) -> Answer:
    if route == "user":
        return refused(9109)
    if route == "user/tokens/verify":
        return refused(1000)
    if route == "accounts":
        return accounts_page()
    if route == ACCOUNT_VERIFY:
        return token_verify(FIXED_NOW, "active")
    return refused(9106)


def slow_answer() -> Answer:
    """What ``slow`` finally says once held: a good token's ``/user``."""
    return ok(real_user(email="slow@example.com"))


class Hold:
    """Holds every persona's answers until each of ``personas`` has sent a request: checks made
    one after another would never get past the first. ``broken`` (and the test fails) when
    ``timeout`` passes first: a generous bound, never a measure."""

    def __init__(self, personas: Iterable[str], timeout: float = 30.0) -> None:
        self.personas = frozenset(personas)
        self.timeout = timeout
        self.arrived: list[str] = []  # personas in order of their first request
        self.broken = False
        self._all_in = threading.Condition()

    def wait(self, headers: Mapping[str, str]) -> None:
        persona = persona_of(headers) or "unknown"
        with self._all_in:
            if persona not in self.arrived:
                self.arrived.append(persona)
                self._all_in.notify_all()
            if not self._all_in.wait_for(lambda: self.personas <= set(self.arrived), self.timeout):
                self.broken = True


def answer(asked: Asked, hold: Hold | None = None) -> Reply:
    """The router's answer for ``fleet`` (``router.HANDLED``), after ``hold`` lets it go; the
    slow persona's is held ``SLOW_SECONDS`` by the server (or until it stops)."""
    if hold is not None:
        hold.wait(asked.headers)
    said = answer_for(asked.headers, asked.method, asked.route, asked.query)
    if said is None:
        return Reply(slow_answer().canned(), "slow", SLOW_SECONDS)
    return Reply(said.canned())


def held(hold: Hold) -> Handler:
    """``answer`` holding every persona's answers until ``hold`` lets them go."""
    return functools.partial(answer, hold=hold)
