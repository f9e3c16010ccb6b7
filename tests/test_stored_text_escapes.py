"""What vibectl stored (instructions, config values, the audit log) reaches a terminal with its
control characters shown as escapes, through the one escaping function (`terminal_text`):
always where the output is for people, on a terminal only where it is a format programs read."""

from __future__ import annotations

import json
from pathlib import Path

from support.terminal import TerminalRun
from support.vibectl_cli import Vibectl

CLIPBOARD = "\x1b]52;c;aGVsbG8=\x07"  # OSC 52: write "hello" to the clipboard
CLEAR = "\x1b[2J\x1b[H"  # CSI 2J: clear the screen, CSI H: cursor home
HOSTILE = f"be brief{CLIPBOARD}{CLEAR}\rnow"
SHOWN = "be brief\\x1b]52;c;aGVsbG8=\\x07\\x1b[2J\\x1b[H\\rnow"


def reaches_nothing(run: TerminalRun) -> None:
    assert run.returncode == 0, run.stderr
    for sequence in ("\x1b]52", "\x1b[2J", "\x1b[H", "\rnow"):
        assert sequence not in run.output


def store_instructions(home: Path) -> None:
    config = home / ".config/vibectl/config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"[system]\ncustom_instructions = {json.dumps(HOSTILE)}\n")


def test_instructions_are_shown_escaped(vibectl: Vibectl, isolated_home: Path) -> None:
    store_instructions(isolated_home)
    assert vibectl.run("instructions", "show").stdout == SHOWN + "\n"
    run = vibectl.on_terminal("instructions", "show")
    reaches_nothing(run)
    assert SHOWN in run.text


def test_a_config_value_is_escaped_on_a_terminal_and_exact_in_a_pipe(
    vibectl: Vibectl, isolated_home: Path
) -> None:
    store_instructions(isolated_home)
    piped = vibectl.run("config", "get", "system.custom_instructions").stdout
    assert f"{CLIPBOARD}{CLEAR}" in piped, "a pipe gets the value as stored"
    run = vibectl.on_terminal("config", "get", "system.custom_instructions")
    reaches_nothing(run)
    assert SHOWN in run.text
    reaches_nothing(vibectl.on_terminal("config", "show", "system"))


def write_audit(home: Path) -> None:
    record = {
        "time": "2026-01-01T00:00:00+00:00",
        "command": "vibe",
        "request": f"clean up{CLIPBOARD}",
        "argv": ["delete", "ns", "prod", "\r\x1b[2KPlanned: kubectl get pods"],
        "confirmed_by": "prompt",
        "confirmation": "yes",
        "exit_code": 0,
    }
    log = home / ".local/state/vibectl/audit.jsonl"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(json.dumps(record) + "\n")


def test_the_audit_log_is_shown_escaped(vibectl: Vibectl, isolated_home: Path) -> None:
    write_audit(isolated_home)
    [line] = vibectl.run("audit", "show").stdout.splitlines()
    assert ": delete ns prod $'\\r\\x1b[2KPlanned: kubectl get pods' (prompt yes; exit 0)" in line
    assert "\x1b" not in line
    run = vibectl.on_terminal("audit", "show")
    reaches_nothing(run)


def test_an_audit_export_is_exact_in_a_pipe_and_escaped_on_a_terminal(
    vibectl: Vibectl, isolated_home: Path
) -> None:
    write_audit(isolated_home)
    piped = vibectl.run("audit", "export", "--format", "csv")
    assert f"clean up{CLIPBOARD}" in piped.stdout, "a file or a pipe gets the record as stored"
    run = vibectl.on_terminal("audit", "export", "--format", "csv")
    reaches_nothing(run)
    assert "clean up\\x1b]52;c;aGVsbG8=\\x07" in run.text
