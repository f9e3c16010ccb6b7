"""Every example command in README.md and docs/ runs as written: each `vibectl …` in inline code
and each line of a ```sh block that runs vibectl (a ```zsh block is zsh's) is run by bash, in a
fresh HOME, against the emulator and the loopback model. Synopses (`vibectl config get KEY`,
`vibectl vibe ["REQUEST"]`) are not examples and are left out; so are lines that install
vibectl itself."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from support.k8s.seed import PAYMENTS
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl
from vibectl import exit_codes

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]

# A placeholder in a synopsis: a metavariable (NAME, KEY, REQUEST), <p>, [optional], …, or a
# choice between forms (`show | set TEXT`).
_SYNOPSIS = re.compile(r"\b[A-Z][A-Z_]+\b|[<\[…]| \| ")
_INLINE = re.compile(r"`(vibectl [^`\n]+)`")
_SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.M | re.S)


def examples() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for doc in DOCS:
        text = doc.read_text()
        # migrating.md's tables name the older vibectl's commands and ours; they are not examples.
        lines = text.splitlines()
        if doc.name == "migrating.md":
            lines = [line for line in lines if not line.startswith("|")]
        for command in _INLINE.findall("\n".join(lines)):
            printed = command.split()[1].endswith(":")  # vibectl's output (`vibectl mcp: …`)
            if not printed and not _SYNOPSIS.search(command.replace("\\|", " | ")):
                found.append((doc.name, command))
        for block in _SH_BLOCK.findall(text):
            for line in block.splitlines():
                runs_vibectl = line.startswith(("vibectl ", "source <(vibectl "))
                if runs_vibectl and not _SYNOPSIS.search(line.partition(" #")[0]):
                    found.append((doc.name, line))
    return list(dict.fromkeys(found))


def _older_yaml(home: Path, server: LLMServer) -> None:
    config = home / ".config" / "vibectl" / "client" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("llm:\n  model: claude-haiku-5-5\nmemory_content: api runs in payments\n")


def _fish_dir(home: Path, server: LLMServer) -> None:
    (home / ".config" / "fish" / "completions").mkdir(parents=True)


def _check_answers_true(home: Path, server: LLMServer) -> None:
    look = {"action": "command", "args": ["get", "pods", "-n", PAYMENTS], "explanation": "look"}
    server.reply_text(json.dumps(look))
    server.reply_text(json.dumps({"action": "answer", "answer": "true", "explanation": "seen"}))


# What a reader has before running an example: the state it acts on, or the model's plans.
SETUP: dict[str, Callable[[Path, LLMServer], None]] = {
    "vibectl config migrate": _older_yaml,
    "vibectl completion fish > ~/.config/fish/completions/vibectl.fish": _fish_dir,
    'vibectl check "every api pod is running"; echo $?': _check_answers_true,
}
# What the reader's environment has for an example.
ENV = {"vibectl config edit": {"EDITOR": "true"}}
# An example that shows a refusal: the code it exits with.
EXIT = {"vibectl get pods $'\\xff'": exit_codes.USAGE}
# What an example reads on stdin.
STDIN = {"vibectl keys set anthropic": "sk-ant-api03-" + "k" * 80 + "\n"}


def test_the_docs_have_examples() -> None:
    commands = [command for _, command in examples()]
    assert "vibectl -n payments get pods" in commands
    assert len(commands) > 20
    for given in (SETUP, ENV, STDIN, EXIT):
        assert set(given) <= set(commands), "each setup belongs to an example still in the docs"


@pytest.mark.parametrize(("doc", "command"), examples(), ids=lambda v: v)
def test_the_example_runs_as_written(  # noqa: PLR0917 (fixtures, then the parameters)
    vibectl: Vibectl,
    llm_server: LLMServer,
    isolated_home: Path,
    tmp_path: Path,
    doc: str,
    command: str,
) -> None:
    SETUP.get(command, lambda home, server: None)(isolated_home, llm_server)
    llm_server.reply_text("A summary of what kubectl printed.", times=None)
    done = vibectl.in_bash(
        command, input=STDIN.get(command, ""), env=ENV.get(command), cwd=tmp_path
    )
    assert done.returncode == EXIT.get(command, 0), (
        f"{doc}: {command}\n{done.stdout}\n{done.stderr}"
    )
    assert "Traceback" not in done.stderr
    # An example of a refusal says why on its error line; every other example has none.
    assert ("vibectl: error:" in done.stderr) == (command in EXIT), done.stderr
