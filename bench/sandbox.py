"""Where the timed processes run: a kubectl stand-in first on PATH, and a HOME of their own.

Each side gets its own temporary HOME (with XDG dirs inside it), so no real config or key is
read and neither side reads the other's config (our vibectl reads the older one's YAML when it
has no config.toml). Environments are built from scratch: nothing of the caller's leaks in.
"""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

from proc_timing import TIMEOUT, Command

# A well-formed, fake key; the loopback server accepts any.
KEY = "sk-ant-bench-4c1d9e7f2a6b8c0d3e5f7a9b1c2d4e6f"

# What `kubectl get pods` prints; `kubectl get vibe …` fails as kubectl does for an unknown kind;
# `get pods -A` and `logs` print the generated files beside the script (`context.py` writes
# them), and any command prints the file $BENCH_OUTPUT names when it is set.
KUBECTL = """#!/bin/sh
here="$(dirname "$0")"
if [ -n "${BENCH_OUTPUT:-}" ]; then exec cat "$BENCH_OUTPUT"; fi
if [ "$1" = get ] && [ "$2" = pods ] && [ "$3" = -A ]; then exec cat "$here/get-pods-A.out"; fi
if [ "$1" = logs ]; then exec cat "$here/logs.out"; fi
if [ "$1" = get ] && [ "$2" = vibe ]; then
  echo 'error: the server doesn'"'"'t have a resource type "vibe"' >&2
  exit 1
fi
cat <<'EOF'
NAME                          READY   STATUS             RESTARTS      AGE
api-5f6c7b8d9e-h4tjn          1/1     Running            2 (47m ago)   26h
api-5f6c7b8d9e-q8wzx          1/1     Running            0             26h
web-7d4b9c8f6d-2xkqp          1/1     Running            0             3h12m
web-7d4b9c8f6d-9mzlw          1/1     Running            0             3h12m
worker-6b8f9d7c5a-l2kdp       0/1     CrashLoopBackOff   14 (2m ago)   51m
redis-0                       1/1     Running            0             9d
EOF
"""
UNKNOWN_KIND = 'doesn\'t have a resource type "vibe"'


class Sandbox:
    """A kubectl stand-in and one HOME per side under `root`, all pointing at `llm_url`."""

    def __init__(self, root: Path, llm_url: str) -> None:
        self.root = root
        self.llm_url = llm_url
        self.bin = root / "bin"
        self.bin.mkdir(parents=True)
        kubectl = self.bin / "kubectl"
        kubectl.write_text(KUBECTL)
        kubectl.chmod(0o755)

    def env(self, side: str, venv: Path) -> dict[str, str]:
        """The whole environment of a process of `side` run from `venv`."""
        home = self.root / "home" / side
        for sub in (".config", ".cache", ".local/state", ".local/share"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        return {
            "PATH": f"{self.bin}:{venv / 'bin'}:/usr/bin:/bin",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_STATE_HOME": str(home / ".local/state"),
            "XDG_DATA_HOME": str(home / ".local/share"),
            "LANG": "C.UTF-8",
            "NO_PROXY": "127.0.0.1,localhost",
            "ANTHROPIC_BASE_URL": self.llm_url,
            "VIBECTL_ANTHROPIC_API_KEY": KEY,
        }

    def command(self, side: str, venv: Path, line: str) -> Command:
        """`line` (a shell-quoted command line) as run by `side` from `venv`."""
        argv = shlex.split(line)
        return Command([str(venv / "bin" / argv[0]), *argv[1:]], self.env(side, venv))


def setup(command: Command) -> None:
    """Run a setup command (not timed); its output is shown only if it fails."""
    done = subprocess.run(
        command.argv, env=dict(command.env), capture_output=True, check=False, timeout=TIMEOUT
    )
    if done.returncode != 0:
        output = (done.stdout + done.stderr).decode(errors="replace")
        raise RuntimeError(f"setup `{shlex.join(command.argv)}` failed:\n{output}")
