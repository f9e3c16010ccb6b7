"""Server-side Table rendering (`Accept: ...;as=Table`), following kubernetes/pkg/printers.

The real API server renders `kubectl get` columns itself and always includes the wide
(priority 1) columns; kubectl hides those unless `-o wide`. Each printer below mirrors the
upstream one for its kind; kinds without a printer get NAME and AGE.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from support.k8s.objects import Obj, name_of, parse_time
from support.k8s.selector import format_label_selector


class Column(NamedTuple):
    name: str
    type: str = "string"
    priority: int = 0
    description: str = ""


Printer = Callable[[Obj, dt.datetime], list[Any]]


def _two(major: int, major_unit: str, minor: int, minor_unit: str) -> str:
    return f"{major}{major_unit}{minor}{minor_unit}" if minor else f"{major}{major_unit}"


def human_duration(seconds: float) -> str:
    """k8s.io/apimachinery/pkg/util/duration.HumanDuration."""
    if int(seconds) < -1:
        return "<invalid>"
    s = max(int(seconds), 0)
    minutes, hours = s // 60, s // 3600
    days, years = hours // 24, hours // (24 * 365)
    if s < 120:
        text = f"{s}s"
    elif minutes < 10:
        text = _two(minutes, "m", s % 60, "s")
    elif minutes < 180:
        text = f"{minutes}m"
    elif hours < 8:
        text = _two(hours, "h", minutes % 60, "m")
    elif hours < 48:
        text = f"{hours}h"
    elif hours < 24 * 8:
        text = _two(days, "d", hours % 24, "h")
    elif hours < 24 * 365 * 2:
        text = f"{days}d"
    elif hours < 24 * 365 * 8:
        text = _two(years, "y", days % 365, "d")
    else:
        text = f"{years}y"
    return text


def since(timestamp: object, now: dt.datetime) -> str:
    """translateTimestampSince: `<unknown>` for a missing timestamp."""
    when = parse_time(timestamp)
    return "<unknown>" if when is None else human_duration((now - when).total_seconds())


def pod_summary(pod: Obj, now: dt.datetime) -> tuple[str, str, str]:
    """READY, STATUS and RESTARTS as kubectl shows them (printPod, without init containers)."""
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    reason = str(status.get("reason") or status.get("phase") or "Pending")
    restarts, ready, has_running = 0, 0, False
    last_restart: dt.datetime | None = None
    for cs in reversed(status.get("containerStatuses") or []):
        restarts += int(cs.get("restartCount") or 0)
        finished = parse_time(
            ((cs.get("lastState") or {}).get("terminated") or {}).get("finishedAt")
        )
        if finished and (last_restart is None or finished > last_restart):
            last_restart = finished
        state = cs.get("state") or {}
        waiting, terminated = state.get("waiting"), state.get("terminated")
        if waiting and waiting.get("reason"):
            reason = str(waiting["reason"])
        elif terminated and terminated.get("reason"):
            reason = str(terminated["reason"])
        elif terminated:
            signal = terminated.get("signal")
            reason = f"Signal:{signal}" if signal else f"ExitCode:{terminated.get('exitCode', 0)}"
        elif cs.get("ready") and "running" in state:
            has_running = True
            ready += 1
    if reason == "Completed" and has_running:
        conditions = status.get("conditions") or []
        pod_ready = any(c.get("type") == "Ready" and c.get("status") == "True" for c in conditions)
        reason = "Running" if pod_ready else "NotReady"
    if pod.get("metadata", {}).get("deletionTimestamp") and reason not in ("Succeeded", "Failed"):
        reason = "Terminating"
    restarts_text = str(restarts)
    if restarts and last_restart is not None:
        restarts_text = f"{restarts} ({human_duration((now - last_restart).total_seconds())} ago)"
    return f"{ready}/{len(spec.get('containers') or [])}", reason, restarts_text


def _pod(pod: Obj, now: dt.datetime) -> list[Any]:
    ready, reason, restarts = pod_summary(pod, now)
    status = pod.get("status") or {}
    ips = status.get("podIPs") or []
    gates = (pod.get("spec") or {}).get("readinessGates") or []
    return [
        name_of(pod),
        ready,
        reason,
        restarts,
        since(pod["metadata"].get("creationTimestamp"), now),
        (ips[0].get("ip") if ips else status.get("podIP")) or "<none>",
        (pod.get("spec") or {}).get("nodeName") or "<none>",
        status.get("nominatedNodeName") or "<none>",
        f"{len(gates)}/{len(gates)}" if gates else "<none>",
    ]


def _containers_images(template_spec: Obj) -> list[str]:
    containers = template_spec.get("containers") or []
    return [
        ",".join(c.get("name", "") for c in containers),
        ",".join(c.get("image", "") for c in containers),
    ]


def _deployment(deploy: Obj, now: dt.datetime) -> list[Any]:
    spec, status = deploy.get("spec") or {}, deploy.get("status") or {}
    return [
        name_of(deploy),
        f"{status.get('readyReplicas', 0)}/{spec.get('replicas', 1)}",
        status.get("updatedReplicas", 0),
        status.get("availableReplicas", 0),
        since(deploy["metadata"].get("creationTimestamp"), now),
        *_containers_images((spec.get("template") or {}).get("spec") or {}),
        format_label_selector(spec.get("selector")),
    ]


def _replicaset(rs: Obj, now: dt.datetime) -> list[Any]:
    spec, status = rs.get("spec") or {}, rs.get("status") or {}
    return [
        name_of(rs),
        spec.get("replicas", 1),
        status.get("replicas", 0),
        status.get("readyReplicas", 0),
        since(rs["metadata"].get("creationTimestamp"), now),
        *_containers_images((spec.get("template") or {}).get("spec") or {}),
        format_label_selector(spec.get("selector")),
    ]


def _port_string(ports: Iterable[Obj]) -> str:
    parts = []
    for port in ports:
        node_port = f":{port['nodePort']}" if port.get("nodePort") else ""
        parts.append(f"{port.get('port')}{node_port}/{port.get('protocol', 'TCP')}")
    return ",".join(parts) or "<none>"


def _service(svc: Obj, now: dt.datetime) -> list[Any]:
    spec = svc.get("spec") or {}
    svc_type = spec.get("type", "ClusterIP")
    external = ",".join(spec.get("externalIPs") or [])
    if svc_type == "LoadBalancer":
        ingress = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
        lb = ",".join(i.get("ip") or i.get("hostname", "") for i in ingress)
        external = ",".join(x for x in (lb, external) if x) or "<pending>"
    elif svc_type == "ExternalName":
        external = spec.get("externalName", "")
    selector = spec.get("selector") or {}
    return [
        name_of(svc),
        svc_type,
        spec.get("clusterIP") or "<none>",
        external or "<none>",
        _port_string(spec.get("ports") or []),
        since(svc["metadata"].get("creationTimestamp"), now),
        ",".join(f"{k}={v}" for k, v in sorted(selector.items())) or "<none>",
    ]


def _namespace(ns: Obj, now: dt.datetime) -> list[Any]:
    phase = (ns.get("status") or {}).get("phase", "Active")
    return [name_of(ns), phase, since(ns["metadata"].get("creationTimestamp"), now)]


def _node(node: Obj, now: dt.datetime) -> list[Any]:
    status = node.get("status") or {}
    ready = next((c for c in status.get("conditions") or [] if c.get("type") == "Ready"), None)
    state = "Ready" if ready and ready.get("status") == "True" else "NotReady"
    if (node.get("spec") or {}).get("unschedulable"):
        state += ",SchedulingDisabled"
    prefix = "node-role.kubernetes.io/"
    labels = node["metadata"].get("labels") or {}
    roles = sorted(k[len(prefix) :] for k in labels if k.startswith(prefix))
    addresses = {a.get("type"): a.get("address") for a in status.get("addresses") or []}
    info = status.get("nodeInfo") or {}
    return [
        name_of(node),
        state,
        ",".join(roles) or "<none>",
        since(node["metadata"].get("creationTimestamp"), now),
        info.get("kubeletVersion", ""),
        addresses.get("InternalIP") or "<none>",
        addresses.get("ExternalIP") or "<none>",
        info.get("osImage", "<unknown>"),
        info.get("kernelVersion", "<unknown>"),
        info.get("containerRuntimeVersion", "<unknown>"),
    ]


def _configmap(cm: Obj, now: dt.datetime) -> list[Any]:
    count = len(cm.get("data") or {}) + len(cm.get("binaryData") or {})
    return [name_of(cm), count, since(cm["metadata"].get("creationTimestamp"), now)]


def _secret(secret: Obj, now: dt.datetime) -> list[Any]:
    return [
        name_of(secret),
        secret.get("type", "Opaque"),
        len(secret.get("data") or {}),
        since(secret["metadata"].get("creationTimestamp"), now),
    ]


def _event(event: Obj, now: dt.datetime) -> list[Any]:
    first = since(event.get("firstTimestamp") or event.get("eventTime"), now)
    last = since(event["lastTimestamp"], now) if event.get("lastTimestamp") else first
    involved = event.get("involvedObject") or {}
    kind = str(involved.get("kind", "")).lower()
    target = f"{kind}/{involved['name']}" if involved.get("name") else kind
    source = event.get("source") or {}
    source_text = ", ".join(x for x in (source.get("component"), source.get("host")) if x)
    return [
        last,
        event.get("type", ""),
        event.get("reason", ""),
        target,
        involved.get("fieldPath", ""),
        source_text,
        str(event.get("message", "")).strip(),
        first,
        int(event.get("count") or 1),
        name_of(event),
    ]


def _default(obj: Obj, now: dt.datetime) -> list[Any]:
    return [name_of(obj), since(obj.get("metadata", {}).get("creationTimestamp"), now)]


_NAME_AGE = [Column("Name"), Column("Age")]
_WORKLOAD_WIDE = [Column("Containers", priority=1), Column("Images", priority=1)]
_PRINTERS: dict[str, tuple[list[Column], Printer]] = {
    "Pod": (
        [
            Column("Name"),
            Column("Ready"),
            Column("Status"),
            Column("Restarts"),
            Column("Age"),
            Column("IP", priority=1),
            Column("Node", priority=1),
            Column("Nominated Node", priority=1),
            Column("Readiness Gates", priority=1),
        ],
        _pod,
    ),
    "Deployment": (
        [
            Column("Name"),
            Column("Ready"),
            Column("Up-to-date", "integer"),
            Column("Available", "integer"),
            Column("Age"),
            *_WORKLOAD_WIDE,
            Column("Selector", priority=1),
        ],
        _deployment,
    ),
    "ReplicaSet": (
        [
            Column("Name"),
            Column("Desired", "integer"),
            Column("Current", "integer"),
            Column("Ready", "integer"),
            Column("Age"),
            *_WORKLOAD_WIDE,
            Column("Selector", priority=1),
        ],
        _replicaset,
    ),
    "Service": (
        [
            Column("Name"),
            Column("Type"),
            Column("Cluster-IP"),
            Column("External-IP"),
            Column("Port(s)"),
            Column("Age"),
            Column("Selector", priority=1),
        ],
        _service,
    ),
    "Namespace": ([Column("Name"), Column("Status"), Column("Age")], _namespace),
    "Node": (
        [
            Column("Name"),
            Column("Status"),
            Column("Roles"),
            Column("Age"),
            Column("Version"),
            Column("Internal-IP", priority=1),
            Column("External-IP", priority=1),
            Column("OS-Image", priority=1),
            Column("Kernel-Version", priority=1),
            Column("Container-Runtime", priority=1),
        ],
        _node,
    ),
    "ConfigMap": ([Column("Name"), Column("Data", "integer"), Column("Age")], _configmap),
    "Secret": (
        [Column("Name"), Column("Type"), Column("Data", "integer"), Column("Age")],
        _secret,
    ),
    "Event": (
        [
            Column("Last Seen"),
            Column("Type"),
            Column("Reason"),
            Column("Object"),
            Column("Subobject", priority=1),
            Column("Source", priority=1),
            Column("Message"),
            Column("First Seen", priority=1),
            Column("Count", "integer", priority=1),
            Column("Name", priority=1),
        ],
        _event,
    ),
}


def _row_object(obj: Obj, include_object: str) -> Obj | None:
    if include_object == "None":
        return None
    if include_object == "Object":
        return obj
    return {
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": obj.get("metadata", {}),
    }


def render_table(
    kind: str,
    objects: Iterable[Obj],
    now: dt.datetime,
    *,
    resource_version: str,
    include_object: str = "Metadata",
    with_columns: bool = True,
) -> Obj:
    """A meta.k8s.io/v1 Table for objects of one kind (`includeObject` as the API accepts it)."""
    columns, printer = _PRINTERS.get(kind, (_NAME_AGE, _default))
    table: Obj = {
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": {"resourceVersion": resource_version},
        "rows": [
            {"cells": printer(obj, now), "object": _row_object(obj, include_object)}
            for obj in objects
        ],
    }
    if with_columns:
        table["columnDefinitions"] = [
            {
                "name": c.name,
                "type": c.type,
                "format": "name" if c.name == "Name" else "",
                "description": c.description,
                "priority": c.priority,
            }
            for c in columns
        ]
    return table
