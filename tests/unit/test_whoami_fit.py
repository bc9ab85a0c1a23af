"""``whoami_fit``: how many account lines fit below the summary's head, measured in rows."""

from __future__ import annotations

from cftui.commands.whoami_fit import (
    PIPED_ACCOUNTS,
    Summary,
    cells,
    compacted,
    fitting,
    for_screen,
    rows,
)

HEAD = [f"head {n}" for n in range(10)]


def summary(
    known: int, total: int | None = None, width: int = 20, spare: tuple[int, ...] = ()
) -> Summary:
    lines = [f"    {'x' * (width - 4)}" for _ in range(known)]
    return Summary(
        head=HEAD,
        accounts=lambda shown: lines if shown is None else lines[:shown],
        known=known,
        total=known if total is None else total,
        tail=["note: one line after"],
        again="cftui whoami --all",
        spare=spare,
    )


def test_rows_count_wrapping_and_wide_characters() -> None:
    assert cells("名前") == 4 and cells("e\u0301") == 1 and cells("…✓") == 2
    assert rows("", 80) == 1 and rows("x" * 80, 80) == 1 and rows("x" * 81, 80) == 2
    assert rows("名" * 41, 80) == 2


def test_the_accounts_get_what_the_head_tail_and_prompt_leave() -> None:
    # 24 rows: 10 head, 1 tail, 1 prompt, 1 "more": 11 accounts
    assert fitting(summary(100), [], (80, 24)) == 11
    assert fitting(summary(100), ["cftui: warning: one", "cftui: two"], (80, 24)) == 9
    # lines twice the width take two rows each
    assert fitting(summary(100, width=100), [], (80, 24)) == 5


def test_when_all_fit_there_is_no_more_line_to_leave_room_for() -> None:
    assert fitting(summary(12), [], (80, 24)) == 12
    assert summary(12).lines(12)[-1] == "note: one line after"


def test_a_total_beyond_the_accounts_known_still_says_how_many_more() -> None:
    few = summary(5, total=105)
    assert fitting(few, [], (80, 24)) == 5  # every known one fits; the rest are counted
    assert few.lines(5)[-2] == "    … and 100 more (cftui whoami --all)"
    assert few.lines(None)[-2] == "    … and 100 more (cftui whoami --all)"


def test_no_room_shows_no_account_and_never_a_negative_count() -> None:
    assert fitting(summary(50), [], (80, 8)) == 0
    assert summary(50).lines(0)[len(HEAD)] == "    … and 50 more (cftui whoami --all)"


def test_piped_a_fixed_number_and_all_when_asked() -> None:
    assert for_screen(summary(100), [], terminal=False, every=False)[1] == PIPED_ACCOUNTS
    assert for_screen(summary(100), [], terminal=True, every=True)[1] is None


def test_a_head_too_tall_loses_its_spare_lines_in_their_order_and_no_more() -> None:
    tall = summary(50, spare=(9, 3, 5, 7))
    assert compacted(tall, [], (80, 24)) is tall  # it fits: nothing is left out
    # 12 rows: the prompt, the tail and the "more" line leave 9 for the head's 10
    assert compacted(tall, [], (80, 12)).head == [f"head {n}" for n in range(9)]
    short = compacted(tall, [], (80, 9))  # 6 rows: four spare lines go, and no other
    assert short.head == ["head 0", "head 1", "head 2", "head 4", "head 6", "head 8"]
    assert compacted(tall, [], (80, 4)).head == short.head  # never who you are
