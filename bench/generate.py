"""Generated kubectl output for the context benchmarks: a cluster's `get pods -A` table, and the
same cluster as `get pods -A -o json`, with a few unhealthy pods scattered through it, and a
service's log with a few error lines. Seeded, so every run (and both sides of a run) sees the
same bytes (the JSON's restart times are relative to when it is generated).
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

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


def _state(status: str, restarts: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """A pod's phase, its container's state and last state, for a `_BROKEN` status."""
    if status in ("Pending", "ContainerCreating"):
        return "Pending", {"waiting": {"reason": "ContainerCreating"}}, {}
    if status in ("CrashLoopBackOff", "ImagePullBackOff"):
        waiting = {"waiting": {"reason": status, "message": f"back-off restarting ({status})"}}
        return "Running", waiting, {}
    if status in ("Error", "OOMKilled"):
        return "Running", {"terminated": {"reason": status, "exitCode": 137}}, {}
    if restarts == "0":  # running, not ready
        return "Running", {"running": {"startedAt": "2026-11-01T00:00:00Z"}}, {}
    minutes = int(restarts.split("(")[1].split("m", maxsplit=1)[0])  # `4 (8m ago)`
    finished = (datetime.now(UTC) - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")
    last = {"terminated": {"reason": "Error", "exitCode": 1, "finishedAt": finished}}
    return "Running", {"running": {"startedAt": finished}}, last


def _pod(namespace: str, name: str, ready: bool, status: str, restarts: str) -> dict[str, Any]:
    """A pod as `kubectl get pods -o json` prints it, bookkeeping and defaults included."""
    phase, state, last = _state(status, restarts) if not ready else ("Running", {}, {})
    state = state or {"running": {"startedAt": "2026-11-01T00:00:00Z"}}
    count = int(restarts.split(maxsplit=1)[0])
    conditions = [
        {"lastProbeTime": None, "lastTransitionTime": "2026-11-01T00:00:00Z",
         "status": "True" if ready or kind == "PodScheduled" else "False", "type": kind}
        for kind in ("Initialized", "Ready", "ContainersReady", "PodScheduled")
    ]  # fmt: skip
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "creationTimestamp": "2026-11-01T00:00:00Z",
            "labels": {"app": name.split("-", maxsplit=1)[0]},
            "managedFields": [
                {
                    "manager": "kubelet",
                    "operation": "Update",
                    "fieldsType": "FieldsV1",
                    "fieldsV1": {"f:status": {}},
                }
            ],
            "name": name,
            "namespace": namespace,
            "resourceVersion": "1",
            "uid": "0c9a7d5e-1b2f-4e8a-9c3d-5f6a7b8c9d0e",
        },
        "spec": {
            "containers": [
                {
                    "image": "ghcr.io/example/app:1.0",
                    "name": "app",
                    "terminationMessagePath": "/dev/termination-log",
                }
            ],
            "dnsPolicy": "ClusterFirst",
            "nodeName": "node-1",
            "restartPolicy": "Always",
        },
        "status": {
            "conditions": conditions,
            "containerStatuses": [
                {
                    "image": "ghcr.io/example/app:1.0",
                    "lastState": last,
                    "name": "app",
                    "ready": ready,
                    "restartCount": count,
                    "state": state,
                }
            ],
            "phase": phase,
            "podIP": "10.1.0.1",
        },
    }


def cluster_json(pods: int = 16_000, unhealthy: int = 40, seed: int = 18) -> Generated:
    """The same cluster as `cluster`, as `kubectl get pods -A -o json` prints it; what must
    reach the prompt is the name of each unhealthy pod."""
    table = cluster(pods, unhealthy, seed)
    wanted = set(table.wanted)
    items = []
    names = []
    for row in table.text.splitlines()[1:]:
        namespace, name, _ready, status, *rest = row.split()
        restarts = " ".join(rest[:-1])
        broken = row in wanted
        items.append(_pod(namespace, name, not broken, status, restarts))
        if broken:
            names.append(name)
    document = {"apiVersion": "v1", "items": items, "kind": "List",
                "metadata": {"resourceVersion": ""}}  # fmt: skip
    return Generated(json.dumps(document, indent=4) + "\n", names)


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


def large_json(size_bytes: int, seed: int = 31) -> str:
    """A `get pods -A -o json` list of about `size_bytes`, for timing the preparation."""
    per_pod = len(cluster_json(200, 1, seed).text) / 200
    return cluster_json(int(size_bytes / per_pod), 40, seed).text


def large_watch(size_bytes: int, seed: int = 31) -> str:
    """`get pods -A -w -o json` of about `size_bytes`: one pod per event, each printed whole."""

    def watch(pods: int, unhealthy: int) -> str:
        document = json.loads(cluster_json(pods, unhealthy, seed).text)
        return "".join(json.dumps(pod, indent=4) + "\n" for pod in document["items"])

    per_pod = len(watch(200, 1)) / 200
    return watch(int(size_bytes / per_pod), 40)


def large_yaml(size_bytes: int, seed: int = 31) -> str:
    """A `get pods -A -o yaml` list of about `size_bytes`, for timing the preparation."""
    per_pod = len(cluster_yaml(200, 1, seed)) / 200
    return cluster_yaml(int(size_bytes / per_pod), 40, seed)


def cluster_yaml(pods: int, unhealthy: int, seed: int) -> str:
    """The cluster of `cluster_json` as `kubectl get pods -A -o yaml` prints it."""
    document = json.loads(cluster_json(pods, unhealthy, seed).text)
    return "".join(_kubectl_yaml(document, 0))


def _kubectl_yaml(value: Any, indent: int) -> list[str]:
    """A map's or list's lines as kubectl prints them (go-yaml through sigs.k8s.io/yaml): keys
    sorted, two-space indents, a sequence's dashes at its key's indent."""
    pad = " " * indent
    out: list[str] = []
    if isinstance(value, dict):
        for key in sorted(value):
            out += _yaml_field(pad + key + ":", value[key], indent, indent + 2)
    else:
        for item in value:
            if isinstance(item, (dict, list)) and item:
                inner = _kubectl_yaml(item, indent + 2)
                out += [pad + "- " + inner[0][indent + 2 :], *inner[1:]]
            else:
                out += _yaml_field(pad + "-", item, indent, indent + 2)
    return out


def _yaml_field(head: str, value: Any, indent: int, inner: int) -> list[str]:
    if isinstance(value, dict) and value:
        return [head + "\n", *_kubectl_yaml(value, inner)]
    if isinstance(value, list) and value:
        return [head + "\n", *_kubectl_yaml(value, indent)]
    return [f"{head} {_yaml_scalar(value)}\n"]


def _yaml_scalar(value: Any) -> str:
    if not isinstance(value, str):
        return json.dumps(value)  # null, true, a number, {} or []
    # What would read back as another type is double-quoted, what plain style cannot hold is
    # single-quoted, as go-yaml chooses.
    special = value.lower() in ("true", "false", "yes", "no", "on", "off", "null", "y", "n", "~")
    numeric = value.replace(".", "", 1).lstrip("-+").isdigit()
    if not value or special or numeric or re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:]+Z", value):
        return json.dumps(value)
    if ": " in value or " #" in value or value[0] in "-?:,[]{}#&*!|>'\"%@`":
        return "'" + value.replace("'", "''") + "'"
    return value
