"""The older vibectl (0.11.6, with llm 0.36 and llm-anthropic 0.30): the oracle the
compatibility tests compare ours against, installed by tests/tools/install-older-vibectl.

- `older_venv` (session fixture): the venv; the test fails (never skips) when it is missing.
- `surface()`: its command-line surface, as tests/older/surface.json records it.
- `ours_parse(argv)`: what our command line makes of `argv`, parsed in-process exactly as
  `vibectl` parses it, without running anything.
- `recording_kubectl(directory, real)`: a kubectl stand-in that appends each argv it gets, as
  one JSON line, to `directory/argv.jsonl`, then runs the real pinned kubectl.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
OLDER_DIR = REPO_ROOT / "tests" / "older"
INSTALL = REPO_ROOT / "tests" / "tools" / "install-older-vibectl"
_TOOLS_DIR_OVERRIDE = os.environ.get("VIBECTL_TOOLS_DIR")


def older_venv_path() -> Path:
    tools = Path(_TOOLS_DIR_OVERRIDE) if _TOOLS_DIR_OVERRIDE else REPO_ROOT / ".tools"
    return tools / "older-vibectl"


@pytest.fixture(scope="session")
def older_venv() -> Path:
    """The older vibectl's venv, as the install script left it (its pins in the stamp file)."""
    venv = older_venv_path()
    stamp = venv / "installed-pins"
    if not (venv / "bin" / "vibectl").exists() or not stamp.exists():
        pytest.fail(f"the older vibectl is not installed in {venv}: run {INSTALL}", pytrace=False)
    return venv


def run_older_script(venv: Path, script: str, env: dict[str, str]) -> str:
    """The output of one of tests/older/*.py, run by the older vibectl's own interpreter."""
    done = subprocess.run(
        [str(venv / "bin" / "python"), str(OLDER_DIR / script)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def migration_table_names() -> list[str]:
    """What the first column of docs/migrating.md's table names: each `quoted` command, flag or
    config key (`<p>` and `*` stand for any name)."""
    table = (REPO_ROOT / "docs" / "migrating.md").read_text()
    cells = re.findall(r"^\| ([^|]+) \|", table, re.MULTILINE)
    return [name for cell in cells for name in re.findall(r"`([^`]+)`", cell)]


def surface() -> list[dict[str, Any]]:
    pages: list[dict[str, Any]] = json.loads((OLDER_DIR / "surface.json").read_text())
    return pages


@dataclass(frozen=True)
class Parsed:
    """Our command line's reading of an argv: the command, every option value click parsed on
    the way (group options included), and the words left for kubectl or the request."""

    command: str
    params: dict[str, Any]
    words: list[str]


def ours_parse(argv: list[str]) -> Parsed:
    """Parse `argv` as `vibectl` does, down to the command that would run, running nothing. A
    verb's words go through the same option split the verb's callback does."""
    from vibectl.cli import cli
    from vibectl.options import WordsCommand, split_options

    ctx = cli.make_context("vibectl", list(argv))
    command: click.Command = cli
    path: list[str] = []
    params: dict[str, Any] = dict(ctx.params)
    while isinstance(command, click.Group):
        rest = [*ctx._protected_args, *ctx.args]
        if not rest:
            break
        name, sub, rest = command.resolve_command(ctx, rest)
        assert sub is not None
        assert name is not None
        ctx = sub.make_context(name, rest, parent=ctx)
        command = sub
        path.append(name)
        params.update({k: v for k, v in ctx.params.items() if v is not None})
    words: list[str] = []
    for param in command.params:
        if isinstance(param, click.Argument) and param.nargs == -1:
            words.extend(ctx.params.get(param.name or "", ()) or ())
    if isinstance(command, WordsCommand):
        overrides, words = split_options(words)
        params.update({k: v for k, v in vars(overrides).items() if v is not None})
    return Parsed(" ".join(path), params, words)


def recording_kubectl(directory: Path, real: Path) -> Path:
    """A kubectl stand-in in `directory` that records its argv (one JSON list per line in
    `directory/argv.jsonl`, written by Python so no argument is mangled), then execs `real`."""
    directory.mkdir(parents=True, exist_ok=True)
    log = directory / "argv.jsonl"
    stand_in = directory / "kubectl"
    stand_in.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        f"with open({str(log)!r}, 'a') as f:\n"
        "    f.write(json.dumps(sys.argv[1:]) + '\\n')\n"
        f"os.execv({str(real)!r}, [{str(real)!r}, *sys.argv[1:]])\n"
    )
    stand_in.chmod(0o755)
    return log


def recorded(log: Path) -> list[list[str]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines()]
