"""The machine a run was made on, stated with its results."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from pathlib import Path


def _proc_field(path: str, name: str) -> str:
    for line in Path(path).read_text().splitlines():
        key, _, value = line.partition(":")
        if key.strip() == name:
            return value.strip()
    return "unknown"


def describe(python: Path, load_before: float) -> str:
    """One line: cores, CPU model, memory, Python and Rust versions, kernel, date (UTC), and the
    1-minute load average before the measurements and now (other work on the machine)."""
    memory_kib = int(_proc_field("/proc/meminfo", "MemTotal").split()[0])
    python_version = subprocess.run(
        [str(python), "--version"], check=True, capture_output=True, text=True
    ).stdout.strip()
    rustc = subprocess.run(["rustc", "--version"], check=True, capture_output=True, text=True)
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), "
        f"{_proc_field('/proc/cpuinfo', 'model name')}, {memory_kib / 1024 / 1024:.1f} GiB RAM; "
        f"{python_version}; {rustc.stdout.strip()}; Linux {platform.release()}; {now}; "
        f"load average {load_before:.1f} before the measurements, {os.getloadavg()[0]:.1f} after"
    )
