"""Samples and their summary: medians and the full min–max, never a mean that hides outliers."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    median: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, samples: Sequence[float]) -> Summary:
        if not samples:
            raise ValueError("no samples")
        return cls(statistics.median(samples), min(samples), max(samples), len(samples))


def ratio(ours: Summary, peer: Summary) -> float:
    """Median over median: the ratio the targets are stated in."""
    return ours.median / peer.median if peer.median else float("inf")
