"""The user's token list as a screen needs it: the rows, or what went wrong in the user's words.

The listing goes through the one pager (``inventory.token_pager``) on whatever answers the
calls (``Requester``: the client, the demo, a test's fake). A refused listing keeps what the
refusal means: *API Tokens Read* missing (and what it would show), or an account-owned token
in use, whose tokens live under its account; a page after the first that failed leaves the
list shown, marked incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from cftui.core.api.endpoints import ApiCall, list_tokens
from cftui.core.api.envelope import Response
from cftui.core.api.paging import list_pages
from cftui.core.errors import ApiError, CftuiError
from cftui.core.models.user_token import TokenDetails
from cftui.core.tokens.inventory import TokenRow, rows, token_pager
from cftui.core.tokens.words import PERMISSION_CODES, READ_PERMISSION, listing_words

if TYPE_CHECKING:
    from cftui.core.api.requester import Requester


@dataclass(frozen=True, slots=True)
class TokensView:
    """What the Tokens screen shows. ``error`` (worded) means nothing was listed."""

    rows: tuple[TokenRow, ...] = ()
    loading: bool = False
    error: CftuiError | None = None
    missing: str | None = None  # the permission the listing lacked
    account_token: bool = False  # the credential in use is an account-owned token
    incomplete: bool = False  # a later page failed or the list was cut short
    raw: tuple[str, Response[tuple[TokenDetails, ...]]] | None = None
    """The last page as it came (its request in words), for the raw JSON view (``v``)."""

    @property
    def current(self) -> TokenRow | None:
        return next((r for r in self.rows if r.current), None)


def _lacks_read(error: CftuiError) -> bool:
    """Refused for want of *API Tokens Read* (as ``words.listing_words`` reads it)."""
    if not isinstance(error, ApiError):
        return False
    return bool(PERMISSION_CODES.intersection(error.codes)) or error.status in (401, 403)


async def load_tokens(
    source: Requester, now: datetime, current_id: str | None, *, account_token: bool = False
) -> TokensView:
    """Every page of ``GET /user/tokens`` as rows, most urgent first; never raises a
    ``CftuiError``: a refusal is the view's ``error``."""
    pager = token_pager()

    def page(number: int) -> ApiCall[Response[tuple[TokenDetails, ...]]]:
        return list_tokens(number, pager.per_page)

    answered: list[tuple[str, Response[tuple[TokenDetails, ...]]]] = []

    async def request(
        call: ApiCall[Response[tuple[TokenDetails, ...]]],
    ) -> Response[tuple[TokenDetails, ...]]:
        response = await source.request(call)
        query = "&".join(f"{k}={v}" for k, v in (call.params or {}).items())
        answered.append((f"{call.method} {call.path}" + (f"?{query}" if query else ""), response))
        return response

    listing = await list_pages(request, page, pager)
    if listing.error is not None:
        worded = listing_words(listing.error, account_token=account_token)
        lacks = _lacks_read(listing.error) and not account_token
        missing = READ_PERMISSION if lacks else None
        return TokensView(error=worded, missing=missing, account_token=account_token)
    return TokensView(
        rows=tuple(rows(listing.items, now, current_id)),
        incomplete=not listing.complete,
        raw=answered[-1] if answered else None,
    )
