"""The memberships section through both clients (MockTransport): page 1 with ``/user``, the
rest together, lying totals, failing pages, no permission, and ``--policies``."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest

from cftui.core.api.client import CloudflareClient, SyncCloudflareClient
from cftui.core.api.pager import IN_FLIGHT, MAX_ITEMS
from cftui.core.credentials.kinds import ApiToken
from cftui.core.overview.accounts_step import MAX_POLICY_REQUESTS
from cftui.core.overview.check import Overview, fetch_overview, fetch_overview_sync
from tests.support.fake.accounts import refused, token_verify, user_answer
from tests.support.fake.canned import Canned
from tests.support.fake.worlds import WORLDS, World, answer
from tests.support.fixed_clock import FIXED_NOW

TOKEN = ApiToken("cfut_SectionTEST0123456789abcdefghijklmnopqr")
MODES = pytest.mark.parametrize("mode", ["sync", "async"])


class Api:
    """Answers ``/user``, the verify and every ``/memberships`` route from a world; logs each
    request; ``together`` makes pages 2.. wait until that many of them are in flight."""

    def __init__(self, world: World, together: int = 0) -> None:
        self.world = world
        self.log: list[tuple[str, str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.barrier = threading.Barrier(together, timeout=30) if together else None
        self.verify = token_verify(FIXED_NOW)

    def _canned(self, request: httpx.Request) -> Canned:
        route = request.url.path.removeprefix("/client/v4/")
        query = dict(request.url.params)
        with self.lock:
            self.log.append((request.method, route, query))
        if route == "user":
            return user_answer().canned()
        if route == "user/tokens/verify":
            return self.verify.canned()
        if self.barrier is not None and route == "memberships" and query.get("page") != "1":
            self.barrier.wait()
        return answer(self.world, request.method, route, query, request.content)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        canned = self._canned(request)
        headers = {"Content-Type": canned.content_type, **canned.headers}
        return httpx.Response(canned.status, headers=headers, content=canned.body)

    def pages(self) -> list[int]:
        return [int(q["page"]) for m, r, q in self.log if r == "memberships"]


async def fetch(api: Api, mode: str, **kw: Any) -> Overview:
    if mode == "sync":
        with SyncCloudflareClient(
            TOKEN, transport=httpx.MockTransport(api), sleep=lambda s: None
        ) as client:
            return fetch_overview_sync(client, **kw)

    async def no_sleep(seconds: float) -> None:
        return None

    async def handler(request: httpx.Request) -> httpx.Response:
        return await asyncio.to_thread(api, request)  # a thread each: requests overlap

    async with CloudflareClient(
        TOKEN, transport=httpx.MockTransport(handler), sleep=no_sleep
    ) as client:
        return await fetch_overview(client, **kw)


def world(name: str) -> World:
    return WORLDS[name]()


@MODES
async def test_three_pages_page_one_first_then_the_other_two_together(mode: str) -> None:
    api = Api(world("members_3_pages"), together=2)  # pages 2 and 3 wait for each other
    overview = await fetch(api, mode)
    result = overview.memberships
    assert api.pages()[0] == 1 and sorted(api.pages()) == [1, 2, 3]
    assert all(q["per_page"] == "50" for _, r, q in api.log if r == "memberships")
    assert len(result.memberships) == 120 and result.complete and result.expected == 120
    assert result.problem is None
    assert overview.response().user.display_name  # /user came alongside


async def test_on_page_sees_each_page_as_it_is_answered() -> None:
    seen: list[tuple[int, int]] = []

    def on_page(page: Any) -> None:
        seen.append((page.page, len(page.result) if page.error is None else -1))

    await fetch(Api(world("members_1000")), "async", on_page=on_page)
    assert seen[0] == (1, 50)
    assert sorted(p for p, _ in seen) == list(range(1, 22))  # page 21, empty, ends the list
    assert sum(n for _, n in seen) == 1000


@MODES
@pytest.mark.parametrize(
    ("name", "pages", "count", "expected"),
    [
        ("members_total_disagrees", [1, 2, 3], 120, 135),  # the total overcounts: 3 pages
        ("members_empty_page", [1, 2, 3, 4], 100, 160),  # pages 3 and 4 come back empty
        ("members_duplicates", [1, 2, 3], 95, 100),  # 5 accounts twice; page 2 was full
    ],
)
async def test_totals_that_lie(
    mode: str, name: str, pages: list[int], count: int, expected: int
) -> None:
    api = Api(world(name))
    result = (await fetch(api, mode)).memberships
    assert sorted(api.pages()) == pages
    assert len(result.memberships) == count and result.expected == expected
    assert result.complete


@MODES
async def test_an_undercounting_total_is_followed_while_pages_come_back_full(mode: str) -> None:
    items = world("members_3_pages").items
    api = Api(World(items, total_count=60))  # says 2 pages; there are 3
    result = (await fetch(api, mode)).memberships
    assert sorted(api.pages()) == [1, 2, 3]
    assert len(result.memberships) == 120 and result.complete


@MODES
async def test_a_failing_page_keeps_the_others_and_says_which(mode: str) -> None:
    api = Api(world("members_failing_page"))
    overview = await fetch(api, mode)
    result = overview.memberships
    asked = sorted(api.pages())  # a 500 is asked again twice; page 3, full, may ask page 4
    assert asked in ([1, 2, 2, 2, 3], [1, 2, 2, 2, 3, 4])
    assert len(result.memberships) == 100 and not result.complete
    assert list(result.failed) == [2]
    problem = result.problem
    assert problem is not None and problem.title == "1 page of accounts failed"
    assert "(page 2) did not arrive" in problem.message
    assert overview.user.ok  # /user is not affected


@MODES
@pytest.mark.parametrize(
    ("name", "title", "words"),
    [
        ("members_no_permission", "No permission: Memberships Read", "(code 9109)"),
        ("members_auth_10000", "No permission: Memberships Read", "(code 10000)"),
        ("members_rate_limited", "Rate limited", "Wait 7 s, then try again."),
        ("members_500", "Cloudflare error", "Run the command again to retry."),
        ("members_malformed", "Malformed answer", "result[0].roles"),
    ],
)
async def test_a_refused_listing_is_the_sections_failure_only(
    mode: str, name: str, title: str, words: str
) -> None:
    overview = await fetch(Api(world(name)), mode)
    result = overview.memberships
    assert result.memberships == () and not result.listed
    problem = result.problem
    assert problem is not None and problem.title == title
    assert words in problem.line()
    assert overview.user.ok and overview.token.status is not None


@MODES
async def test_an_account_token_is_told_memberships_need_a_user_token(mode: str) -> None:
    api = Api(World([], listing=refused(9106).canned()))
    problem = (await fetch(api, mode)).memberships.problem
    assert problem is not None and problem.title == "Accounts need a user token"
    assert "(code 9106)" in problem.message


@MODES
async def test_policies_only_when_asked_one_request_per_membership(mode: str) -> None:
    api = Api(world("invites"))
    plain = (await fetch(api, mode)).memberships
    assert plain.details is None
    assert not [r for _, r, _ in api.log if r.startswith("memberships/")]
    api = Api(world("invites"))
    result = (await fetch(api, mode, policies=True)).memberships
    asked = sorted(r for _, r, _ in api.log if r.startswith("memberships/"))
    assert asked == sorted(f"memberships/{m.id}" for m in result.memberships)
    assert result.details is not None and len(result.details) == 6
    assert all(d.policies for d in result.details) and result.skipped_details == 0


@MODES
async def test_policies_are_asked_for_at_most_a_hundred_accounts(mode: str) -> None:
    api = Api(world("members_3_pages"))
    result = (await fetch(api, mode, policies=True)).memberships
    assert len([r for _, r, _ in api.log if r.startswith("memberships/")]) == MAX_POLICY_REQUESTS
    assert result.details is not None and len(result.details) == MAX_POLICY_REQUESTS == 100
    assert result.skipped_details == 20


@MODES
async def test_a_timeout_on_the_memberships_is_the_sections_failure_only(mode: str) -> None:
    class TimingOut(Api):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith("/memberships"):
                raise httpx.ReadTimeout("timed out", request=request)
            return super().__call__(request)

    overview = await fetch(TimingOut(world("invites")), mode)
    problem = overview.memberships.problem
    assert problem is not None and problem.title == "Network error"
    assert "Run the command again to retry." in problem.line()
    assert overview.user.ok and overview.memberships.memberships == ()


@MODES
@pytest.mark.parametrize("name", ["members_no_totals", "members_float_pages"])
async def test_pages_without_totals_or_with_float_numbers_are_all_read(
    mode: str, name: str
) -> None:
    api = Api(world(name))
    result = (await fetch(api, mode)).memberships
    assert sorted(api.pages()) == [1, 2, 3]  # page 3 came back short: the list ends there
    assert len(result.memberships) == 120 and result.complete and result.problem is None


@MODES
async def test_without_totals_a_failing_page_is_the_last_asked_and_said(mode: str) -> None:
    items = world("members_no_totals").items
    failure = world("members_failing_page").page_failure
    api = Api(World(items, page_failure=failure, result_info="no totals"))
    result = (await fetch(api, mode)).memberships
    assert sorted(api.pages()) == [1, 2, 2, 2]  # asked again twice (a 500), then no page 3
    assert len(result.memberships) == 50 and not result.complete
    assert result.listing.why_not == "failed" and result.listing.pages_read == 1
    assert result.problem is not None and "(page 2) did not arrive" in result.problem.message


@MODES
async def test_a_terse_detail_keeps_what_the_listing_said(mode: str) -> None:
    terse = Canned(200, b'{"success": true, "result": {"status": null, "policies": []}}')
    api = Api(World(world("invites").items, detail=terse))
    result = (await fetch(api, mode, policies=True)).memberships
    assert result.details is not None and len(result.details) == 6
    by_id = {m.id: m for m in result.memberships}
    for detail in result.details:
        listed = by_id[detail.id]
        assert detail.account == listed.account and detail.roles == listed.roles
        assert detail.status == listed.status is not None
        assert detail.permissions == listed.permissions and detail.policies == ()


async def test_pages_that_ignore_per_page_keep_at_most_the_cap_and_say_so() -> None:
    api = Api(world("members_ignore_per_page"))  # 5,000 a page whatever was asked
    result = (await fetch(api, "sync")).memberships
    assert len(result.memberships) == MAX_ITEMS == 10_000
    assert len(api.pages()) <= 1 + IN_FLIGHT  # not the 300 pages 15,000 would be at 50
    assert not result.complete and result.capped and result.not_read == 5_000
    problem = result.problem
    assert problem is not None and problem.title == "Not every account was read"
    assert "The first 10,000 accounts are listed, and 5,000 more not read." in problem.message


@MODES
@pytest.mark.parametrize("bad_id", [".", ".."])
async def test_a_membership_id_that_is_no_path_segment_fails_only_its_own_policies(
    mode: str, bad_id: str
) -> None:
    """An id of ``.`` or ``..`` would walk the request path; it used to end the whole
    ``whoami --policies`` with a usage error."""
    items = list(world("invites").items)
    items[0] = items[0] | {"id": bad_id}
    api = Api(World(items))
    result = (await fetch(api, mode, policies=True)).memberships
    asked = [r for _, r, _ in api.log if r.startswith("memberships/")]
    assert len(asked) == len(items) - 1 and f"memberships/{bad_id}" not in asked
    assert result.details is not None and len(result.details) == len(items) - 1
    error = result.detail_errors[bad_id]
    assert error.exit_code == 6 and "is not an id" in error.message
