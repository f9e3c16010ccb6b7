"""Running vibectl with its stdout on a pseudo-terminal, as in an interactive shell."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# CSI sequences (colours, cursor moves, erasing) and the private modes that hide the cursor.
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass(frozen=True)
class TerminalRun:
    returncode: int
    output: str  # everything written to the terminal, escape sequences included
    stderr: str

    @property
    def text(self) -> str:
        """The output without escape sequences or carriage returns."""
        return _ANSI.sub("", self.output).replace("\r", "")


def run_on_terminal(
    executable: Path,
    *args: str,
    env: dict[str, str],
    columns: int = 100,
    timeout: float = 60,
    stderr_on_terminal: bool = False,
) -> TerminalRun:
    """Run with stdout (and, if asked, stderr) on an xterm of `columns` columns; stdin is not a
    terminal and is empty."""
    env = {**env, "TERM": "xterm-256color"}
    main_fd, child_fd = pty.openpty()
    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    with subprocess.Popen(
        [str(executable), *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=child_fd,
        stderr=child_fd if stderr_on_terminal else subprocess.PIPE,
    ) as process:
        os.close(child_fd)
        stderr: list[bytes] = []
        reader = threading.Thread(target=lambda: stderr.append(_read_all(process.stderr)))
        reader.start()
        output = _read_until_closed(main_fd, time.monotonic() + timeout)
        returncode = process.wait(timeout=timeout)
        reader.join(timeout)
    return TerminalRun(
        returncode, output.decode(errors="replace"), b"".join(stderr).decode(errors="replace")
    )


def _read_all(stream: IO[bytes] | None) -> bytes:
    return b"" if stream is None else stream.read()


def _read_until_closed(fd: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    try:
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(fd)
    return b"".join(chunks)
