"""The accounts section as pages arrive (in any order), fail, and are refreshed (the words of
each failure are ``test_problems``'s)."""

from __future__ import annotations

from cftui.core.accounts.load import AccountsLoad
from cftui.core.api.endpoints import list_memberships
from cftui.core.api.envelope import Response, parse_envelope
from cftui.core.api.pager import Listing
from cftui.core.errors import (
    AuthError,
    NetworkError,
    ServerError,
)
from cftui.core.models.membership import Membership, parse_membership, parse_memberships
from cftui.core.models.user import Organization
from cftui.core.problems import READ_PERMISSION
from tests.support.fake.accounts import Answer, hex_id
from tests.support.fake.memberships import membership, membership_detail, memberships_pages


def page(answer: Answer) -> Response[tuple[Membership, ...]]:
    """A page as the client hands it over: parsed by the endpoint's own reader."""
    envelope = parse_envelope(answer.json(), list_memberships().parse)
    assert envelope.result is not None
    return Response(envelope.result, raw={}, result_info=envelope.result_info)


def refused(code: int, status: int = 403) -> AuthError:
    return AuthError("refused", status=status, codes=(code,))


ORGS = (
    Organization(id=hex_id(1, 0), name="Account 00000 (legacy)", status="member"),
    Organization(id="f" * 32, name="Only In User", status="invited"),
)


def test_rows_appear_page_by_page_in_any_order_and_the_count_says_so() -> None:
    pages = memberships_pages(120)
    load = AccountsLoad()
    load.set_organizations(ORGS)
    generation = load.begin()
    view = load.view()
    assert view.loading and view.progress == "loading…"
    assert [r.name for r in view.rows] == ["Account 00000 (legacy)", "Only In User"]
    load.page(generation, page(pages[0]))
    view = load.view()
    assert (view.listed, view.expected, view.progress) == (50, 120, "50 of 120…")
    assert len(view.rows) == 51  # 50 memberships, one merged with /user, one /user-only row
    load.page(generation, page(pages[2]))  # page 3 before page 2
    assert load.view().progress == "70 of 120…"
    load.page(generation, page(pages[1]))
    load.end(generation)
    view = load.view()
    assert view.progress == "120 of 120" and not view.loading and view.listed_all
    assert len(view.rows) == 121
    assert view.pending == 1  # the /user invitation


def test_a_failing_later_page_keeps_the_others_and_says_how_many_failed() -> None:
    pages = memberships_pages(150)
    load = AccountsLoad(lambda: "r")
    generation = load.begin()
    load.page(generation, page(pages[0]))
    load.page_failed(generation, 2, ServerError("Cloudflare had a problem (HTTP 500).", status=500))
    load.page(generation, page(pages[2]))
    load.end(generation)
    view = load.view()
    assert view.listed == 100 and not view.listed_all
    assert view.progress == "100 of 150, 1 page failed"
    assert view.problem is not None
    assert view.problem.title == "1 page of accounts failed"
    assert "HTTP 500" in view.problem.message and view.problem.hint == "Press r to retry."


def test_the_retry_key_is_asked_when_a_failure_is_worded() -> None:
    """The TUI's key is read when a failure comes, so a remapped key is the one named."""

    def hint(load: AccountsLoad) -> str | None:
        load.page_failed(load.begin(), 1, NetworkError("Could not connect."))
        problem = load.view().problem
        return None if problem is None else problem.hint

    keys = iter(("r", "f5"))
    load = AccountsLoad(lambda: next(keys))
    assert hint(load) == "Press r to retry."
    assert hint(load) == "Press f5 to retry."
    assert hint(AccountsLoad()) == "Run the command again to retry."  # a command: no key


def test_the_pager_s_word_decides_whether_the_listing_is_whole() -> None:
    """Every page answered is not enough: a capped listing is not all of them."""
    pages = memberships_pages(120)
    load = AccountsLoad()
    generation = load.begin()
    load.page(generation, page(pages[0]))
    load.end(generation, Listing(why_not="capped", not_read=70))
    view = load.view()
    assert not view.listed_all and view.capped and view.progress == "first 50 of 120"
    generation = load.begin()
    for answer in pages:
        load.page(generation, page(answer))
    load.end(generation, Listing(complete=True))
    assert load.view().progress == "120 of 120" and not load.view().capped


def test_without_memberships_read_the_user_organizations_stay_and_the_permission_is_named() -> None:
    load = AccountsLoad()
    load.set_organizations(ORGS)
    generation = load.begin()
    load.page_failed(generation, 1, refused(9109))
    load.end(generation)
    view = load.view()
    assert [r.name for r in view.rows] == ["Account 00000 (legacy)", "Only In User"]
    assert view.problem is not None and view.problem.permission == READ_PERMISSION
    assert "(code 9109)" in view.problem.message
    assert "User → Memberships → Read" in view.problem.hint
    assert view.progress == "" and not view.memberships_known


def test_a_refresh_keeps_the_last_rows_until_its_first_page_comes() -> None:
    load = AccountsLoad()
    first = load.begin()
    load.page(first, page(memberships_pages(3)[0]))
    load.end(first)
    second = load.begin()
    assert len(load.view().rows) == 3  # still shown while the refresh runs
    load.page_failed(second, 1, NetworkError("Could not connect."))
    load.end(second)
    view = load.view()
    assert len(view.rows) == 3 and view.progress == "3 of 3"
    assert view.problem is not None and view.problem.message == "Could not connect."
    third = load.begin()
    load.page(third, page(memberships_pages(2)[0]))
    load.end(third)
    view = load.view()
    assert len(view.rows) == 2 and view.problem is None and view.progress == "2 of 2"


def test_answers_of_a_superseded_listing_are_ignored() -> None:
    load = AccountsLoad()
    old = load.begin()
    new = load.begin()
    load.page(old, page(memberships_pages(5)[0]))
    load.page_failed(old, 1, NetworkError("late"))
    load.end(old)
    assert load.view().loading and load.view().rows == () and load.view().problem is None
    load.page(new, page(memberships_pages(2)[0]))
    load.end(new)
    assert len(load.view().rows) == 2


def test_policies_load_per_account_and_fail_per_account() -> None:
    load = AccountsLoad()
    generation = load.begin()
    load.page(generation, page(memberships_pages(2)[0]))
    load.end(generation)
    one, two = (r.key for r in load.view().rows)
    load.policies_loading(one)
    load.policies_loading(two)
    assert load.view().policy_loading == {one, two}
    detail = membership_detail(0).json()["result"]
    row = load.policies(one, parse_membership(detail))
    load.policies_failed(two, refused(10000))
    view = load.view()
    assert row.policies is not None and len(row.policies) == 2
    assert view.row(one) is row and view.policy_loading == frozenset()
    assert view.policy_problems[two].permission == READ_PERMISSION
    assert one not in view.policy_problems and view.problem is None  # nothing else failed


def test_an_answered_invitation_changes_only_its_row() -> None:
    load = AccountsLoad()
    generation = load.begin()
    items = [membership(0, status="pending"), membership(1)]
    load.page(generation, page(_page_of(items)))
    load.end(generation)
    assert load.view().pending == 1
    before = {r.key: r for r in load.view().rows}
    key = hex_id(1, 0)
    load.answering(key)
    assert load.view().answering == {key}
    load.answer_failed(key, refused(9109))
    view = load.view()
    assert (
        view.answering == frozenset()
        and view.answer_problems[key].permission == "Memberships Write"
    )
    assert view.row(key) is before[key] and view.pending == 1  # a refusal changes nothing
    load.answering(key)
    row = load.answered(key, parse_membership(membership(0, status="accepted")))
    view = load.view()
    assert row.status == "member" and view.pending == 0 and key not in view.answer_problems
    assert view.row(hex_id(1, 1)) is before[hex_id(1, 1)]


def _page_of(items: list[dict[str, object]]) -> Answer:
    from tests.support.fake.memberships import memberships_page

    return memberships_page(items, 1)


def test_parsed_pages_are_memberships() -> None:
    assert parse_memberships(memberships_pages(1)[0].json()["result"])[0].status == "accepted"


def test_a_listing_carries_over_the_rows_of_organizations_alone_and_merges_the_rest() -> None:
    """A row of an organization without a membership is the same in any list: the listing
    takes the one on screen instead of building it again (10,000 take about a second)."""
    load = AccountsLoad()
    load.set_organizations(ORGS)
    generation = load.begin()
    load.set_organizations(ORGS)  # /user answers while the listing runs
    on_screen = {row.key: row for row in load.view().rows}
    load.page(generation, page(memberships_pages(1)[0]))
    load.end(generation)
    rows = {row.key: row for row in load.view().rows}
    assert rows["f" * 32] is on_screen["f" * 32]
    both = rows[hex_id(1, 0)]  # listed by /memberships too: built anew, with both sources
    assert both is not on_screen[hex_id(1, 0)]
    assert both.membership is not None and both.organization is ORGS[0]
