"""`vibectl chat` on a real terminal (a pty read by pyte): requests planned, run by the real
kubectl and summarised turn after turn, the memory and the last output carried along, `/`
commands, Ctrl-C and Ctrl-D, and the history kept for the next session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
