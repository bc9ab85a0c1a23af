"""The fake API's user tokens: a stateful world per scenario instance, where rolling works.

Each instance of a token scenario (``tokens``, ``tokens~7`` with ``fresh=True``) has its own
tokens and secrets. A request is authenticated by its bearer secret: ``/user`` and
``/user/tokens/verify`` accept a secret only while it is its token's current one, so after
``PUT /user/tokens/{id}/value`` the old value is refused (1000 / 9109, as Cloudflare refuses
a revoked token) and the new one works. The list pages by ``page`` / ``per_page`` with a
``result_info`` that can lie. Scenarios:

- ``tokens``: the tokens of ``token_bodies.every_flag``; the first secret may read and
  roll (``FIRST_SECRET``, token 1), the second (``SECOND_SECRET``, token 2) exists too;
- ``tokens_no_read`` / ``tokens_no_write``: the list, or the roll, refused with 9109;
- ``tokens_rate_limited``: the roll answered 429;
- a Global API key (``GLOBAL_KEY``, any email) may do anything in each of them but verify;
- ``tokens_many``: 120 tokens, and every page's ``result_info`` says there is one page of 50.

    python -m tests.support.fake --scenario tokens   # then CLOUDFLARE_API_TOKEN=<FIRST_SECRET>
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.support.fake.accounts import Answer, ok, rate_limited, refused
from tests.support.fake.asked import Asked, Reply
from tests.support.fake.canned import OK_USER, Canned
from tests.support.fake.token_bodies import GROUPS, every_flag, policy, token
from tests.support.fixed_clock import FIXED_NOW

FIRST_SECRET = "cfut_F1rstTokenSecretTEST0123456789abcdefgh"
SECOND_SECRET = "cfut_S3condTokenSecretTEST0123456789abcdefg"
GLOBAL_KEY = "5ca1ab1ef00dcafe0123456789abcdef01234"
"""A Global API key the token scenarios accept (with any email): it may do anything."""
ROLLED_PREFIX = "cfut_R0lledValue"
TOKEN_SCENARIOS = (
    "tokens",
    "tokens_many",
    "tokens_no_read",
    "tokens_no_write",
    "tokens_rate_limited",
)
_rolled = itertools.count(1)


def rolled_secret(n: int) -> str:
    """The ``n``-th new secret the fake hands out (unique in the process, 46 characters)."""
    return f"{ROLLED_PREFIX}{n:06d}Zq8Wm2Kp7Vt4Ls9Hd3Fj6Y"


@dataclass
class TokenWorld:
    """One instance's tokens: ``secrets`` maps each live secret to its token's id."""

    tokens: list[dict[str, Any]]
    secrets: dict[str, str]
    can_read: bool = True
    roll_answer: Answer | None = None  # answers every roll instead (a refusal)
    lie_total: int | None = None  # what result_info claims as total_count (one page)
    issued: list[str] = field(default_factory=list)  # every new secret handed out, in order

    def token_of(self, headers: Mapping[str, str]) -> dict[str, Any] | None:
        """The caller's token (a Global key's stand-in has no id), or ``None``: refused."""
        if headers.get("x-auth-key") == GLOBAL_KEY:
            return {"id": None, "status": "active"}
        bearer = headers.get("authorization", "").removeprefix("Bearer ")
        token_id = self.secrets.get(bearer)
        return next((t for t in self.tokens if t["id"] == token_id), None)


def new_world(scenario: str) -> TokenWorld:
    tokens = every_flag(FIXED_NOW)
    if scenario == "tokens_many":
        tokens += [
            token(n, f"bulk {n:03d}", FIXED_NOW, policies=[policy(n, ["Zone Read"], {})])
            for n in range(10, 125)
        ]
    world = TokenWorld(tokens, {FIRST_SECRET: tokens[0]["id"], SECOND_SECRET: tokens[1]["id"]})
    world.can_read = scenario != "tokens_no_read"
    if scenario == "tokens_no_write":
        world.roll_answer = refused(9109)
    if scenario == "tokens_rate_limited":
        world.roll_answer = rate_limited(3)
    if scenario == "tokens_many":
        world.lie_total = 50
    return world


_WORLDS: dict[str, TokenWorld] = {}
_LOCK = threading.Lock()


def world_of(prefix: str) -> TokenWorld:
    """The world of the scenario instance named by ``prefix`` (``tokens~3``), made on first use."""
    with _LOCK:
        found = _WORLDS.get(prefix)
        if found is None:
            found = _WORLDS[prefix] = new_world(prefix.split("~")[0])
        return found


def _page(world: TokenWorld, query: Mapping[str, str]) -> Answer:
    try:
        page, per_page = int(query.get("page", "1")), int(query.get("per_page", "20"))
    except ValueError:
        return refused(400, "Invalid page")
    per_page = min(max(per_page, 5), 50)
    items = world.tokens[(page - 1) * per_page : page * per_page]
    total = len(world.tokens) if world.lie_total is None else world.lie_total
    pages = -(-total // per_page)
    info = {"page": page, "per_page": per_page, "count": len(items), "total_count": total}
    return ok(items, info | {"total_pages": pages})


def _verify(found: dict[str, Any]) -> Answer:
    result = {k: found.get(k) for k in ("id", "status", "expires_on", "not_before")}
    return ok(result)


def _roll(world: TokenWorld, token_id: str) -> Answer:
    if world.roll_answer is not None:
        return world.roll_answer
    target = next((t for t in world.tokens if t["id"] == token_id), None)
    if target is None:
        return refused(7003, "Could not route to the token, perhaps its identifier is invalid?")
    secret = rolled_secret(next(_rolled))
    for old in [s for s, i in world.secrets.items() if i == token_id]:
        del world.secrets[old]
    world.secrets[secret] = token_id
    world.issued.append(secret)
    return ok(secret)


def tokens_answer(
    prefix: str, method: str, route: str, query: Mapping[str, str], headers: Mapping[str, str]
) -> Canned:
    """What a token scenario instance answers on ``route`` (``user``, ``user/tokens…``)."""
    world = world_of(prefix)
    with _LOCK:
        caller = world.token_of(headers)
        if route == "user":
            return (ok(OK_USER) if caller else refused(9109, "Invalid access token", 401)).canned()
        if route == "user/tokens/verify":
            if caller is not None and caller["id"] is None:
                return refused(6003, "Invalid request headers", 400).canned()
            return (_verify(caller) if caller else refused(1000)).canned()
        if caller is None:
            return refused(1000).canned()
        if route == "user/tokens/permission_groups":
            return (ok([{"id": i, "name": n, "scopes": []} for n, i in GROUPS.items()])).canned()
        if not world.can_read and method == "GET":
            return refused(9109).canned()
        if route == "user/tokens" and method == "GET":
            return _page(world, query).canned()
        parts = route.split("/")
        if len(parts) == 4 and parts[3] == "value" and method == "PUT":
            return _roll(world, parts[2]).canned()
        if len(parts) == 3 and method == "GET":
            found = next((t for t in world.tokens if t["id"] == parts[2]), None)
            return (ok(found) if found else refused(7003, status=404)).canned()
        return (refused(7003, status=404)).canned()


def answer(asked: Asked) -> Reply | None:
    """The router's answer for a token scenario (``router.HANDLED``): the ``user`` routes from
    this instance's world; None leaves the rest to what the ``ok`` scenario answers."""
    if asked.route.split("/")[0] != "user":
        return None
    instance = asked.instance or asked.scenario
    return Reply(tokens_answer(instance, asked.method, asked.route, asked.query, asked.headers))
