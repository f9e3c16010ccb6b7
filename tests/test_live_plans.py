"""A planned command that runs until stopped (`logs -f`, `get -w`, `rollout status`,
`port-forward`) where nobody can stop it would never end: `auto` and `semiauto` steps, and
`vibe` or `VERB vibe` with stdin not a terminal, refuse it (exit 4, kubectl never started;
the MCP tools in test_mcp_stdio), and the planner is told beforehand. On a terminal (a pty
read by pyte), `vibe` runs it live, and Ctrl-C stops it. Real kubectl and the emulator; the
planner on the loopback LLM server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.k8s.seed import API_DEPLOYMENT, API_PODS, PAYMENTS
from support.llm.server import LLMServer
from support.pty_screen import PtyScreen
from support.vibectl_cli import Vibectl, env_recording_kubectl
from test_planning import plan
from vibectl import exit_codes

CTRL_C = "\x03"
MUST_END = "Nobody can stop the command: it must end on its own."
ENTER = "\r"

NEVER_ENDING = [
    ["logs", "-f", API_PODS[0], "-n", PAYMENTS],
    ["logs", "-fp", API_PODS[0], "-n", PAYMENTS],  # -f among combined short flags
    ["get", "pods", "-n", PAYMENTS, "--watch"],
    ["get", "pods", "-n", PAYMENTS, "--watch-only=true"],
    ["events", "-n", PAYMENTS, "-w"],
    ["rollout", "status", f"deployment/{API_DEPLOYMENT}", "-n", PAYMENTS],
]


@pytest.mark.parametrize("planned", NEVER_ENDING, ids=" ".join)
@pytest.mark.parametrize("command", [["auto"], ["semiauto", "--yes"], ["vibe"]], ids=" ".join)
def test_a_plan_that_never_ends_is_refused_where_nobody_can_stop_it(
    vibectl: Vibectl,
    llm_server: LLMServer,
    tmp_path: Path,
    planned: list[str],
    command: list[str],
) -> None:
    seen = env_recording_kubectl(vibectl, tmp_path / "recorder")
    plan(llm_server, args=planned)
    done = vibectl.run(*command, "watch the api pods", timeout=30)
    assert done.returncode == exit_codes.NOT_DONE, done.stderr
    [line] = [x for x in done.stderr.splitlines() if x.startswith("vibectl: error:")]
    assert line.startswith(f"vibectl: error: refused the planned command: `kubectl {planned[0]}")
    assert "runs until stopped, and nobody here can stop it" in line
    assert not seen.exists(), "kubectl was never started"
    assert len(llm_server.requests) == 1, "no summary, no next step"
    assert MUST_END in json.dumps(llm_server.requests[0].body), "the planner was told"


def test_a_verb_plan_off_a_terminal_must_end(vibectl: Vibectl, llm_server: LLMServer) -> None:
    plan(llm_server, args=["rollout", "status", f"deployment/{API_DEPLOYMENT}", "-n", PAYMENTS])
    done = vibectl.run("rollout", "status", "vibe", "is api rolled out", timeout=30)
    assert done.returncode == exit_codes.NOT_DONE
    assert "`rollout status --watch=false`" in done.stderr, "the way out is named"


def test_on_a_terminal_vibe_runs_it_live_until_ctrl_c(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    plan(llm_server, args=["get", "pods", "-n", PAYMENTS, "-w"])
    llm_server.reply_text("Two api pods were watched.")
    with PtyScreen([vibectl.executable, "vibe", "watch the api pods"], env=vibectl.env) as screen:
        screen.wait_for("Run it? [Y/n/e(dit)]")
        screen.type("y" + ENTER)
        screen.wait_for(API_PODS[0])
        assert len(llm_server.requests) == 1, "the lines come before any summary"
        screen.type(CTRL_C)
        assert screen.wait() == exit_codes.INTERRUPTED, screen.text()
        text = screen.text()
    assert text.index(API_PODS[0]) < text.index("Two api pods were watched.")
    assert "refused" not in text
    assert MUST_END not in json.dumps(llm_server.requests[0].body)


def test_on_a_terminal_auto_still_refuses_it(vibectl: Vibectl, llm_server: LLMServer) -> None:
    plan(llm_server, args=["logs", "--follow", API_PODS[0], "-n", PAYMENTS])
    with PtyScreen([vibectl.executable, "auto", "follow the api logs"], env=vibectl.env) as screen:
        assert screen.wait() == exit_codes.NOT_DONE, screen.text()
        assert "`kubectl logs` as planned runs until stopped" in screen.text()
