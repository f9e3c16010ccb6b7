"""The real, pinned kubectl (v1.31.9) against the loopback Kubernetes API emulator."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.k8s.plugin import EMULATOR_SCRIPT, Cluster
from support.k8s.seed import (
    API_IMAGE,
    API_PODS,
    BILLING_PREVIOUS_IMAGE,
    COREDNS_POD,
    CRASHLOOP_POD,
    PAYMENTS,
    SECRET,
    SECRET_DATA,
    WEB_POD,
)

MANIFEST = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
  namespace: payments
  labels: {app: frontend}
spec:
  replicas: 2
  selector:
    matchLabels: {app: frontend}
  template:
    metadata:
      labels: {app: frontend}
    spec:
      containers:
      - name: web
        image: nginx:1.27.2
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: frontend-config
  namespace: payments
data:
  GREETING: hello
"""


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"kubectl failed ({result.returncode}):\n{result.stderr}"
    return result.stdout


def rows(table: str) -> dict[str, list[str]]:
    """`kubectl get` table output -> {NAME: cells} (NAMESPACE/NAME joined for -A)."""
    header, *lines = table.strip().splitlines()
    columns = re.split(r"\s{2,}", header.strip())
    result = {}
    for line in lines:
        cells = re.split(r"\s{2,}", line.strip())
        assert len(cells) == len(columns), f"ragged row {line!r} for {columns}"
        key = f"{cells[0]}/{cells[1]}" if columns[0] == "NAMESPACE" else cells[0]
        result[key] = cells
    return result


def pod_names(k8s: Cluster, *selector: str) -> list[str]:
    out = ok(k8s.kubectl("get", "pods", "-n", PAYMENTS, *selector, "-o", "name"))
    return sorted(line.removeprefix("pod/") for line in out.split())


def test_get_pods_all_namespaces(k8s: Cluster) -> None:
    out = ok(k8s.kubectl("get", "pods", "-A"))
    assert out.splitlines()[0].split() == [
        "NAMESPACE",
        "NAME",
        "READY",
        "STATUS",
        "RESTARTS",
        "AGE",
    ]
    table = rows(out)
    assert sorted(table) == sorted(
        [
            f"default/{WEB_POD}",
            f"kube-system/{COREDNS_POD}",
            *(f"{PAYMENTS}/{pod}" for pod in API_PODS),
            f"{PAYMENTS}/{CRASHLOOP_POD}",
        ]
    )
    assert table[f"{PAYMENTS}/{API_PODS[0]}"][2:5] == ["1/1", "Running", "0"]
    crash = table[f"{PAYMENTS}/{CRASHLOOP_POD}"]
    assert crash[2:4] == ["0/1", "CrashLoopBackOff"]
    assert re.fullmatch(r"7 \(\d+s ago\)", crash[4])
    assert crash[5] == "47m"


def test_get_pods_in_namespace_and_by_label(k8s: Cluster) -> None:
    table = rows(ok(k8s.kubectl("get", "pods", "-n", PAYMENTS)))
    assert sorted(table) == sorted([*API_PODS, CRASHLOOP_POD])
    assert pod_names(k8s, "-l", "app=api") == sorted(API_PODS)
    assert pod_names(k8s, "-l", "app!=api") == [CRASHLOOP_POD]
    assert rows(ok(k8s.kubectl("get", "pods")))[WEB_POD][2] == "Running"  # context namespace


def test_get_namespaces(k8s: Cluster) -> None:
    table = rows(ok(k8s.kubectl("get", "ns")))
    assert sorted(table) == ["default", "kube-system", PAYMENTS]
    assert {cells[1] for cells in table.values()} == {"Active"}


def test_get_deployments(k8s: Cluster) -> None:
    out = ok(k8s.kubectl("get", "deploy", "-n", PAYMENTS))
    assert out.splitlines()[0].split() == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
    table = rows(out)
    assert table["api"][1:4] == ["2/2", "2", "2"]
    assert table["billing-worker"][1:4] == ["0/1", "1", "0"]
    wide = rows(ok(k8s.kubectl("get", "deploy", "api", "-n", PAYMENTS, "-o", "wide")))
    assert wide["api"][5:] == ["api", API_IMAGE, "app=api"]


def test_describe_crashlooping_pod(k8s: Cluster) -> None:
    out = ok(k8s.kubectl("describe", "pod", CRASHLOOP_POD, "-n", PAYMENTS))
    for pattern in (
        rf"Name:\s+{CRASHLOOP_POD}\n",
        r"Controlled By:\s+ReplicaSet/billing-worker-5f6d7c8b9\n",
        r"State:\s+Waiting\n\s+Reason:\s+CrashLoopBackOff\n",
        r"Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+1\n",
        r"Restart Count:\s+7\n",
        r"Warning\s+BackOff\s+\S+ \(x\d+ over 45m\)\s+kubelet\s+Back-off restarting failed",
    ):
        assert re.search(pattern, out), pattern


def test_describe_deployment(k8s: Cluster) -> None:
    out = ok(k8s.kubectl("describe", "deploy", "api", "-n", PAYMENTS))
    replicas = r"Replicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable\n"
    assert re.search(replicas, out)
    assert re.search(rf"Image:\s+{re.escape(API_IMAGE)}\n", out)
    assert re.search(r"NewReplicaSet:\s+api-7d9c8b6f5 \(2/2 replicas created\)", out)
    broken = ok(k8s.kubectl("describe", "deploy", "billing-worker", "-n", PAYMENTS))
    assert re.search(r"Available\s+False\s+MinimumReplicasUnavailable", broken)
    assert "Scaled up replica set billing-worker-5f6d7c8b9 to 1" in broken


def test_logs(k8s: Cluster) -> None:
    api = ok(k8s.kubectl("logs", API_PODS[0], "-n", PAYMENTS))
    assert re.search(r'"(GET|POST) /v1/\S+ HTTP/1.1" \d{3} \d+ms', api)
    assert len(ok(k8s.kubectl("logs", API_PODS[0], "-n", PAYMENTS, "--tail=3")).splitlines()) == 3
    crash = ok(k8s.kubectl("logs", CRASHLOOP_POD, "-n", PAYMENTS))
    assert "failed to connect to database" in crash
    assert crash.splitlines()[-1].startswith("FATAL")
    via_deploy = k8s.kubectl("logs", "deploy/api", "-n", PAYMENTS, "--tail=1")
    assert len(ok(via_deploy).splitlines()) == 1
    previous = k8s.kubectl("logs", API_PODS[0], "-n", PAYMENTS, "--previous")
    assert previous.returncode == 1
    assert "previous terminated container" in previous.stderr


def test_get_pod_as_yaml_and_json(k8s: Cluster) -> None:
    pod = json.loads(ok(k8s.kubectl("get", "pod", CRASHLOOP_POD, "-n", PAYMENTS, "-o", "json")))
    assert pod["kind"] == "Pod"
    assert pod["metadata"]["ownerReferences"][0]["name"] == "billing-worker-5f6d7c8b9"
    status = pod["status"]["containerStatuses"][0]
    assert status["state"]["waiting"]["reason"] == "CrashLoopBackOff"
    assert status["restartCount"] == 7
    assert status["lastState"]["terminated"]["exitCode"] == 1
    yaml = ok(k8s.kubectl("get", "pod", API_PODS[1], "-n", PAYMENTS, "-o", "yaml"))
    assert f"  name: {API_PODS[1]}\n" in yaml
    assert f"image: {API_IMAGE}" in yaml
    assert "phase: Running" in yaml


def test_get_secret_as_yaml(k8s: Cluster) -> None:
    out = ok(k8s.kubectl("get", "secret", SECRET, "-n", PAYMENTS, "-o", "yaml"))
    assert "type: Opaque" in out
    for key, value in SECRET_DATA.items():
        assert f"  {key}: {base64.b64encode(value.encode()).decode()}\n" in out
    table = rows(ok(k8s.kubectl("get", "secret", "-n", PAYMENTS)))
    assert table[SECRET][1:3] == ["Opaque", "2"]


def test_scale_changes_pod_count(k8s: Cluster) -> None:
    assert ok(k8s.kubectl("scale", "deploy/api", "-n", PAYMENTS, "--replicas=4")).strip() == (
        "deployment.apps/api scaled"
    )
    pods = pod_names(k8s, "-l", "app=api")
    assert len(pods) == 4
    assert set(API_PODS) <= set(pods)
    assert rows(ok(k8s.kubectl("get", "deploy", "api", "-n", PAYMENTS)))["api"][1] == "4/4"
    ok(k8s.kubectl("scale", "deploy/api", "-n", PAYMENTS, "--replicas=1"))
    assert pod_names(k8s, "-l", "app=api") == [API_PODS[0]]  # the newest pods go first
    events = ok(k8s.kubectl("describe", "deploy", "api", "-n", PAYMENTS))
    assert "Scaled down replica set api-7d9c8b6f5 to 1 from 4" in events


def test_delete(k8s: Cluster) -> None:
    out = ok(k8s.kubectl("delete", "pod", API_PODS[0], "-n", PAYMENTS))
    assert out.strip() == f'pod "{API_PODS[0]}" deleted'
    pods = pod_names(k8s, "-l", "app=api")
    assert len(pods) == 2  # the ReplicaSet replaced it
    assert API_PODS[0] not in pods
    ok(k8s.kubectl("delete", "deploy", "billing-worker", "-n", PAYMENTS))
    assert pod_names(k8s, "-l", "app=billing-worker") == []
    missing = k8s.kubectl("get", "deploy", "billing-worker", "-n", PAYMENTS)
    assert missing.returncode == 1
    assert 'deployments.apps "billing-worker" not found' in missing.stderr


def test_label(k8s: Cluster) -> None:
    ok(k8s.kubectl("label", "pod", WEB_POD, "tier=frontend"))
    labels = ok(k8s.kubectl("get", "pod", WEB_POD, "-o", "jsonpath={.metadata.labels}"))
    assert json.loads(labels) == {"app": "web", "tier": "frontend"}
    assert ok(k8s.kubectl("get", "pods", "-l", "tier=frontend", "-o", "name")).split() == [
        f"pod/{WEB_POD}"
    ]


def test_apply_manifest_from_stdin(k8s: Cluster) -> None:
    out = ok(k8s.kubectl("apply", "--validate=false", "-f", "-", input=MANIFEST))
    assert out.splitlines() == [
        "deployment.apps/frontend created",
        "configmap/frontend-config created",
    ]
    assert len(pod_names(k8s, "-l", "app=frontend")) == 2
    # Default (strict) validation works too; unchanged objects are reported as such.
    again = ok(
        k8s.kubectl("apply", "-f", "-", input=MANIFEST.replace("replicas: 2", "replicas: 3"))
    )
    assert again.splitlines() == [
        "deployment.apps/frontend configured",
        "configmap/frontend-config unchanged",
    ]
    assert len(pod_names(k8s, "-l", "app=frontend")) == 3


def test_rollout_undo_recovers_the_crashlooping_deployment(k8s: Cluster) -> None:
    ok(k8s.kubectl("rollout", "undo", "deploy/billing-worker", "-n", PAYMENTS))
    (pod,) = pod_names(k8s, "-l", "app=billing-worker")
    assert pod.startswith("billing-worker-6c8d9f7b4-")
    image = ok(
        k8s.kubectl("get", "pod", pod, "-n", PAYMENTS, "-o", "jsonpath={.spec.containers[0].image}")
    )
    assert image == BILLING_PREVIOUS_IMAGE
    status = ok(
        k8s.kubectl("rollout", "status", "deploy/billing-worker", "-n", PAYMENTS, "--timeout=10s")
    )
    assert 'deployment "billing-worker" successfully rolled out' in status


def test_reset_restores_the_seed(k8s: Cluster) -> None:
    before = ok(k8s.kubectl("get", "all", "-A", "-o", "name"))
    ok(k8s.kubectl("delete", "ns", PAYMENTS))
    ok(k8s.kubectl("create", "deployment", "extra", "--image=nginx:1.27.2"))
    assert ok(k8s.kubectl("get", "all", "-A", "-o", "name")) != before
    k8s.reset()
    assert ok(k8s.kubectl("get", "all", "-A", "-o", "name")) == before


def test_version_and_environment(k8s: Cluster) -> None:
    result = k8s.kubectl("version", "-o", "json")
    assert json.loads(ok(result))["serverVersion"]["gitVersion"] == "v1.31.9"
    assert "WARNING" not in result.stderr  # no version-skew warning
    env = k8s.env({"PATH": "/usr/bin", "HOME": "/nonexistent"})
    assert env["KUBECONFIG"] == str(k8s.kubeconfig)
    assert env["PATH"].split(":")[0] == str(k8s.kubectl_bin.parent)
    by_path = subprocess.run(
        ["kubectl", "get", "ns", "-o", "name"], env=env, capture_output=True, text=True, check=False
    )
    assert "namespace/payments" in ok(by_path).split()


def test_emulator_script_writes_its_own_kubeconfig(k8s: Cluster, tmp_path: Path) -> None:
    kubeconfig = tmp_path / "kc.yaml"
    proc = subprocess.Popen(
        [sys.executable, str(EMULATOR_SCRIPT), "--port", "0", "--kubeconfig", str(kubeconfig)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert re.fullmatch(r"listening http://127\.0\.0\.1:\d+\n", line), proc.stderr
        env = {**k8s.env(), "KUBECONFIG": str(kubeconfig)}
        result = subprocess.run(
            [str(k8s.kubectl_bin), "get", "pods", "-n", PAYMENTS, "-o", "name"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert f"pod/{CRASHLOOP_POD}" in ok(result).split()
        assert line.split()[1] in kubeconfig.read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["top", "pods", "-n", PAYMENTS], API_PODS[0]),
        (["auth", "can-i", "delete", "pods"], "yes"),
        (["get", "nodes"], "node-1"),
        (["get", "events", "-n", PAYMENTS], "BackOff"),
    ],
)
def test_other_read_verbs(k8s: Cluster, args: list[str], expected: str) -> None:
    assert expected in ok(k8s.kubectl(*args))


def test_unsupported_verbs_fail_clearly(k8s: Cluster) -> None:
    started = time.monotonic()
    result = k8s.kubectl("exec", WEB_POD, "--", "true")
    assert result.returncode != 0
    assert "emulator does not support" in result.stderr
    assert time.monotonic() - started < 10
