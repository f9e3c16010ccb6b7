"""Generated kubectl output for the context benchmarks: a cluster's `get pods -A` table with a
few unhealthy pods scattered through it, and a service's log with a few error lines. Seeded, so
every run (and both sides of a run) sees the same bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_BROKEN = (
    ("0/1", "CrashLoopBackOff", "17 (3m12s ago)"),
    ("0/1", "Pending", "0"),
    ("0/1", "ImagePullBackOff", "0"),
    ("0/1", "Running", "0"),
    ("1/1", "Running", "4 (8m ago)"),
    ("0/2", "Error", "1 (41m ago)"),
    ("0/1", "OOMKilled", "6 (2m ago)"),
    ("0/1", "ContainerCreating", "0"),
)


@dataclass(frozen=True)
class Generated:
    text: str
    wanted: list[str]  # the lines that must reach the model (unhealthy rows, error lines)


def _suffix(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(n))


def cluster(pods: int = 16_000, unhealthy: int = 40, seed: int = 18) -> Generated:
    """`kubectl get pods -A` of `pods` pods over 120 namespaces, `unhealthy` of them not healthy."""
    rng = random.Random(seed)
    broken = set(rng.sample(range(pods), unhealthy))
    rows: list[tuple[str, ...]] = []
    wanted_at: list[int] = []
    for i in range(pods):
        namespace = f"team-{rng.randrange(120):03d}"
        app = rng.choice(("api", "web", "worker", "cache", "ingest", "billing", "search"))
        name = f"{app}-{_suffix(rng, 10)}-{_suffix(rng, 5)}"
        if i in broken:
            ready, status, restarts = _BROKEN[len(wanted_at) % len(_BROKEN)]
            age = f"{rng.randrange(5, 59)}m"
            wanted_at.append(i)
        else:
            ready, status = "1/1", "Running"
            restarts = rng.choice(("0",) * 12 + (f"1 ({rng.randrange(2, 30)}d ago)",))
            age = f"{rng.randrange(2, 300)}d"
        rows.append((namespace, name, ready, status, restarts, age))
    header = ("NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE")
    widths = [max(len(row[c]) for row in [header, *rows]) + 3 for c in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        return "".join(cells) + row[-1]

    lines = [line(row) for row in rows]
    text = "\n".join([line(header), *lines]) + "\n"
    return Generated(text, [lines[i] for i in wanted_at])


def log(lines: int = 5_000, errors: int = 25, seed: int = 14) -> Generated:
    """A web service's log: requests served, with `errors` error and warning lines among them."""
    rng = random.Random(seed)
    bad = set(rng.sample(range(lines), errors))
    out: list[str] = []
    wanted: list[str] = []
    for i in range(lines):
        clock = f"{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}"
        stamp = f"2026-11-30T{clock}.{rng.randrange(1000):03d}Z"
        if i in bad:
            kind = len(wanted) % 5
            text = (
                f"ERROR upstream payments-{len(wanted)} connect failed: connection refused",
                f"WARN slow query on orders shard {len(wanted)} took {rng.randrange(2, 9)}s",
                f"ERROR panic in worker {len(wanted)}: nil pointer dereference",
                f"WARN retrying webhook {len(wanted)} after timeout",
                f"ERROR failed to write batch {len(wanted)}: disk quota exceeded",
            )[kind]
            line = f"{stamp} {text}"
            wanted.append(line)
        else:
            path = rng.choice(("/api/v1/orders", "/api/v1/items", "/healthz", "/api/v1/cart"))
            line = (
                f"{stamp} INFO {rng.choice(('GET', 'POST'))} {path} 200 {rng.randrange(1, 400)}ms"
            )
        out.append(line)
    return Generated("\n".join(out) + "\n", wanted)


def large_table(size_bytes: int, seed: int = 31) -> str:
    """A `get pods -A` table of about `size_bytes`, for timing the preparation."""
    per_row = len(cluster(200, 1, seed).text) / 201
    return cluster(int(size_bytes / per_row), 40, seed).text
