"""Start-up time of `vibectl --help` and `vibectl --version` against `python -c pass`.

Run: python bench/startup.py [--runs N]  (with vibectl installed in the same environment).
Commands are timed alternately in one run, so machine load affects both sides alike; the ratio
is taken pair by pair and its median reported.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path


def wall_time(argv: Sequence[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def vibectl_executable() -> str:
    beside_python = Path(sys.executable).with_name("vibectl")
    found = str(beside_python) if beside_python.exists() else shutil.which("vibectl")
    if found is None:
        sys.exit("vibectl is not installed in this environment (pip install .)")
    return found


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    vibectl = vibectl_executable()
    baseline = [sys.executable, "-c", "pass"]
    cases = {"vibectl --help": [vibectl, "--help"], "vibectl --version": [vibectl, "--version"]}
    for argv in [baseline, *cases.values()]:
        wall_time(argv)  # warm the page cache once
    print(f"{runs} alternating runs; baseline `python -c pass`\n")
    print("| command | median ms (min–max) | baseline median ms | ratio (median of pairs) |")
    print("|---|---|---|---|")
    for name, argv in cases.items():
        ours, base = [], []
        for _ in range(runs):
            ours.append(wall_time(argv))
            base.append(wall_time(baseline))
        ratios = [a / b for a, b in zip(ours, base, strict=True)]
        print(
            f"| `{name}` | {ms(statistics.median(ours))} ({ms(min(ours))}–{ms(max(ours))}) "
            f"| {ms(statistics.median(base))} | {statistics.median(ratios):.2f}× |"
        )


if __name__ == "__main__":
    main()
