"""The quick check of one credential: only what a header about it needs, in one round trip.

``/user``, the token check (``check.token_section``), page 1 of ``/memberships`` and the
smallest page of the pending invitations all leave together; no page after the first is
asked. The number of accounts comes from page 1: its ``total_count`` when that is plausible
(never fewer than the page carried), else what the page carried. One more request follows
the token check (``own_token``): a user token reading itself (``GET /user/tokens/{id}``),
which says what it may do and, refused, that it lacks *API Tokens Read*.

``whoami``'s text output and ``cftui status`` both use it; ``QuickCheck.overview`` is the
same ``Overview`` the full fetch gives, with the memberships of page 1 only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cftui.core.api import endpoints
from cftui.core.api.envelope import Response
from cftui.core.models.membership import Membership
from cftui.core.overview.accounts_step import memberships_section
from cftui.core.overview.check import Overview, sections_for
from cftui.core.overview.own_token import OwnToken
from cftui.core.overview.steps import Outcome, Section, ask, run_async, run_sync

if TYPE_CHECKING:
    from cftui.core.api.client import SyncCloudflareClient
    from cftui.core.api.requester import Requester
    from cftui.core.credentials.kinds import Credential

PENDING_PAGE = 5
"""The smallest page ``/memberships`` allows: the pending invitations are only counted."""
NOT_ASKED: Outcome[Any] = Outcome()


@dataclass(frozen=True, slots=True)
class Count:
    """How many of something page 1 says there are: ``at_least`` when only a lower bound is
    known (a full page without a plausible ``total_count``); ``None`` when it failed."""

    value: int | None = None
    at_least: bool = False

    def __str__(self) -> str:
        if self.value is None:
            return "unknown"
        return f"{self.value:,}+" if self.at_least else f"{self.value:,}"


def count_from_page(items: int, total: int | None, per_page: int, *, complete: bool) -> Count:
    """Page 1's count: a short page is the whole list; a full one trusts ``total_count``
    only when it is at least what came (a smaller one is nonsense, a larger one is why
    there are more pages)."""
    if complete or items < per_page:
        return Count(items)
    if total is not None and total >= items:
        return Count(total)
    return Count(items, at_least=True)


@dataclass(frozen=True, slots=True)
class QuickCheck:
    """What the quick check came to: the ``overview`` (memberships: page 1 only; ``own``, the
    token reading itself) and the pending invitations' answer."""

    overview: Overview
    pending: Outcome[Response[tuple[Membership, ...]]] = NOT_ASKED

    @property
    def credential(self) -> Credential:
        return self.overview.credential

    @property
    def accounts(self) -> Count:
        memberships = self.overview.memberships
        if not memberships.listed:
            return Count()
        info = memberships.first
        return count_from_page(
            len(memberships.memberships),
            None if info is None else info.total_count,
            endpoints.MAX_PER_PAGE,
            complete=memberships.complete,
        )

    @property
    def invitations(self) -> Count:
        answer = self.pending.value
        if answer is None:
            return Count()
        info = answer.result_info
        total = None if info is None else info.total_count
        return count_from_page(len(answer.result), total, PENDING_PAGE, complete=False)


# -- the sections ----------------------------------------------------------------------------


def pending_section() -> Section[Outcome[Response[tuple[Membership, ...]]]]:
    outcome = yield from ask(endpoints.list_memberships(1, PENDING_PAGE, status="pending"))
    return outcome


def quick_sections(credential: Credential) -> dict[str, Section[Any]]:
    """``sections_for`` without the memberships pages (the token reading itself included:
    its refusal says it lacks API Tokens Read), plus page 1 and the pending count."""
    sections = sections_for(credential, memberships=False)
    sections["memberships"] = memberships_section(max_pages=1)
    sections["pending"] = pending_section()
    return sections


def _quick(credential: Credential, values: dict[str, Any]) -> QuickCheck:
    overview = Overview(
        credential=credential,
        user=values["user"],
        token=values["token"],
        memberships=values["memberships"],
        own=values.get("own_token") or OwnToken(),
    )
    return QuickCheck(overview, values["pending"])


# -- running it ------------------------------------------------------------------------------


async def fetch_quick(client: Requester) -> QuickCheck:
    """The quick check on the async client (the TUI)."""
    sections = quick_sections(client.credential)
    return _quick(client.credential, await run_async(client.request, sections))


def fetch_quick_sync(client: SyncCloudflareClient) -> QuickCheck:
    """The quick check on the blocking client, on threads (``status``, ``whoami``)."""
    sections = quick_sections(client.credential)
    return _quick(client.credential, run_sync(client.request, sections))
