"""The summary as a user sees it in a real terminal (a pty read by pyte, scrollback included): a
summary taller than the terminal is there once, the model's other brackets are text, NO_COLOR
keeps the progress, and a resize mid-stream loses nothing."""

from __future__ import annotations

import re

import pytest

from support.k8s.seed import PAYMENTS
from support.llm.server import LLMServer
from support.pty_screen import PtyScreen
from support.vibectl_cli import Vibectl

# What a terminal shows, timed: run alone (scripts/check), not beside another worker.
pytestmark = pytest.mark.serial

# SGR parameters that set a colour (foreground, background, 256 and truecolor).
_COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


def tall_summary(lines: int) -> str:
    return "\n".join(f"[name]line-{n:02d}[/name] is [healthy]fine[/healthy]" for n in range(lines))


def get_pods_on(vibectl: Vibectl, rows: int = 40) -> PtyScreen:
    return PtyScreen(
        [vibectl.executable, "get", "pods", "-n", PAYMENTS], env=vibectl.env, rows=rows
    )


def assert_each_line_once(lines: list[str], count: int) -> None:
    for n in range(count):
        assert lines.count(f"line-{n:02d} is fine") == 1, "\n".join(lines)


def test_a_summary_taller_than_the_terminal_is_in_the_scrollback_once(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text(tall_summary(61), chunk_delay=0.005)
    with get_pods_on(vibectl, rows=20) as screen:
        assert screen.wait() == 0
        lines = screen.lines()
    assert_each_line_once(lines, 61)
    assert lines.index("line-00 is fine") < lines.index("line-60 is fine")


def test_a_resize_while_the_summary_streams_leaves_it_whole_and_once(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text(tall_summary(30), chunk_delay=0.02)
    with get_pods_on(vibectl, rows=12) as screen:
        screen.wait_for("line-03")
        screen.resize(60, 8)
        screen.wait_for("line-12")
        screen.resize(120, 30)
        assert screen.wait() == 0
        lines = screen.lines()
    assert_each_line_once(lines, 30)


def test_brackets_that_are_not_vibectl_tags_are_printed_as_written(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text(
        "Pod [api-server] is [error]failing[/error] [2/2], see [link=http://x]docs[/link] :smile:"
    )
    with get_pods_on(vibectl) as screen:
        assert screen.wait() == 0
        text = screen.text()
    assert "Pod [api-server] is failing [2/2], see [link=http://x]docs[/link] :smile:" in text
    llm_server.reply_text("Pod [api-server] is [error]failing[/error]")
    piped = vibectl.run("get", "pods", "-n", PAYMENTS)
    assert piped.stdout == "Pod [api-server] is failing\n"


def test_no_color_keeps_the_spinner_without_colour(vibectl: Vibectl, llm_server: LLMServer) -> None:
    vibectl.env["NO_COLOR"] = "1"
    llm_server.reply_text("[error]CrashLoopBackOff[/error] for billing-worker", header_delay=3)
    with get_pods_on(vibectl) as screen:
        screen.wait_for("Asking claude-sonnet-5-5…")
        assert screen.wait() == 0
        raw = screen.raw.decode()
        text = screen.text()
    assert "CrashLoopBackOff for billing-worker" in text
    assert "Asking" not in text, "the spinner is erased once the summary is there"
    assert not _COLOUR.search(raw), raw
