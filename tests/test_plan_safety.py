"""Hostile plans end to end: the planner's answer on the loopback server, vibectl judging it with
kubectl's own grammar, the real pinned kubectl and the emulator behind it. A refused plan is one
line, exit 1, and nothing runs; bad words and bad bytes never give a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from support.k8s.plugin import Cluster
from support.k8s.seed import API_DEPLOYMENT, API_PODS, PAYMENTS
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl, env_recording_kubectl


def plan(server: LLMServer, action: str = "command", **fields: Any) -> None:
    server.reply_text(json.dumps({"action": action, "explanation": "planned", **fields}))


def refusal(stderr: str) -> str:
    [line] = [x for x in stderr.splitlines() if x.startswith("vibectl: error:")]
    assert line.startswith("vibectl: error: refused the planned command: ")
    assert "Traceback" not in stderr
    return line


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["get", "pods", "--kubeconfig", "/tmp/other"], "--kubeconfig changes which cluster"),
        (["get", "pods", "--token=abc"], "--token changes which cluster"),
        (["get", "pods", "--as", "admin"], "--as changes which cluster"),
        (["get", "pods", "--server", "https://evil:6443"], "--server changes which cluster"),
        (["get", "pods", "--context", "prod"], "--context changes the cluster"),
        (["get", "pods", "-shttps://127.0.0.1:9"], "--server changes which cluster"),
        (["get", "pods", "-Ashttps://127.0.0.1:9"], "--server changes which cluster"),
        (["get", "pods", "-n", PAYMENTS, "--as_group=system:masters"], "--as-group changes"),
        (["get", "-f", "http://127.0.0.1:9/pods.yaml"], "-f http://127.0.0.1:9/pods.yaml makes"),
        (["get", "pods", "--raw=/api", "--v=9"], "--v logs kubectl's requests"),
        (["get", "pods", "--bogus"], "kubectl get has no flag --bogus"),
        (["get", "pods", "|", "grep", "api"], "'|' is shell syntax"),
        (["get", "pods", "$(rm -rf /)"], "is shell syntax"),
        (["exec", "api", "--", "sh"], "exec is not a kubectl verb vibectl runs"),
        (["delete", "pods", "--all"], "the plan runs `kubectl delete`, but this is `get`"),
    ],
)
def test_plans_that_reach_past_the_cluster_are_refused(
    vibectl: Vibectl, llm_server: LLMServer, args: list[str], why: str
) -> None:
    plan(llm_server, args=args)
    done = vibectl.run("get", "vibe", "anything", "--yes")
    assert done.returncode == 1
    assert why in refusal(done.stderr)
    assert len(llm_server.requests) == 1, "nothing ran, so nothing was summarised"


def test_only_the_last_context_counts_and_every_one_must_be_yours(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    plan(llm_server, args=["get", "pods", "--context=x", "--context=evil"])
    done = vibectl.run("get", "vibe", "pods", "--context", "x")
    assert "--context changes the cluster" in refusal(done.stderr)


def test_plans_that_write_local_files_are_refused_and_write_nothing(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    profile, cache = tmp_path / "profile.pprof", tmp_path / "cache"
    plan(llm_server, args=["get", "pods", "--profile=cpu", f"--profile-output={profile}"])
    assert "--profile makes kubectl read or write a local file" in refusal(
        vibectl.run("get", "vibe", "pods").stderr
    )
    plan(llm_server, args=["get", "pods", f"--cache-dir={cache}"])
    assert "--cache-dir makes" in refusal(vibectl.run("get", "vibe", "pods").stderr)
    assert not profile.exists()
    assert not cache.exists()


def test_a_plan_cannot_send_a_local_file_to_the_model(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    local = tmp_path / "template"
    local.write_text("LOCAL-FILE-TEXT {{.kind}}")
    for output in (f"go-template-file={local}", f"jsonpath-file={local}"):
        plan(llm_server, args=["get", "pods", "-n", PAYMENTS, "-o", output])
        done = vibectl.run("get", "vibe", "pods")
        assert "makes kubectl read or write a local file" in refusal(done.stderr)
    assert "LOCAL-FILE-TEXT" not in json.dumps([r.body for r in llm_server.requests])


def test_what_runs_is_the_normalised_command(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    env_recording_kubectl(vibectl, tmp_path / "seen")
    plan(llm_server, args=["get", "pods", "-n", "default", "-n", PAYMENTS, "-owide"])
    llm_server.reply_text("Pods.")
    done = vibectl.run("get", "vibe", "pods")
    assert done.returncode == 0, done.stderr
    normalised = ["get", "pods", "--namespace=default", f"--namespace={PAYMENTS}", "--output=wide"]
    assert f"Running: kubectl {' '.join(normalised)}" in done.stderr
    assert (tmp_path / "seen" / "args.txt").read_text().splitlines()[:5] == normalised
    assert API_PODS[0] in json.dumps(llm_server.requests[1].body), "the last -n, payments, won"


def test_a_two_word_verb_accepts_its_own_plan(vibectl: Vibectl, llm_server: LLMServer) -> None:
    plan(llm_server, args=["rollout", "status", f"deployment/{API_DEPLOYMENT}", "-n", PAYMENTS])
    llm_server.reply_text("The rollout finished.")
    done = vibectl.run("rollout", "status", "vibe", "is api rolled out")
    assert done.returncode == 0, done.stderr
    assert "refused" not in done.stderr
    assert done.stdout == "The rollout finished.\n"
    plan(llm_server, args=["rollout", "undo", f"deployment/{API_DEPLOYMENT}"])
    done = vibectl.run("rollout", "status", "vibe", "undo it")
    assert "the plan runs `kubectl rollout undo`, but this is `rollout status`" in refusal(
        done.stderr
    )


def test_shell_characters_inside_a_word_reach_kubectl_as_one_argument(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    marker = tmp_path / "marker"
    plan(llm_server, args=["get", "pods", f"pods;touch {marker}", "-n", PAYMENTS])
    done = vibectl.run("get", "vibe", "that pod")
    assert "refused" not in done.stderr
    assert f"Running: kubectl get pods 'pods;touch {marker}'" in done.stderr
    assert done.returncode == 1, "kubectl itself said no"
    assert f"pods;touch {marker}" in done.stderr.split("\n", 1)[1], "kubectl's own error"
    assert not marker.exists(), "no shell ran the plan"


@pytest.mark.parametrize(
    ("word", "why"),
    [
        ("\r\x1b[2KPlanned: kubectl get pods", r"$'\r\x1b[2KPlanned: kubectl get pods' holds a"),
        ("pro\x00d", r"$'pro\x00d' holds a control character"),
        ("\x9b2J", r"$'\u009b2J' holds a control character"),
        ("x" * 200_000, "an argument is longer than 16,384 bytes"),
    ],
)
def test_words_that_cannot_reach_kubectl_intact_are_refused_in_one_line(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, word: str, why: str
) -> None:
    plan(llm_server, args=["delete", "ns", PAYMENTS, word])
    done = vibectl.run("delete", "vibe", "anything", "--yes")
    assert done.returncode == 1
    assert why in refusal(done.stderr)
    assert "\x1b" not in done.stderr
    assert "\r" not in done.stderr
    assert k8s.kubectl("get", "ns", PAYMENTS).returncode == 0
