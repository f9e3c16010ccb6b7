"""Answering in place, on a real terminal (a pty read by pyte): the confirmation offers edit (the
command typed again, checked again, asked again), the planner's question is asked and the run
goes on with the answer, and an editor closed without saving changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from support.audit_log import audit_log
from support.k8s.plugin import Cluster
from support.k8s.seed import API_DEPLOYMENT, PAYMENTS
from support.llm.server import LLMServer
from support.pty_screen import PtyScreen
from support.vibectl_cli import Vibectl
from test_planning import plan, replicas
from vibectl import exit_codes

ENTER = "\r"
KILL_LINE = "\x15"  # Ctrl-U: readline's unix-line-discard, the prefilled command erased


def test_edit_changes_the_command_which_is_checked_and_asked_again(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, isolated_home: Path
) -> None:
    plan(llm_server, args=["scale", "deployment", API_DEPLOYMENT, "-n", PAYMENTS, "--replicas=4"])
    llm_server.reply_text("Scaled api to 3.")
    argv: list[str | Path] = [vibectl.executable, "vibe", "scale api up"]
    with PtyScreen(argv, env=vibectl.env) as screen:
        screen.wait_for("[y/N/e(dit)]")
        screen.type("e" + ENTER)
        screen.wait_for(lambda text: text.count("--replicas=4") == 2)  # planned, then prefilled
        screen.type(KILL_LINE + "get pods --token=stolen" + ENTER)
        screen.wait_for("refused the edited command: --token")
        screen.type("e" + ENTER)
        screen.wait_for(lambda text: text.count("--replicas=4") == 3)  # twice planned, prefilled
        screen.type(KILL_LINE + f"scale deployment {API_DEPLOYMENT} -n {PAYMENTS} --replicas=3")
        screen.type(ENTER)
        screen.wait_for("--replicas=3")
        screen.wait_for(lambda text: text.count("[y/N/e(dit)]") == 3)
        screen.type("y" + ENTER)
        assert screen.wait() == 0, screen.text()
        assert "Scaled api to 3." in screen.text()
    assert replicas(k8s) == "3"
    [record] = audit_log(isolated_home)
    assert "--replicas=3" in record["argv"], "the audit has the command that ran: the edited one"
    assert (record["confirmed_by"], record["confirmation"]) == ("answer", "yes")


def test_the_planners_question_is_asked_and_the_run_goes_on(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    plan(llm_server, "question", message="Which namespace is billing in?")
    plan(llm_server, args=["get", "pods", "-n", PAYMENTS])
    llm_server.reply_text("The billing pods are listed.")
    with PtyScreen([vibectl.executable, "get", "vibe", "billing pods"], env=vibectl.env) as screen:
        screen.wait_for("vibectl needs to know: Which namespace is billing in?")
        screen.type(PAYMENTS + ENTER)
        assert screen.wait() == 0, screen.text()
        assert "The billing pods are listed." in screen.text()
    _plan, second, _summary = llm_server.requests
    assert "The answer: payments" in json.dumps(second.body)
    assert "Which namespace is billing in?" in json.dumps(second.body)


def test_a_question_left_unanswered_is_asked_once_and_runs_nothing(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    plan(llm_server, "question", message="Which namespace is billing in?")
    with PtyScreen([vibectl.executable, "vibe", "billing pods"], env=vibectl.env) as screen:
        screen.wait_for("vibectl needs to know: Which namespace is billing in?")
        screen.type(ENTER)
        assert screen.wait() == exit_codes.NOT_DONE, screen.text()
        text = screen.text()
    assert text.count("Which namespace is billing in?") == 1, text
    assert "No answer; nothing was run." in text
    assert len(llm_server.requests) == 1


def test_a_question_off_a_terminal_ends_the_run_and_says_why(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    plan(llm_server, "question", message="Which namespace is billing in?")
    done = vibectl.run("vibe", "billing pods")
    assert done.returncode == exit_codes.NOT_DONE
    assert "vibectl needs to know: Which namespace is billing in?" in done.stderr
    assert "stdin is not a terminal: put the answer in the request" in done.stderr
    assert len(llm_server.requests) == 1


def test_memory_set_edit_closed_without_saving_changes_nothing(
    vibectl: Vibectl, isolated_home: Path
) -> None:
    memory = isolated_home / ".local" / "state" / "vibectl" / "memory.txt"
    assert vibectl.run("memory", "set", "payments is the namespace").returncode == 0
    written = memory.stat().st_mtime_ns
    vibectl.env["EDITOR"] = "vim -u NONE -i NONE -N"
    with PtyScreen([vibectl.executable, "memory", "set", "--edit"], env=vibectl.env) as screen:
        screen.wait_for("payments is the namespace")
        screen.type("\x1b:q" + ENTER)
        assert screen.wait() == 0
        assert "Memory unchanged: the editor closed without a change." in screen.text()
    assert memory.read_text() == "payments is the namespace"
    assert memory.stat().st_mtime_ns == written
