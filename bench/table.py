"""The run's results as Markdown tables: process pairs, in-process timings, targets."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from proc_timing import PairResult, Sample, pair_ratios
from targets import MIB, Verdict, request_counts


def spread(values: Sequence[float], scale: float = 1e3, digits: int = 0) -> str:
    """median (min–max), scaled (by default seconds to ms)."""
    median, low, high = (
        f"{v * scale:.{digits}f}" for v in (statistics.median(values), min(values), max(values))
    )
    return f"{median} ({low}–{high})"


def _side(samples: list[Sample]) -> list[str]:
    """wall, CPU, median peak RSS, LLM requests per run."""
    return [
        spread([s.wall for s in samples]),
        spread([s.cpu for s in samples]),
        f"{statistics.median(s.peak_rss for s in samples) / MIB:.1f}",
        request_counts(samples),
    ]


def pairs_table(results: Sequence[PairResult]) -> str:
    rows = [
        "| pair (A vs B) | A wall ms | B wall ms | A/B wall, median of pairs | A CPU ms "
        "| B CPU ms | A / B peak RSS MiB | LLM requests per run, A / B |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        b = _side(r.b)
        if r.a is None:
            a, ratio = [r.absent, "—", "—", "—"], "—"
        else:
            a, ratio = _side(r.a), f"{statistics.median(pair_ratios(r.a, r.b)):.3f}"
        rows.append(
            f"| {r.label} | {a[0]} | {b[0]} | {ratio} | {a[1]} | {b[1]} "
            f"| {a[2]} / {b[2]} | {a[3]} / {b[3]} |"
        )
    return "\n".join(rows)


def inprocess_table(rows: Sequence[tuple[str, str]]) -> str:
    lines = ["| in-process measurement | median (min–max) |", "|---|---|"]
    lines.extend(f"| {what} | {value} |" for what, value in rows)
    return "\n".join(lines)


def targets_table(verdicts: Sequence[Verdict]) -> str:
    lines = ["| measurement | target | measured | |", "|---|---|---|---|"]
    lines.extend(f"| {v.what} | {v.target} | {v.measured} | {v.mark} |" for v in verdicts)
    return "\n".join(lines)
