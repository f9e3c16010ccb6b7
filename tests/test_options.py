"""vibectl's own options: before or after the verb, anywhere up to `--`, never given to kubectl;
the config's display settings apply when an option is not given."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.k8s.plugin import Cluster
from support.k8s.seed import API_PODS, PAYMENTS
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl, env_recording_kubectl, sent_prompt
from vibectl import exit_codes


def kubectl_args(vibectl: Vibectl, tmp_path: Path, *args: str) -> list[str]:
    """Run vibectl; the arguments kubectl received."""
    seen = env_recording_kubectl(vibectl, tmp_path / "wrapper")
    done = vibectl.run(*args)
    assert done.returncode == 0, done.stderr
    return seen.with_name("args.txt").read_text().splitlines()


@pytest.mark.parametrize(
    "args",
    [
        ["--model", "claude-haiku-5-5", "get", "pods", "-n", PAYMENTS],
        ["get", "--model", "claude-haiku-5-5", "pods", "-n", PAYMENTS],
        ["get", "pods", "-n", PAYMENTS, "--model=claude-haiku-5-5"],
        ["get", "pods", "--model", "claude-haiku-5-5", "-n", PAYMENTS],
    ],
)
def test_model_option_anywhere_before_dashdash(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path, args: list[str]
) -> None:
    llm_server.reply_text("ok")
    assert kubectl_args(vibectl, tmp_path, *args) == ["get", "pods", "-n", PAYMENTS]
    [request] = llm_server.requests
    assert request.body["model"] == "claude-haiku-5-5"


def test_kubectl_flags_reach_kubectl_untouched(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    llm_server.reply_text("ok")
    args = ["get", "-A", "pods", "--context", "emulator", "-l", "app=api", "-oyaml"]
    assert kubectl_args(vibectl, tmp_path, *args, "--summarize") == args
    assert "kind: Pod" in sent_prompt(llm_server)


def test_own_flags_are_taken_out_and_dashdash_passes_the_rest(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    llm_server.reply_text("ok")
    seen = kubectl_args(
        vibectl,
        tmp_path,
        "--yes",
        "annotate",
        "--show-kubectl",
        "pod",
        "web-0",
        "--no-redact",
        "--overwrite",
        "--show-metrics",
        "--",
        "note=--show-vibe",
    )
    assert seen == ["annotate", "pod", "web-0", "--overwrite", "--", "note=--show-vibe"]


def test_core_kubeconfig_goes_before_dashdash_unless_one_is_given(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, tmp_path: Path
) -> None:
    kubeconfig = str(k8s.kubeconfig)
    del vibectl.env["KUBECONFIG"]
    assert vibectl.run("config", "set", "core.kubeconfig", kubeconfig).returncode == 0
    seen = env_recording_kubectl(vibectl, tmp_path / "wrapper").with_name("args.txt")
    llm_server.reply_text("ok", times=2)
    assert vibectl.run("annotate", "pod", "web-0", "--", "note=x").returncode == 0
    assert seen.read_text().splitlines() == [
        "annotate", "pod", "web-0", f"--kubeconfig={kubeconfig}", "--", "note=x",
    ]  # fmt: skip
    given = ["get", "pods", f"--kubeconfig={kubeconfig}", "-o", "name"]
    assert vibectl.run(*given).returncode == 0
    assert seen.read_text().splitlines() == given


def test_no_show_vibe_prints_kubectl_output_and_asks_no_model(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    done = vibectl.run("get", "pods", "-n", PAYMENTS, "--no-show-vibe")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("NAME ")
    assert API_PODS[0] in done.stdout
    assert llm_server.requests == []


def test_show_raw_output_comes_before_the_summary(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.reply_text("The summary.")
    done = vibectl.run("--show-raw-output", "get", "pods", "-n", PAYMENTS)
    assert done.returncode == 0, done.stderr
    raw, summary = done.stdout.split("The summary.")
    assert raw.startswith("NAME ")
    assert API_PODS[0] in raw
    assert summary == "\n"


def test_show_kubectl_and_show_metrics(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.reply_text("ok")
    done = vibectl.run("rollout", "--show-kubectl", "status", "deploy/api", "-n", PAYMENTS,
                       "--show-metrics")  # fmt: skip
    assert done.returncode == 0, done.stderr
    running, metrics = done.stderr.splitlines()
    assert running == f"Running: kubectl rollout status deploy/api -n {PAYMENTS}"
    [request] = llm_server.requests
    expected = (
        rf"vibectl: {request.body['model']}: {len(request.raw) // 4:,} input tokens, "
        r"1 output tokens, \d+\.\d\ds, first token after \d+\.\d\ds, 0 retries"
    )
    assert re.fullmatch(expected, metrics), metrics


def test_config_gives_the_defaults_and_options_override_it(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    for key in ("display.show_raw_output", "display.show_kubectl"):
        assert vibectl.run("config", "set", key, "true").returncode == 0
    assert vibectl.run("config", "set", "display.show_vibe", "false").returncode == 0
    done = vibectl.run("get", "pods", "-n", PAYMENTS)
    assert done.stderr.startswith("Running: kubectl get pods")
    assert API_PODS[0] in done.stdout
    assert llm_server.requests == []

    llm_server.reply_text("The summary.")
    done = vibectl.run("--no-show-kubectl", "get", "pods", "-n", PAYMENTS, "--show-vibe",
                       "--no-show-raw-output")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "The summary.\n"
    assert done.stderr == ""


def test_the_last_option_given_wins(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.reply_text("The summary.")
    done = vibectl.run("--no-show-vibe", "get", "--show-vibe", "pods", "-n", PAYMENTS)
    assert done.stdout == "The summary.\n"
    assert "kubectl get pods -n payments" in sent_prompt(llm_server)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["get", "pods", "--model"], "--model needs a value (NAME)"),
        (["get", "pods", "--show-vibe=yes"], "--show-vibe takes no value"),
    ],
)
def test_misused_options_are_one_line(
    vibectl: Vibectl, llm_server: LLMServer, args: list[str], message: str
) -> None:
    done = vibectl.run(*args)
    assert done.returncode == exit_codes.USAGE
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert llm_server.requests == []


def test_help_after_the_verb_lists_the_options(vibectl: Vibectl) -> None:
    done = vibectl.run("get", "--help")
    assert done.returncode == 0
    assert "Run `kubectl get ARGS...`" in done.stdout
    for flag in ("--model NAME", "--show-raw-output", "--no-redact", "--yes"):
        assert flag in done.stdout
    listing = vibectl.run("--help").stdout
    for verb in ("api-resources", "cluster-info", "rollout", "just", "theme", "top", "wait"):
        assert f"\n  {verb} " in listing
