"""Betas and other identifier lists wrap at spaces, then at their own separators."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from cftui.ui.wrapping import SeparatorWrapped, line_spans

BETAS = "zone_level_access_beta, workers_observability_beta, dns_analytics_v2"


def lines(plain: str, width: int) -> list[str]:
    return [plain[a:b] for a, b in line_spans(plain, width)]


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (80, [BETAS]),
        (34, ["zone_level_access_beta,", "workers_observability_beta,", "dns_analytics_v2"]),
        (
            15,
            [
                "zone_level_",
                "access_beta,",
                "workers_",
                "observability_",
                "beta,",
                "dns_analytics_",
                "v2",
            ],
        ),
    ],
)
def test_betas_wrap_whole_at_spaces_and_split_only_at_separators(
    width: int, expected: list[str]
) -> None:
    assert lines(BETAS, width) == expected


def test_a_run_without_separators_is_cut_where_the_line_ends() -> None:
    assert lines("abcdefghij klm", 4) == ["abcd", "efgh", "ij", "klm"]


def test_wide_characters_count_their_cells() -> None:
    assert lines("日本語_テスト", 6) == ["日本語", "_", "テスト"]  # テスト whole, not テス|ト


@given(st.text(alphabet="ab_-. 日", max_size=60), st.integers(min_value=1, max_value=20))
def test_nothing_is_lost_and_no_line_is_too_wide(plain: str, width: int) -> None:
    got = lines(plain, width)
    assert "".join(got).replace(" ", "") == plain.replace(" ", "")
    for line in got:
        assert line and not line.startswith(" ")
        assert cell_len(line) <= width or len(line) == 1  # one glyph wider than the line


def test_rendered_in_a_cell_of_any_width_keeps_the_style() -> None:
    console = Console(width=15, record=True, color_system="truecolor")
    console.print(SeparatorWrapped(Text(BETAS, style="italic")))
    assert "\x1b[3m" in console.export_text(styles=True, clear=False)
    assert console.export_text().splitlines()[:2] == ["zone_level_", "access_beta,"]
