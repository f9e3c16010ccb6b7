"""The issue's targets, each judged from what was measured: met, missed, or not measured."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from proc_timing import PairResult, Sample, pair_ratios

MIB = 1024 * 1024


@dataclass(frozen=True)
class Verdict:
    what: str
    target: str
    measured: str
    met: bool | None  # None: nothing to judge (A is not available in this build)

    @property
    def mark(self) -> str:
        return {True: "met", False: "**missed**", None: "—"}[self.met]


def _judge(
    result: PairResult,
    target: str,
    judge: Callable[[list[Sample], list[Sample]], tuple[str, bool]],
    what: str | None = None,
) -> Verdict:
    if result.a is None:
        met = False if result.failed else None
        return Verdict(what or result.label, target, result.absent, met)
    measured, met_ = judge(result.a, result.b)
    return Verdict(what or result.label, target, measured, met_)


def faster(result: PairResult, times: float) -> Verdict:
    """A at least `times` times faster than B: the median of the pairs' A/B ≤ 1/times."""

    def judge(a: list[Sample], b: list[Sample]) -> tuple[str, bool]:
        ratio = statistics.median(pair_ratios(a, b))
        return f"{1 / ratio:.1f}× faster", ratio <= 1 / times

    return _judge(result, f"≥ {times:g}× faster", judge)


def ratio_at_most(result: PairResult, limit: float) -> Verdict:
    """A's wall time at most `limit` times B's: the median of the pairs' A/B ≤ limit."""

    def judge(a: list[Sample], b: list[Sample]) -> tuple[str, bool]:
        ratio = statistics.median(pair_ratios(a, b))
        return f"{ratio:.2f}×", ratio <= limit

    return _judge(result, f"A/B ≤ {limit:g}×", judge)


def peak_rss_at_most(result: PairResult, mib: float, what: str) -> Verdict:
    """The largest peak RSS of any of A's runs."""

    def judge(a: list[Sample], _b: list[Sample]) -> tuple[str, bool]:
        peak = max(s.peak_rss for s in a) / MIB
        return f"{peak:.1f} MiB (largest run)", peak <= mib

    return _judge(result, f"peak RSS ≤ {mib:g} MiB", judge, what)


def requests_at_most(result: PairResult, limit: int) -> Verdict:
    """LLM requests per run of A (every run must keep to it); B's are shown beside them."""

    def judge(a: list[Sample], b: list[Sample]) -> tuple[str, bool]:
        measured = f"{request_counts(a)} (the older: {request_counts(b)})"
        return measured, max(s.requests for s in a) <= limit

    verdict = _judge(result, f"≤ {limit} LLM requests", judge)
    if result.a is None:
        measured = f"{verdict.measured} (the older: {request_counts(result.b)})"
        return Verdict(verdict.what, verdict.target, measured, verdict.met)
    return verdict


def seconds_at_most(what: str, values: Sequence[float], limit: float, unit: str) -> Verdict:
    """The median of `values` (seconds) at most `limit`, shown in `unit` (µs or ms)."""
    scale = {"µs": 1e6, "ms": 1e3}[unit]
    median = statistics.median(values)
    return Verdict(
        what, f"≤ {limit * scale:g} {unit}", f"{median * scale:.2f} {unit}", median <= limit
    )


def request_counts(samples: Sequence[Sample]) -> str:
    """Requests per run: one number when every run made the same, else the range."""
    low, high = min(s.requests for s in samples), max(s.requests for s in samples)
    return f"{low}" if low == high else f"{low}–{high}"
