"""metrics.k8s.io/v1beta1 for `kubectl top`: steady, deterministic usage per running container."""

from __future__ import annotations

import datetime as dt

from support.k8s.containers import crashes
from support.k8s.objects import Obj, format_time, labels_of, name_of, stable_int


def _usage(seed: str) -> Obj:
    return {
        "cpu": f"{2 + stable_int(seed, 40)}m",
        "memory": f"{24 + stable_int(seed + '/memory', 160)}Mi",
    }


def pod_metrics(pods: list[Obj], now: dt.datetime) -> list[Obj]:
    """PodMetrics for Running pods; crash-looping containers report nothing, like metrics-server."""
    stamp = format_time(now)
    items = []
    for pod in pods:
        if (pod.get("status") or {}).get("phase") != "Running":
            continue
        containers = [
            {"name": c.get("name"), "usage": _usage(f"{name_of(pod)}/{c.get('name')}")}
            for c in (pod.get("spec") or {}).get("containers") or []
            if not crashes(str(c.get("image", "")))
        ]
        if containers:
            md = pod["metadata"]
            items.append(
                {
                    "metadata": {
                        "name": md["name"],
                        "namespace": md.get("namespace"),
                        "labels": labels_of(pod),
                        "creationTimestamp": stamp,
                    },
                    "timestamp": stamp,
                    "window": "15s",
                    "containers": containers,
                }
            )
    return items


def node_metrics(nodes: list[Obj], now: dt.datetime) -> list[Obj]:
    stamp = format_time(now)
    return [
        {
            "metadata": {"name": name_of(n), "labels": labels_of(n), "creationTimestamp": stamp},
            "timestamp": stamp,
            "window": "20s",
            "usage": {"cpu": "412m", "memory": "2262Mi"},
        }
        for n in nodes
    ]
