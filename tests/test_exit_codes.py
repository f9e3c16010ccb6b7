"""The exit codes a script can trust: one table (docs/exit-codes.md) and one module of names
(vibectl.exit_codes), each code produced by the real command."""

from __future__ import annotations

import json
import re
from pathlib import Path

from support.k8s.seed import API_DEPLOYMENT, PAYMENTS
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl
from vibectl import exit_codes

DOC = Path(__file__).resolve().parents[1] / "docs" / "exit-codes.md"


def plan(server: LLMServer, action: str = "command", **fields: object) -> None:
    server.reply_text(json.dumps({"action": action, "explanation": "planned", **fields}))


def test_the_table_is_the_module() -> None:
    documented = {
        name: int(code)
        for code, name in re.findall(r"^\| (\d+) \| `(\w+)` \|", DOC.read_text(), re.M)
    }
    named = {n: v for n, v in vars(exit_codes).items() if n.isupper() and isinstance(v, int)}
    assert documented == named


def test_no_answer_shares_a_code_with_an_error() -> None:
    answers = {
        exit_codes.CHECK_TRUE,
        exit_codes.CHECK_FALSE,
        exit_codes.CHECK_POORLY_POSED,
        exit_codes.CHECK_CANNOT_DETERMINE,
        exit_codes.NOT_DONE,
        exit_codes.DECLINED,
    }
    errors = {
        exit_codes.USAGE,
        exit_codes.MODEL_FAILED,
        exit_codes.FAILED,
        exit_codes.CONFIG,
        exit_codes.KUBECTL_NOT_FOUND,
        exit_codes.INTERRUPTED,
    }
    assert len(answers) == 6
    assert len(errors) == 6
    assert not answers & errors


def test_check_without_a_key_is_a_config_error_not_false(vibectl: Vibectl) -> None:
    del vibectl.env["VIBECTL_ANTHROPIC_API_KEY"]
    done = vibectl.run("check", "all pods are running")
    assert done.returncode == exit_codes.CONFIG
    assert done.stdout == ""


def test_check_with_a_provider_failure_is_not_an_answer(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.fail(500, message="down", times=None)
    assert vibectl.run("check", "all pods are running").returncode == exit_codes.MODEL_FAILED


def test_a_usage_error_is_not_poorly_posed(vibectl: Vibectl, llm_server: LLMServer) -> None:
    assert vibectl.run("check").returncode == exit_codes.USAGE
    assert vibectl.run("auto", "--limit", "x", "y").returncode == exit_codes.USAGE
    assert llm_server.requests == []


def test_auto_at_its_limit_is_not_done(vibectl: Vibectl, llm_server: LLMServer) -> None:
    plan(llm_server, args=["get", "ns"])
    llm_server.reply_text("Namespaces.")
    done = vibectl.run("auto", "--limit", "1", "--interval", "0", "fix it")
    assert done.returncode == exit_codes.NOT_DONE
    assert "without reaching the goal" in done.stderr


def test_a_declined_vibe_is_declined(vibectl: Vibectl, llm_server: LLMServer) -> None:
    plan(llm_server, args=["scale", "deployment", API_DEPLOYMENT, "-n", PAYMENTS, "--replicas=5"])
    done = vibectl.run("vibe", "scale api to five", input="n\n")
    assert done.returncode == exit_codes.DECLINED
    assert "Not run." in done.stderr


def test_a_planner_that_cannot_do_it_is_not_done(vibectl: Vibectl, llm_server: LLMServer) -> None:
    plan(llm_server, "error", message="no such thing")
    assert vibectl.run("vibe", "make coffee").returncode == exit_codes.NOT_DONE


def test_a_failed_editor_is_failed(vibectl: Vibectl) -> None:
    vibectl.env["EDITOR"] = "false"
    done = vibectl.run("memory", "set", "--edit")
    assert done.returncode == exit_codes.FAILED
    assert len(done.stderr.splitlines()) == 1
