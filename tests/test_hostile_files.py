"""Hostile files and processes: a FIFO, a device or a directory where a file should be, an alias
bomb, a key command that floods or hides the key in its errors, state that cannot be read or
written, a password in a base URL, and replies and instructions too large to pass whole. Each
gets one line and a non-zero exit, at once, and nothing it should not print."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from support.k8s.seed import PAYMENTS
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl

FAKE_KEY = "sk-ant-literal-9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e"

# 342 bytes: nine levels of nine aliases, 9**9 strings once expanded.
ALIAS_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{','.join(['*' + prev] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode != 0, done
    assert "Traceback" not in done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("vibectl: error: "), line
    return line


def quick(
    vibectl: Vibectl, *args: str, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    started = time.monotonic()
    done = vibectl.run(*args, input=input, timeout=20)
    assert time.monotonic() - started < 10, "refused at once, not after a wait"
    return done


def user_config(home: Path) -> Path:
    path = home / ".config/vibectl/config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("where", ["user", "system", "yaml"])
def test_a_fifo_as_a_config_file_is_one_line_at_once(
    vibectl: Vibectl, isolated_home: Path, where: str
) -> None:
    path = {
        "user": user_config(isolated_home),
        "system": isolated_home / "system.toml",
        "yaml": isolated_home / ".config/vibectl/client/config.yaml",
    }[where]
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    vibectl.env["VIBECTL_SYSTEM_CONFIG"] = str(isolated_home / "system.toml")
    line = one_line_error(quick(vibectl, "config", "show"))
    assert f"{path}: is a FIFO (named pipe), not a regular file" in line


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (os.mkfifo, "a FIFO (named pipe)"),
        (os.mkdir, "a directory"),
        (None, "a character device"),
    ],
)
def test_a_key_file_that_is_not_a_file_is_one_line_at_once(
    vibectl: Vibectl, isolated_home: Path, make: object, what: str
) -> None:
    path = isolated_home / "key"
    if make is None:
        path = Path("/dev/zero")
    else:
        make(path)  # type: ignore[operator]
    del vibectl.env["VIBECTL_ANTHROPIC_API_KEY"]
    vibectl.env["VIBECTL_ANTHROPIC_API_KEY_FILE"] = str(path)
    done = quick(vibectl, "get", "pods", "-n", PAYMENTS)
    line = one_line_error(done)
    assert f"the file {path} is {what}, not a regular file" in line


def test_a_fifo_as_a_systemd_credential_or_keys_json_is_one_line(
    vibectl: Vibectl, isolated_home: Path
) -> None:
    del vibectl.env["VIBECTL_ANTHROPIC_API_KEY"]
    credentials = isolated_home / "creds"
    credentials.mkdir()
    os.mkfifo(credentials / "anthropic_api_key")
    vibectl.env["CREDENTIALS_DIRECTORY"] = str(credentials)
    assert "is a FIFO" in one_line_error(quick(vibectl, "get", "pods", "-n", PAYMENTS))
    del vibectl.env["CREDENTIALS_DIRECTORY"]
    llm_dir = isolated_home / ".config/io.datasette.llm"
    llm_dir.mkdir(parents=True)
    os.mkfifo(llm_dir / "keys.json")
    assert "is a FIFO" in one_line_error(quick(vibectl, "get", "pods", "-n", PAYMENTS))


def test_keys_set_reads_at_most_a_key_from_standard_input(
    vibectl: Vibectl, isolated_home: Path
) -> None:
    done = quick(vibectl, "keys", "set", "anthropic", input="sk-ant-" + "x" * 200_000 + "\n")
    assert "standard input holds more than 64 KiB" in one_line_error(done)
    assert not (isolated_home / ".config/vibectl/keys/anthropic").exists()


def test_a_huge_config_is_refused_unread(vibectl: Vibectl, isolated_home: Path) -> None:
    user_config(isolated_home).write_text("# " + "x" * (2 * 1024 * 1024) + "\n")
    assert "is larger than 1 MiB" in one_line_error(quick(vibectl, "config", "show"))


def test_an_alias_bomb_in_the_older_yaml_is_one_line(vibectl: Vibectl, isolated_home: Path) -> None:
    assert len(ALIAS_BOMB) < 350
    yaml = isolated_home / ".config/vibectl/client/config.yaml"
    yaml.parent.mkdir(parents=True)
    yaml.write_text(ALIAS_BOMB)
    line = one_line_error(quick(vibectl, "config", "show"))
    assert "its aliases expand to more than 10000 values" in line


def test_a_key_command_hides_its_stderr_and_config_show_hides_its_arguments(
    vibectl: Vibectl, isolated_home: Path
) -> None:
    del vibectl.env["VIBECTL_ANTHROPIC_API_KEY"]
    user_config(isolated_home).write_text(
        f'[providers.anthropic]\nkey_command = ["sh", "-c", "echo {FAKE_KEY} >&2; exit 3"]\n'
    )
    done = quick(vibectl, "get", "pods", "-n", PAYMENTS)
    line = one_line_error(done)
    assert "exited with 3" in line
    assert FAKE_KEY not in done.stdout + done.stderr
    shown = vibectl.run("config", "show", "providers")
    assert shown.returncode == 0
    assert 'key_command = ["sh", "…"]' in shown.stdout
    assert FAKE_KEY not in shown.stdout + shown.stderr
    got = vibectl.run("config", "get", "providers.anthropic.key_command")
    assert FAKE_KEY not in got.stdout + got.stderr


def test_a_key_command_that_floods_or_hangs_is_stopped_with_its_group(
    vibectl: Vibectl, isolated_home: Path
) -> None:
    del vibectl.env["VIBECTL_ANTHROPIC_API_KEY"]
    config = user_config(isolated_home)
    config.write_text(
        '[providers.anthropic]\nkey_command = ["sh", "-c", "yes sk-ant-x | head -c 1000000"]\n'
    )
    line = one_line_error(quick(vibectl, "get", "pods", "-n", PAYMENTS))
    assert "printed more than 64 KiB" in line
    pid_file = isolated_home / "grandchild"
    config.write_text(
        "[providers.anthropic]\n"
        f'key_command = ["sh", "-c", "sleep 300 & echo $! > {pid_file}; wait"]\n'
    )
    vibectl.env["VIBECTL_KEY_COMMAND_TIMEOUT"] = "1"
    line = one_line_error(quick(vibectl, "get", "pods", "-n", PAYMENTS))
    assert "did not finish within 1s" in line
    stat = Path(f"/proc/{pid_file.read_text().strip()}/stat")
    time.sleep(0.2)
    assert not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] == "Z", (
        "the key command's grandchild was killed with it"
    )


def test_unreadable_memory_keeps_the_summary_then_one_line(
    vibectl: Vibectl, isolated_home: Path, llm_server: LLMServer
) -> None:
    # A state directory under a regular file fails for root too (ENOTDIR), unlike file modes.
    blocker = isolated_home / "state-is-a-file"
    blocker.write_text("")
    vibectl.env["XDG_STATE_HOME"] = str(blocker)
    llm_server.reply_text("All pods are running.\n<memory>new memory</memory>")
    done = vibectl.run("get", "pods", "-n", PAYMENTS)
    assert "All pods are running." in done.stdout
    line = one_line_error(done)
    assert f"{blocker}/vibectl/memory.txt: cannot be read" in line


def test_unwritable_memory_as_another_user_keeps_the_summary_then_one_line(
    vibectl: Vibectl, isolated_home: Path, llm_server: LLMServer
) -> None:
    """Root ignores file modes, so vibectl runs as nobody against a read-only state dir."""
    state = isolated_home / ".local/state/vibectl"
    state.mkdir(parents=True)
    (state / "memory.txt").write_text("old memory")
    for path in (isolated_home, *isolated_home.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    # nobody must reach the home and the checkout's venv and kubectl, wherever the checkout is
    # (`mktemp -d` makes a 0700 directory).
    for parent in {*isolated_home.parents, *vibectl.executable.parents}:
        if parent != Path("/"):
            parent.chmod(parent.stat().st_mode | 0o005)
    state.chmod(0o555)
    (state / "memory.txt").chmod(0o444)
    llm_server.reply_text("All pods are running.\n<memory>new memory</memory>")
    done = subprocess.run(
        [
            "setpriv",
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            str(vibectl.executable),
            "get",
            "pods",
            "-n",
            PAYMENTS,
        ],
        env=vibectl.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "All pods are running." in done.stdout, done.stderr
    line = one_line_error(done)
    assert "memory.txt" in line
    assert (state / "memory.txt").read_text() == "old memory"


def test_a_password_in_a_base_url_is_never_printed(
    vibectl: Vibectl, isolated_home: Path, llm_server: LLMServer
) -> None:
    url = llm_server.url.replace("http://", "http://bob:hunter2secret@")
    del vibectl.env["ANTHROPIC_BASE_URL"]
    user_config(isolated_home).write_text(f'[providers.anthropic]\nbase_url = "{url}"\n')
    llm_server.reply_text("fine")
    done = vibectl.run("-v", "get", "pods", "-n", PAYMENTS)
    assert done.returncode == 0, done.stderr
    assert "bob:***@" in done.stderr
    shown = vibectl.run("config", "show", "providers")
    assert "bob:***@" in shown.stdout
    llm_server.fail(500, times=None)
    failed = vibectl.run("-v", "get", "pods", "-n", PAYMENTS)
    for out in (done, shown, failed):
        assert "hunter2secret" not in out.stdout + out.stderr


def test_a_huge_reply_is_cut_and_says_so(
    vibectl: Vibectl, isolated_home: Path, llm_server: LLMServer
) -> None:
    user_config(isolated_home).write_text("[llm]\nmax_reply_chars = 2000\n")
    llm_server.reply_text("word " * 20_000)
    done = vibectl.run("get", "pods", "-n", PAYMENTS)
    assert done.stdout.count("word") <= 400
    assert "the model's reply was cut after 2000 characters (llm.max_reply_chars)" in done.stderr
    assert "Traceback" not in done.stderr


def test_huge_custom_instructions_are_cut_and_say_so(
    vibectl: Vibectl, isolated_home: Path, llm_server: LLMServer
) -> None:
    user_config(isolated_home).write_text(
        f'[system]\ncustom_instructions = "{"be brief " * 100_000}"\nmax_instructions_chars = 500\n'
    )
    llm_server.reply_text("fine")
    done = vibectl.run("get", "pods", "-n", PAYMENTS)
    assert done.returncode == 0, done.stderr
    [request] = llm_server.requests
    assert str(request.body).count("be brief") < 100
    assert "only the first 500 are sent (system.max_instructions_chars)" in done.stderr
