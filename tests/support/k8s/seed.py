"""The emulator's seeded cluster: deterministic names that tests and docs can refer to.

Timestamps are relative to the moment of (re)seeding, so ages read the same in every run.

- namespaces `default`, `kube-system`, `payments`; one node `node-1`
- payments: deployment `api` (2/2 Running, pods `api-7d9c8b6f5-abcde` and `-fghij`, service `api`,
  configmap `api-config`); deployment `billing-worker` (0/1: pod `billing-worker-5f6d7c8b9-xk2lp`
  in CrashLoopBackOff with 7 restarts, because postgres refuses connections; revision 2, the
  previous image 2.0.0 is revision 1); secret `db-credentials` (Opaque: username, password)
- default: pod `web-0` (nginx, Running), service `kubernetes`
- kube-system: deployment `coredns` with pod `coredns-7db6d8ff4d-m4q9z`, service `kube-dns`
"""

from __future__ import annotations

import base64
import copy
import datetime as dt

from support.k8s.containers import NODE_IP, NODE_NAME, pod_status
from support.k8s.controller import pod_from_replicaset, replicaset_for
from support.k8s.defaults import apply_defaults
from support.k8s.objects import Obj, format_time, name_of, stable_hex, stable_uid

PAYMENTS = "payments"
NAMESPACES = ("default", "kube-system", PAYMENTS)
NODE = NODE_NAME

API_DEPLOYMENT = "api"
API_IMAGE = "ghcr.io/example/api:1.4.2"
API_PODS = ("api-7d9c8b6f5-abcde", "api-7d9c8b6f5-fghij")
API_SERVICE = "api"
API_CONFIGMAP = "api-config"

BILLING_DEPLOYMENT = "billing-worker"
BILLING_IMAGE = "ghcr.io/example/billing-worker:2.0.1"
BILLING_PREVIOUS_IMAGE = "ghcr.io/example/billing-worker:2.0.0"
CRASHLOOP_POD = "billing-worker-5f6d7c8b9-xk2lp"
CRASHLOOP_RESTARTS = 7

SECRET = "db-credentials"
SECRET_DATA = {"username": "billing", "password": "s3cr3t-Pa55w0rd"}

WEB_POD = "web-0"
COREDNS_DEPLOYMENT = "coredns"
COREDNS_POD = "coredns-7db6d8ff4d-m4q9z"

DB_HOST = "postgres.payments.svc.cluster.local"


def _meta(
    kind: str, name: str, namespace: str | None, created: dt.datetime, **extra: object
) -> Obj:
    md: Obj = {
        "name": name,
        "uid": stable_uid(kind, namespace or "", name),
        "creationTimestamp": format_time(created),
    }
    if namespace is not None:
        md["namespace"] = namespace
    md.update(extra)
    return md


def _namespace(name: str, created: dt.datetime) -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": _meta("Namespace", name, None, created),
    }


def _node(created: dt.datetime, now: dt.datetime) -> Obj:
    def condition(kind: str, status: str, reason: str, message: str) -> Obj:
        return {
            "type": kind,
            "status": status,
            "lastHeartbeatTime": format_time(now - dt.timedelta(seconds=20)),
            "lastTransitionTime": format_time(created + dt.timedelta(seconds=30)),
            "reason": reason,
            "message": message,
        }

    resources = {
        "cpu": "4",
        "memory": "8141452Ki",
        "pods": "110",
        "ephemeral-storage": "61202244Ki",
    }
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": _meta(
            "Node",
            NODE_NAME,
            None,
            created,
            labels={
                "kubernetes.io/hostname": NODE_NAME,
                "kubernetes.io/os": "linux",
                "kubernetes.io/arch": "amd64",
                "node-role.kubernetes.io/control-plane": "",
            },
        ),
        "spec": {"podCIDR": "10.244.0.0/24", "podCIDRs": ["10.244.0.0/24"]},
        "status": {
            "conditions": [
                condition(
                    "MemoryPressure",
                    "False",
                    "KubeletHasSufficientMemory",
                    "kubelet has sufficient memory available",
                ),
                condition(
                    "DiskPressure",
                    "False",
                    "KubeletHasNoDiskPressure",
                    "kubelet has no disk pressure",
                ),
                condition(
                    "PIDPressure",
                    "False",
                    "KubeletHasSufficientPID",
                    "kubelet has sufficient PID available",
                ),
                condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            "addresses": [
                {"type": "InternalIP", "address": NODE_IP},
                {"type": "Hostname", "address": NODE_NAME},
            ],
            "capacity": resources,
            "allocatable": resources,
            "nodeInfo": {
                "kubeletVersion": "v1.31.9",
                "kubeProxyVersion": "v1.31.9",
                "osImage": "Debian GNU/Linux 12 (bookworm)",
                "kernelVersion": "6.1.0-27-amd64",
                "containerRuntimeVersion": "containerd://1.7.18",
                "operatingSystem": "linux",
                "architecture": "amd64",
            },
        },
    }


def _deployment(
    name: str,
    namespace: str,
    created: dt.datetime,
    *,
    replicas: int,
    labels: dict[str, str],
    container: Obj,
    strategy: str = "RollingUpdate",
) -> Obj:
    deploy: Obj = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _meta(
            "Deployment", name, namespace, created, labels=dict(labels), generation=1
        ),
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": dict(labels)},
            "strategy": {"type": strategy},
            "template": {"metadata": {"labels": dict(labels)}, "spec": {"containers": [container]}},
        },
    }
    apply_defaults(deploy)
    return deploy


def _replicaset(
    deploy: Obj, pod_hash: str, revision: int, created: dt.datetime, replicas: int
) -> Obj:
    rs = replicaset_for(deploy, pod_hash, revision, created)
    rs["metadata"]["uid"] = stable_uid("ReplicaSet", deploy["metadata"]["namespace"], name_of(rs))
    rs["spec"]["replicas"] = replicas
    apply_defaults(rs)
    return rs


def _pod(rs: Obj, name: str, created: dt.datetime, now: dt.datetime, restarts: int = 0) -> Obj:
    pod = pod_from_replicaset(rs, name, created)
    pod["metadata"]["uid"] = stable_uid("Pod", rs["metadata"]["namespace"], name)
    pod["status"] = pod_status(
        pod, started=created + dt.timedelta(seconds=4), now=now, restarts=restarts
    )
    return pod


def _service(
    name: str, namespace: str, created: dt.datetime, spec: Obj, labels: dict[str, str]
) -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": _meta("Service", name, namespace, created, labels=labels),
        "spec": spec,
    }


def _event(
    involved: Obj,
    reason: str,
    message: str,
    *,
    kind: str = "Normal",
    source: str = "kubelet",
    count: int = 1,
    first: dt.datetime,
    last: dt.datetime,
) -> Obj:
    md = involved["metadata"]
    ref = {
        "kind": involved["kind"],
        "namespace": md["namespace"],
        "name": md["name"],
        "uid": md["uid"],
        "apiVersion": involved["apiVersion"],
    }
    if involved["kind"] == "Pod" and source == "kubelet":
        ref["fieldPath"] = f"spec.containers{{{involved['spec']['containers'][0]['name']}}}"
    event_name = f"{md['name']}.{stable_hex(md['uid'] + reason + message, 16)}"
    return {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": _meta("Event", event_name, md["namespace"], first),
        "involvedObject": ref,
        "reason": reason,
        "message": message,
        "source": {"component": source, **({"host": NODE_NAME} if source == "kubelet" else {})},
        "firstTimestamp": format_time(first),
        "lastTimestamp": format_time(last),
        "count": count,
        "type": kind,
        "eventTime": None,
        "reportingComponent": source,
        "reportingInstance": NODE_NAME if source == "kubelet" else "",
    }


def _payments(now: dt.datetime) -> list[Obj]:
    def ago(**delta: float) -> dt.datetime:
        return now - dt.timedelta(**delta)

    objs: list[Obj] = []

    api = _deployment(
        API_DEPLOYMENT,
        PAYMENTS,
        ago(days=3, hours=4),
        replicas=2,
        labels={"app": "api"},
        container={
            "name": "api",
            "image": API_IMAGE,
            "ports": [{"name": "http", "containerPort": 8080}],
            "envFrom": [{"configMapRef": {"name": API_CONFIGMAP}}],
            "env": [
                {
                    "name": "DB_PASSWORD",
                    "valueFrom": {"secretKeyRef": {"name": SECRET, "key": "password"}},
                }
            ],
            "resources": {
                "requests": {"cpu": "100m", "memory": "128Mi"},
                "limits": {"memory": "256Mi"},
            },
            "readinessProbe": {"httpGet": {"path": "/healthz", "port": 8080}, "periodSeconds": 10},
        },
    )
    api_rs = _replicaset(api, "7d9c8b6f5", 1, ago(days=3, hours=4), replicas=2)
    objs += [api, api_rs, *(_pod(api_rs, name, ago(days=3, hours=4), now) for name in API_PODS)]

    billing = _deployment(
        BILLING_DEPLOYMENT,
        PAYMENTS,
        ago(days=6, hours=2),
        replicas=1,
        labels={"app": "billing-worker"},
        strategy="Recreate",
        container={
            "name": "worker",
            "image": BILLING_IMAGE,
            "env": [{"name": "DB_HOST", "value": DB_HOST}, {"name": "DB_PORT", "value": "5432"}],
            "envFrom": [{"secretRef": {"name": SECRET}}],
            "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}},
        },
    )
    previous = copy.deepcopy(billing)
    previous["spec"]["template"]["spec"]["containers"][0]["image"] = BILLING_PREVIOUS_IMAGE
    old_rs = _replicaset(previous, "6c8d9f7b4", 1, ago(days=6, hours=2), replicas=0)
    billing_rs = _replicaset(billing, "5f6d7c8b9", 2, ago(minutes=47), replicas=1)
    crash = _pod(billing_rs, CRASHLOOP_POD, ago(minutes=47), now, restarts=CRASHLOOP_RESTARTS)
    objs += [billing, old_rs, billing_rs, crash]

    objs.append(
        _service(
            API_SERVICE,
            PAYMENTS,
            ago(days=3, hours=4),
            {
                "selector": {"app": "api"},
                "ports": [{"name": "http", "port": 80, "targetPort": 8080}],
            },
            {"app": "api"},
        )
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": _meta("ConfigMap", API_CONFIGMAP, PAYMENTS, ago(days=3, hours=4)),
            "data": {"LOG_LEVEL": "info", "DB_HOST": DB_HOST, "DB_NAME": "payments"},
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": _meta("Secret", SECRET, PAYMENTS, ago(days=9)),
            "type": "Opaque",
            "data": {k: base64.b64encode(v.encode()).decode() for k, v in SECRET_DATA.items()},
        }
    )

    # (involved, reason, message, type, source, count, first seen, last seen)
    backoff = f"Back-off restarting failed container worker in pod {CRASHLOOP_POD}_{PAYMENTS}"
    runs = CRASHLOOP_RESTARTS + 1
    rollout, scaled_down = ago(minutes=47), ago(minutes=47, seconds=5)
    history: list[tuple[Obj, str, str, str, str, int, dt.datetime, dt.datetime]] = [
        (billing, "ScalingReplicaSet", f"Scaled down replica set {name_of(old_rs)} to 0 from 1",
         "Normal", "deployment-controller", 1, scaled_down, scaled_down),
        (billing, "ScalingReplicaSet", f"Scaled up replica set {name_of(billing_rs)} to 1",
         "Normal", "deployment-controller", 1, rollout, rollout),
        (crash, "Scheduled", f"Successfully assigned {PAYMENTS}/{CRASHLOOP_POD} to {NODE_NAME}",
         "Normal", "default-scheduler", 1, rollout, rollout),
        (crash, "Pulled", f'Container image "{BILLING_IMAGE}" already present on machine',
         "Normal", "kubelet", runs, ago(minutes=46, seconds=58), ago(seconds=97)),
        (crash, "Created", "Created container worker",
         "Normal", "kubelet", runs, ago(minutes=46, seconds=57), ago(seconds=96)),
        (crash, "Started", "Started container worker",
         "Normal", "kubelet", runs, ago(minutes=46, seconds=56), ago(seconds=95)),
        (crash, "BackOff", f"{backoff}({crash['metadata']['uid']})",
         "Warning", "kubelet", 212, ago(minutes=45), ago(seconds=20)),
    ]  # fmt: skip
    objs += [
        _event(obj, reason, message, kind=kind, source=source, count=count, first=first, last=last)
        for obj, reason, message, kind, source, count, first, last in history
    ]
    return objs


def _default(now: dt.datetime) -> list[Obj]:
    created = now - dt.timedelta(hours=5, minutes=12)
    web: Obj = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": _meta("Pod", WEB_POD, "default", created, labels={"app": "web"}),
        "spec": {
            "nodeName": NODE_NAME,
            "containers": [
                {"name": "nginx", "image": "nginx:1.27.2", "ports": [{"containerPort": 80}]}
            ],
        },
    }
    apply_defaults(web)
    web["status"] = pod_status(web, started=created + dt.timedelta(seconds=3), now=now)
    kubernetes = _service(
        "kubernetes",
        "default",
        now - dt.timedelta(days=12),
        {
            "clusterIP": "10.96.0.1",
            "ports": [{"name": "https", "port": 443, "targetPort": 6443}],
        },
        {"component": "apiserver", "provider": "kubernetes"},
    )
    return [web, kubernetes]


def _kube_system(now: dt.datetime) -> list[Obj]:
    created = now - dt.timedelta(days=12)
    coredns = _deployment(
        COREDNS_DEPLOYMENT,
        "kube-system",
        created,
        replicas=1,
        labels={"k8s-app": "kube-dns"},
        container={
            "name": "coredns",
            "image": "registry.k8s.io/coredns/coredns:v1.11.3",
            "args": ["-conf", "/etc/coredns/Corefile"],
            "ports": [
                {"name": "dns", "containerPort": 53, "protocol": "UDP"},
                {"name": "dns-tcp", "containerPort": 53, "protocol": "TCP"},
                {"name": "metrics", "containerPort": 9153, "protocol": "TCP"},
            ],
            "resources": {
                "requests": {"cpu": "100m", "memory": "70Mi"},
                "limits": {"memory": "170Mi"},
            },
        },
    )
    rs = _replicaset(coredns, "7db6d8ff4d", 1, created, replicas=1)
    pod = _pod(rs, COREDNS_POD, created, now)
    kube_dns = _service(
        "kube-dns",
        "kube-system",
        created,
        {
            "clusterIP": "10.96.0.10",
            "selector": {"k8s-app": "kube-dns"},
            "ports": [
                {"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153},
            ],
        },
        {"k8s-app": "kube-dns"},
    )
    return [coredns, rs, pod, kube_dns]


def seed_objects(now: dt.datetime) -> list[Obj]:
    """Every seeded object, complete with status; insert in this order."""
    cluster_created = now - dt.timedelta(days=12)
    objs = [_namespace(ns, cluster_created) for ns in NAMESPACES[:2]]
    objs.append(_namespace(PAYMENTS, now - dt.timedelta(days=9)))
    objs.append(_node(cluster_created, now))
    objs += _default(now) + _kube_system(now) + _payments(now)
    for obj in objs:
        apply_defaults(obj)
    return objs
