"""`vibectl chat` on a real terminal (a pty read by pyte): requests planned, run by the real
kubectl and summarised turn after turn, the memory and the last output carried along, `/`
commands, Ctrl-C and Ctrl-D, and the history kept for the next session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from support.audit_log import audit_log
from support.k8s.seed import API_PODS, PAYMENTS
from support.llm.server import LLMServer
from support.pty_screen import PtyScreen
from support.vibectl_cli import Vibectl

ENTER = "\r"
CTRL_C = "\x03"
CTRL_D = "\x04"
UP = "\x1b[A"
PROMPT = "vibectl> "


def plan(server: LLMServer, action: str = "command", **fields: Any) -> None:
    server.reply_text(json.dumps({"action": action, "explanation": "planned", **fields}))


def prompts(text: str) -> int:
    return sum(line.startswith(PROMPT.rstrip()) for line in text.splitlines())


def test_a_session_of_turns_with_memory_model_and_exit(
    vibectl: Vibectl, llm_server: LLMServer, isolated_home: Path
) -> None:
    plan(llm_server, args=["get", "pods", "-n", PAYMENTS])
    llm_server.reply_text("Two api pods run.\n<memory>payments has two api pods</memory>")
    plan(llm_server, "done", message="Both pods are fine.")
    with PtyScreen([vibectl.executable, "chat"], env=vibectl.env) as screen:
        screen.wait_for(PROMPT.rstrip())
        screen.type("show the payments pods" + ENTER)
        screen.wait_for("Run it? [Y/n/e(dit)]")  # each command is confirmed, as `vibe` does
        screen.type(ENTER)
        screen.wait_for("Two api pods run.")
        screen.wait_for(lambda text: prompts(text) == 2)
        screen.type("are they healthy" + ENTER)
        screen.wait_for("Done: Both pods are fine.")
        screen.type("/memory" + ENTER)
        screen.wait_for("payments has two api pods")
        screen.type("/model no-such-model" + ENTER)
        screen.wait_for("vibectl: error:")
        screen.type("/model" + ENTER)
        screen.wait_for("Model: claude-sonnet-5-5")
        screen.type("half a line" + CTRL_C)
        screen.wait_for(lambda text: prompts(text) == 7)
        screen.type("/memory clear" + ENTER)
        screen.wait_for("Memory cleared.")
        screen.type(CTRL_D)
        assert screen.wait() == 0, screen.text()
    _plan, _summary, second_plan = llm_server.requests
    sent = json.dumps(second_plan.body)
    assert "payments has two api pods" in sent, "the memory is carried to the next turn"
    assert API_PODS[0] in sent, "and the last turn's output"
    history = (isolated_home / ".local/state/vibectl/chat_history").read_text()
    assert history.splitlines()[:2] == ["show the payments pods", "are they healthy"]
    assert history.splitlines()[-1] == "/memory clear"
    assert "half a line" not in history
    with PtyScreen([vibectl.executable, "chat"], env=vibectl.env) as screen:
        screen.wait_for(PROMPT.rstrip())
        screen.type(UP)
        screen.wait_for(PROMPT + "/memory clear")
        screen.type(CTRL_C)  # the recalled line dropped (what is typed with it would be flushed)
        screen.wait_for(lambda text: prompts(text) == 2)
        screen.type("/exit" + ENTER)
        assert screen.wait() == 0


def test_ctrl_c_ends_the_turn_not_the_session(vibectl: Vibectl, llm_server: LLMServer) -> None:
    planned = {"action": "command", "explanation": "look", "args": ["get", "pods", "-n", PAYMENTS]}
    llm_server.reply_text(json.dumps(planned), header_delay=30.0)
    with PtyScreen([vibectl.executable, "chat"], env=vibectl.env) as screen:
        screen.wait_for(PROMPT.rstrip())
        screen.type("show the payments pods" + ENTER)
        screen.wait_for(lambda _text: len(llm_server.requests) == 1)
        screen.type(CTRL_C)
        screen.wait_for("Interrupted.")
        screen.wait_for(lambda text: prompts(text) == 2)
        screen.type("/exit" + ENTER)
        assert screen.wait() == 0
        assert "Traceback" not in screen.text()


def test_mode_semiauto_offers_the_older_answers_and_x_ends_the_session(
    vibectl: Vibectl, llm_server: LLMServer, isolated_home: Path
) -> None:
    """With `--mode semiauto`, each turn's question offers m (memory shown, asked again), a (a note
    merged, then run), b (a note merged, not run), n (not run) and x, which ends the session."""
    question = "Run it? [Y/n/e(dit)/a(nd)/b(ut)/m(emory)/x(exit)]"
    plan(llm_server, args=["get", "pods", "-n", PAYMENTS])
    llm_server.reply_text("payments runs api 1.5.0")  # the merged memory
    llm_server.reply_text("Two api pods run.")
    plan(llm_server, args=["get", "deploy", "-n", PAYMENTS])
    llm_server.reply_text("payments runs api 1.5.0; deployments are fine")
    plan(llm_server, args=["get", "events", "-n", PAYMENTS])
    plan(llm_server, args=["get", "ns"])
    argv: list[str | Path] = [vibectl.executable, "--mode", "semiauto", "chat"]
    with PtyScreen(argv, env=vibectl.env) as screen:
        screen.wait_for(PROMPT.rstrip())
        screen.type("the payments pods" + ENTER)
        screen.wait_for(question)
        screen.type("m" + ENTER)
        screen.wait_for("(the memory is empty)")
        screen.wait_for(lambda text: text.count(question) == 2)
        screen.type("a" + ENTER)
        screen.wait_for("Note for the memory:")
        screen.type("api 1.5.0 is expected" + ENTER)
        screen.wait_for("Two api pods run.")
        screen.wait_for(lambda text: prompts(text) == 2)
        screen.type("the deployments" + ENTER)
        screen.wait_for(lambda text: text.count(question) == 3)
        screen.type("b" + ENTER)
        screen.wait_for(lambda text: text.count("Note for the memory:") == 2)
        screen.type("they are fine" + ENTER)
        screen.wait_for(lambda text: prompts(text) == 3)
        screen.type("the events" + ENTER)
        screen.wait_for(lambda text: text.count(question) == 4)
        screen.type("n" + ENTER)
        screen.wait_for(lambda text: prompts(text) == 4)
        screen.type("the namespaces" + ENTER)
        screen.wait_for(lambda text: text.count(question) == 5)
        screen.type("x" + ENTER)
        assert screen.wait() == 0, screen.text()
        assert "Not run; the run ends here." in screen.text()
        assert prompts(screen.text()) == 4, "x ended the session"
    requests = [json.dumps(r.body) for r in llm_server.requests]
    assert len(requests) == 7
    assert "api 1.5.0 is expected" in requests[1]
    assert "they are fine" in requests[4]
    memory = (isolated_home / ".local/state/vibectl/memory.txt").read_text()
    assert memory == "payments runs api 1.5.0; deployments are fine"
    records = audit_log(isolated_home)
    assert [(r["command"], r["confirmation"], r["exit_code"]) for r in records] == [
        ("chat", "yes and", 0),
        ("chat", "no but", None),
        ("chat", "no", None),
        ("chat", "exit", None),
    ]
    history = (isolated_home / ".local/state/vibectl/chat_history").read_text()
    assert history.splitlines()[-1] == "the namespaces", "the history is kept when x ends it"
