"""Killing a real process in the middle of an atomic write, to show the old file survives."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path


def kill_mid_write(target: Path, env: Mapping[str, str] | None = None) -> None:
    """Start a process writing 400 MB to `target` through the core, SIGKILL it once its temp
    file exists, and wait for it."""
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from vibectl import _core; "
            "_core.atomic_write_text(sys.argv[1], 'x' * 400_000_000)",
            str(target),
        ],
        env=env,
    )
    temp = target.with_name(f".{target.name}.tmp-{writer.pid}")
    deadline = time.monotonic() + 30
    while not temp.exists() and time.monotonic() < deadline and writer.poll() is None:
        time.sleep(0.001)
    assert temp.exists(), "the writer should be mid-write"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
