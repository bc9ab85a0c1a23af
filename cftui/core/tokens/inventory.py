"""Every API token of the user, all pages, each with its flags and scope in words.

The pages go through the one pager (``core.api.pager``): page 1 alone, the rest concurrently
as its totals or a full page suggest, complete only once a short or empty page said so, never
trusting ``result_info`` on its own. ``rows`` turns what was listed into the list a user
reads, most urgent first, with the token in use marked by the id its verify answered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from cftui.core.api.endpoints import ApiCall, list_tokens
from cftui.core.api.envelope import Response
from cftui.core.api.pager import Listing, Pager
from cftui.core.api.paging import list_pages, list_pages_sync
from cftui.core.credentials.kinds import ApiToken
from cftui.core.errors import CftuiError
from cftui.core.models.user_token import TokenDetails
from cftui.core.tokens.describe import scope_summary
from cftui.core.tokens.hygiene import Hygiene, assess, urgency

if TYPE_CHECKING:
    from cftui.core.api.client import CloudflareClient, SyncCloudflareClient

MAX_TOKENS = 1000
"""Cloudflare allows 50 user tokens; a list past this is not one to keep reading."""


@dataclass(frozen=True, slots=True)
class TokenRow:
    """One token as the list shows it."""

    token: TokenDetails
    hygiene: Hygiene
    summary: str
    current: bool  # the credential in use is this token


@dataclass(frozen=True, slots=True)
class Inventory:
    """The list as far as it got, and which token is in use: ``current_id`` is what verify
    answered (``None`` for a Global API key, which is no token, or when verify failed:
    ``verify_error``)."""

    listing: Listing[TokenDetails]
    current_id: str | None
    verify_error: CftuiError | None = None

    def rows(self, now: datetime) -> list[TokenRow]:
        return rows(self.listing.items, now, self.current_id)


def _by_id(token: TokenDetails) -> str | None:
    return token.id


def token_pager() -> Pager[TokenDetails]:
    """The pager for ``GET /user/tokens``: 50 a page, each token kept once (by id)."""
    return Pager(key=_by_id, max_items=MAX_TOKENS)


def list_all_tokens_sync(client: SyncCloudflareClient) -> Listing[TokenDetails]:
    """Every page, blocking (the CLI); a failed page is in ``Listing.failed``, not raised."""
    pager = token_pager()

    def page(number: int) -> ApiCall[Response[tuple[TokenDetails, ...]]]:
        return list_tokens(number, pager.per_page)

    return list_pages_sync(client.request, page, pager)


async def list_all_tokens(client: CloudflareClient) -> Listing[TokenDetails]:
    """Every page, awaited (the TUI); cancelling the caller cancels the pages in flight."""
    pager = token_pager()

    def page(number: int) -> ApiCall[Response[tuple[TokenDetails, ...]]]:
        return list_tokens(number, pager.per_page)

    return await list_pages(client.request, page, pager)


def rows(
    tokens: Iterable[TokenDetails], now: datetime, current_id: str | None = None
) -> list[TokenRow]:
    """The tokens as the list shows them, most urgent first (``hygiene.urgency``)."""
    made = [
        TokenRow(t, assess(t, now), scope_summary(t), current_id is not None and t.id == current_id)
        for t in tokens
    ]
    return sorted(made, key=lambda r: urgency(r.hygiene, r.token))


def fetch_inventory_sync(client: SyncCloudflareClient) -> Inventory:
    """The list and, alongside page 1, the verify that tells which token is in use."""
    from cftui.core.pools import thread_pool

    if not isinstance(client.credential, ApiToken):
        return Inventory(list_all_tokens_sync(client), None)
    with thread_pool(2, "tokens") as pool:
        verify = pool.submit(client.verify_token)
        listing = list_all_tokens_sync(client)
        try:
            return Inventory(listing, verify.result().result.id)
        except CftuiError as error:
            return Inventory(listing, None, error)


async def fetch_inventory(client: CloudflareClient) -> Inventory:
    """``fetch_inventory_sync`` for the TUI's loop."""
    import asyncio

    if not isinstance(client.credential, ApiToken):
        return Inventory(await list_all_tokens(client), None)
    verify = asyncio.ensure_future(client.verify_token())
    try:
        listing = await list_all_tokens(client)
    except BaseException:
        verify.cancel()
        raise
    try:
        return Inventory(listing, (await verify).result.id)
    except CftuiError as error:
        return Inventory(listing, None, error)
