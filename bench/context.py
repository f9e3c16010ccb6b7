"""What reaches the model (issue 18), ours against the older vibectl on the same generated
output: the tokens each sends and the lines (or, for JSON, the pod names) that had to reach the
model; and the time and peak RSS of preparing a 31 MB output (a table, `-o json`, `-o yaml`
and a `-w -o json` stream), against the older one's preparation of the same bytes where it
takes less than minutes (the table and `-o json`).

Tokens are the characters of every request's text (system prompt and messages) over four, the
same estimate for both sides; a line "reached the model" when it is in a request verbatim.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import generate
from proc_timing import Command, RunFailedError, measure
from sandbox import setup
from targets import MIB, Verdict

TOKEN_GOAL = 10_000
PREPARE_SECONDS = 0.5
LARGE_BYTES = 31_000_000


@dataclass(frozen=True)
class Sent:
    tokens: int
    requests: int
    kept: int  # wanted lines found in the requests
    wanted: int


def _text(body: dict[str, Any]) -> str:
    """A Messages request's text: the system prompt and every message's text."""
    parts: list[str] = []
    for item in [body.get("system") or "", *(m.get("content") for m in body.get("messages", []))]:
        if isinstance(item, str):
            parts.append(item)
        elif isinstance(item, list):
            parts.extend(str(block.get("text", "")) for block in item if isinstance(block, dict))
    return "\n".join(parts)


def sent(bodies: list[dict[str, Any]], run: Callable[[], None], wanted: Sequence[str]) -> Sent:
    """What `run` sent to the server: tokens, requests, and how many `wanted` lines."""
    bodies.clear()
    run()
    texts = [_text(body) for body in bodies]
    everything = "\n".join(texts)
    kept = sum(1 for line in wanted if line in everything)
    return Sent(sum(len(t) for t in texts) // 4, len(texts), kept, len(wanted))


@dataclass(frozen=True)
class Prepared:
    seconds: float  # the preparation alone
    peak_rss: int  # bytes, of the whole process
    size: int  # bytes of kubectl output


def prepared(spawn: Path, command: Command, log: Path) -> Prepared:
    sample = measure(spawn, command, log, lambda: 0)
    lines = log.read_text(errors="replace").strip().splitlines()
    if not lines:
        raise RunFailedError(f"`{shlex.join(command.argv)}` printed nothing")
    figures = json.loads(lines[-1])
    return Prepared(figures["prepare"], sample.peak_rss, figures["bytes"])


@dataclass(frozen=True)
class Outputs:
    cluster: generate.Generated
    cluster_json: generate.Generated
    log: generate.Generated
    large: Path  # a 31 MB `get pods -A` table
    large_json: Path  # a 31 MB `get pods -A -o json`
    large_yaml: Path  # a 31 MB `get pods -A -o yaml`
    large_watch: Path  # a 31 MB `get pods -A -w -o json` stream


def write_outputs(bin_dir: Path, work: Path) -> Outputs:
    """The generated outputs, where the kubectl stand-in prints them from."""
    cluster, cluster_json, log = generate.cluster(), generate.cluster_json(), generate.log()
    (bin_dir / "get-pods-A.out").write_text(cluster.text)
    (bin_dir / "get-pods-A-json.out").write_text(cluster_json.text)
    (bin_dir / "logs.out").write_text(log.text)
    large = work / "large-get-pods-A.out"
    large.write_text(generate.large_table(LARGE_BYTES))
    large_json = work / "large-get-pods-A.json"
    large_json.write_text(generate.large_json(LARGE_BYTES))
    large_yaml = work / "large-get-pods-A.yaml"
    large_yaml.write_text(generate.large_yaml(LARGE_BYTES))
    large_watch = work / "large-get-pods-A-w.json"
    large_watch.write_text(generate.large_watch(LARGE_BYTES))
    return Outputs(cluster, cluster_json, log, large, large_json, large_yaml, large_watch)


def sent_rows(label: str, ours: Sent, older: Sent, what: str) -> str:
    return (
        f"| {label} | {ours.tokens:,} | {older.tokens:,} | {ours.tokens / older.tokens:.2f} "
        f"| {ours.kept} of {ours.wanted} | {older.kept} of {older.wanted} "
        f"| {ours.requests} / {older.requests} | {what} |"
    )


def sent_table(rows: Sequence[str]) -> str:
    head = (
        "| output | ours: tokens sent | older: tokens sent | ours / older | ours: kept "
        "| older: kept | requests, ours / older | what must be kept |\n"
        "|---|---|---|---|---|---|---|---|"
    )
    return "\n".join([head, *rows])


def prepare_table(rows: Sequence[tuple[str, Prepared, Prepared | None]]) -> str:
    """One pair of rows (ours, the older's) and their ratio for each output prepared; ours
    alone where the older one's was not measured."""
    lines = [
        "| preparing a 31 MB output | seconds | peak RSS MiB (whole process) "
        "| peak RSS / output size |",
        "|---|---|---|---|",
    ]
    for what, ours, older in rows:
        lines.append(
            f"| {what}: ours (captured as kubectl's output, then the core) | {ours.seconds:.3f} "
            f"| {ours.peak_rss / MIB:.1f} | {ours.peak_rss / ours.size:.2f}× |"
        )
        if older is None:
            continue
        lines += [
            f"| {what}: the older vibectl (`process_auto`) | {older.seconds:.3f} "
            f"| {older.peak_rss / MIB:.1f} | {older.peak_rss / older.size:.2f}× |",
            f"| {what}: ours / older | {ours.seconds / older.seconds:.3f} "
            f"| {ours.peak_rss / older.peak_rss:.2f} | |",
        ]
    return "\n".join(lines)


def verdicts(
    sent_rows: Sequence[tuple[str, Sent, str]], prepared: Sequence[tuple[str, Prepared]]
) -> list[Verdict]:
    """Tokens and kept lines for each (what, ours, kept) sent; time and RSS for each prepared."""

    def within(what: str, s: Sent, kept: str) -> Verdict:
        met = s.tokens <= TOKEN_GOAL and s.kept == s.wanted
        measured = f"{s.tokens:,} tokens, {s.kept} of {s.wanted} {kept}"
        return Verdict(what, f"≤ {TOKEN_GOAL:,} tokens, every one kept", measured, met)

    out = [within(what, s, kept) for what, s, kept in sent_rows]
    for what, ours in prepared:
        mib = ours.size / MIB
        out += [
            Verdict(
                f"preparing a 31 MB {what}",
                f"≤ {PREPARE_SECONDS:g} s",
                f"{ours.seconds:.3f} s",
                ours.seconds <= PREPARE_SECONDS,
            ),
            Verdict(
                f"preparing a 31 MB {what}, peak RSS",
                f"≤ 2× the output ({2 * mib:.0f} MiB)",
                f"{ours.peak_rss / MIB:.1f} MiB",
                ours.peak_rss <= 2 * ours.size,
            ),
        ]
    return out


def run_command(command: Command) -> Callable[[], None]:
    return lambda: setup(command)
