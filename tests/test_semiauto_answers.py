"""semiauto's answers on a real terminal (a pty read by pyte), the older vibectl's: no (not run,
planning goes on, the next plan told so), yes and (a note merged into the memory by the model, then
the command runs), no but (not run, a note merged, planning goes on with it), memory (shown, asked
again), and x, exit (e is edit here)."""

from __future__ import annotations

import json
from pathlib import Path

from support.k8s.seed import PAYMENTS
from support.llm.server import LLMServer
from support.pty_screen import PtyScreen
from support.vibectl_cli import Vibectl
from test_older_habits import audit_log
from test_planning import memory_file, plan
from vibectl import exit_codes

ENTER = "\r"
QUESTION = "Run it? [Y/n/e(dit)/a(nd)/b(ut)/m(emory)/x(exit)]"


def test_no_skips_the_command_and_the_next_plan_is_told(
    vibectl: Vibectl, llm_server: LLMServer, isolated_home: Path
) -> None:
    plan(llm_server, args=["get", "pods", "-A"])
    plan(llm_server, args=["get", "pods", "-n", PAYMENTS])
    argv: list[str | Path] = [vibectl.executable, "semiauto", "-l", "3", "billing pods"]
    with PtyScreen(argv, env=vibectl.env) as screen:
        screen.wait_for(QUESTION)
        screen.type("n" + ENTER)
        screen.wait_for("Not run; planning goes on without it.")
        screen.wait_for(lambda text: text.count(QUESTION) == 2)
        screen.type("x" + ENTER)
        assert screen.wait() == 0, screen.text()
    _first, second = llm_server.requests
    assert "kubectl get pods --all-namespaces" in json.dumps(second.body), "the next plan is told"
    records = audit_log(isolated_home)
    assert [(r["confirmation"], r["exit_code"]) for r in records] == [("no", None), ("exit", None)]


def test_no_but_keeps_planning_with_the_note_and_x_exits(
    vibectl: Vibectl, llm_server: LLMServer, isolated_home: Path
) -> None:
    plan(llm_server, args=["get", "pods", "-A"])
    llm_server.reply_text("billing runs in the payments namespace")  # the merged memory
    plan(llm_server, args=["get", "pods", "-n", PAYMENTS])
    argv: list[str | Path] = [vibectl.executable, "semiauto", "-l", "3", "billing pods"]
    with PtyScreen(argv, env=vibectl.env) as screen:
        screen.wait_for(QUESTION)
        screen.type("b" + ENTER)
        screen.wait_for("Note for the memory:")
        screen.type("billing is in payments" + ENTER)
        screen.wait_for("Not run.")
        screen.wait_for(lambda text: text.count(QUESTION) == 2)
        screen.type("x" + ENTER)
        assert screen.wait() == 0, screen.text()
        assert "Not run; the run ends here." in screen.text()
    _first, merge, second = llm_server.requests
    assert "billing is in payments" in json.dumps(merge.body)
    assert "billing runs in the payments namespace" in json.dumps(second.body), (
        "the next plan sees the note, merged into the memory"
    )
    assert memory_file(isolated_home).read_text() == "billing runs in the payments namespace"
    records = audit_log(isolated_home)
    assert [(r["confirmation"], r["exit_code"]) for r in records] == [
        ("no but", None),
        ("exit", None),
    ]


def test_memory_is_shown_and_yes_and_merges_the_note_then_runs(
    vibectl: Vibectl, llm_server: LLMServer, isolated_home: Path
) -> None:
    memory_file(isolated_home).parent.mkdir(parents=True)
    memory_file(isolated_home).write_text("the user works on payments")
    plan(llm_server, args=["get", "pods", "-n", PAYMENTS])
    llm_server.reply_text("payments; api 1.5.0 is expected")  # the merged memory
    llm_server.reply_text("Two api pods run.")
    plan(llm_server, "done", message="the pods are listed")
    argv: list[str | Path] = [vibectl.executable, "semiauto", "-l", "3", "payments pods"]
    with PtyScreen(argv, env=vibectl.env) as screen:
        screen.wait_for(QUESTION)
        screen.type("m" + ENTER)
        screen.wait_for("    the user works on payments")
        screen.wait_for(lambda text: text.count(QUESTION) == 2)
        screen.type("a" + ENTER)
        screen.wait_for("Note for the memory:")
        screen.type("api 1.5.0 is expected" + ENTER)
        assert screen.wait() == 0, screen.text()
        assert "Two api pods run." in screen.text()
        assert "Done: the pods are listed" in screen.text()
    _plan, merge, summary, _done = llm_server.requests
    assert "api 1.5.0 is expected" in json.dumps(merge.body)
    assert "payments; api 1.5.0 is expected" in json.dumps(summary.body), (
        "the note is merged before the command runs, as the older vibectl did"
    )
    [record] = audit_log(isolated_home)
    assert (record["confirmed_by"], record["confirmation"], record["exit_code"]) == (
        "answer",
        "yes and",
        0,
    )


def test_mode_semiauto_offers_them_on_vibe(
    vibectl: Vibectl, llm_server: LLMServer, isolated_home: Path
) -> None:
    plan(llm_server, args=["get", "pods", "-n", PAYMENTS])
    argv: list[str | Path] = [vibectl.executable, "--mode", "semiauto", "vibe", "payments pods"]
    with PtyScreen(argv, env=vibectl.env) as screen:
        screen.wait_for(QUESTION)
        screen.type("x" + ENTER)
        assert screen.wait() == 0, screen.text()
    plan(llm_server, args=["get", "pods", "-n", PAYMENTS])
    with PtyScreen(argv, env=vibectl.env) as screen:
        screen.wait_for(QUESTION)
        screen.type("n" + ENTER)
        assert screen.wait() == exit_codes.DECLINED, "one step: its no ends it"
        assert "planning goes on" not in screen.text()
    assert [(r["command"], r["confirmation"]) for r in audit_log(isolated_home)] == [
        ("vibe", "exit"),
        ("vibe", "no"),
    ]
