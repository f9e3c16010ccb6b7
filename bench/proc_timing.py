"""Timing whole processes: wall time, CPU (user+sys) and peak RSS, through `spawn.rs`.

The figures cover the process and the children it waited for (the kubectl stand-in included);
peak RSS is the largest of them. `spawn.rs` says why the timing is not done from Python.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 120.0  # seconds one process may take; then it is killed and the run stops
SPAWN = Path(__file__).with_name("spawn.rs")


class RunFailedError(Exception):
    """A timed process exited non-zero or ran too long: its numbers would mean nothing."""


@dataclass(frozen=True)
class Command:
    argv: Sequence[str]
    env: Mapping[str, str]


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # seconds, user + sys
    peak_rss: int  # bytes
    requests: int  # LLM requests the process made


@dataclass(frozen=True)
class PairResult:
    """The runs of a pair. A may not have run: `absent` says why, `failed` if it broke."""

    label: str
    a: list[Sample] | None
    b: list[Sample]
    absent: str = ""
    failed: bool = False


def build_spawn(cache: Path) -> Path:
    """The launcher, compiled from spawn.rs when it is missing or older than its source."""
    binary = cache / "spawn"
    if not binary.exists() or binary.stat().st_mtime < SPAWN.stat().st_mtime:
        cache.mkdir(parents=True, exist_ok=True)
        argv = ["rustc", "-O", "--edition", "2021", str(SPAWN), "-o", str(binary)]
        print(f"bench: {shlex.join(argv)}", file=sys.stderr, flush=True)
        subprocess.run(argv, check=True)
    return binary


def measure(spawn: Path, command: Command, log: Path, requests: Callable[[], int]) -> Sample:
    """Run `command` once, its output going to `log`; `requests` counts LLM requests so far."""
    before = requests()
    report = log.with_suffix(".json")
    report.unlink(missing_ok=True)
    with log.open("wb") as out:
        child = subprocess.Popen(
            [str(spawn), str(report), *command.argv],
            env=dict(command.env),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            start_new_session=True,  # its own process group, killed whole on a timeout
        )
        try:
            code = child.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            timed_out = f"`{shlex.join(command.argv)}` ran longer than {TIMEOUT:g} s"
            raise RunFailedError(timed_out) from None
    if code != 0:
        tail = log.read_text(errors="replace")[-1500:]
        raise RunFailedError(f"`{shlex.join(command.argv)}` exited {code}:\n{tail}")
    figures = json.loads(report.read_text())
    return Sample(
        wall=figures["wall"],
        cpu=figures["cpu"],
        peak_rss=figures["peak_rss_kib"] * 1024,
        requests=requests() - before,
    )


def alternate(
    spawn: Path,
    commands: Sequence[Command],
    runs: int,
    logs: Path,
    requests: Callable[[], int],
) -> list[list[Sample]]:
    """`runs` runs of each command, taking turns (A, B, A, B…), after one untimed run of each
    (which fills the page cache and any cache the tool keeps)."""
    log = [logs / f"{index}.log" for index in range(len(commands))]
    for command, path in zip(commands, log, strict=True):
        measure(spawn, command, path, requests)
    timed: list[list[Sample]] = [[] for _ in commands]
    for _ in range(runs):
        for command, path, samples in zip(commands, log, timed, strict=True):
            samples.append(measure(spawn, command, path, requests))
    return timed


def pair_ratios(a: Sequence[Sample], b: Sequence[Sample]) -> list[float]:
    """A's wall time over B's, run by run: load that hits both runs of a pair cancels out."""
    return [x.wall / y.wall for x, y in zip(a, b, strict=True)]
