"""Every verb end to end: the installed vibectl, the real kubectl, the emulator, the core and the
loopback model. Read verbs show the model what kubectl printed; mutating verbs change the
emulated cluster."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass

import pytest

from support.k8s.plugin import Cluster
from support.k8s.seed import (
    API_PODS,
    BILLING_PREVIOUS_IMAGE,
    CRASHLOOP_POD,
    PAYMENTS,
    WEB_POD,
)
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl, sent_prompt

CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: greeting
  namespace: payments
data:
  GREETING: hello
"""


def jsonpath(k8s: Cluster, *args: str) -> str:
    done = k8s.kubectl(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(
    ("args", "printed"),
    [
        (["get", "-n", PAYMENTS, "pods", "-l", "app=api"], API_PODS[1]),
        (["describe", "pod", CRASHLOOP_POD, "--namespace", PAYMENTS], "CrashLoopBackOff"),
        (["logs", "-n", PAYMENTS, CRASHLOOP_POD, "--tail=3"], "exiting with status 1"),
        (["events", "-n", PAYMENTS, "--types=Warning"], "Back-off restarting failed container"),
        # --watch=false: a watching rollout status is live (test_live_commands)
        (
            ["rollout", "status", "deploy/api", "-n", PAYMENTS, "--watch=false"],
            "successfully rolled out",
        ),
        (["rollout", "history", "-n", PAYMENTS, "deployment", "billing-worker"], "REVISION"),
        (
            ["wait", "--for=condition=Available", "deploy/api", "-n", PAYMENTS, "--timeout=10s"],
            "condition met",
        ),
        (["version"], "Server Version: v1.31.9"),
        (["cluster-info"], "Kubernetes control plane"),
        (["api-resources", "--api-group=apps"], "deployments"),
        (["top", "pods", "-n", PAYMENTS], API_PODS[0]),
        (["top", "node"], "node-1"),
    ],
)
def test_read_verbs_show_the_model_what_kubectl_printed(
    vibectl: Vibectl, llm_server: LLMServer, args: list[str], printed: str
) -> None:
    llm_server.reply_text("[healthy]All good.[/healthy]")
    done = vibectl.run(*args)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "All good.\n"
    prompt = sent_prompt(llm_server)
    assert printed in prompt
    assert f"`{shlex.join(['kubectl', *args])}`" in prompt
    assert "only reads the cluster" in prompt


def test_each_verb_asks_for_its_own_focus(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.reply_text("ok", times=2)
    assert vibectl.run("logs", CRASHLOOP_POD, "-n", PAYMENTS).returncode == 0
    assert vibectl.run("top", "pods", "-n", PAYMENTS).returncode == 0
    logs, top = (r.body["messages"][0]["content"] for r in llm_server.requests)
    assert "what explains a failure" in logs
    assert "the most CPU and memory" in top
    assert "the most CPU" not in logs


def test_diff_reports_differences_with_kubectl_exit_code(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    assert k8s.kubectl("apply", "-f", "-", input=CONFIGMAP).returncode == 0
    llm_server.reply_text("GREETING changes from hello to bonjour.")
    changed = CONFIGMAP.replace("hello", "bonjour")
    done = vibectl.run("diff", "-f", "-", input=changed)
    assert done.returncode == 1, done.stderr  # kubectl diff: 1 means "there are differences"
    assert done.stdout == "GREETING changes from hello to bonjour.\n"
    prompt = sent_prompt(llm_server)
    assert "-  GREETING: hello" in prompt
    assert "+  GREETING: bonjour" in prompt


@dataclass(frozen=True)
class Change:
    command: list[str]
    target: list[str]  # the object to look at afterwards
    field: str  # the jsonpath of the field the command changed
    expected: str
    stdin: str | None = None


DEPLOY_API = ["deploy", "api", "-n", PAYMENTS]
BILLING_IMAGE = "{.spec.template.spec.containers[0].image}"


@pytest.mark.parametrize(
    "change",
    [
        Change(
            ["create", "deployment", "extra", "--image=nginx:1.27.2", "-n", PAYMENTS],
            ["deploy", "extra", "-n", PAYMENTS],
            "{.spec.replicas}",
            "1",
        ),
        Change(["create", "-f", "-"], ["cm", "greeting", "-n", PAYMENTS], "{.data.GREETING}",
               "hello", stdin=CONFIGMAP),
        Change(["apply", "-n", PAYMENTS, "-f", "-"], ["cm", "greeting", "-n", PAYMENTS],
               "{.data.GREETING}", "hello", stdin=CONFIGMAP),
        Change(["delete", "pod", WEB_POD], ["pods"], "{.items[*].metadata.name}", ""),
        Change(["scale", "-n", PAYMENTS, "deploy/api", "--replicas=3"], DEPLOY_API,
               "{.status.readyReplicas}", "3"),
        Change(["rollout", "undo", "deploy/billing-worker", "-n", PAYMENTS],
               ["deploy", "billing-worker", "-n", PAYMENTS], BILLING_IMAGE, BILLING_PREVIOUS_IMAGE),
        Change(["rollout", "pause", "deploy/api", "-n", PAYMENTS], DEPLOY_API, "{.spec.paused}",
               "true"),
        Change(["patch", *DEPLOY_API, "-p", '{"spec":{"replicas":4}}'], DEPLOY_API,
               "{.spec.replicas}", "4"),
        Change(["label", "pod", WEB_POD, "tier=frontend"], ["pod", WEB_POD],
               "{.metadata.labels.tier}", "frontend"),
        Change(["annotate", "pod", WEB_POD, "owner=payments-team"], ["pod", WEB_POD],
               "{.metadata.annotations.owner}", "payments-team"),
    ],
    ids=lambda change: " ".join(change.command[:2]),
)  # fmt: skip
def test_mutating_verbs_change_the_cluster(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, change: Change
) -> None:
    llm_server.reply_text("[name]Done[/name].")
    done = vibectl.run(*change.command, input=change.stdin)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Done.\n"
    assert jsonpath(k8s, "get", *change.target, "-o", f"jsonpath={change.field}") == change.expected
    prompt = sent_prompt(llm_server)
    assert f"`{shlex.join(['kubectl', *change.command])}`" in prompt
    assert "changes the cluster" in prompt


def test_rollout_restart_and_resume(vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster) -> None:
    llm_server.reply_text("ok", times=3)
    assert vibectl.run("rollout", "pause", "deploy/api", "-n", PAYMENTS).returncode == 0
    assert vibectl.run("rollout", "resume", "deploy/api", "-n", PAYMENTS).returncode == 0
    deploy = json.loads(jsonpath(k8s, "get", "deploy", "api", "-n", PAYMENTS, "-o", "json"))
    assert not deploy["spec"].get("paused")
    assert vibectl.run("rollout", "restart", "-n", PAYMENTS, "deploy/api").returncode == 0
    annotations = jsonpath(
        k8s, "get", "deploy", "api", "-n", PAYMENTS, "-o", "jsonpath={.spec.template.metadata}"
    )
    assert "kubectl.kubernetes.io/restartedAt" in annotations
    assert "deployment.apps/api restarted" in llm_server.requests[-1].body["messages"][0]["content"]


def test_a_failing_kubectl_gives_its_output_and_exit_code(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    done = vibectl.run("delete", "pod", "nope", "-n", PAYMENTS)
    assert done.returncode == 1
    assert 'pods "nope" not found' in done.stderr
    assert llm_server.requests == []
    done = vibectl.run("rollout", "status", "deploy/api", "-n", PAYMENTS, "--bogus")
    assert done.returncode == 1
    assert "unknown flag: --bogus" in done.stderr


def test_rollout_needs_a_subcommand(vibectl: Vibectl) -> None:
    done = vibectl.run("rollout")
    assert done.returncode == 0
    assert "history" in done.stdout


def test_custom_instructions_join_the_system_prompt(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    set_it = vibectl.run("config", "set", "system.custom_instructions", "Answer in French.")
    assert set_it.returncode == 0, set_it.stderr
    llm_server.reply_text("ok")
    assert vibectl.run("get", "pods").returncode == 0
    [request] = llm_server.requests
    assert request.body["system"].endswith("The operator's own instructions:\nAnswer in French.")
