"""``whoami_accounts``: what the text summary says about the accounts after the quick check
(page 1 and the pending count) and after reading every page."""

from __future__ import annotations

from dataclasses import replace

from cftui.commands.accounts_output import account_rows, summary
from cftui.commands.whoami_accounts import listed_accounts
from cftui.core.credentials.kinds import make_token
from cftui.core.errors import ApiError
from cftui.core.overview.check import Overview, fetch_overview
from cftui.core.overview.quick import QuickCheck, fetch_quick
from cftui.core.overview.steps import Outcome
from tests.support.fake.transport import WorldApi

TOKEN = make_token("cfut_WhoamiAccountsTEST0123456789abcdefghijk")
INVITES = "cftui invites"


async def quick(scenario: str) -> QuickCheck:
    async with WorldApi(scenario=scenario).factory()(TOKEN) as api:
        return await fetch_quick(api)


async def every_page(scenario: str) -> Overview:
    async with WorldApi(scenario=scenario).factory()(TOKEN) as api:
        return await fetch_overview(api)


async def test_page_one_only_counts_from_the_totals_and_lists_page_one() -> None:
    check = await quick("members_3_pages")
    listed = listed_accounts(check.overview, INVITES, check)
    assert listed.line == "120 · 3 invitations waiting (cftui invites)"
    assert (listed.total, listed.at_least, len(listed.rows)) == (120, False, 50)
    # /user's organizations that page 1 does not list may be on a later page: left out
    assert all(row.membership is not None for row in listed.rows)


async def test_every_page_read_is_the_whole_merged_list_as_before() -> None:
    overview = await every_page("members_3_pages")
    listed = listed_accounts(overview, INVITES)
    rows = account_rows(overview)
    assert listed.rows == rows and listed.total == len(rows) == 123
    assert listed.line == summary(overview, rows, INVITES)
    assert listed.line.startswith("123: 119 member, 4 invited · 3 invitations waiting")


async def test_a_listing_complete_on_page_one_reads_as_the_full_one() -> None:
    check = await quick("invites")  # six memberships: page 1 is all of them
    listed = listed_accounts(check.overview, INVITES, check)
    assert listed.rows == account_rows(check.overview)
    assert listed.line == summary(check.overview, listed.rows, INVITES)


async def test_without_a_plausible_total_page_one_is_a_lower_bound() -> None:
    check = await quick("members_no_totals")
    listed = listed_accounts(check.overview, INVITES, check)
    assert listed.line == "50+ · 3 invitations waiting (cftui invites)"
    assert (listed.total, listed.at_least) == (50, True)


async def test_when_the_pending_count_fails_page_one_s_invitations_are_a_lower_bound() -> None:
    check = await quick("members_3_pages")
    failed = replace(check, pending=Outcome(error=ApiError("refused", status=500)))
    listed = listed_accounts(check.overview, INVITES, failed)
    assert listed.line == "120 · 2+ invitations waiting (cftui invites)"  # page 1 has two


async def test_page_one_refused_is_the_organizations_of_user_alone() -> None:
    check = await quick("members_no_permission")
    listed = listed_accounts(check.overview, INVITES, check)
    assert listed.line == "3: 2 member, 1 invited (from /user only)"
    assert [row.sources for row in listed.rows] == [("/user organizations",)] * 3
