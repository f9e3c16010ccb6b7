"""The live display's keys on a real terminal (a pty read by pyte), the older vibectl's: P pause,
W wrap, F filter, S save, E (or q) exit. The real kubectl watches the emulator, whose changes
(configmaps created while it watches) are the lines that arrive; the terminal's mode is the one
it had before, however vibectl ends."""

from __future__ import annotations

import json
import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from support.k8s.plugin import Cluster
from support.k8s.seed import API_PODS, CRASHLOOP_POD, PAYMENTS
from support.llm.server import LLMServer
from support.pty_screen import PtyScreen
from support.vibectl_cli import Vibectl
from vibectl import exit_codes
from vibectl.kubectl.live_keys import HINT

# What a terminal shows, timed: run alone (scripts/check), not beside another worker.
pytestmark = pytest.mark.serial

ENTER = "\r"
CTRL_C = "\x03"
WATCH = ["get", "configmaps", "-n", PAYMENTS, "-w"]
WATCH_PODS = ["get", "pods", "-n", PAYMENTS, "-w"]


def watching(vibectl: Vibectl, *, columns: int = 100) -> PtyScreen:
    screen = PtyScreen([vibectl.executable, *WATCH], env=vibectl.env, columns=columns)
    screen.wait_for(HINT)
    screen.wait_for("NAME")
    return screen


def created(k8s: Cluster, *names: str) -> None:
    for name in names:
        assert k8s.kubectl("create", "configmap", name, "-n", PAYMENTS).returncode == 0


def test_p_holds_the_lines_and_shows_them_on_resume_and_e_summarises_all(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    llm_server.reply_text("Two configmaps were created.")
    with watching(vibectl) as screen:
        screen.type("p")
        screen.wait_for("Paused: new lines are held (P resumes).")
        created(k8s, "held-one", "held-two")
        threading.Event().wait(2)  # the watch's lines have come meanwhile, and were held
        assert "held-one" not in screen.text()
        screen.type("P")
        text = screen.wait_for("Resumed.")
        assert text.index("2 lines were held while paused:") < text.index("held-one")
        assert text.index("held-one") < text.index("held-two") < text.index("Resumed.")
        screen.type("e")
        assert screen.wait() == exit_codes.INTERRUPTED, "E stops kubectl as Ctrl-C does"
        text = screen.text()
    assert "Two configmaps were created." in text
    [request] = llm_server.requests
    sent = json.dumps(request.body)
    assert "held-one" in sent
    assert "stopped it" in sent


def kubectl_printing_at_go(vibectl: Vibectl, tmp_path: Path, printing: str) -> Path:
    """A script standing in for kubectl (`core.kubectl_command`): it prints `started`, then, once
    the file it returns is there, runs the shell lines `printing`, then sleeps."""
    go = tmp_path / "go"
    script = tmp_path / "kubectl"
    script.write_text(
        f"#!/bin/sh\necho started\nwhile [ ! -e {go} ]; do sleep 0.1; done\n{printing}\n"
        "exec sleep 60\n"
    )
    script.chmod(0o755)
    assert vibectl.run("config", "set", "core.kubectl_command", str(script)).returncode == 0
    return go


def test_a_long_pause_shows_the_last_lines_held_and_the_summary_has_them_all(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    """A kubectl (a script standing in for one) that prints 1,500 lines at once while paused."""
    go = kubectl_printing_at_go(vibectl, tmp_path, "seq -f 'line %g' 1 1500")
    llm_server.reply_text("Many lines.")
    with PtyScreen([vibectl.executable, "logs", "-f", "x"], env=vibectl.env) as screen:
        screen.wait_for("started")
        screen.type("p")
        screen.wait_for("Paused")
        go.touch()
        threading.Event().wait(2)
        assert "line 1" not in screen.text()
        screen.type("p")
        screen.wait_for("Resumed.")
        lines = screen.lines()
        screen.type("e")
        assert screen.wait() == exit_codes.INTERRUPTED
    said = "1,500 lines were held while paused; the last 1,000 follow (S saves them all):"
    shown = lines[lines.index(said) + 1 : lines.index("Resumed.")]
    assert shown == [f"line {n}" for n in range(501, 1501)]
    assert "line 1\\n" in json.dumps(llm_server.requests[0].body), "the summary has them all"


def test_w_cuts_long_lines_to_the_width_and_wraps_them_again(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    llm_server.reply_text("Long names.")
    wrapped, cut, again = ("wrapped-" + "a" * 90, "cut-" + "b" * 90, "again-" + "c" * 90)
    with watching(vibectl, columns=60) as screen:
        created(k8s, wrapped)
        screen.wait_for(wrapped[:60])
        screen.type("w")
        screen.wait_for("Long lines are cut to the terminal's width (W wraps them).")
        created(k8s, cut)
        screen.wait_for(cut[:59] + "…")
        screen.type("w")
        screen.wait_for("Long lines wrap.")
        created(k8s, again)
        screen.wait_for(again[:60])
        screen.type(CTRL_C)
        assert screen.wait() == exit_codes.INTERRUPTED
        lines = screen.lines()
    [cut_line] = [line for line in lines if line.startswith("cut-")]
    assert cut_line == cut[:59] + "…"
    assert not any(line.startswith("b" * 10) for line in lines), "nothing of it on a next row"
    assert any(line.startswith(wrapped[60:]) for line in lines), "wrapped onto the next row"
    assert any(line.startswith(again[60:]) for line in lines)
    assert cut in json.dumps(llm_server.requests[0].body), "the whole line is summarised"


def test_f_filters_from_then_on_and_a_bad_regex_leaves_it(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    llm_server.reply_text("Filtered.")
    with watching(vibectl) as screen:
        screen.type("f")
        screen.wait_for("Filter (a regular expression; empty for every line):")
        screen.type("keep" + ENTER)
        screen.wait_for("Filter: only lines matching 'keep' are shown")
        screen.type("f")
        screen.wait_for(lambda text: text.count("Filter (a regular") == 2)
        screen.type("(unclosed" + ENTER)
        screen.wait_for("is not a regular expression")
        assert "the filter is still 'keep'" in screen.text()
        created(k8s, "drop-one", "keep-one")
        screen.wait_for("keep-one")  # kubectl prints them in order: drop-one came first
        assert "drop-one" not in screen.text()
        screen.type("f")
        screen.wait_for(lambda text: text.count("Filter (a regular") == 3)
        screen.type(ENTER)
        screen.wait_for("No filter: every line is shown.")
        created(k8s, "drop-two")
        screen.wait_for("drop-two")
        screen.type("q")
        assert screen.wait() == exit_codes.INTERRUPTED
        text = screen.text()
    assert "vibectl: error:" in text
    assert "Traceback" not in text
    assert len([line for line in text.splitlines() if "regular expression (" in line]) == 1
    assert "drop-one" in json.dumps(llm_server.requests[0].body), "what was not shown, too"


def test_a_filter_that_would_backtrack_for_ever_matches_at_once(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    """`(a+)+$` takes 2**40 steps on forty a's and a `!` in a backtracking matcher (Python's
    `re` would hold the interpreter for hours: kubectl's readers, the keys, Ctrl-C); the core's
    regex matches in time linear in the line."""
    go = kubectl_printing_at_go(vibectl, tmp_path, f"echo {'a' * 40}!\necho after-it")
    llm_server.reply_text("Matched.")
    with PtyScreen([vibectl.executable, "logs", "-f", "x"], env=vibectl.env) as screen:
        screen.wait_for("started")
        screen.type("f")
        screen.wait_for("Filter (a regular expression")
        screen.type("(a+)+$|after" + ENTER)
        screen.wait_for("Filter: only lines matching '(a+)+$|after' are shown")
        go.touch()
        screen.wait_for("after-it", timeout=10)
        screen.type("e")
        assert screen.wait(timeout=10) == exit_codes.INTERRUPTED
        text = screen.text()
    assert f"{'a' * 40}!" not in text, "the line does not match, and is not shown"
    assert "error" not in text
    assert f"{'a' * 40}!" in json.dumps(llm_server.requests[0].body), "it is summarised"


def test_f_refuses_what_the_core_cannot_match_in_linear_time_in_one_line(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    llm_server.reply_text("Refused.")
    with watching(vibectl, columns=250) as screen:  # each refusal on one line
        for number, pattern in enumerate([r"(?<=x)y", r"(a)\1", "(?:a{1000}){1000}"], start=1):
            screen.type("f")
            screen.wait_for(lambda text, n=number: text.count("Filter (a regular") == n)
            screen.type(pattern + ENTER)
            screen.wait_for(lambda text, n=number: text.count("is not a regular expression") == n)
        screen.type("q")
        assert screen.wait() == exit_codes.INTERRUPTED
        text = screen.text()
    refusals = [line for line in text.splitlines() if "is not a regular expression (" in line]
    assert len(refusals) == 3, text
    assert all(line.endswith("the filter is still none") for line in refusals), refusals
    assert "(it is too large)" in refusals[2]
    assert "Traceback" not in text


def test_s_saves_what_kubectl_printed_and_refuses_a_fifo_or_a_directory(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, tmp_path: Path
) -> None:
    llm_server.reply_text("Saved.")
    saved, fifo = tmp_path / "saved.txt", tmp_path / "fifo"
    os.mkfifo(fifo)
    with watching(vibectl, columns=250) as screen:  # the paths on one line
        screen.type("p")
        screen.wait_for("Paused")
        created(k8s, "while-paused")
        threading.Event().wait(2)
        screen.type("s")
        screen.wait_for("Save kubectl's output so far to:")
        screen.type(f"{saved}{ENTER}")
        screen.wait_for(f"to {saved}.")
        for refused in (fifo, tmp_path):
            screen.type("s")
            screen.type(f"{refused}{ENTER}")
            screen.wait_for(f"'{refused}' is not a regular file; nothing was saved")
        screen.type(f"s{fifo / 'saved.txt'}{ENTER}")  # a FIFO cannot be a directory
        screen.wait_for("was not written")
        screen.type(f"s{tmp_path}/a\x00b{ENTER}")
        screen.wait_for(lambda text: text.count("vibectl: error:") == 4)
        screen.type("e")
        assert screen.wait() == exit_codes.INTERRUPTED
    lines = saved.read_text().splitlines()
    assert lines[0].startswith("NAME")
    assert any(line.startswith("while-paused") for line in lines), "held lines are saved too"
    assert stat.S_ISFIFO(fifo.stat().st_mode), "the FIFO is left as it was"
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir()), "no temporary left"
    assert "Traceback" not in screen.text()


def test_s_asks_before_overwriting_a_file_or_writing_through_a_link(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, tmp_path: Path
) -> None:
    """A link planted where the output is saved (`/tmp/out -> ~/.bashrc`) would have the file it
    points to overwritten; a file already there would be lost."""
    llm_server.reply_text("Saved.")
    there, pointed, link = tmp_path / "there.txt", tmp_path / "pointed.txt", tmp_path / "link"
    there.write_text("keep me")
    pointed.write_text("keep me too")
    link.symlink_to(pointed)
    with watching(vibectl, columns=500) as screen:  # the question on one line
        screen.type(f"s{there}{ENTER}")
        screen.wait_for(f"'{there}' exists: overwrite it? [y/N]")
        screen.type(f"n{ENTER}")
        screen.wait_for("Not saved.")
        screen.type(f"s{link}{ENTER}")
        screen.wait_for(f"'{link}' is a link to '{pointed}': write to '{pointed}'? [y/N]")
        screen.type(ENTER)
        screen.wait_for(lambda text: text.count("Not saved.") == 2)
        assert (there.read_text(), pointed.read_text()) == ("keep me", "keep me too")
        assert link.is_symlink()
        screen.type(f"s{there}{ENTER}")
        screen.wait_for(lambda text: text.count("exists: overwrite it?") == 2)
        screen.type(f"y{ENTER}")
        screen.wait_for(f"to {there}.")
        screen.type("e")
        assert screen.wait() == exit_codes.INTERRUPTED
    assert there.read_text().startswith("NAME")
    assert pointed.read_text() == "keep me too"


def test_a_planned_watch_takes_the_keys(vibectl: Vibectl, llm_server: LLMServer) -> None:
    planned = {"action": "command", "explanation": "watch", "args": WATCH_PODS}
    llm_server.reply_text(json.dumps(planned))
    llm_server.reply_text("The pods were watched.")
    argv = [vibectl.executable, "get", "vibe", "watch the payments pods"]
    with PtyScreen(argv, env=vibectl.env) as screen:
        screen.wait_for(HINT)
        screen.wait_for(API_PODS[0])
        screen.type("e")
        assert screen.wait() == exit_codes.INTERRUPTED
        assert "The pods were watched." in screen.text()


def around(argv: list[str], env: dict[str, str], settings: Path) -> PtyScreen:
    """`argv` run by a shell on the terminal, which writes the terminal's settings (`stty -g`)
    before and after it, and its exit code, into the file `settings`. Ctrl-C is for the
    command: the shell's trap (reset in the command) lets the shell go on."""
    script = 'trap : INT; stty -g > "$0"; "$@"; code=$?; stty -g >> "$0"; echo "$code" >> "$0"'
    return PtyScreen(["bash", "-c", script, str(settings), *argv], env=env)


def put_back(screen: PtyScreen, settings: Path) -> int:
    """The command's exit code, once the shell wrote it, after checking that the terminal's
    settings after it are those before it."""
    screen.wait_for(lambda _text: settings.exists() and len(settings.read_text().split()) == 3)
    before, after, code = settings.read_text().split()
    assert before == after, screen.text()
    return int(code)


@pytest.mark.parametrize(
    ("args", "keys", "code"),
    [
        pytest.param(["logs", "-f", CRASHLOOP_POD, "-n", PAYMENTS], "", 0, id="kubectl ends"),
        pytest.param(["get", "nosuchkind", "-w"], "", 1, id="kubectl fails"),
        pytest.param(WATCH_PODS, CTRL_C, exit_codes.INTERRUPTED, id="Ctrl-C"),
        pytest.param(WATCH_PODS, "e", exit_codes.INTERRUPTED, id="E"),
        pytest.param(WATCH_PODS, "f" + CTRL_C, exit_codes.INTERRUPTED, id="Ctrl-C at F"),
    ],
)
def test_the_terminals_mode_is_put_back(
    vibectl: Vibectl,
    llm_server: LLMServer,
    tmp_path: Path,
    *,
    args: list[str],
    keys: str,
    code: int,
) -> None:
    llm_server.reply_text("Summarised.")
    settings = tmp_path / "settings"
    with around([str(vibectl.executable), *args], vibectl.env, settings) as screen:
        screen.wait_for(HINT)
        if keys:
            screen.wait_for(API_PODS[0])
            for key in keys:
                screen.type(key)
                threading.Event().wait(0.5)
        assert put_back(screen, settings) == code
        assert "Traceback" not in screen.text()


def test_the_keys_work_again_after_ctrl_z_and_fg(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    """A job-control shell (bash) gives the terminal back to a job it continues in the mode the
    shell reads lines in: the keys would then wait for Enter, and echo."""
    llm_server.reply_text("Summarised.")
    settings = tmp_path / "settings"
    command = " ".join([str(vibectl.executable), *WATCH])
    env = {**vibectl.env, "PS1": "$ "}
    with PtyScreen(["bash", "--norc", "--noprofile", "-i"], env=env) as screen:
        screen.type(f"stty -g > {settings}; {command}{ENTER}")
        screen.wait_for(HINT)
        screen.wait_for("NAME")
        screen.type("\x1a")
        screen.wait_for("Stopped")
        screen.type(f"fg{ENTER}")
        threading.Event().wait(1)
        screen.type("p")
        screen.wait_for("Paused: new lines are held (P resumes).", timeout=5)
        screen.type("e")
        screen.wait_for("Summarised.")
        screen.type(f"stty -g >> {settings}; exit{ENTER}")
        assert screen.wait() == 0
    before, after = settings.read_text().split()
    assert before == after, "and the shell's mode is put back at the end"


def test_the_terminals_mode_is_put_back_after_an_error(tmp_path: Path) -> None:
    """An exception while the keys are read (here, raised in their block) leaves the terminal
    as it was."""
    program = tmp_path / "raises.py"
    program.write_text(
        "from vibectl.kubectl.live_keys import Keys\n"
        "from vibectl.kubectl.live_view import LiveView\n"
        "with Keys(LiveView(bytes), lambda: None).reading():\n"
        "    raise RuntimeError('in the middle')\n"
    )
    settings = tmp_path / "settings"
    with around([sys.executable, str(program)], dict(os.environ), settings) as screen:
        assert put_back(screen, settings) == 1
        assert "RuntimeError: in the middle" in screen.text()
