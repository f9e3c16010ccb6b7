"""kubectl's output is never lost: when the model fails or Ctrl-C stops vibectl, what kubectl
printed is shown, then one line saying why; the exit code is non-zero."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from support.k8s.plugin import Cluster
from support.k8s.seed import CRASHLOOP_POD, PAYMENTS
from support.llm.server import LLMServer
from support.vibectl_cli import PLANTED_KEY, Vibectl


def wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + 20
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.02)
    assert condition(), f"timed out waiting for {what}"  # type: ignore[operator]


def interrupt(proc: subprocess.Popen[str]) -> tuple[str, str]:
    proc.send_signal(signal.SIGINT)
    try:
        return proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


@pytest.mark.parametrize(
    ("args", "printed"),
    [
        (["describe", "pod", CRASHLOOP_POD, "-n", PAYMENTS], "CrashLoopBackOff"),
        (["logs", CRASHLOOP_POD, "-n", PAYMENTS], "connection refused"),
        (["rollout", "history", "deploy/billing-worker", "-n", PAYMENTS], "REVISION"),
    ],
)
def test_a_failed_model_call_prints_kubectl_output_then_one_line(
    vibectl: Vibectl, llm_server: LLMServer, args: list[str], printed: str
) -> None:
    llm_server.fail(500, message="upstream exploded", times=None)
    done = vibectl.run(*args)
    assert done.returncode == 1
    assert printed in done.stdout
    [line] = done.stderr.splitlines()
    assert line.startswith("vibectl: error: ")
    assert f"anthropic ({llm_server.url}) returned 500 api_error: upstream exploded" in line
    assert PLANTED_KEY not in done.stdout + done.stderr


def test_a_mutating_verb_whose_summary_fails_still_made_its_change(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    llm_server.fail(529, times=None)
    done = vibectl.run("scale", "deploy/api", "-n", PAYMENTS, "--replicas=3")
    assert done.returncode == 1
    assert done.stdout == "deployment.apps/api scaled\n"
    [line] = done.stderr.splitlines()
    assert "overloaded" in line.lower()
    replicas = k8s.kubectl(
        "get", "deploy", "api", "-n", PAYMENTS, "-o", "jsonpath={.spec.replicas}"
    )
    assert replicas.stdout == "3"


def test_a_stream_cut_short_keeps_the_partial_summary_and_the_output(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.cut_stream(after_events=6)
    done = vibectl.run("get", "pods", "-n", PAYMENTS)
    assert done.returncode == 1
    partial, raw = done.stdout.split("\n", 1)
    assert partial.startswith("The first pods")
    assert raw.startswith("NAME ")
    assert CRASHLOOP_POD in raw
    [line] = done.stderr.splitlines()
    assert line.startswith("vibectl: error: ")


def test_ctrl_c_while_waiting_for_the_model_prints_kubectl_output(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text("too late", header_delay=30)
    proc = vibectl.start("get", "pods", "-n", PAYMENTS)
    wait_for(lambda: llm_server.requests, "the request to the model")
    stdout, stderr = interrupt(proc)
    assert proc.returncode == 130
    assert stdout.startswith("NAME ")
    assert CRASHLOOP_POD in stdout
    assert "Traceback" not in stderr


def test_ctrl_c_during_the_summary_keeps_what_was_shown(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text("Two pods are Running and one is failing badly.", chunk_delay=0.2)
    proc = vibectl.start("get", "pods", "-n", PAYMENTS)
    assert proc.stdout is not None
    first = os.read(proc.stdout.fileno(), 1024).decode()
    stdout, stderr = interrupt(proc)
    assert proc.returncode == 130
    assert (first + stdout).startswith("Two pods")
    assert (first + stdout).endswith("\n")
    assert "NAME" not in first + stdout
    assert "Traceback" not in stderr


def test_ctrl_c_while_kubectl_runs_keeps_what_it_printed(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    ready = tmp_path / "ready"
    slow = tmp_path / "slow-kubectl"
    slow.write_text(
        f'#!/bin/sh\necho "NAME    READY"\necho "web-0   1/1"\n: > "{ready}"\nexec sleep 60\n'
    )
    slow.chmod(0o755)
    assert vibectl.run("config", "set", "core.kubectl_command", str(slow)).returncode == 0
    proc = vibectl.start("get", "pods", "-w")
    wait_for(ready.exists, "kubectl to print")
    stdout, stderr = interrupt(proc)
    assert proc.returncode == 130
    assert stdout == "NAME    READY\nweb-0   1/1\n"
    assert "Traceback" not in stderr
    assert llm_server.requests == []
