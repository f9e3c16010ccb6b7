"""vibectl against the older Python vibectl and the `llm` tool, in one run (`bench/run`).

Installs both sides, starts the loopback LLM server, times each pair of commands alternately,
then prints the results and the targets as Markdown on stdout (progress goes to stderr).
Exit status: 0 when every target measured is met, 1 when one is missed, 2 when the run failed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import context
import older
import targets
from llm_fake import FakeLLM
from machine import describe
from peers import PEERS, install_ours, install_peers, versions
from proc_timing import (
    TIMEOUT,
    Command,
    PairResult,
    RunFailedError,
    Sample,
    alternate,
    build_spawn,
)
from sandbox import KEY, UNKNOWN_KIND, Sandbox, setup
from table import inprocess_table, pairs_table, spread, targets_table

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "bench" / ".cache"
NOT_AVAILABLE = "not available in this build"


class Bench:
    """One run's sandbox and server, and how each kind of measurement is made in it."""

    def __init__(self, root: Path, ours: Path, peers: Path, runs: int, fake: FakeLLM) -> None:
        self.box = Sandbox(root, fake.url)
        self.ours, self.peers, self.runs, self.fake = ours, peers, runs, fake
        self.spawn = build_spawn(CACHE)
        self.logs = root / "logs"
        self.logs.mkdir()
        older.prepare(self.box, peers)
        # Our HOME holds the same llm keys.json, so `vibectl keys` has every source to read.
        setup(self.box.command("ours", peers, f"llm keys set anthropic --value {KEY}"))

    def our(self, line: str) -> Command:
        return self.box.command("ours", self.ours, line)

    def old(self, line: str) -> Command:
        return self.box.command("peers", self.peers, line)

    def alternate(self, commands: list[Command]) -> list[list[Sample]]:
        return alternate(self.spawn, commands, self.runs, self.logs, lambda: self.fake.requests)

    def pair(self, label: str, a: Command, b: Command, latency: float = 0.0) -> PairResult:
        progress(f"{label}: {self.runs} runs each, alternating")
        self.fake.latency = latency
        a_runs, b_runs = self.alternate([a, b])
        return PairResult(label, a_runs, b_runs)

    def planning_pair(self, label: str, line: str) -> PairResult:
        """Ours runs only when its build plans: then `get vibe` never reaches kubectl as a kind."""
        a, b = self.our(line), self.old(line)
        self.fake.latency = 0.0
        probe = subprocess.run(
            a.argv, env=dict(a.env), capture_output=True, text=True, check=False, timeout=TIMEOUT
        )
        if probe.returncode == 0:
            return self.pair(label, a, b)
        failed = UNKNOWN_KIND not in probe.stderr
        last = (probe.stderr.strip().splitlines() or ["no output"])[-1]
        absent = f"failed (exit {probe.returncode}): {last}" if failed else NOT_AVAILABLE
        progress(f"{label}: ours {absent}; the older alone, {self.runs} runs")
        (b_runs,) = self.alternate([b])
        return PairResult(label, None, b_runs, absent, failed)

    def inprocess(self, *args: str) -> Any:
        """inprocess.py, run by our venv's Python in our environment; its JSON answer."""
        script = Path(__file__).with_name("inprocess.py")
        argv = [str(self.ours / "bin" / "python"), str(script), *args]
        env = self.box.env("ours", self.ours)
        done = subprocess.run(argv, env=env, capture_output=True, check=False, timeout=TIMEOUT)
        if done.returncode != 0:
            tail = done.stderr.decode(errors="replace")[-1500:]
            raise RunFailedError(f"inprocess.py {' '.join(args)} failed:\n{tail}")
        return json.loads(done.stdout)


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def processes(bench: Bench, latency: float) -> list[PairResult]:
    our, old = bench.our, bench.old
    return [
        bench.pair(
            "`vibectl keys` vs `llm keys get anthropic`",
            our("vibectl keys"),
            old("llm keys get anthropic"),
        ),
        bench.pair(
            "`vibectl --help` vs `python -c pass`", our("vibectl --help"), our("python -c pass")
        ),
        bench.pair(
            "`vibectl --version` vs `python -c pass`",
            our("vibectl --version"),
            our("python -c pass"),
        ),
        bench.pair(
            "`vibectl get pods` vs the older", our("vibectl get pods"), old("vibectl get pods")
        ),
        bench.pair(
            f"the same, {latency * 1000:g} ms per LLM request",
            our("vibectl get pods"),
            old("vibectl get pods"),
            latency,
        ),
        bench.planning_pair(
            '`vibectl get vibe "show pods"` vs the older', 'vibectl get vibe "show pods"'
        ),
    ]


def in_process(bench: Bench) -> tuple[list[tuple[str, str]], list[targets.Verdict]]:
    """Warm key resolution, and warm requests against the raw-socket floor."""
    progress("in-process: key resolution, then warm requests and raw round trips")
    keys = bench.inprocess("keys")
    bench.fake.latency = 0.0
    bench.fake.last_request = b""
    bench.inprocess("capture")  # the server keeps the request's bytes for the raw round trips
    if not bench.fake.last_request:
        raise RunFailedError("the server saw no Messages request from `complete()`")
    recorded = bench.logs / "request.bin"
    recorded.write_bytes(bench.fake.last_request)
    requests = bench.inprocess("request", str(recorded))
    overhead = [c - f for c, f in zip(requests["core"], requests["floor"], strict=True)]
    progress("in-process: kubectl tool calls over MCP, alternating with the same CLI command")
    calls = bench.inprocess("mcp")
    call_overhead = [t - c for t, c in zip(calls["tool"], calls["cli"], strict=True)]
    providers = keys["providers"]
    rows = [
        (
            f"`_core.key_statuses()`, warm, µs per call ({providers} providers each; "
            f"{len(keys['per_call'])} rounds of {keys['calls_per_round']} calls)",
            spread(keys["per_call"], 1e6, 1),
        ),
        (
            f"warm `Model.complete()` over loopback, ms ({len(overhead)} pairs)",
            spread(requests["core"], 1e3, 3),
        ),
        ("raw-socket round trip, same bytes, same server, ms", spread(requests["floor"], 1e3, 3)),
        ("overhead: complete() minus raw round trip, pair by pair, ms", spread(overhead, 1e3, 3)),
        (
            f"`kubectl get pods` tool call on a warm `vibectl mcp` (stdio), ms "
            f"({len(call_overhead)} pairs)",
            spread(calls["tool"], 1e3, 1),
        ),
        ("`vibectl get pods` from the command line, same output, ms", spread(calls["cli"], 1e3, 1)),
        (
            "per call: tool call minus the CLI command, pair by pair, ms",
            spread(call_overhead, 1e3, 1),
        ),
    ]
    verdicts = [
        targets.seconds_at_most(
            f"in-process key resolution, warm (a `key_statuses()` call: {providers} providers)",
            keys["per_call"],
            50e-6,
            "µs",
        ),
        targets.seconds_at_most(
            "one warm request over loopback: overhead over the raw-socket floor",
            overhead,
            1e-3,
            "ms",
        ),
    ]
    return rows, verdicts


def what_reaches_the_model(bench: Bench) -> tuple[list[str], list[targets.Verdict]]:
    """Tokens sent for a generated cluster (table and JSON) and log, ours and the older's;
    preparing 31 MB (a table and JSON)."""
    progress("context: tokens sent for a generated 16,000-pod cluster and a 5,000-line log")
    outputs = context.write_outputs(bench.box.bin, bench.logs)
    bench.fake.latency = 0.0
    bodies = bench.fake.bodies
    measured = {}
    # Ours passes `-o json` through as kubectl printed it unless a summary is asked for.
    for name, line, wanted, asked in (
        ("cluster", "vibectl get pods -A", outputs.cluster.wanted, ""),
        (
            "cluster_json",
            "vibectl get pods -A -o json",
            outputs.cluster_json.wanted,
            " --summarize",
        ),
        ("log", "vibectl logs deploy/api", outputs.log.wanted, ""),
    ):
        measured[name] = (
            context.sent(bodies, context.run_command(bench.our(line + asked)), wanted),
            context.sent(bodies, context.run_command(bench.old(line)), wanted),
        )
    prepared = []
    # The older one's `process_auto` over YAML parses it in pure Python, for minutes.
    for what, large, args, with_older in (
        ("`get pods -A` table", outputs.large, ["get", "pods", "-A"], True),
        ("`get pods -A -o json`", outputs.large_json, ["get", "pods", "-A", "-o", "json"], True),
        ("`get pods -A -o yaml`", outputs.large_yaml, ["get", "pods", "-A", "-o", "yaml"], False),
        (
            "`get pods -A -w -o json` stream",
            outputs.large_watch,
            ["get", "pods", "-A", "-w", "-o", "json"],
            False,
        ),
    ):
        progress(f"context: preparing a 31 MB {what}")
        prepared.append((what, *prepare_both(bench, large, args, with_older)))
    cluster, cluster_json, log = (measured[n] for n in ("cluster", "cluster_json", "log"))
    tables = [
        context.sent_table(
            [
                context.sent_rows("`get pods -A`, 16,000 pods", *cluster, "40 unhealthy rows"),
                context.sent_rows(
                    "`get pods -A -o json`, 16,000 pods", *cluster_json, "40 unhealthy pods' names"
                ),
                context.sent_rows("`logs`, 5,000 lines", *log, "25 error and warning lines"),
            ]
        ),
        context.prepare_table(prepared),
    ]
    sent = [
        ("`get pods -A`, 16,000 pods (40 unhealthy)", cluster[0], "unhealthy rows"),
        ("`get pods -A -o json`, 16,000 pods (40 unhealthy)", cluster_json[0], "unhealthy pods"),
        ("`logs`, 5,000 lines (25 errors and warnings)", log[0], "error lines"),
    ]
    return tables, context.verdicts(sent, [(what, ours) for what, ours, _ in prepared])


def prepare_both(
    bench: Bench, large: Path, args: list[str], with_older: bool
) -> tuple[context.Prepared, context.Prepared | None]:
    """`large` prepared by ours (captured from the kubectl stand-in) and, `with_older`, by the
    older one."""
    script = str(Path(__file__).with_name("inprocess.py"))
    our_env = {**bench.box.env("ours", bench.ours), "BENCH_OUTPUT": str(large)}
    our_argv = [str(bench.ours / "bin" / "python"), script, "prepare", *args]
    # No dot in a log's name: `measure` writes its report beside it, `.json` for the suffix.
    name = large.name.replace(".", "-")
    ours = context.prepared(bench.spawn, Command(our_argv, our_env), bench.logs / f"prepare-{name}")
    if not with_older:
        return ours, None
    older_script = str(Path(__file__).with_name("older_truncate.py"))
    older_argv = [str(bench.peers / "bin" / "python"), older_script, str(large)]
    older_env = bench.box.env("peers", bench.peers)
    older = context.prepared(
        bench.spawn, Command(older_argv, older_env), bench.logs / f"prepare-older-{name}"
    )
    return ours, older


def report(bench: Bench, latency: float) -> tuple[str, bool]:
    pairs = processes(bench, latency)
    keys, help_, _version, pods, slow, vibe = pairs
    rows, micro = in_process(bench)
    context_tables, context_verdicts = what_reaches_the_model(bench)
    verdicts = [
        targets.faster(keys, 40),
        targets.ratio_at_most(help_, 4),
        targets.faster(pods, 15),
        targets.peak_rss_at_most(pods, 40, "`vibectl get pods`, peak RSS"),
        targets.ratio_at_most(slow, 0.3),
        targets.requests_at_most(vibe, 2),
        *micro,
        *context_verdicts,
    ]
    judged = [v.met for v in verdicts if v.met is not None]
    summary = f"{sum(judged)} of {len(judged)} targets measured are met."
    tables = [
        pairs_table(pairs),
        inprocess_table(rows),
        *context_tables,
        targets_table(verdicts),
        summary,
    ]
    return "\n\n".join(tables), all(judged)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each command")
    parser.add_argument(
        "--latency-ms", type=int, default=800, help="LLM latency of the slow pair (ms)"
    )
    options = parser.parse_args()
    if options.runs < 1 or options.latency_ms < 0:
        parser.error("--runs must be at least 1 and --latency-ms not negative")
    try:
        peers = install_peers(CACHE, REPO)
        ours = install_ours(CACHE, REPO)
        fake = FakeLLM()
        load_before = os.getloadavg()[0]
        try:
            with tempfile.TemporaryDirectory(prefix="vibectl-bench-") as tmp:
                bench = Bench(Path(tmp), ours, peers, options.runs, fake)
                text, all_met = report(bench, options.latency_ms / 1000)
        finally:
            fake.stop()
    except (RunFailedError, RuntimeError, subprocess.SubprocessError) as error:
        print(f"bench: the run failed: {error}", file=sys.stderr)
        return 2
    print(f"Machine: {describe(ours / 'bin' / 'python', load_before)}\n")
    print(f"Ours: {versions(ours, 'vibectl', 'click', 'rich')} (release build of this checkout)")
    print(f"Peers: {versions(peers, *PEERS, 'anthropic')}\n")
    print("The older vibectl, as set up for this run:\n")
    print("\n".join(f"- {fact}" for fact in older.FACTS) + "\n")
    print(f"{options.runs} timed runs per command, A and B alternating.\n")
    print(text)
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
