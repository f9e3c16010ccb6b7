"""Defaulting on write, like the API server's defaulters (the fields `kubectl describe` reads)."""

from __future__ import annotations

import base64
from typing import Any

from support.k8s.objects import Obj, metadata, name_of, stable_int


def _default_container(container: Obj) -> None:
    image = str(container.get("image", ""))
    latest = ":" not in image.rsplit("/", 1)[-1] or image.endswith(":latest")
    container.setdefault("imagePullPolicy", "Always" if latest else "IfNotPresent")
    container.setdefault("resources", {})
    container.setdefault("terminationMessagePath", "/dev/termination-log")
    container.setdefault("terminationMessagePolicy", "File")
    for port in container.get("ports") or []:
        port.setdefault("protocol", "TCP")


def default_pod_spec(spec: Obj) -> None:
    for container in [*(spec.get("initContainers") or []), *(spec.get("containers") or [])]:
        _default_container(container)
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("terminationGracePeriodSeconds", 30)
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("securityContext", {})
    spec.setdefault("schedulerName", "default-scheduler")
    if "serviceAccountName" in spec or "serviceAccount" not in spec:
        spec.setdefault("serviceAccountName", "default")
        spec.setdefault("serviceAccount", spec["serviceAccountName"])


def _default_workload(obj: Obj) -> None:
    spec = obj.setdefault("spec", {})
    if obj.get("kind") != "DaemonSet":
        spec.setdefault("replicas", 1)
    spec.setdefault("revisionHistoryLimit", 10)
    template = spec.setdefault("template", {})
    template.setdefault("metadata", {})
    default_pod_spec(template.setdefault("spec", {}))
    selector = spec.setdefault("selector", {})
    if not selector:
        selector["matchLabels"] = dict(template["metadata"].get("labels") or {})


def _default_deployment(obj: Obj) -> None:
    _default_workload(obj)
    spec = obj["spec"]
    spec.setdefault("progressDeadlineSeconds", 600)
    strategy = spec.setdefault("strategy", {})
    strategy.setdefault("type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        strategy.setdefault("rollingUpdate", {"maxUnavailable": "25%", "maxSurge": "25%"})


def _default_service(obj: Obj) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("type", "ClusterIP")
    spec.setdefault("sessionAffinity", "None")
    if spec["type"] != "ExternalName" and not spec.get("clusterIP"):
        seed = f"{obj['metadata'].get('namespace')}/{name_of(obj)}"
        n = stable_int(seed, 250 * 250)
        spec["clusterIP"] = f"10.96.{1 + n // 250}.{1 + n % 250}"
    if spec.get("clusterIP"):
        spec.setdefault("clusterIPs", [spec["clusterIP"]])
    spec.setdefault("ipFamilies", ["IPv4"])
    spec.setdefault("ipFamilyPolicy", "SingleStack")
    spec.setdefault("internalTrafficPolicy", "Cluster")
    for port in spec.get("ports") or []:
        port.setdefault("protocol", "TCP")
        port.setdefault("targetPort", port.get("port"))


def _default_secret(obj: Obj) -> None:
    obj.setdefault("type", "Opaque")
    string_data: dict[str, Any] = obj.pop("stringData", None) or {}
    if string_data:
        data = obj.setdefault("data", {})
        for key, value in string_data.items():
            data[key] = base64.b64encode(str(value).encode()).decode()


def _default_namespace(obj: Obj) -> None:
    labels = metadata(obj).setdefault("labels", {})
    labels.setdefault("kubernetes.io/metadata.name", name_of(obj))
    obj.setdefault("spec", {}).setdefault("finalizers", ["kubernetes"])
    obj.setdefault("status", {}).setdefault("phase", "Active")


def apply_defaults(obj: Obj) -> None:
    """Fill in the defaults the API server would for this object's kind (in place)."""
    match obj.get("kind"):
        case "Pod":
            default_pod_spec(obj.setdefault("spec", {}))
        case "Deployment":
            _default_deployment(obj)
        case "ReplicaSet" | "StatefulSet" | "DaemonSet":
            _default_workload(obj)
        case "Job":
            default_pod_spec(
                obj.setdefault("spec", {}).setdefault("template", {}).setdefault("spec", {})
            )
        case "Service":
            _default_service(obj)
        case "Secret":
            _default_secret(obj)
        case "Namespace":
            _default_namespace(obj)
