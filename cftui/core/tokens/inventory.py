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
