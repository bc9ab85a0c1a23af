"""The token endpoints through the one request path (``httpx.MockTransport``): every page of
the list whatever ``result_info`` claims, the roll's new secret kept out of every repr and
never sent twice, permission groups, and refusals said with the permission they lack."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest

from cftui.core.api.client import CloudflareClient, SyncCloudflareClient
from cftui.core.credentials.kinds import ApiToken
from cftui.core.errors import (
    ApiError,
    CftuiError,
    MalformedResponseError,
    RateLimitedError,
    ServerError,
)
from cftui.core.models.token_value import NewSecret
from cftui.core.tokens.inventory import list_all_tokens, list_all_tokens_sync
from cftui.core.tokens.roll import roll_sync
from cftui.core.tokens.words import listing_words
from tests.support.fake.token_bodies import policy, token
from tests.support.fixed_clock import FIXED_NOW

TOKEN = ApiToken("cfut_TokenClientTEST0123456789abcdefghijklmn")
NEW = "cfut_BrandNewSecretTEST0123456789abcdefghijk"
TOKENS = [
    token(n, f"t{n:03d}", FIXED_NOW, policies=[policy(n, ["Zone Read"], {})]) for n in range(120)
]


def envelope(result: Any, **extra: Any) -> dict[str, Any]:
    return {"success": True, "errors": [], "messages": [], "result": result, **extra}


def lying_pages(request: httpx.Request) -> httpx.Response:
    """120 tokens, every page claiming one page of 50 in all (and a float page number)."""
    page, per_page = int(request.url.params["page"]), int(request.url.params["per_page"])
    items = TOKENS[(page - 1) * per_page : page * per_page]
    info = {"page": float(page), "per_page": per_page, "total_count": 50, "total_pages": 1}
    return httpx.Response(200, json=envelope(items, result_info=info))


def test_every_page_is_read_although_result_info_says_one() -> None:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.params["page"])
        return lying_pages(request)

    with SyncCloudflareClient(TOKEN, transport=httpx.MockTransport(handler)) as client:
        listing = list_all_tokens_sync(client)
    assert [t.name for t in listing.items] == [t["name"] for t in TOKENS]
    assert listing.complete
    assert sorted(asked) == ["1", "2", "3"]  # page 3 came short: the list ended there
    assert asked[0] == "1"  # page 1 alone first


async def test_the_async_listing_reads_the_same_pages() -> None:
    async with CloudflareClient(TOKEN, transport=httpx.MockTransport(lying_pages)) as client:
        listing = await list_all_tokens(client)
    assert len(listing.items) == 120 and listing.complete


def test_a_full_last_page_asks_once_more_and_an_empty_one_ends_it() -> None:
    fifty = TOKENS[:50]

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        return httpx.Response(200, json=envelope(fifty if page == 1 else []))

    with SyncCloudflareClient(TOKEN, transport=httpx.MockTransport(handler)) as client:
        listing = list_all_tokens_sync(client)
    assert len(listing.items) == 50 and listing.complete and listing.pages_read == 2


def roll_client(status: int, body: Any, seen: list[httpx.Request]) -> SyncCloudflareClient:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, json=body)

    return SyncCloudflareClient(TOKEN, transport=httpx.MockTransport(handler), sleep=lambda s: None)


def test_a_roll_puts_an_empty_object_and_the_secret_shows_only_masked(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[httpx.Request] = []
    caplog.set_level(logging.DEBUG, logger="cftui")
    with roll_client(200, envelope(NEW), seen) as client:
        secret = client.roll_token("06000000000000000000000000000001")
    (request,) = seen
    assert request.method == "PUT" and json.loads(request.content) == {}
    assert request.url.path == "/client/v4/user/tokens/06000000000000000000000000000001/value"
    assert isinstance(secret, NewSecret) and secret.reveal() == NEW
    shown = [repr(secret), str(secret), f"{secret}", f"{secret!r}", repr([secret]), caplog.text]
    assert all(NEW not in s and NEW[5:20] not in s for s in shown)
    assert secret.masked in repr(secret)


def test_a_roll_is_never_sent_twice() -> None:
    seen: list[httpx.Request] = []
    error = {"success": False, "errors": [{"code": 10013, "message": "x"}], "result": None}
    with roll_client(503, error, seen) as client, pytest.raises(ServerError) as caught:
        roll_sync(client, "abc", "token abc")
    assert len(seen) == 1
    assert "may or may not have been rolled" in caught.value.message


@pytest.mark.parametrize(
    "result", [None, 42, {"value": NEW}, "", "two words", "x" * 5000, "caf\u00e9"]
)
def test_a_result_that_is_no_secret_is_malformed_and_not_quoted(result: Any) -> None:
    with roll_client(200, envelope(result), []) as client, pytest.raises(CftuiError) as caught:
        roll_sync(client, "abc", "token abc")
    assert isinstance(caught.value, MalformedResponseError)
    assert NEW not in str(caught.value) and "two words" not in str(caught.value)
    assert "may have been rolled" in caught.value.message  # answered: it may well have been


@pytest.mark.parametrize(
    ("status", "code", "kind", "says"),
    [
        (403, 9109, ApiError, "lacks API Tokens Write"),
        (404, 7003, ApiError, "has no user API token with the id abc"),
        (429, 971, RateLimitedError, "rate limiting requests: rolling token abc was not done"),
    ],
)
def test_roll_refusals_say_why_and_that_nothing_was_rolled(
    status: int, code: int, kind: type[ApiError], says: str
) -> None:
    body = {"success": False, "errors": [{"code": code, "message": "no"}], "result": None}
    with roll_client(status, body, []) as client, pytest.raises(kind) as caught:
        roll_sync(client, "abc", "token abc")
    words = f"{caught.value.message} {caught.value.hint}"
    assert says in words and ("Nothing was" in words or "nothing was" in words)


def test_a_list_refused_names_api_tokens_read_and_what_it_would_show() -> None:
    error = ApiError("Cloudflare said: no.", status=403, codes=(9109,))
    worded = listing_words(error)
    assert "lacks API Tokens Read" in worded.message
    assert worded.hint is not None and "expiry, last use" in worded.hint
    assert worded.exit_code == error.exit_code and error.message == "Cloudflare said: no."


def test_permission_groups_are_read_with_their_scopes() -> None:
    groups = [{"id": "g1", "name": "DNS Write", "scopes": ["com.cloudflare.api.account.zone"]}]
    with roll_client(200, envelope(groups), []) as client:
        response = client.list_permission_groups()
    (group,) = response.result
    assert (group.name, group.scopes) == ("DNS Write", ("com.cloudflare.api.account.zone",))
