"""Markdown for RESULTS.md: one table per measure, ratios and targets stated, never hidden."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tests.benchmarks import summary
from tests.benchmarks.stats import Summary

Fmt = Callable[[float], str]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"


def plain(x: float) -> str:
    return f"{x:.1f}"


@dataclass(frozen=True)
class Target:
    """``ours`` compared with ``peer`` (a ratio) or with a fixed limit when peer is None."""

    ours: str
    peer: str | None
    limit: float
    label: str

    def judge(self, summaries: dict[str, Summary]) -> tuple[str, str, bool]:
        """(measured, target text, met) for the table."""
        value = summaries[self.ours].median
        if self.peer is None:
            return "", self.label, value <= self.limit
        r = value / summaries[self.peer].median
        return f"{r:.2f}×", self.label, r <= self.limit


def table(
    summaries: dict[str, Summary],
    fmt: Fmt,
    targets: Sequence[Target] = (),
    first_column: str = "candidate",
) -> list[str]:
    rows = [
        f"| {first_column} | median | min | max | n |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, s in summaries.items():
        rows.append(f"| {name} | {fmt(s.median)} | {fmt(s.low)} | {fmt(s.high)} | {s.n} |")
    if targets:
        rows += ["", "| target | measured | met |", "|---|---:|:---:|"]
        for t in targets:
            measured, label, met = t.judge(summaries)
            shown = measured or fmt(summaries[t.ours].median)
            summary.record(label, shown, met)
            rows.append(f"| {label} | {shown} | {summary.mark(met)} |")
    return rows
