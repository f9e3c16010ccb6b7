"""Fake control plane: deployment and replicaset controllers, a kubelet, and garbage collection.

It is level-triggered like the real controllers: after every write the emulator calls
`Controller.reconcile`, which drives the stored objects towards their specs at once (no delays):
a Deployment owns one ReplicaSet per pod template (named by the pod-template-hash), the current
one is scaled to `spec.replicas` and older ones to 0; ReplicaSets create and delete Pods; the
kubelet gives new Pods a status; objects whose owners or namespace are gone are deleted. The
controllers record Events like the real ones, so `kubectl describe` shows what happened.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import math
from collections.abc import Callable
from typing import Protocol

from support.k8s.containers import NODE_NAME, crashes, pod_status
from support.k8s.objects import (
    SUFFIX_ALPHABET,
    Obj,
    annotations_of,
    controller_uid,
    format_time,
    metadata,
    name_of,
    namespace_of,
    owner_reference,
    owner_uids,
    parse_time,
    stable_suffix,
    uid_of,
)

HASH_LABEL = "pod-template-hash"
REVISION = "deployment.kubernetes.io/revision"


class Store(Protocol):
    """The object store the controllers act on (implemented by the emulator)."""

    @property
    def revision(self) -> int:
        """Increases on every effective write."""
        ...

    def select(self, api_version: str, kind: str, namespace: str | None = None) -> list[Obj]:
        """Copies of the live objects of one kind, optionally in one namespace."""
        ...

    def everything(self) -> list[Obj]:
        """Copies of every live object."""
        ...

    def save(self, obj: Obj) -> Obj:
        """Create or update; a no-op if nothing changed. Returns the stored copy."""
        ...

    def remove(self, obj: Obj) -> None:
        """Delete the object if it still exists."""
        ...


def template_hash(template: Obj, collisions: int = 0) -> str:
    """Like the deployment controller: FNV-32a of the template, as SafeEncodeString(decimal)."""
    data = json.dumps(template, sort_keys=True).encode() + str(collisions).encode()
    h = 0x811C9DC5
    for byte in data:
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return "".join(SUFFIX_ALPHABET[ord(c) % len(SUFFIX_ALPHABET)] for c in str(h))


def _template_without_hash(template: Obj) -> Obj:
    result = copy.deepcopy(template)
    labels = result.get("metadata", {}).get("labels") or {}
    labels.pop(HASH_LABEL, None)
    return result


def replicaset_for(deploy: Obj, pod_hash: str, revision: int, created: dt.datetime) -> Obj:
    """A ReplicaSet for the deployment's current pod template (0 replicas until scaled)."""
    template = copy.deepcopy(deploy["spec"]["template"])
    template.setdefault("metadata", {}).setdefault("labels", {})[HASH_LABEL] = pod_hash
    selector = copy.deepcopy(deploy["spec"].get("selector") or {})
    selector.setdefault("matchLabels", {})[HASH_LABEL] = pod_hash
    labels = dict(deploy["spec"]["template"].get("metadata", {}).get("labels") or {})
    return {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "metadata": {
            "name": f"{name_of(deploy)}-{pod_hash}",
            "namespace": namespace_of(deploy),
            "labels": {**labels, HASH_LABEL: pod_hash},
            "annotations": {REVISION: str(revision)},
            "ownerReferences": [owner_reference(deploy)],
            "creationTimestamp": format_time(created),
            "generation": 1,
        },
        "spec": {"replicas": 0, "selector": selector, "template": template},
    }


def pod_from_replicaset(rs: Obj, name: str, created: dt.datetime) -> Obj:
    """A new, not yet started Pod from the ReplicaSet's template, bound to the only node."""
    template = rs["spec"]["template"]
    spec = copy.deepcopy(template.get("spec") or {})
    spec.setdefault("nodeName", NODE_NAME)
    pod_meta: Obj = {
        "name": name,
        "generateName": f"{name_of(rs)}-",
        "namespace": namespace_of(rs),
        "labels": copy.deepcopy(template.get("metadata", {}).get("labels") or {}),
        "ownerReferences": [owner_reference(rs)],
        "creationTimestamp": format_time(created),
    }
    if template.get("metadata", {}).get("annotations"):
        pod_meta["annotations"] = copy.deepcopy(template["metadata"]["annotations"])
    return {"apiVersion": "v1", "kind": "Pod", "metadata": pod_meta, "spec": spec}


def _percent_or_int(value: object, total: int, *, round_up: bool) -> int:
    if isinstance(value, str) and value.endswith("%"):
        exact = total * int(value[:-1]) / 100
        return math.ceil(exact) if round_up else math.floor(exact)
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else 0


def _ready(pod: Obj) -> bool:
    conditions = (pod.get("status") or {}).get("conditions") or []
    return any(c.get("type") == "Ready" and c.get("status") == "True" for c in conditions)


def _condition(old: list[Obj], kind: str, state: tuple[str, str, str], now: str) -> Obj:
    """A Deployment condition; its timestamps move only when status (or reason) changes."""
    status, reason, message = state
    previous = next((c for c in old if c.get("type") == kind), {})
    unchanged = previous.get("status") == status
    same_reason = unchanged and previous.get("reason") == reason
    return {
        "type": kind,
        "status": status,
        "lastUpdateTime": previous.get("lastUpdateTime", now) if same_reason else now,
        "lastTransitionTime": previous.get("lastTransitionTime", now) if unchanged else now,
        "reason": reason,
        "message": message,
    }


class Controller:
    """Reconciles a Store; `now` supplies the clock (events and statuses are stamped with it)."""

    def __init__(self, now: Callable[[], dt.datetime]) -> None:
        self._now = now
        self._serial = 0

    def reset(self) -> None:
        self._serial = 0

    def reconcile(self, store: Store) -> None:
        for _ in range(10):  # each pass converges one level (namespace > deploy > rs > pod)
            before = store.revision
            self._collect_garbage(store)
            self._sync_deployments(store)
            self._sync_replicasets(store)
            self._run_kubelet(store)
            if store.revision == before:
                return

    # -- events -------------------------------------------------------------------------------

    def record_event(
        self,
        store: Store,
        obj: Obj,
        reason: str,
        message: str,
        *,
        source: str,
        warning: bool = False,
    ) -> None:
        """Record (or count up, as the event recorder aggregates) an Event about obj."""
        now = format_time(self._now())
        key = hashlib.sha256(f"{uid_of(obj)}/{reason}/{message}".encode()).hexdigest()[:16]
        name = f"{name_of(obj)}.{key}"
        namespace = namespace_of(obj) or "default"
        existing = [e for e in store.select("v1", "Event", namespace) if name_of(e) == name]
        if existing:
            event = existing[0]
            event["count"] = int(event.get("count") or 1) + 1
            event["lastTimestamp"] = now
            store.save(event)
            return
        involved = {
            "kind": obj.get("kind"),
            "namespace": namespace_of(obj),
            "name": name_of(obj),
            "uid": uid_of(obj),
            "apiVersion": obj.get("apiVersion"),
            "resourceVersion": obj.get("metadata", {}).get("resourceVersion", ""),
        }
        if obj.get("kind") == "Pod" and source == "kubelet":
            containers = (obj.get("spec") or {}).get("containers") or [{}]
            involved["fieldPath"] = f"spec.containers{{{containers[0].get('name', '')}}}"
        store.save(
            {
                "apiVersion": "v1",
                "kind": "Event",
                "metadata": {"name": name, "namespace": namespace, "creationTimestamp": now},
                "involvedObject": {k: v for k, v in involved.items() if v},
                "reason": reason,
                "message": message,
                "source": {
                    "component": source,
                    **({"host": NODE_NAME} if source == "kubelet" else {}),
                },
                "firstTimestamp": now,
                "lastTimestamp": now,
                "count": 1,
                "type": "Warning" if warning else "Normal",
                "eventTime": None,
                "reportingComponent": source,
                "reportingInstance": NODE_NAME if source == "kubelet" else "",
            }
        )

    # -- garbage collector --------------------------------------------------------------------

    def _collect_garbage(self, store: Store) -> None:
        everything = store.everything()
        namespaces = {name_of(o) for o in everything if o.get("kind") == "Namespace"}
        live_uids = {uid_of(o) for o in everything}
        for obj in everything:
            namespace = namespace_of(obj)
            owners = owner_uids(obj)
            orphaned = bool(owners) and not any(uid in live_uids for uid in owners)
            if (namespace is not None and namespace not in namespaces) or orphaned:
                store.remove(obj)

    # -- deployment controller ----------------------------------------------------------------

    def _sync_deployments(self, store: Store) -> None:
        for deploy in store.select("apps/v1", "Deployment"):
            self._sync_deployment(store, deploy)

    def _sync_deployment(self, store: Store, deploy: Obj) -> None:
        namespace, uid = namespace_of(deploy), uid_of(deploy)
        owned = [
            rs
            for rs in store.select("apps/v1", "ReplicaSet", namespace)
            if controller_uid(rs) == uid
        ]
        template = deploy["spec"]["template"]
        revisions = [int(annotations_of(rs).get(REVISION, "0") or 0) for rs in owned]
        top_revision = max(revisions, default=0)
        current = next(
            (rs for rs in owned if _template_without_hash(rs["spec"]["template"]) == template),
            None,
        )
        if current is None:
            collisions = 0
            names = {name_of(rs) for rs in store.select("apps/v1", "ReplicaSet", namespace)}
            while f"{name_of(deploy)}-{template_hash(template, collisions)}" in names:
                collisions += 1
            pod_hash = template_hash(template, collisions)
            current = store.save(replicaset_for(deploy, pod_hash, top_revision + 1, self._now()))
            owned.append(current)
        elif int(annotations_of(current).get(REVISION, "0") or 0) < top_revision:
            metadata(current)["annotations"][REVISION] = str(top_revision + 1)  # a rollback
            current = store.save(current)

        desired = int(deploy["spec"].get("replicas", 1))
        for rs in owned:
            target = desired if uid_of(rs) == uid_of(current) else 0
            have = int(rs["spec"].get("replicas", 0))
            if have != target:
                rs["spec"]["replicas"] = target
                annotations = metadata(rs).setdefault("annotations", {})
                annotations["deployment.kubernetes.io/desired-replicas"] = str(desired)
                annotations["deployment.kubernetes.io/max-replicas"] = str(desired)
                store.save(rs)
                verb = "up" if target > have else "down"
                detail = f" from {have}" if verb == "down" else ""
                self.record_event(
                    store,
                    deploy,
                    "ScalingReplicaSet",
                    f"Scaled {verb} replica set {name_of(rs)} to {target}{detail}",
                    source="deployment-controller",
                )
        self._prune_history(store, deploy, [rs for rs in owned if uid_of(rs) != uid_of(current)])

        revision = annotations_of(current).get(REVISION, "1")
        if annotations_of(deploy).get(REVISION) != revision:
            metadata(deploy).setdefault("annotations", {})[REVISION] = revision
            deploy = store.save(deploy)
        self._deployment_status(store, deploy, current, owned)

    def _prune_history(self, store: Store, deploy: Obj, old: list[Obj]) -> None:
        limit = int(deploy["spec"].get("revisionHistoryLimit", 10))
        idle = [rs for rs in old if int(rs["spec"].get("replicas", 0)) == 0]
        idle.sort(key=lambda rs: int(annotations_of(rs).get(REVISION, "0") or 0))
        for rs in idle[: max(0, len(idle) - limit)]:
            store.remove(rs)

    def _deployment_status(self, store: Store, deploy: Obj, current: Obj, owned: list[Obj]) -> None:
        namespace = namespace_of(deploy)
        pods = store.select("v1", "Pod", namespace)
        by_rs = {uid_of(rs): [p for p in pods if controller_uid(p) == uid_of(rs)] for rs in owned}
        all_pods = [p for group in by_rs.values() for p in group]
        updated = by_rs.get(uid_of(current), [])
        available = sum(1 for p in all_pods if _ready(p))
        spec = deploy["spec"]
        desired = int(spec.get("replicas", 1))
        strategy = spec.get("strategy") or {}
        max_unavailable = 0
        if strategy.get("type", "RollingUpdate") == "RollingUpdate":
            rolling = strategy.get("rollingUpdate") or {}
            max_unavailable = _percent_or_int(
                rolling.get("maxUnavailable", "25%"), desired, round_up=False
            )
        total = sum(int(rs["spec"].get("replicas", 0)) for rs in owned)
        now = format_time(self._now())
        old_conditions = (deploy.get("status") or {}).get("conditions") or []
        rs_name = name_of(current)
        complete = len(updated) == desired == available and len(all_pods) == desired
        created = parse_time(current["metadata"].get("creationTimestamp")) or self._now()
        deadline = int(spec.get("progressDeadlineSeconds", 600))
        if complete:
            progressing = (
                "True",
                "NewReplicaSetAvailable",
                f'ReplicaSet "{rs_name}" has successfully progressed.',
            )
        elif (self._now() - created).total_seconds() > deadline:
            progressing = (
                "False",
                "ProgressDeadlineExceeded",
                f'ReplicaSet "{rs_name}" has timed out progressing.',
            )
        else:
            progressing = ("True", "ReplicaSetUpdated", f'ReplicaSet "{rs_name}" is progressing.')
        if available >= desired - max_unavailable:
            availability = (
                "True",
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.",
            )
        else:
            availability = (
                "False",
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.",
            )
        status: Obj = {
            "observedGeneration": deploy["metadata"].get("generation", 1),
            "replicas": len(all_pods),
            "updatedReplicas": len(updated),
            "readyReplicas": available,
            "availableReplicas": available,
            "unavailableReplicas": max(0, total - available),
            "conditions": [
                _condition(old_conditions, "Available", availability, now),
                _condition(old_conditions, "Progressing", progressing, now),
            ],
        }
        deploy["status"] = {k: v for k, v in status.items() if v != 0}  # omitempty, like the API
        store.save(deploy)

    # -- replicaset controller ----------------------------------------------------------------

    def _sync_replicasets(self, store: Store) -> None:
        for rs in store.select("apps/v1", "ReplicaSet"):
            namespace, uid = namespace_of(rs), uid_of(rs)
            existing = store.select("v1", "Pod", namespace)
            pods = [p for p in existing if controller_uid(p) == uid]
            want = int(rs["spec"].get("replicas", 1))
            taken = {name_of(p) for p in existing}
            for _ in range(want - len(pods)):
                name = self._new_pod_name(name_of(rs), taken)
                taken.add(name)
                pod = store.save(pod_from_replicaset(rs, name, self._now()))
                pods.append(pod)
                self.record_event(
                    store,
                    rs,
                    "SuccessfulCreate",
                    f"Created pod: {name}",
                    source="replicaset-controller",
                )
            if len(pods) > want:
                # Like the real controller: unready pods go first, then the newest.
                pods.sort(key=lambda p: (p["metadata"].get("creationTimestamp", ""), name_of(p)))
                pods.reverse()
                pods.sort(key=_ready)  # stable: unready first, newest first within each group
                doomed = sorted(pods[: len(pods) - want], key=name_of)
                for pod in doomed:
                    store.remove(pod)
                    self.record_event(
                        store,
                        rs,
                        "SuccessfulDelete",
                        f"Deleted pod: {name_of(pod)}",
                        source="replicaset-controller",
                    )
                pods = [p for p in pods if p not in doomed]
            ready = sum(1 for p in pods if _ready(p))
            status: Obj = {
                "replicas": len(pods),
                "fullyLabeledReplicas": len(pods),
                "readyReplicas": ready,
                "availableReplicas": ready,
                "observedGeneration": rs["metadata"].get("generation", 1),
            }
            rs["status"] = {k: v for k, v in status.items() if v != 0 or k == "replicas"}
            store.save(rs)

    def _new_pod_name(self, prefix: str, taken: set[str]) -> str:
        while True:
            self._serial += 1
            name = f"{prefix}-{stable_suffix(f'{prefix}/{self._serial}')}"
            if name not in taken:
                return name

    # -- kubelet ------------------------------------------------------------------------------

    def _run_kubelet(self, store: Store) -> None:
        """Start pods that have no status yet: Running, or CrashLoopBackOff for crashing images."""
        for pod in store.select("v1", "Pod"):
            if (pod.get("status") or {}).get("phase"):
                continue
            now = self._now()
            pod["spec"].setdefault("nodeName", NODE_NAME)
            pod["status"] = pod_status(pod, started=now, now=now, restarts=0)
            started = store.save(pod)
            where = f"{namespace_of(started)}/{name_of(started)}"
            self.record_event(
                store,
                started,
                "Scheduled",
                f"Successfully assigned {where} to {NODE_NAME}",
                source="default-scheduler",
            )
            for container in started["spec"].get("containers") or []:
                image, cname = container.get("image", ""), container.get("name", "")
                for reason, message in (
                    ("Pulled", f'Container image "{image}" already present on machine'),
                    ("Created", f"Created container {cname}"),
                    ("Started", f"Started container {cname}"),
                ):
                    self.record_event(store, started, reason, message, source="kubelet")
                if crashes(image):
                    pod_ref = f"{name_of(started)}_{namespace_of(started)}({uid_of(started)})"
                    self.record_event(
                        store,
                        started,
                        "BackOff",
                        f"Back-off restarting failed container {cname} in pod {pod_ref}",
                        source="kubelet",
                        warning=True,
                    )
