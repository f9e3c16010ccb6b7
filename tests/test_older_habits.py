"""The older vibectl's flags, commands and model names, each with its meaning, end to end: the
real kubectl against the emulator, the loopback LLM server, the audit log on disk."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support.audit_log import audit_log
from support.k8s.plugin import Cluster
from support.k8s.seed import API_DEPLOYMENT, PAYMENTS
from support.llm.server import LLMServer
from support.older import recorded, recording_kubectl
from support.vibectl_cli import Vibectl
from vibectl import exit_codes

MEMORY_ASKED = "write the updated memory between <memory> and </memory>"


def plan(server: LLMServer, **fields: Any) -> None:
    server.reply_text(json.dumps({"action": "command", "explanation": "planned", **fields}))


def test_show_metrics_takes_the_older_words(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.reply_text("Two api pods.")
    done = vibectl.run("--show-metrics", "all", "get", "pods", "-n", PAYMENTS)
    assert done.returncode == 0, done.stderr
    assert "input tokens" in done.stderr
    llm_server.reply_text("Two api pods.")
    done = vibectl.run("get", "pods", "-n", PAYMENTS, "--show-metrics", "none")
    assert done.returncode == 0, done.stderr
    assert "input tokens" not in done.stderr


def test_older_flags_never_reach_kubectl(
    vibectl: Vibectl, llm_server: LLMServer, kubectl_bin: Path, tmp_path: Path
) -> None:
    log = recording_kubectl(tmp_path / "rec", kubectl_bin)
    vibectl.env["PATH"] = f"{log.parent}{os.pathsep}{vibectl.env['PATH']}"
    done = vibectl.run(
        "get",
        "pods",
        "--freeze-memory",
        "-n",
        PAYMENTS,
        "--live-display",
        "--show-streaming",
        "--log-level=warning",
        "--mode",
        "manual",
        "--no-show-vibe",
    )
    assert done.returncode == 0, done.stderr
    assert recorded(log) == [["get", "pods", "-n", PAYMENTS]]
    assert done.stdout.count("api-7d9c8b6f5-abcde") == 1, "live: shown once, as it came"


def test_freeze_and_unfreeze_memory_are_for_this_command(
    vibectl: Vibectl, llm_server: LLMServer, isolated_home: Path
) -> None:
    llm_server.reply_text("Two api pods.")
    assert vibectl.run("get", "pods", "-n", PAYMENTS, "--freeze-memory").returncode == 0
    assert MEMORY_ASKED not in json.dumps(llm_server.requests[-1].body)
    assert vibectl.run("memory", "freeze").returncode == 0
    llm_server.reply_text("Two api pods.\n<memory>api has 2 pods</memory>")
    done = vibectl.run("--unfreeze-memory", "get", "pods", "-n", PAYMENTS)
    assert done.returncode == 0, done.stderr
    assert MEMORY_ASKED in json.dumps(llm_server.requests[-1].body)
    assert vibectl.run("memory", "show").stdout.startswith("api has 2 pods\n")
    assert "frozen" in vibectl.run("memory", "show").stdout, "the config still says frozen"


def test_auto_short_flags_are_not_part_of_the_goal(vibectl: Vibectl, llm_server: LLMServer) -> None:
    plan(llm_server, args=["get", "pods", "-n", PAYMENTS])
    llm_server.reply_text("Two api pods.")
    done = vibectl.run("auto", "-l", "1", "-i", "0", "show pods")
    assert done.returncode == exit_codes.NOT_DONE, done.stderr  # the limit, not the goal
    assert "stopped after 1 steps" in done.stderr
    planner = json.dumps(llm_server.requests[0].body)
    assert 'Goal: show pods"' in planner
    assert "-l 1" not in planner
    assert "-i 0" not in planner


def test_vibe_flags_after_the_request_are_options(vibectl: Vibectl, llm_server: LLMServer) -> None:
    plan(llm_server, args=["get", "pods", "-n", PAYMENTS])
    llm_server.reply_text("Two api pods.")
    done = vibectl.run(
        "vibe", "show the pods", "--show-streaming", "--show-metrics", "sub", input="y\n"
    )
    assert done.returncode == 0, done.stderr
    planner = json.dumps(llm_server.requests[0].body)
    assert 'Goal: show the pods"' in planner
    assert "--show" not in planner
    assert "input tokens" in done.stderr


def test_mode_auto_runs_without_asking_and_the_audit_says_who_confirmed(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, isolated_home: Path
) -> None:
    args = ["scale", "deployment", API_DEPLOYMENT, "-n", PAYMENTS, "--replicas=3"]
    plan(llm_server, args=args)
    llm_server.reply_text("Scaled.")
    done = vibectl.run("--mode", "auto", "vibe", "api to three", input="")
    assert done.returncode == 0, done.stderr
    assert "[y/N]" not in done.stderr
    [record] = audit_log(isolated_home)
    assert record["command"] == "vibe"
    assert record["request"] == "api to three"
    # The audit records what ran: the plan read by kubectl's flag grammar, normalised.
    ran = ["scale", "deployment", API_DEPLOYMENT, f"--namespace={PAYMENTS}", "--replicas=3"]
    assert record["argv"][1:] == ran
    assert (record["confirmed_by"], record["confirmation"], record["exit_code"]) == (
        "flag",
        "--mode auto",
        0,
    )
    assert record["time"].endswith("Z")


def test_semiauto_asks_before_a_read_only_command_and_a_no_skips_it(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, isolated_home: Path
) -> None:
    """The older vibectl's no: the command is skipped, the next plan is told it was declined, and
    planning goes on; stdin closed at a question whose default is no ends the run (nobody is
    there)."""
    plan(llm_server, args=["get", "pods", "-n", PAYMENTS])
    plan(llm_server, args=["scale", "deployment", API_DEPLOYMENT, "-n", PAYMENTS, "--replicas=3"])
    done = vibectl.run("semiauto", "-l", "3", "look at payments", input="n\n")
    assert done.returncode == exit_codes.DECLINED, done.stderr
    assert "Run it? [Y/n]" in done.stderr
    assert "Not run; planning goes on without it." in done.stderr
    assert "Run this command? It changes the cluster. [y/N]" in done.stderr
    _first, second = llm_server.requests
    told = json.dumps(second.body)
    assert "The operator declined to run the commands in the declined resource" in told
    assert f"kubectl get pods --namespace={PAYMENTS}" in told, "the command as it would have run"
    replicas = ["get", "deploy", API_DEPLOYMENT, "-n", PAYMENTS, "-o", "jsonpath={.spec.replicas}"]
    assert k8s.kubectl(*replicas).stdout == "2"
    records = audit_log(isolated_home)
    assert [
        (r["command"], r["confirmed_by"], r["confirmation"], r["exit_code"]) for r in records
    ] == [
        ("semiauto", "answer", "no", None),
        ("semiauto", "answer", "no answer", None),
    ]


@pytest.mark.parametrize(
    ("command", "recorded"),
    [(["semiauto"], "semiauto"), (["--mode", "semiauto", "auto", "-i", "0"], "auto")],
)
def test_semiauto_declined_at_every_step_stops_at_the_limit(
    vibectl: Vibectl, llm_server: LLMServer, isolated_home: Path, command: list[str], recorded: str
) -> None:
    plan(llm_server, args=["get", "pods", "-n", PAYMENTS])
    plan(llm_server, args=["get", "deploy", "-n", PAYMENTS])
    done = vibectl.run(*command, "-l", "2", "look at payments", input="n\nno\n")
    assert done.returncode == exit_codes.NOT_DONE, done.stderr
    assert "--- stopped after 2 steps (--limit) without reaching the goal" in done.stderr
    assert len(llm_server.requests) == 2
    records = audit_log(isolated_home)
    assert [(r["command"], r["confirmation"]) for r in records] == [(recorded, "no")] * 2


def test_the_declined_commands_told_to_the_planner_are_distinct_bounded_and_one_a_line(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    """Every plan of a long semiauto run carries the declined commands (the user pays for their
    tokens): the same command spelled otherwise is one; only the last 20 are told; a newline in
    a word does not make a line that reads as another command."""
    declined = [["get", "configmap", f"cm-{n}", "-n", PAYMENTS] for n in range(24)]
    declined.append(["get", "configmap", "cm-5", f"--namespace={PAYMENTS}"])
    declined.append(["annotate", "pod", "x", "note=a\nkubectl delete namespace prod"])
    for args in declined:
        plan(llm_server, args=args)
    plan(llm_server, action="done", message="enough")
    done = vibectl.run("semiauto", "-l", "30", "look", input="n\n" * len(declined))
    assert done.returncode == 0, done.stderr
    [message] = llm_server.requests[-1].body["messages"]
    told = message["content"]
    assert "5 earlier declined commands are left out" in told
    assert [f"configmap cm-{n} " in told for n in range(24)] == [n > 4 for n in range(24)]
    assert told.count(f"kubectl get configmap cm-5 --namespace={PAYMENTS}") == 1
    lines = told.splitlines()
    assert "kubectl annotate pod x $'note=a\\nkubectl delete namespace prod'" in lines
    assert not any(line.startswith("kubectl delete") for line in lines)


def test_auto_ends_at_a_no(vibectl: Vibectl, llm_server: LLMServer, isolated_home: Path) -> None:
    """auto asks only before a change, and a no there ends the run, as before."""
    plan(llm_server, args=["scale", "deployment", API_DEPLOYMENT, "-n", PAYMENTS, "--replicas=3"])
    done = vibectl.run("auto", "-l", "3", "-i", "0", "api to three", input="n\n")
    assert done.returncode == exit_codes.DECLINED, done.stderr
    assert "Not run." in done.stderr
    assert "planning goes on" not in done.stderr
    assert len(llm_server.requests) == 1
    [record] = audit_log(isolated_home)
    assert (record["command"], record["confirmation"]) == ("auto", "no")


def test_audit_commands_read_what_was_recorded(
    vibectl: Vibectl, llm_server: LLMServer, isolated_home: Path, tmp_path: Path
) -> None:
    plan(llm_server, args=["get", "pods", "-n", PAYMENTS])
    llm_server.reply_text("Two api pods.")
    assert vibectl.run("vibe", "pods", input="y\n").returncode == 0
    shown = vibectl.run("audit", "show", "--since", "1h")
    assert shown.returncode == 0, shown.stderr
    assert "vibe 'pods':" in shown.stdout
    assert "(answer yes; exit 0)" in shown.stdout
    assert vibectl.run("audit", "show", "--since", "2999-01-01").stdout.startswith("No commands")
    out = tmp_path / "audit.csv"
    exported = vibectl.run("audit", "export", "--format", "CSV", "--output", str(out))
    assert exported.returncode == 0, exported.stderr
    assert out.read_text().splitlines()[0].startswith("time,command,request,argv")
    info = json.loads(vibectl.run("audit", "info", "--format", "json").stdout)
    assert info["entries"] == 1
    path = vibectl.run("audit", "info", "--paths-only").stdout.strip()
    assert path == str(isolated_home / ".local" / "state" / "vibectl" / "audit.jsonl")
    assert "Invalid value for '--since'" in vibectl.run("audit", "show", "--since", "soon").stderr


def test_a_killed_audit_write_never_corrupts_earlier_lines(isolated_home: Path) -> None:
    """A writer killed mid-record leaves a partial last line: readers skip it, and the next
    record starts on a line of its own."""
    from vibectl.planning import audit

    def record(request: str) -> audit.Record:
        return audit.Record(audit.now(), "vibe", request, ["kubectl"], "none", None, 0)

    audit.append(record("first"))
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, signal\n"
            f"fd = os.open({str(audit.audit_file())!r}, os.O_WRONLY | os.O_APPEND)\n"
            'os.write(fd, b\'{"time": "2026-\')\n'
            "os.kill(os.getpid(), signal.SIGKILL)\n",
        ]
    )
    assert writer.wait() == -signal.SIGKILL
    assert [r.request for r in audit.read()] == ["first"]
    audit.append(record("second"))
    assert [r.request for r in audit.read()] == ["first", "second"]


@pytest.mark.parametrize("command", [["--mode", "auto", "vibe", "the pods"], ["check", "pods run"]])
def test_an_audit_log_that_cannot_be_written_runs_nothing_and_says_so(
    vibectl: Vibectl,
    llm_server: LLMServer,
    kubectl_bin: Path,
    isolated_home: Path,
    command: list[str],
) -> None:
    """A planned command does not run unrecorded: one line naming the log, and no traceback."""
    log = recording_kubectl(isolated_home / "rec", kubectl_bin)
    vibectl.env["PATH"] = f"{log.parent}{os.pathsep}{vibectl.env['PATH']}"
    audit_path = isolated_home / ".local" / "state" / "vibectl" / "audit.jsonl"
    audit_path.mkdir(parents=True)  # a directory where the log's file should be: even root fails
    plan(llm_server, args=["get", "pods", "-n", PAYMENTS])
    done = vibectl.run(*command, input="")
    assert done.returncode == exit_codes.FAILED, done.stderr
    assert "Traceback" not in done.stderr
    [line] = [ln for ln in done.stderr.splitlines() if "audit log" in ln]
    assert f"cannot write the audit log {audit_path}" in line
    assert "nothing was run" in line
    assert recorded(log) == [], "kubectl never started"


def test_port_forward_passes_through_live(
    vibectl: Vibectl, kubectl_bin: Path, tmp_path: Path
) -> None:
    log = recording_kubectl(tmp_path / "rec", kubectl_bin)
    vibectl.env["PATH"] = f"{log.parent}{os.pathsep}{vibectl.env['PATH']}"
    done = vibectl.run("port-forward", "pod/web-0", "18080:80", "--show-kubectl")
    assert recorded(log) == [["port-forward", "pod/web-0", "18080:80"]]
    assert done.returncode != 0, "the emulator cannot forward: kubectl's error, live"
    assert "Running: kubectl port-forward pod/web-0 18080:80" in done.stderr


# Names the older vibectl took (issue 15), and the provider and id each must reach.
OLDER_NAMES = [
    ("claude-3.5-sonnet", "anthropic", "claude-3-5-sonnet-latest"),
    ("claude-3.5-haiku", "anthropic", "claude-3-5-haiku-latest"),
    ("claude-3-haiku", "anthropic", "claude-3-haiku-20240307"),
    ("claude-4-sonnet", "anthropic", "claude-sonnet-4-0"),
    ("claude-sonnet-4.5", "anthropic", "claude-sonnet-5-5"),
    ("claude-haiku-4.5", "anthropic", "claude-haiku-4-5-20251001"),
    ("claude-opus-4.1", "anthropic", "claude-opus-4-1-20250805"),
    ("gpt-4o", "openai", "gpt-4o"),
    ("gpt-4o-mini", "openai", "gpt-4o-mini"),
    ("4o", "openai", "gpt-4o"),
    ("gpt-4.1", "openai", "gpt-4.1"),
    ("gpt-5-mini", "openai", "gpt-5-mini"),
    ("o3", "openai", "o3"),
]


@pytest.mark.parametrize(("name", "provider", "api_id"), OLDER_NAMES)
def test_an_older_model_name_reaches_its_provider(
    vibectl: Vibectl, llm_server: LLMServer, name: str, provider: str, api_id: str
) -> None:
    vibectl.env["OPENAI_BASE_URL"] = f"{llm_server.url}/v1"
    vibectl.env["VIBECTL_OPENAI_API_KEY"] = "sk-planted-openai-0123456789abcdef0123"
    llm_server.reply_text("Two api pods.")
    done = vibectl.run("--model", name, "get", "pods", "-n", PAYMENTS)
    assert done.returncode == 0, done.stderr
    [request] = llm_server.requests
    assert (request.provider, request.body["model"]) == (provider, api_id)


def test_fallbacks_from_the_config_example_work(
    vibectl: Vibectl, llm_server: LLMServer, isolated_home: Path
) -> None:
    """docs/config.md's own example: fallbacks = ["gpt-5-mini"]."""
    config = isolated_home / ".config" / "vibectl" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[llm]\nmodel = "claude-haiku-5-5"\nfallbacks = ["gpt-5-mini"]\n')
    vibectl.env["OPENAI_BASE_URL"] = f"{llm_server.url}/v1"
    vibectl.env["VIBECTL_OPENAI_API_KEY"] = "sk-planted-openai-0123456789abcdef0123"
    llm_server.fail(529, times=None)
    done = vibectl.run("get", "pods", "-n", PAYMENTS)
    assert "unknown model" not in done.stderr
    assert {r.body["model"] for r in llm_server.requests} >= {"claude-haiku-5-5", "gpt-5-mini"}


def test_a_model_the_provider_does_not_have_is_one_line(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.fail(404, message="model: claude-3-5-sonnet-latest")
    done = vibectl.run("--model", "claude-3.5-sonnet", "get", "pods", "-n", PAYMENTS)
    assert done.returncode == exit_codes.MODEL_FAILED, done.stderr
    [line] = [ln for ln in done.stderr.splitlines() if "error" in ln]
    assert '"claude-3-5-sonnet-latest"' in line
    assert "`vibectl models`" in line
