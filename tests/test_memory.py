"""`vibectl memory` and `vibectl instructions`, through the installed command and real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.kill import kill_mid_write
from support.llm.server import LLMServer
from support.vibectl_cli import PLANTED_KEY, Vibectl, installed_vibectl
from vibectl import exit_codes


@pytest.fixture
def cli(isolated_home: Path, llm_server: LLMServer) -> Vibectl:
    env = dict(os.environ)
    env["ANTHROPIC_BASE_URL"] = llm_server.url
    env["VIBECTL_ANTHROPIC_API_KEY"] = PLANTED_KEY
    return Vibectl(installed_vibectl(), env)


def memory_file(home: Path) -> Path:
    return home / ".local" / "state" / "vibectl" / "memory.txt"


def ok(cli: Vibectl, *args: str) -> str:
    done = cli.run(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_set_show_clear(cli: Vibectl, isolated_home: Path) -> None:
    assert ok(cli, "memory", "show") == "(the memory is empty)\n"
    assert ok(cli, "memory", "set", "payments", "runs", "api", "1.4.2") == "Memory set.\n"
    assert memory_file(isolated_home).read_text() == "payments runs api 1.4.2"
    assert ok(cli, "memory", "show") == "payments runs api 1.4.2\n"
    assert ok(cli, "memory", "clear") == "Memory cleared.\n"
    assert ok(cli, "memory", "show") == "(the memory is empty)\n"


def test_memory_is_bounded_by_max_chars(cli: Vibectl, isolated_home: Path) -> None:
    ok(cli, "config", "set", "memory.max_chars", "100")
    words = " ".join(f"word{i}" for i in range(60))
    assert "cut to" in ok(cli, "memory", "set", words)
    stored = memory_file(isolated_home).read_text()
    assert len(stored) <= 100
    assert words.startswith(stored)
    assert not stored.endswith("wor"), "cut at a word boundary"


def test_set_with_an_editor(cli: Vibectl, tmp_path: Path) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "edited memory" > "$1"\n')
    editor.chmod(0o755)
    cli.env["EDITOR"] = str(editor)
    ok(cli, "memory", "set", "--edit")
    assert ok(cli, "memory", "show") == "edited memory\n"
    done = cli.run("memory", "set")
    assert done.returncode == exit_codes.USAGE
    assert "give the new memory as TEXT, or --edit" in done.stderr


def test_update_merges_through_the_model(cli: Vibectl, llm_server: LLMServer) -> None:
    ok(cli, "memory", "set", "api runs 1.4.2")
    llm_server.reply_text("api runs 1.5.0; billing-worker crash-loops on postgres")
    out = ok(cli, "memory", "update", "api", "was", "upgraded", "to", "1.5.0")
    assert out == "api runs 1.5.0; billing-worker crash-loops on postgres\n"
    [request] = llm_server.requests
    content = request.body["messages"][0]["content"]
    assert "api runs 1.4.2" in content
    assert "api was upgraded to 1.5.0" in content


def test_freeze_and_unfreeze_persist(cli: Vibectl) -> None:
    assert ok(cli, "memory", "freeze").startswith("Memory frozen")
    assert ok(cli, "config", "get", "memory.enabled") == "false\n"
    assert "(frozen:" in ok(cli, "memory", "show")
    ok(cli, "memory", "unfreeze")
    assert ok(cli, "config", "get", "memory.enabled") == "true\n"


def test_concurrent_writers_never_corrupt(cli: Vibectl, isolated_home: Path) -> None:
    writer = (
        "import sys\n"
        "from vibectl.memory.store import update\n"
        "for i in range(40):\n"
        "    update(lambda cur: cur + sys.argv[1], 100_000)\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", writer, letter], env=cli.env) for letter in "ab"
    ]
    for proc in procs:
        assert proc.wait(timeout=60) == 0
    stored = memory_file(isolated_home).read_text()
    assert sorted(stored) == ["a"] * 40 + ["b"] * 40, "every update landed, none interleaved"


def test_kill_9_during_a_write_leaves_the_old_memory(cli: Vibectl, isolated_home: Path) -> None:
    ok(cli, "memory", "set", "the old memory")
    kill_mid_write(memory_file(isolated_home), cli.env)
    assert ok(cli, "memory", "show") == "the old memory\n"


def test_instructions_set_show_clear(cli: Vibectl, isolated_home: Path) -> None:
    assert ok(cli, "instructions", "show") == "(no instructions)\n"
    ok(cli, "instructions", "set", "Always", "name", "the", "namespace.")
    assert ok(cli, "instructions", "show") == "Always name the namespace.\n"
    assert ok(cli, "config", "get", "system.custom_instructions") == "Always name the namespace.\n"
    ok(cli, "instructions", "clear")
    assert ok(cli, "instructions", "show") == "(no instructions)\n"
    config = (isolated_home / ".config" / "vibectl" / "config.toml").read_text()
    assert "custom_instructions" not in config


def test_instructions_set_with_an_editor(cli: Vibectl, tmp_path: Path) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "  Prefer short answers.\\n" >> "$1"\n')
    editor.chmod(0o755)
    cli.env["EDITOR"] = str(editor)
    ok(cli, "instructions", "set", "--edit")
    assert ok(cli, "instructions", "show") == "Prefer short answers.\n"
    assert not list(tmp_path.glob("**/instructions.edit.txt")), "the draft is removed"
