"""What a new user runs first on Windows, run here with the POSIX-only modules unimportable (as
they are there): `vibectl --version` and `vibectl keys` must not need them. The release
workflow runs both on a real Windows wheel (scripts/smoke-test)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

POSIX_ONLY = ("fcntl", "termios", "tty", "pty", "resource", "grp", "pwd", "_posixsubprocess")

PROBE = f"""
import sys
for name in {POSIX_ONLY!r}:
    sys.modules[name] = None  # `import name` now raises ImportError
from vibectl.entry import main
sys.argv = ["vibectl", *sys.argv[1:]]
main()
"""


def test_version_and_keys_need_no_posix_only_module(tmp_path: Path) -> None:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("VIBECTL_", "XDG_", "ANTHROPIC", "OPENAI", "LLM_"))
    }
    env["HOME"] = str(tmp_path)
    for args, shown in ((["--version"], "vibectl "), (["keys"], "anthropic ")):
        done = subprocess.run(
            [sys.executable, "-c", PROBE, *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(shown), done.stdout
