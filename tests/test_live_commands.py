"""Commands that run until stopped (`get -w`, `logs -f`, `events -w`, `rollout status`): kubectl's
lines appear as it prints them, on a terminal and piped, and what was seen is summarised when
kubectl ends or when Ctrl-C stops it (exit 130). Real kubectl, the emulator's watch streams."""

from __future__ import annotations

import json
import signal
import subprocess
import threading
from pathlib import Path

import pytest

from support.k8s.seed import API_DEPLOYMENT, API_PODS, CRASHLOOP_POD, PAYMENTS
from support.llm.server import LLMServer
from support.pty_screen import PtyScreen
from support.vibectl_cli import Vibectl
from vibectl import exit_codes

CTRL_C = "\x03"


@pytest.mark.parametrize(
    "watch", [["-w"], ["--watch"], ["--watch=true"], ["--watch-only"]], ids=" ".join
)
def test_get_watch_shows_lines_live_then_summarises_on_ctrl_c(
    vibectl: Vibectl, llm_server: LLMServer, watch: list[str]
) -> None:
    llm_server.reply_text("Two [name]api[/name] pods were watched.")
    argv = [vibectl.executable, "get", "pods", "-n", PAYMENTS, *watch]
    if watch == ["--watch-only"]:
        argv = [vibectl.executable, "get", "pods", "-n", PAYMENTS, "-w"]
    with PtyScreen(argv, env=vibectl.env) as screen:
        screen.wait_for(API_PODS[0])
        assert llm_server.requests == [], "the lines come before any summary"
        screen.type(CTRL_C)
        assert screen.wait() == exit_codes.INTERRUPTED
        text = screen.text()
    assert text.index(API_PODS[0]) < text.index("Two api pods were watched.")
    assert "Traceback" not in text
    [request] = llm_server.requests
    sent = json.dumps(request.body)
    assert API_PODS[0] in sent
    assert "stopped it" in sent


def test_a_watch_for_programs_on_a_terminal_shows_lines_as_they_come(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    argv = [vibectl.executable, "get", "pods", "-n", PAYMENTS, "-w", "-o", "name"]
    with PtyScreen(argv, env=vibectl.env) as screen:
        seen = screen.wait_for(f"pod/{API_PODS[0]}").count(f"pod/{API_PODS[0]}")
        screen.type(CTRL_C)
        assert screen.wait() == exit_codes.INTERRUPTED
        assert screen.text().count(f"pod/{API_PODS[0]}") == seen, "not printed again at the end"
    assert llm_server.requests == []


def test_a_watch_piped_streams_lines_and_the_summary_follows(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text("The api pods were watched.")
    process = vibectl.start("get", "pods", "-n", PAYMENTS, "--watch")
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("NAME"), first
    while API_PODS[0] not in process.stdout.readline():
        pass
    assert llm_server.requests == [], "each line arrives as kubectl prints it"
    process.send_signal(signal.SIGINT)
    rest, stderr = process.communicate(timeout=60)
    assert process.returncode == exit_codes.INTERRUPTED, stderr
    assert rest.endswith("The api pods were watched.\n")


def test_logs_follow_ends_with_kubectl_and_is_summarised(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text("The worker crashed.")
    done = vibectl.run("logs", "-f", CRASHLOOP_POD, "-n", PAYMENTS)
    assert done.returncode == 0, done.stderr
    logs = vibectl.run("just", "logs", CRASHLOOP_POD, "-n", PAYMENTS).stdout
    assert logs
    assert done.stdout == logs + "The worker crashed.\n", "the log as it came, then the summary"


def test_events_watch_and_rollout_status_are_live(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.reply_text("The rollout finished.")
    done = vibectl.run("rollout", "status", f"deployment/{API_DEPLOYMENT}", "-n", PAYMENTS)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f'deployment "{API_DEPLOYMENT}" successfully rolled out\n')
    assert done.stdout.endswith("The rollout finished.\n")
    llm_server.reply_text("No events came.")
    with PtyScreen([vibectl.executable, "events", "-n", PAYMENTS, "-w"], env=vibectl.env) as screen:
        screen.wait_for(lambda _text: screen.process.poll() is None)
        threading.Event().wait(3)  # the watch stays open: nothing more is summarised yet
        assert screen.process.poll() is None, screen.text()
        assert len(llm_server.requests) == 1
        screen.type(CTRL_C)
        assert screen.wait() == exit_codes.INTERRUPTED


def test_no_show_vibe_keeps_the_lines_and_asks_no_model(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    process = vibectl.start("get", "pods", "-n", PAYMENTS, "-w", "--no-show-vibe")
    assert process.stdout is not None
    while API_PODS[0] not in process.stdout.readline():
        pass
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == exit_codes.INTERRUPTED, stderr
    assert llm_server.requests == []
    assert "Keys:" not in stderr, "piped, the live display has no keys (kubectl/live_keys.py)"


def test_which_commands_run_until_stopped() -> None:
    from vibectl.kubectl.live import runs_until_stopped

    live = [
        ["get", "pods", "-w"],
        ["get", "pods", "--watch=t"],
        ["logs", "x", "--follow"],
        ["logs", "-f", "x"],
        ["logs", "-fp", "x"],  # shorthands written together, as pflag reads them
        ["get", "pods", "-wA"],
        ["events", "--watch"],
        ["rollout", "status", "deploy/x"],
        ["port-forward", "svc/x", "8080:80"],
    ]
    not_live = [
        ["get", "pods"],
        ["get", "pods", "-w", "--watch=false"],
        ["apply", "-f", "x.yaml"],
        ["rollout", "status", "deploy/x", "--watch=false"],
        ["rollout", "history", "deploy/x"],
        ["logs", "x", "--", "-f"],
        ["get", "pods", "-Ao", "name"],
        ["logs", "-pc", "x", "y"],
    ]
    assert all(runs_until_stopped(args) for args in live)
    assert not any(runs_until_stopped(args) for args in not_live)


def test_kubectl_failing_in_a_watch_is_shown_once(vibectl: Vibectl, llm_server: LLMServer) -> None:
    done = subprocess.run(
        [str(vibectl.executable), "get", "nosuchkind", "-w"],
        env=vibectl.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.count("nosuchkind") == 1, done.stderr
    assert llm_server.requests == []


def xs(text: str) -> int:
    return sum(len(line) for line in text.splitlines() if line and set(line) == {"x"})


def test_live_lines_cannot_drive_the_terminal(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    """A log line that clears the screen, retitles the window or is 20,000 characters long is
    shown, escaped, as it comes; piped, it is kubectl's bytes as they are."""
    hostile = tmp_path / "hostile-kubectl"
    hostile.write_text(
        "#!/bin/sh\nprintf 'before\\n\\033[2J\\033]0;owned\\007cleared\\n'\n"
        "head -c 20000 /dev/zero | tr '\\0' x; echo\nexec sleep 60\n"
    )
    hostile.chmod(0o755)
    assert vibectl.run("config", "set", "core.kubectl_command", str(hostile)).returncode == 0
    llm_server.reply_text("A hostile log.")
    with PtyScreen([vibectl.executable, "logs", "-f", "x"], env=vibectl.env, rows=20) as screen:
        screen.wait_for(lambda text: xs(text) == 20000)
        screen.type(CTRL_C)
        assert screen.wait() == exit_codes.INTERRUPTED
        text = screen.text()
        raw = bytes(screen.raw)
    assert "before" in text, "the screen was not cleared"
    assert "\\x1b[2J\\x1b]0;owned\\x07cleared" in text
    assert b"\x1b[2J" not in raw
    assert xs(text) == 20000, "the long line is whole, once"
    assert "A hostile log." in text
    process = vibectl.start("logs", "-f", "x", "--no-show-vibe")
    assert process.stdout is not None
    assert process.stdout.readline() == "before\n"
    assert process.stdout.readline() == "\x1b[2J\x1b]0;owned\x07cleared\n"
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)
