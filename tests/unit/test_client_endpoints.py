"""Every endpoint through the one request path: what is sent, what is asked again, pages.

The PUT that answers an invitation must never be sent twice once the server may have acted
on it; lists come page 1 first, then the rest a few at a time; a 429 holds back every request
of the client. Each test runs against both clients where the behaviour is shared.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cftui.core.api.client import CloudflareClient, SyncCloudflareClient
from cftui.core.api.envelope import Response
from cftui.core.api.pager import IN_FLIGHT, Pager
from cftui.core.api.pagination import MAX_PAGES
from cftui.core.api.paging import list_pages, list_pages_sync
from cftui.core.credentials.kinds import ApiToken
from cftui.core.errors import (
    ApiError,
    MalformedResponseError,
    NetworkError,
    ServerError,
    UsageError,
)
from cftui.core.models.account import Account
from cftui.core.models.membership import Membership
from cftui.core.models.token import TokenStatus

TOKEN = ApiToken("cfut_TESTsecret0123456789abcdefghijklmnopqrstuvw")
BASE = "https://api.cloudflare.com/client/v4"


def envelope(result: Any, **extra: Any) -> dict[str, Any]:
    return {"success": True, "errors": [], "messages": [], "result": result, **extra}


class Recorded:
    """A handler for both clients' MockTransport that records the requests it answered."""

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests.append(request)
        return self.answer(request)


def clients(handler: Recorded, slept: list[float]) -> tuple[CloudflareClient, SyncCloudflareClient]:
    async def sleep(delay: float) -> None:
        slept.append(delay)

    return (
        CloudflareClient(TOKEN, transport=httpx.MockTransport(handler), sleep=sleep),
        SyncCloudflareClient(TOKEN, transport=httpx.MockTransport(handler), sleep=slept.append),
    )


@pytest.mark.parametrize("mode", ["async", "sync"])
async def test_each_endpoint_sends_its_method_path_and_query(mode: str) -> None:
    handler = Recorded(
        lambda r: httpx.Response(200, json=envelope({"id": "x", "status": "active"}))
    )
    lists = Recorded(lambda r: httpx.Response(200, json=envelope([{"id": "a"}])))
    aclient, sclient = clients(handler, [])
    alist, slist = clients(lists, [])
    if mode == "async":
        async with aclient, alist:
            token = await aclient.verify_token()
            await aclient.verify_account_token("acc/../1")
            await aclient.get_membership("m1")
            await aclient.update_membership("m1", "accepted")
            accounts = await alist.list_accounts(page=2, per_page=20)
            await alist.list_memberships()
    else:
        with sclient, slist:
            token = sclient.verify_token()
            sclient.verify_account_token("acc/../1")
            sclient.get_membership("m1")
            sclient.update_membership("m1", "accepted")
            accounts = slist.list_accounts(page=2, per_page=20)
            slist.list_memberships()
    assert isinstance(token, Response)
    assert token.result == TokenStatus(id="x", status="active")
    assert accounts.result == (Account(id="a"),)
    sent = [(r.method, r.url.raw_path.decode()) for r in handler.requests + lists.requests]
    assert sent == [
        ("GET", "/client/v4/user/tokens/verify"),
        ("GET", "/client/v4/accounts/acc%2F..%2F1/tokens/verify"),
        ("GET", "/client/v4/memberships/m1"),
        ("PUT", "/client/v4/memberships/m1"),
        ("GET", "/client/v4/accounts?page=2&per_page=20"),
        ("GET", "/client/v4/memberships?page=1&per_page=50"),
    ]
    put = handler.requests[3]
    assert json.loads(put.content) == {"status": "accepted"}
    assert put.headers["content-type"] == "application/json"
    assert put.headers["authorization"] == f"Bearer {TOKEN.token}"


async def test_an_id_that_is_not_one_is_refused_before_sending() -> None:
    handler = Recorded(lambda r: httpx.Response(200, json=envelope({})))
    aclient, sclient = clients(handler, [])
    with sclient, pytest.raises(UsageError):
        sclient.get_membership("..")
    await aclient.aclose()
    assert handler.requests == []


def _failing(failure: Callable[[], httpx.Response | Exception]) -> Recorded:
    failed: list[bool] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if failed:
            return httpx.Response(200, json=envelope({"id": "m1"}))
        failed.append(True)
        item = failure()
        if isinstance(item, Exception):
            raise item
        return item

    return Recorded(answer)


@pytest.mark.parametrize("mode", ["async", "sync"])
@pytest.mark.parametrize(
    ("failure", "resent"),
    [
        (lambda: httpx.ConnectError("refused"), True),  # nothing reached the server
        (lambda: httpx.ConnectTimeout("timed out"), True),
        (lambda: httpx.ReadError("reset"), False),  # the server may have acted on it
        (lambda: httpx.RemoteProtocolError("disconnected"), False),
        (lambda: httpx.Response(503, json={"success": False, "errors": [{"code": 1}]}), False),
        (lambda: httpx.Response(429, headers={"Retry-After": "1"}, json={"success": False}), False),
    ],
)
async def test_a_put_is_sent_again_only_when_nothing_was_sent(
    mode: str, failure: Callable[[], httpx.Response | Exception], resent: bool
) -> None:
    handler = _failing(failure)
    slept: list[float] = []
    aclient, sclient = clients(handler, slept)
    result: Response[Any] | Exception
    try:
        if mode == "async":
            async with aclient:
                result = await aclient.update_membership("m1", "rejected")
        else:
            with sclient:
                result = sclient.update_membership("m1", "rejected")
    except (NetworkError, ApiError) as exc:
        result = exc
    finally:
        await aclient.aclose()
        sclient.close()
    assert len(handler.requests) == (2 if resent else 1)
    assert isinstance(result, Response) is resent
    if not resent:
        assert isinstance(result, NetworkError | ApiError)
        assert "gave up" not in str(result.detail)


@pytest.mark.parametrize("mode", ["async", "sync"])
async def test_a_get_is_asked_again_after_a_broken_connection(mode: str) -> None:
    handler = _failing(lambda: httpx.ReadError("reset"))
    aclient, sclient = clients(handler, [])
    async with aclient:
        with sclient:
            if mode == "async":
                await aclient.get_membership("m1")
            else:
                sclient.get_membership("m1")
    assert len(handler.requests) == 2


async def test_status_errors_carry_status_codes_and_the_request_id() -> None:
    body = {"success": False, "errors": [{"code": 10013, "message": "boom"}]}
    handler = Recorded(lambda r: httpx.Response(502, json=body, headers={"cf-ray": "8f1e-LHR"}))
    aclient, sclient = clients(handler, [])
    await aclient.aclose()
    with sclient, pytest.raises(ServerError) as caught:
        sclient.verify_token()
    assert (caught.value.status, caught.value.codes) == (502, (10013,))
    assert caught.value.request_id == "8f1e-LHR"


def _pages(last: int, per_page: int = 5, **info: Any) -> Callable[[httpx.Request], httpx.Response]:
    """Pages 1 to ``last - 1`` full, page ``last`` short, empty after; ``info`` the totals."""

    def answer(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        count = per_page if page < last else 1 if page == last else 0
        items = [{"id": f"p{page}-{i}", "account": {"id": f"a{page}-{i}"}} for i in range(count)]
        meta = {"page": page, "per_page": per_page, **info}
        return httpx.Response(200, json=envelope(items, result_info=meta))

    return answer


def _list(page: int) -> Any:
    from cftui.core.api import endpoints

    return endpoints.list_memberships(page, 5)


def _pager() -> Pager[Membership]:
    return Pager(5, key=lambda m: m.account_id)


async def test_pages_come_page_one_first_then_the_rest_at_most_four_at_a_time() -> None:
    in_flight = 0
    most = 0
    gate = asyncio.Event()
    order: list[int] = []

    async def answer(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        page = int(request.url.params["page"])
        order.append(page)
        in_flight += 1
        most = max(most, in_flight)
        if page > 1:
            if in_flight >= IN_FLIGHT:
                gate.set()
            await gate.wait()
        in_flight -= 1
        return _pages(9, total_pages=9)(request)

    async with (
        asyncio.timeout(30),  # fewer than four at a time would never open the gate
        CloudflareClient(TOKEN, transport=httpx.MockTransport(answer)) as client,
    ):
        listing = await list_pages(client.request, _list, _pager())
    assert order[0] == 1
    assert sorted(order) == list(range(1, 10))
    assert most == IN_FLIGHT
    assert listing.complete and len(listing.items) == 8 * 5 + 1


def test_blocking_pages_use_threads_and_get_every_page() -> None:
    handler = Recorded(_pages(6, total_count=26))
    with SyncCloudflareClient(TOKEN, transport=httpx.MockTransport(handler)) as client:
        listing = list_pages_sync(client.request, _list, _pager())
    asked = [int(r.url.params["page"]) for r in handler.requests]
    assert asked[0] == 1 and sorted(asked) == list(range(1, 7))
    assert listing.complete and len(listing.items) == 26


@pytest.mark.parametrize(
    ("last", "info", "requests"),
    [
        (10**9, {"total_pages": 10**9}, MAX_PAGES),  # a hostile count is capped
        (3, {"total_count": 11}, 3),  # pages worked out from the count
        (1, {}, 1),  # nothing says there is more, and page 1 is short
        (4, {}, 4),  # no totals: full pages say there is more
    ],
)
def test_how_many_pages_are_asked_for(last: int, info: dict[str, Any], requests: int) -> None:
    handler = Recorded(_pages(last, **info))
    with SyncCloudflareClient(TOKEN, transport=httpx.MockTransport(handler)) as client:
        listing = list_pages_sync(client.request, _list, _pager())
    assert len(handler.requests) == listing.pages_read == requests


async def test_a_failing_page_is_said_and_a_429_holds_back_the_others() -> None:
    slept: list[float] = []
    limited = {"done": False}

    def answer(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        if page == 2 and not limited["done"]:
            limited["done"] = True
            return httpx.Response(429, headers={"Retry-After": "7"}, json={"success": False})
        if page == 3:
            return httpx.Response(
                403, json={"success": False, "errors": [{"code": 9109, "message": "no"}]}
            )
        return _pages(4, total_pages=4)(request)

    async def sleep(delay: float) -> None:
        slept.append(delay)

    async with CloudflareClient(
        TOKEN, transport=httpx.MockTransport(answer), sleep=sleep
    ) as client:
        seen: list[int] = []
        listing = await list_pages(client.request, _list, _pager(), lambda s: seen.append(s.page))
        error = listing.failed[3]
        assert isinstance(error, ApiError) and error.codes == (9109,)
        assert seen[0] == 1 and not listing.complete
        assert 7.0 in slept
        # Another request made now first waits for the rest of the pause.
        slept.clear()
        await client.list_memberships()
        assert len(slept) == 1
        assert 6.0 < slept[0] <= 7.0


def test_a_null_page_is_an_empty_list_but_a_null_object_is_malformed() -> None:
    handler = Recorded(lambda r: httpx.Response(200, json=envelope(None)))
    with SyncCloudflareClient(TOKEN, transport=httpx.MockTransport(handler)) as client:
        assert client.list_memberships().result == ()
        with pytest.raises(MalformedResponseError) as caught:
            client.get_membership("m1")
    assert "sent no membership (result is null)" in caught.value.message


@pytest.mark.parametrize(
    "spelled",
    [
        TOKEN.token,
        "\\u0063fut" + TOKEN.token[4:],  # a letter as an escape
        TOKEN.token[:6] + "\\u200b" + TOKEN.token[6:],  # an escaped zero-width space
        TOKEN.token[:6] + "\\u2062" + TOKEN.token[6:],  # an invisible times
        TOKEN.token[:6] + "\u00ad" + TOKEN.token[6:],  # a raw soft hyphen
        TOKEN.token[:6] + "\x7f" + TOKEN.token[6:],  # DEL, which JSON allows raw
    ],
)
def test_an_echoed_secret_is_masked_however_the_body_spells_it(spelled: str) -> None:
    text = '{"success": true, "result": {"id": "u", "first_name": "' + spelled + '"}}'
    handler = Recorded(lambda r: httpx.Response(200, content=text.encode()))
    with SyncCloudflareClient(TOKEN, transport=httpx.MockTransport(handler)) as client:
        response = client.get_user()
    assert response.user.first_name == f"{TOKEN.token[:4]}…{TOKEN.token[-4:]}"
    assert TOKEN.token[5:25] not in json.dumps(response.raw)
