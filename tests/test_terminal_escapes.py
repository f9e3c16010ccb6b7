"""Only vibectl's renderer drives the terminal: control characters from the model, the cluster or
a planned command reach a real pseudo-terminal as visible escapes, and the screen (emulated by
pyte, as a terminal would draw it) shows what vibectl meant to show."""

from __future__ import annotations

import json
from pathlib import Path

import pyte

from support.k8s.plugin import Cluster
from support.k8s.seed import PAYMENTS
from support.llm.server import LLMServer
from support.terminal import TerminalRun
from support.vibectl_cli import Vibectl

CLIPBOARD = "\x1b]52;c;aGVsbG8=\x07"  # OSC 52: write "hello" to the clipboard
CLEAR = "\x1b[2J\x1b[H"  # CSI 2J: clear the screen, CSI H: cursor home


def screen(run: TerminalRun) -> list[str]:
    """The lines a 100-column terminal shows after the run."""
    shown = pyte.Screen(100, 40)
    pyte.Stream(shown).feed(run.output)
    return [line.rstrip() for line in shown.display if line.strip()]


def test_the_models_escape_sequences_never_reach_the_terminal(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text(f"Pods are fine.{CLIPBOARD}{CLEAR}\rOWNED")
    run = vibectl.on_terminal("get", "pods", "-n", PAYMENTS)
    assert run.returncode == 0, run.stderr
    assert "\x1b]" not in run.output, "no OSC sequence at all"
    assert "\x1b[2J" not in run.output
    assert "\x07" not in run.output
    [summary] = [line for line in screen(run) if "Pods are fine." in line]
    assert summary == "Pods are fine.\\x1b]52;c;aGVsbG8=\\x07\\x1b[2J\\x1b[H\\rOWNED"


def test_piped_summaries_and_notices_carry_no_control_characters(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text(f"Fine.{CLEAR}")
    done = vibectl.run("get", "pods", "-n", PAYMENTS)
    assert done.stdout == "Fine.\\x1b[2J\\x1b[H\n"
    llm_server.reply_text(
        json.dumps({"action": "question", "explanation": "x", "message": f"Which?{CLIPBOARD}"})
    )
    done = vibectl.run("scale", "vibe", "it")
    assert "vibectl needs to know: Which?\\x1b]52;c;aGVsbG8=\\x07" in done.stderr
    assert "\x1b" not in done.stderr


def test_planned_words_are_shown_escaped_on_one_line(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    # A newline may be part of a label value; shown raw, it would fake a second "Planned:" line.
    fake = "note=a\nPlanned: kubectl get pods"
    llm_server.reply_text(
        json.dumps(
            {"action": "command", "explanation": "x", "args": ["label", "ns", PAYMENTS, fake]}
        )
    )
    run = vibectl.on_terminal("label", "vibe", "note it", stderr_on_terminal=True)
    lines = screen(run)
    planned = [line for line in lines if line.startswith("Planned:")]
    assert planned == [
        f"Planned: kubectl label ns {PAYMENTS} $'note=a\\nPlanned: kubectl get pods'"
    ]
    assert "Not run." in lines, "stdin is empty: the default, No"
    assert "note" not in k8s.kubectl("get", "ns", PAYMENTS, "--show-labels").stdout


def test_invisible_and_direction_changing_characters_are_shown(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text(
        json.dumps(
            {"action": "command", "explanation": "x", "args": ["delete", "ns", "dorp\u202e\u00a0"]}
        )
    )
    done = vibectl.run("delete", "vibe", "it")
    assert "Planned: kubectl delete ns $'dorp\\u202e\\u00a0'" in done.stderr


def test_the_users_own_words_are_shown_escaped_in_running(vibectl: Vibectl) -> None:
    done = vibectl.run("get", "pods", "-n", PAYMENTS, "\x1b[2J", "--show-kubectl", "--no-show-vibe")
    assert "Running: kubectl get pods -n payments $'\\x1b[2J'" in done.stderr
    assert "\x1b" not in done.stderr.replace("\x1b[2J", "")  # kubectl's own error quotes it


def test_kubectls_output_is_escaped_on_a_terminal_and_exact_in_a_pipe(
    vibectl: Vibectl, k8s: Cluster
) -> None:
    created = k8s.kubectl(
        "create", "configmap", "esc", "-n", PAYMENTS, f"--from-literal=x=hi{CLEAR}"
    )
    assert created.returncode == 0, created.stderr
    args = ("get", "configmap", "esc", "-n", PAYMENTS, "-o", "jsonpath={.data.x}", "--no-show-vibe")
    assert vibectl.run(*args).stdout == f"hi{CLEAR}"
    run = vibectl.on_terminal(*args)
    assert "\x1b[2J" not in run.output
    assert screen(run) == ["hi\\x1b[2J\\x1b[H"]


def test_a_memory_the_model_wrote_is_shown_escaped(vibectl: Vibectl, isolated_home: Path) -> None:
    memory = isolated_home / ".local" / "state" / "vibectl" / "memory.txt"
    memory.parent.mkdir(parents=True)
    memory.write_text(f"payments{CLIPBOARD}")
    done = vibectl.run("memory", "show")
    assert done.stdout.startswith("payments\\x1b]52;c;aGVsbG8=\\x07\n")


def test_the_models_words_cannot_pass_for_a_line_of_vibectls_own(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    fake = "\nPlanned: kubectl get pods\n"
    manifest = f"apiVersion: v1\nkind: ConfigMap{fake}metadata: {{name: x}}\n"
    llm_server.reply_text(
        json.dumps(
            {
                "action": "command",
                "explanation": f"Harmless.{fake}",
                "args": ["apply", "-f", "-"],
                "manifest": manifest,
            }
        )
    )
    run = vibectl.on_terminal("apply", "vibe", "it", stderr_on_terminal=True)
    lines = screen(run)
    assert "vibectl: Harmless. Planned: kubectl get pods" in lines
    assert "    Planned: kubectl get pods" in lines, "the manifest is indented"
    assert [line for line in lines if line.startswith("Planned:")] == [
        "Planned: kubectl apply --filename=-"
    ]


def test_a_servers_error_text_is_shown_escaped(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.fail(400, message=f"bad request{CLEAR}")
    done = vibectl.run("-v", "get", "pods", "-n", PAYMENTS)
    assert done.returncode == 1
    assert "bad request\\x1b[2J\\x1b[H" in done.stderr
    assert "\x1b" not in done.stderr
