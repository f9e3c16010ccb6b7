"""What the emulator's fake containers do: whether an image runs or crash-loops, and what it logs.

Behaviour is keyed on the image reference, so `kubectl set image` to another tag changes it,
just as rolling out a fixed build would on a real cluster.
"""

from __future__ import annotations

import datetime as dt
import random

from support.k8s.objects import Obj, format_time, name_of, parse_time, stable_hex, stable_int

NODE_NAME = "node-1"
NODE_IP = "172.18.0.2"

# Images whose containers exit with status 1 shortly after starting (CrashLoopBackOff).
CRASHING_IMAGES = frozenset({"ghcr.io/example/billing-worker:2.0.1"})

LogLine = tuple[dt.datetime, str]


def image_repository(image: str) -> str:
    """`ghcr.io/example/api:1.4.2` -> `ghcr.io/example/api` (tag and digest removed)."""
    image = image.split("@", 1)[0]
    last = image.rsplit("/", 1)[-1]
    return image[: len(image) - len(last)] + last.split(":", 1)[0]


def crashes(image: str) -> bool:
    return image in CRASHING_IMAGES


def pod_ip(pod_name: str) -> str:
    return f"10.244.0.{10 + stable_int(pod_name, 240)}"


def pod_status(pod: Obj, *, started: dt.datetime, now: dt.datetime, restarts: int = 0) -> Obj:
    """The status a kubelet would report for the pod: all containers Running and ready, or,
    for crashing images, waiting in CrashLoopBackOff after `restarts` failed runs."""
    spec = pod.get("spec") or {}
    statuses = []
    all_ready = True
    for container in spec.get("containers") or []:
        image = str(container.get("image", ""))
        cs: Obj = {
            "name": container.get("name", ""),
            "image": image,
            "imageID": f"{image_repository(image)}@sha256:{stable_hex(image, 64)}",
            "containerID": f"containerd://{stable_hex(name_of(pod) + image, 64)}",
        }
        if crashes(image):
            all_ready = False
            # The last run started (at most) 95s ago and failed after 16s; backing off since.
            last_start = max(started, now - dt.timedelta(seconds=95))
            last_end = min(last_start + dt.timedelta(seconds=16), now)
            cs |= {
                "ready": False,
                "started": False,
                "restartCount": max(restarts, 1),
                "state": {
                    "waiting": {
                        "reason": "CrashLoopBackOff",
                        "message": (
                            f"back-off 5m0s restarting failed container={cs['name']} "
                            f"pod={name_of(pod)}_{pod['metadata'].get('namespace', 'default')}"
                            f"({pod['metadata'].get('uid', '')})"
                        ),
                    }
                },
                "lastState": {
                    "terminated": {
                        "exitCode": 1,
                        "reason": "Error",
                        "startedAt": format_time(last_start),
                        "finishedAt": format_time(last_end),
                        "containerID": cs["containerID"],
                    }
                },
            }
        else:
            cs |= {
                "ready": True,
                "started": True,
                "restartCount": restarts,
                "state": {"running": {"startedAt": format_time(started)}},
                "lastState": {},
            }
        statuses.append(cs)

    def condition(kind: str, ok: bool, reason: str = "") -> Obj:
        cond: Obj = {
            "type": kind,
            "status": "True" if ok else "False",
            "lastProbeTime": None,
            "lastTransitionTime": format_time(started),
        }
        if not ok:
            cond["reason"] = reason
            cond["message"] = f"containers with unready status: [{statuses[0]['name']}]"
        return cond

    ip = pod_ip(name_of(pod))
    return {
        "phase": "Running",
        "conditions": [
            condition("PodReadyToStartContainers", True),
            condition("Initialized", True),
            condition("Ready", all_ready, "ContainersNotReady"),
            condition("ContainersReady", all_ready, "ContainersNotReady"),
            condition("PodScheduled", True),
        ],
        "hostIP": NODE_IP,
        "hostIPs": [{"ip": NODE_IP}],
        "podIP": ip,
        "podIPs": [{"ip": ip}],
        "startTime": format_time(started),
        "containerStatuses": statuses,
        "qosClass": "Burstable" if _has_requests(spec) else "BestEffort",
    }


def _has_requests(spec: Obj) -> bool:
    return any((c.get("resources") or {}).get("requests") for c in spec.get("containers") or [])


def _api_lines(pod: str, started: dt.datetime, now: dt.datetime) -> list[LogLine]:
    rng = random.Random(pod)
    routes = [
        ("GET", "/v1/payments/{id}", 200),
        ("POST", "/v1/payments", 201),
        ("GET", "/v1/payments?status=pending", 200),
        ("GET", "/healthz", 200),
        ("POST", "/v1/refunds", 202),
        ("GET", "/v1/payments/{id}", 404),
    ]
    lines: list[LogLine] = [
        (started, "INFO  starting api version=1.4.2 port=8080"),
        (
            started,
            "INFO  connected to postgres host=postgres.payments.svc.cluster.local db=payments",
        ),
    ]
    for i in range(40):
        when = now - dt.timedelta(seconds=15 * (40 - i))
        method, route, code = rng.choice(routes)
        path = route.replace("{id}", f"pay_{rng.randrange(10**5, 10**6)}")
        ms = rng.randrange(2, 180)
        client = f"10.244.0.{rng.randrange(2, 250)}"
        lines.append((when, f'INFO  {client} "{method} {path} HTTP/1.1" {code} {ms}ms'))
    return lines


def _billing_worker_lines(image: str, start: dt.datetime) -> list[LogLine]:
    version = image.rsplit(":", 1)[-1]
    host = "postgres.payments.svc.cluster.local:5432"

    def at(seconds: int, text: str) -> LogLine:
        return start + dt.timedelta(seconds=seconds), text

    if not crashes(image):
        return [
            at(0, f"INFO  starting billing-worker version={version}"),
            at(1, f"INFO  connected to database {host} user=billing"),
            at(2, "INFO  consuming queue=invoices concurrency=4"),
        ]
    return [
        at(0, f"INFO  starting billing-worker version={version}"),
        at(0, f"INFO  connecting to database {host} user=billing"),
        at(5, f"ERROR failed to connect to database {host}: connection refused (attempt 1/3)"),
        at(10, f"ERROR failed to connect to database {host}: connection refused (attempt 2/3)"),
        at(15, f"ERROR failed to connect to database {host}: connection refused (attempt 3/3)"),
        at(16, "FATAL could not connect to database after 3 attempts, exiting with status 1"),
    ]


def _nginx_lines(pod: str, now: dt.datetime) -> list[LogLine]:
    rng = random.Random(pod)
    lines: list[LogLine] = []
    for i in range(20):
        when = now - dt.timedelta(seconds=30 * (20 - i))
        stamp = when.strftime("%d/%b/%Y:%H:%M:%S +0000")
        path, code, size = rng.choice([("/", 200, 615), ("/favicon.ico", 404, 153)])
        lines.append(
            (when, f'10.244.0.1 - - [{stamp}] "GET {path} HTTP/1.1" {code} {size} "-" "curl/8.5.0"')
        )
    return lines


def _coredns_lines(started: dt.datetime) -> list[LogLine]:
    return [
        (started, ".:53"),
        (
            started,
            "[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e",
        ),
        (started, "CoreDNS-1.11.3"),
        (started, "linux/amd64, go1.21.11, a6338e9"),
    ]


def log_lines(pod: Obj, container: Obj, now: dt.datetime) -> list[LogLine]:
    """Deterministic log lines (timestamp, text) for one container of a pod."""
    image = str(container.get("image", ""))
    repo = image_repository(image)
    status = pod.get("status") or {}
    start = parse_time(status.get("startTime") or pod["metadata"].get("creationTimestamp")) or now
    if repo == "ghcr.io/example/api":
        lines = _api_lines(name_of(pod), start, now)
    elif repo == "ghcr.io/example/billing-worker":
        lines = _billing_worker_lines(image, max(start, now - dt.timedelta(seconds=95)))
    elif repo in ("nginx", "docker.io/library/nginx"):
        lines = _nginx_lines(name_of(pod), now)
    elif repo.endswith("coredns/coredns"):
        lines = _coredns_lines(start)
    elif repo == "ghcr.io/example/echo":
        # Like `printf '%s\n' ARGS…`: a container whose log a test writes.
        lines = [(start, str(arg)) for arg in container.get("args") or []]
    else:
        lines = [(start, f"INFO  container {container.get('name', '')} started (image {image})")]
    return [(t, text) for t, text in lines if t >= start]  # nothing from before the start
