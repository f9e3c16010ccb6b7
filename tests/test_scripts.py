"""vibectl in scripts: machine output passed through byte for byte, kubectl's global flags before
the verb, help that never asks the model, and typos caught before kubectl runs. Real kubectl
v1.31.9 against the emulator, the loopback model behind the core."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from support.k8s.plugin import Cluster
from support.k8s.seed import PAYMENTS
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl, env_recording_kubectl, sent_prompt
from vibectl import exit_codes
from vibectl.kubectl import global_flags
from vibectl.kubectl.verbs import VERBS
from vibectl.options import OPTIONS
from vibectl.typos import mistyped_option

GO_TEMPLATE = "{{range .items}}{{.metadata.name}} {{end}}"


def run_bytes(vibectl: Vibectl, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(vibectl.executable), *args],
        env=vibectl.env,
        capture_output=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "output",
    [
        ["-o", "json"],
        ["-ojson"],
        ["-o=json"],
        ["--output", "json"],
        ["--output=json"],
        ["-o", "yaml"],
        ["-oyaml"],
        ["-o", "name"],
        ["-o", "jsonpath={.items[*].metadata.name}"],
        ["-ojsonpath={.items[0].status.phase}"],
        ["-o=jsonpath-as-json={.items[0].metadata.name}"],
        ["--output=go-template=" + GO_TEMPLATE],
        ["-o", "template=" + GO_TEMPLATE],
        ["-o", "custom-columns=NAME:.metadata.name,PHASE:.status.phase"],
        ["-o", "wide", "-o", "json"],  # the last -o wins, as kubectl reads it
        ["-o", "json", "-o", "name"],
    ],
)
def test_machine_output_is_kubectls_byte_for_byte(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, output: list[str]
) -> None:
    args = ["get", "pods", "-n", PAYMENTS, *output]
    done = run_bytes(vibectl, *args)
    direct = subprocess.run(
        [str(k8s.kubectl_bin), *args], env=k8s.env(), capture_output=True, timeout=60, check=False
    )
    assert direct.returncode == 0, direct.stderr
    assert done.returncode == 0, done.stderr
    assert done.stdout == direct.stdout
    assert done.stderr == direct.stderr
    assert llm_server.requests == []


def test_get_pods_json_into_jq(vibectl: Vibectl, llm_server: LLMServer) -> None:
    done = vibectl.in_bash("vibectl get pods -n payments -o json | jq -r '.items[].metadata.name'")
    assert done.returncode == 0, done.stderr
    assert "billing-worker" in done.stdout
    assert all(re.fullmatch(r"[a-z0-9-]+", line) for line in done.stdout.splitlines())
    assert llm_server.requests == []


def test_summarize_adds_a_summary_on_stderr_only(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    llm_server.reply_text("[bold]Three[/bold] pods.")
    done = run_bytes(vibectl, "get", "pods", "-n", PAYMENTS, "-o", "json", "--summarize")
    direct = subprocess.run(
        [str(k8s.kubectl_bin), "get", "pods", "-n", PAYMENTS, "-o", "json"],
        env=k8s.env(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == direct.stdout
    assert done.stderr.decode() == "Three pods.\n"
    assert '"kind": "List"' in sent_prompt(llm_server)


def test_wide_and_plain_tables_are_still_summarised(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text("A summary.")
    done = vibectl.run("get", "pods", "-n", PAYMENTS, "-o", "wide")
    assert done.stdout == "A summary.\n"


@pytest.mark.parametrize(
    "before",
    [
        ["-n", PAYMENTS],
        ["-npayments"],
        ["-n=payments"],
        ["--namespace", PAYMENTS],
        ["--namespace=payments"],
        ["--context", "emulator", "-n", PAYMENTS],
        ["--request-timeout", "20s", "--model", "claude-sonnet-5-5", "-n", PAYMENTS],
        ["--show-kubectl", "--namespace", PAYMENTS, "--match-server-version=false"],
    ],
)
def test_global_flags_before_the_verb_reach_kubectl(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path, before: list[str]
) -> None:
    env_recording_kubectl(vibectl, tmp_path / "wrapper")
    llm_server.reply_text("ok")
    done = vibectl.run(*before, "get", "pods")
    assert done.returncode == 0, done.stderr
    assert "billing-worker" in sent_prompt(llm_server), "kubectl listed the payments namespace"
    seen = (tmp_path / "wrapper" / "args.txt").read_text().splitlines()
    kubectl_part = [
        w for w in before if w not in ("--model", "claude-sonnet-5-5", "--show-kubectl")
    ]
    assert seen[:1] == ["get"]
    assert seen[1 : 1 + len(kubectl_part)] == kubectl_part


def test_a_global_flag_keeps_kubectls_meaning(vibectl: Vibectl, llm_server: LLMServer) -> None:
    done = vibectl.run("--context", "prod", "get", "pods")
    assert done.returncode == 1
    assert "context was not found for specified context: prod" in done.stderr
    assert llm_server.requests == []


def test_every_global_flag_of_kubectl_options_is_accepted_before_the_verb(
    vibectl: Vibectl, tmp_path: Path
) -> None:
    """Each flag `kubectl options` lists, before `just version --client`, reaches kubectl."""
    env_recording_kubectl(vibectl, tmp_path / "wrapper")
    values = {"v": "0", "log-flush-frequency": "5s", "request-timeout": "0", "profile": "none"}
    flags = global_flags._table()
    assert "namespace" in flags
    assert len(flags) > 20
    for name, (_, kind) in flags.items():
        given = [f"--{name}"] if kind == "bool" else [f"--{name}", values.get(name, "x")]
        done = vibectl.run(*given, "just", "version", "--client")
        assert "No such option" not in done.stderr, name
        seen = (tmp_path / "wrapper" / "args.txt").read_text().splitlines()
        assert seen[: len(given)] == given, name


@pytest.mark.parametrize(
    "args",
    [
        ["get", "-h"],
        ["get", "--help"],
        ["get", "pods", "-n", PAYMENTS, "-h"],
        ["get", "vibe", "--help"],
        ["get", "vibe", "pods that keep restarting", "-h"],
        ["rollout", "status", "-h"],
        ["-n", PAYMENTS, "describe", "--help"],
    ],
)
def test_help_never_asks_the_model(
    vibectl: Vibectl, llm_server: LLMServer, args: list[str]
) -> None:
    done = vibectl.run(*args)
    assert done.returncode == 0, done.stderr
    assert "--model NAME" in done.stdout, "vibectl's options"
    assert "kubectl's help for `kubectl" in done.stdout
    assert "Usage:\n  kubectl" in done.stdout, "then kubectl's own help"
    assert llm_server.requests == []


def test_a_mistyped_command_gets_a_suggestion(vibectl: Vibectl, llm_server: LLMServer) -> None:
    done = vibectl.run("gett", "pods")
    assert done.returncode == exit_codes.USAGE
    assert done.stderr.splitlines() == [
        'vibectl: error: unknown command "gett" for "vibectl"; did you mean get? '
        "(see vibectl --help)"
    ]
    done = vibectl.run("rollout", "stauts", "deploy/api")
    assert done.returncode == exit_codes.USAGE
    assert "did you mean status?" in done.stderr
    assert llm_server.requests == []


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("--modle", "--model"),
        ("--modle=claude-haiku-5-5", "--model"),
        ("--show-raw-ouput", "--show-raw-output"),
        ("--no-memroy", "--no-memory"),
        ("--summarise", "--summarize"),
        ("--yse", "--yes"),
    ],
)
def test_a_mistyped_vibectl_option_stops_before_kubectl_runs(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path, typo: str, meant: str
) -> None:
    env_recording_kubectl(vibectl, tmp_path / "wrapper")
    done = vibectl.run("get", "pods", typo, "x")
    assert done.returncode == exit_codes.USAGE
    [line] = done.stderr.splitlines()
    assert f"did you mean {meant}?" in line
    assert not (tmp_path / "wrapper" / "args.txt").exists(), "kubectl did not run"
    assert llm_server.requests == []


def test_no_kubectl_flag_of_any_verb_is_taken_for_a_typo(kubectl_bin: Path) -> None:
    """Every flag the pinned kubectl's help lists for a verb still reaches kubectl."""
    ours = [flag for option in OPTIONS for flag in (option.on, option.off) if flag]
    seen = 0
    for verb in VERBS:
        text = subprocess.run(
            [str(kubectl_bin), *verb.kubectl, "--help"], capture_output=True, text=True, check=True
        ).stdout
        flags = set(re.findall(r"^\s+(?:-\w, )?(--[\w-]+)=", text, re.M))
        seen += len(flags)
        for flag in flags - set(ours):
            assert mistyped_option(flag, ours) is None, (verb.name, flag)
    assert seen > 200, "the help was read"


def test_hostile_words_are_quoted_with_their_control_characters_escaped(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    done = vibectl.run("ge\x1b[2Jt", "pods")
    assert done.returncode == exit_codes.USAGE
    assert "\x1b" not in done.stderr
    assert '"ge\\u001b[2Jt"' in done.stderr
    done = vibectl.run("get", "pods", "--mod\x07el")
    assert done.returncode == exit_codes.USAGE
    assert "\x07" not in done.stderr
    assert '"--mod\\u0007el"; did you mean --model?' in done.stderr
    assert llm_server.requests == []


def test_repeated_and_odd_spellings_of_global_flags(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    """pflag takes the last of a repeated flag and reads `_` as `-`; vibectl passes both as
    given, so kubectl reads them as it always does."""
    env_recording_kubectl(vibectl, tmp_path / "wrapper")
    llm_server.reply_text("ok")
    given = ["-n", "default", "--request_timeout=30s", "--namespace", PAYMENTS]
    done = vibectl.run(*given, "get", "pods")
    assert done.returncode == 0, done.stderr
    assert "billing-worker" in sent_prompt(llm_server), "the last -n won"
    seen = (tmp_path / "wrapper" / "args.txt").read_text().splitlines()
    assert seen[:6] == ["get", *given]


def test_a_planned_json_output_is_summarised_as_any(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    """Only an `-o json` you typed is for a program; the planner's choice of it is not."""
    plan = {"action": "command", "args": ["get", "pods", "-n", PAYMENTS, "-o", "json"]}
    llm_server.reply_text(json.dumps({**plan, "explanation": "list them"}))
    llm_server.reply_text("Three pods.")
    done = vibectl.run("get", "vibe", "the pods in payments")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Three pods.\n"
