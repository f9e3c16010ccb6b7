"""Ctrl-C typed on a real terminal (a pty, read by pyte) at each phase of a planned run: it stops
everything, exit 130, and nothing more is asked of the model."""

from __future__ import annotations

import json

import pytest

from support.k8s.seed import PAYMENTS
from support.llm.server import LLMServer
from support.pty_screen import PtyScreen
from support.vibectl_cli import Vibectl
from vibectl import exit_codes

# What a terminal shows, timed: run alone (scripts/check), not beside another worker.
pytestmark = pytest.mark.serial

CTRL_C = "\x03"


def plan(server: LLMServer, args: list[str], **options: float) -> None:
    server.reply_text(
        json.dumps({"action": "command", "explanation": "look", "args": args}), **options
    )


@pytest.mark.parametrize(
    ("phase", "summary_delays", "wait_for"),
    [
        ("while the summary loads", {"header_delay": 30.0}, "Asking"),
        ("while the summary streams", {"chunk_delay": 0.5}, "pods-seen"),
    ],
)
def test_ctrl_c_in_auto_stops_the_loop(
    vibectl: Vibectl,
    llm_server: LLMServer,
    phase: str,
    summary_delays: dict[str, float],
    wait_for: str,
) -> None:
    plan(llm_server, ["get", "pods", "-n", PAYMENTS])
    llm_server.reply_text("pods-seen " + " ".join(f"word{n}" for n in range(200)), **summary_delays)
    plan(llm_server, ["get", "deployments", "-n", PAYMENTS])
    llm_server.reply_text("a second step")
    argv = [vibectl.executable, "auto", "look at payments", "--interval", "0"]
    with PtyScreen(argv, env=vibectl.env) as screen:
        screen.wait_for(lambda text: wait_for in text and len(llm_server.requests) == 2)
        screen.type(CTRL_C)
        assert screen.wait() == exit_codes.INTERRUPTED, phase
        text = screen.text()
    assert "step 2" not in text
    assert len(llm_server.requests) == 2, "no second plan was asked for"


def test_ctrl_c_while_planning_and_at_the_question_exit_130(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    plan(llm_server, ["get", "pods", "-n", PAYMENTS], header_delay=30.0)
    with PtyScreen([vibectl.executable, "vibe", "show pods"], env=vibectl.env) as screen:
        screen.wait_for(lambda _text: len(llm_server.requests) == 1)
        screen.type(CTRL_C)
        assert screen.wait() == exit_codes.INTERRUPTED
        assert "Traceback" not in screen.text()
    plan(llm_server, ["scale", "deploy/api", "-n", PAYMENTS, "--replicas=3"])
    with PtyScreen([vibectl.executable, "vibe", "scale api"], env=vibectl.env) as screen:
        screen.wait_for("[y/N")  # [y/N/e(dit)] on a terminal
        screen.type(CTRL_C)
        assert screen.wait() == exit_codes.INTERRUPTED
        assert "Traceback" not in screen.text()
