"""``result_info``: parsed, and turned into which pages to ask for and what the count says."""

from __future__ import annotations

from typing import Any

import pytest

from cftui.core.api.pagination import (
    MAX_PAGES,
    ResultInfo,
    expected_total,
    is_capped,
    last_page,
    parse_result_info,
    progress_text,
)
from cftui.core.errors import MalformedResponseError
from tests.support.fake.memberships import empty_page, memberships_pages, pages_with_duplicates


def info_of(doc: dict[str, Any]) -> ResultInfo | None:
    return parse_result_info(doc.get("result_info"))


def test_parses_the_schema_shape() -> None:
    assert parse_result_info(
        {"page": 1, "per_page": 20, "count": 1, "total_count": 2000, "total_pages": 100}
    ) == ResultInfo(1, 20, 1, 2000, 100)


def test_nonsense_numbers_never_plan_fewer_than_one_or_more_than_the_cap() -> None:
    assert last_page(ResultInfo(page=1, per_page=-50, total_count=-10, total_pages=-3)) == 1
    assert last_page(ResultInfo(per_page=-1, total_count=120)) == 3  # our page size, then
    assert last_page(ResultInfo(total_count=10**9)) == MAX_PAGES
    assert not is_capped(ResultInfo(total_count=-1, total_pages=-1))


def test_whole_numbers_may_come_as_floats() -> None:
    """JSON has only numbers, and the schema says "number": ``1.0`` is page 1."""
    info = parse_result_info(
        {"page": 1.0, "per_page": 50.0, "count": 50.0, "total_count": 120.0, "total_pages": 3.0}
    )
    assert info == ResultInfo(1, 50, 50, 120, 3)
    assert info is not None and all(type(n) is int for n in (info.page, info.total_count))


def test_missing_and_null() -> None:
    assert parse_result_info(None) is None
    assert parse_result_info({}) == ResultInfo()
    assert parse_result_info({"total_pages": None, "cursor": "abc"}) == ResultInfo()


@pytest.mark.parametrize(
    ("doc", "path"),
    [
        ([], "result_info"),
        ({"page": "1"}, "result_info.page"),
        ({"per_page": 2.5}, "result_info.per_page"),
        ({"count": True}, "result_info.count"),
        ({"total_count": "120"}, "result_info.total_count"),
        ({"total_pages": [3]}, "result_info.total_pages"),
        ({"page": 1.5}, "result_info.page"),
        ({"page": -1}, "result_info.page"),
        ({"total_count": -1.0}, "result_info.total_count"),
        ({"total_pages": False}, "result_info.total_pages"),
        ({"total_count": 1e300}, "result_info.total_count"),
        ({"total_count": 10**12}, "result_info.total_count"),
        ({"total_pages": float("inf")}, "result_info.total_pages"),
    ],
)
def test_wrong_types_name_the_path(doc: Any, path: str) -> None:
    with pytest.raises(MalformedResponseError) as info:
        parse_result_info(doc)
    assert info.value.path == path


def test_three_pages_of_fifty() -> None:
    pages = memberships_pages(120)
    first = info_of(pages[0].json())
    assert first == ResultInfo(page=1, per_page=50, count=50, total_count=120, total_pages=3)
    assert last_page(first) == 3
    assert info_of(pages[2].json()) == ResultInfo(3, 50, 20, 120, 3)
    assert expected_total(first) == 120


def test_one_page_needs_nothing_more() -> None:
    first = info_of(memberships_pages(7)[0].json())
    assert last_page(first) == 1
    assert last_page(None) == 1  # an answer without result_info: one page, unless it is full


def test_total_count_larger_than_the_pages_asks_for_the_larger() -> None:
    # 100 memberships arrive but the API counted 130: ask page 3 too (it comes back empty).
    first = info_of(memberships_pages(100, total_count=130)[0].json())
    assert first is not None and first.total_count == 130
    assert last_page(first) == 3
    assert info_of(empty_page(3, total_count=130).json()) == ResultInfo(3, 50, 0, 130, 3)


def test_total_pages_larger_than_total_count_asks_for_the_larger() -> None:
    assert last_page(ResultInfo(page=1, per_page=50, total_count=60, total_pages=4)) == 4
    assert last_page(ResultInfo(page=1, per_page=50, total_count=260, total_pages=2)) == 6


def test_total_count_alone_uses_the_page_size_the_api_used() -> None:
    assert last_page(ResultInfo(page=1, per_page=20, total_count=41)) == 3
    assert last_page(ResultInfo(total_count=101), per_page=50) == 3
    assert last_page(ResultInfo(per_page=0, total_count=101)) == 3  # 0 is nonsense: ours


def test_zero_and_empty() -> None:
    assert last_page(ResultInfo(page=1, per_page=50, count=0, total_count=0, total_pages=0)) == 1


def test_a_hostile_total_never_decides_how_many_requests_go_out() -> None:
    huge = ResultInfo(page=1, per_page=50, total_count=10**12, total_pages=10**9)
    assert last_page(huge) == MAX_PAGES
    assert is_capped(huge)
    assert not is_capped(ResultInfo(total_count=MAX_PAGES * 50))
    assert is_capped(ResultInfo(total_count=MAX_PAGES * 50 + 1))
    assert not is_capped(None)


def test_duplicate_pages_announce_two_pages() -> None:
    first, second = pages_with_duplicates()
    assert last_page(info_of(first.json())) == 2
    assert info_of(second.json()) == ResultInfo(2, 50, 50, 100, 2)


@pytest.mark.parametrize(
    ("args", "kwargs", "text"),
    [
        ((50, 120), {"done": False}, "50 of 120…"),
        ((120, 120), {"done": True}, "120 of 120"),
        ((118, 120), {"done": True}, "118 of 118"),  # every page came: what came is what exists
        ((50, None), {"done": False}, "50…"),
        ((7, None), {"done": True}, "7 of 7"),
        ((100, 150), {"done": True, "failed_pages": 1}, "100 of 150, 1 page failed"),
        ((50, 150), {"done": True, "failed_pages": 2}, "50 of 150, 2 pages failed"),
        ((50, None), {"done": True, "failed_pages": 1}, "50 of ?, 1 page failed"),
        ((20000, 1000000), {"done": True, "capped": True}, "first 20,000 of 1,000,000"),
        ((1000, 10000), {"done": False}, "1,000 of 10,000…"),
    ],
)
def test_progress_text(args: tuple[int, int | None], kwargs: dict[str, Any], text: str) -> None:
    assert progress_text(*args, **kwargs) == text
