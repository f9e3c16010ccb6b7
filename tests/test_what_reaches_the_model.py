"""What reaches the model when kubectl prints more than the budget (issue 18): every unhealthy
row, every Warning event and every error line, within `llm.input_budget`; the healthy rest
counted; and the model told that what it sees is not the whole list."""

from __future__ import annotations

import json
import re
import signal
from pathlib import Path

import pytest

from support.k8s.plugin import Cluster
from support.k8s.seed import CRASHLOOP_POD, PAYMENTS
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl, sent_prompt
from vibectl import exit_codes

CHARS_PER_TOKEN = 4
BUDGET = 600  # tokens: small enough that a few hundred pods do not fit
NOT_COMPLETE = "what is listed is not all there is, so never present a list as complete"


def notice_of(stderr: str) -> str:
    [line] = [line for line in stderr.splitlines() if "budget" in line]
    return line


@pytest.fixture
def crowded(k8s: Cluster, vibectl: Vibectl) -> None:
    """80 healthy pods beside the seeded ones (one of which crash-loops), a small budget."""
    done = k8s.kubectl("create", "deployment", "bulk", "-n", "default", "--image=nginx",
                       "--replicas=80")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert vibectl.run("config", "set", "llm.input_budget", str(BUDGET)).returncode == 0


@pytest.mark.usefixtures("crowded")
def test_every_unhealthy_pod_reaches_the_model_and_the_rest_is_counted(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text("ok")
    done = vibectl.run("get", "pods", "-A")
    assert done.returncode == 0, done.stderr
    prompt = sent_prompt(llm_server)
    assert re.search(
        rf"\n{PAYMENTS} +{CRASHLOOP_POD} +0/1 +CrashLoopBackOff +7 \(\d+s ago\)", prompt
    )
    [resource] = re.findall(r"<resource uri=\"kubectl://get/pods/-A\"[^>]*>(.*?)</resource>",
                            prompt, re.S)  # fmt: skip
    assert len(resource) <= BUDGET * CHARS_PER_TOKEN
    assert re.search(r"… \d+ healthy rows not listed; counted by namespace and status: "
                     r"default: 8\d Running", resource), resource  # fmt: skip
    assert notice_of(done.stderr).startswith(
        f"vibectl: cut the output to the model's budget of {BUDGET} tokens: "
    )
    assert "healthy rows aggregated" in notice_of(done.stderr)
    assert NOT_COMPLETE in prompt


@pytest.mark.usefixtures("crowded")
@pytest.mark.parametrize("output", ["json", "yaml"])
def test_every_unhealthy_pod_of_a_list_reaches_the_model(
    vibectl: Vibectl, llm_server: LLMServer, output: str
) -> None:
    llm_server.reply_text("ok")
    done = vibectl.run("get", "pods", "-A", "-o", output, "--summarize")
    assert done.returncode == 0, done.stderr
    prompt = sent_prompt(llm_server)
    [resource] = re.findall(r"<resource uri=\"kubectl://get/pods/-A/-o/[^\"]*\"[^>]*>(.*?)</resource>",
                            prompt, re.S)  # fmt: skip
    assert len(resource) <= BUDGET * CHARS_PER_TOKEN
    assert CRASHLOOP_POD in resource
    assert "CrashLoopBackOff" in resource
    assert re.search(r"… \d+ healthy items not listed; counted by namespace and status: "
                     r"default: 8\d Running", resource), resource  # fmt: skip
    assert "healthy items aggregated into counts" in notice_of(done.stderr)
    assert NOT_COMPLETE in prompt


@pytest.mark.usefixtures("crowded")
@pytest.mark.parametrize(("output", "starts"), [("json", "{"), ("yaml", "apiVersion:")])
def test_every_unhealthy_pod_of_a_watch_stream_reaches_the_model(
    k8s: Cluster, vibectl: Vibectl, llm_server: LLMServer, output: str, starts: str
) -> None:
    """`get -w` prints one document per event; the stream is read as a list's items."""
    llm_server.reply_text("ok")
    pods = len(k8s.kubectl("get", "pods", "-A", "-o", "name").stdout.split())
    process = vibectl.start("get", "pods", "-A", "-w", "-o", output, "--summarize")
    assert process.stdout is not None
    printed = 0
    while printed < pods:  # every pod's first event, then Ctrl-C
        line = process.stdout.readline()
        assert line, "kubectl ended before printing every pod"
        printed += line.startswith(starts)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == exit_codes.INTERRUPTED, stderr
    prompt = sent_prompt(llm_server)
    [resource] = re.findall(r"<resource uri=\"kubectl://get/pods/-A/-w/[^\"]*\"[^>]*>(.*?)</resource>",
                            prompt, re.S)  # fmt: skip
    assert len(resource) <= BUDGET * CHARS_PER_TOKEN
    assert CRASHLOOP_POD in resource
    assert re.search(r"… \d+ healthy objects not listed; counted by namespace and status: "
                     r"default: 8\d Running", resource), resource  # fmt: skip
    assert "healthy objects aggregated into counts" in notice_of(stderr)


@pytest.mark.usefixtures("crowded")
def test_warning_events_come_first(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.reply_text("ok")
    done = vibectl.run("get", "events", "-A")
    assert done.returncode == 0, done.stderr
    prompt = sent_prompt(llm_server)
    warning = prompt.index("Warning   BackOff")
    assert CRASHLOOP_POD in prompt[warning : prompt.index("\n", warning)]
    assert warning < prompt.index("Normal")
    assert "events grouped into" in notice_of(done.stderr)


def test_error_lines_of_a_long_log_reach_the_model(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    lines = [f"INFO request {i} served in {i % 90} ms" for i in range(3_000)]
    lines[1_234] = "ERROR payments upstream refused the connection"
    lines[2_345] = "WARN queue depth above 10000"
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "chatty", "namespace": PAYMENTS},
        "spec": {"containers": [{"name": "app", "image": "ghcr.io/example/echo:1.0",
                                 "args": lines}]},
    }  # fmt: skip
    assert k8s.kubectl("apply", "-f", "-", input=json.dumps(pod)).returncode == 0
    assert vibectl.run("config", "set", "llm.input_budget", "1000").returncode == 0
    llm_server.reply_text("ok")
    done = vibectl.run("logs", "chatty", "-n", PAYMENTS)
    assert done.returncode == 0, done.stderr
    prompt = sent_prompt(llm_server)
    for line in (lines[0], lines[1_233], lines[1_234], lines[2_345], lines[-1]):
        assert line in prompt
    assert "× INFO request 0 served in 0 ms" in prompt  # the repeated line, counted
    assert "all 2 error and warning lines kept" in notice_of(done.stderr)


def test_objects_lose_their_bookkeeping(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.reply_text("ok")
    done = vibectl.run("get", "pod", CRASHLOOP_POD, "-n", PAYMENTS, "-o", "yaml", "--summarize")
    assert done.returncode == 0, done.stderr
    prompt = sent_prompt(llm_server)
    for gone in ("uid:", "resourceVersion:", "creationTimestamp:", "managedFields"):
        assert gone not in prompt
    for kept in (CRASHLOOP_POD, "containerStatuses:", "restartCount: 7", "conditions:"):
        assert kept in prompt
    assert done.stderr == "ok\n", "the summary (on stderr with -o yaml) and nothing redacted or cut"


def test_the_budget_stays_within_a_quarter_of_the_window(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, tmp_path: Path
) -> None:
    assert vibectl.run("config", "set", "llm.input_budget", "10000000").returncode == 0
    text = tmp_path / "long.txt"
    text.write_text("".join(f"line {i} of a long text\n" for i in range(20_000)))
    done = k8s.kubectl("create", "configmap", "big", "-n", PAYMENTS, f"--from-file=t={text}")
    assert done.returncode == 0, done.stderr
    llm_server.reply_text("ok")
    done = vibectl.run("describe", "configmap", "big", "-n", PAYMENTS, "--model",
                       "anthropic/claude-unlisted")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert notice_of(done.stderr).startswith(
        "vibectl: cut the output to the model's budget of 32,000 tokens: "
    )
