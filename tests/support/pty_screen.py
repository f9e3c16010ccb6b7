"""A command on a pseudo-terminal of its own, read by a terminal emulator (pyte), as a user sees it.

The command's stdin, stdout and stderr are the terminal, which is its controlling terminal, so
keys typed (`\\x03` is Ctrl-C, sent as SIGINT by the terminal's line discipline, `\\x04` Ctrl-D)
reach it as they do in a shell, and a resize sends it SIGWINCH. `lines()` is the scrollback and
the screen, as the user could scroll through them.
"""

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
from collections.abc import Callable, Sequence
from pathlib import Path

import pyte

# Private SGR sequences (`CSI > 4;2 m`, xterm's modifyOtherKeys, and `CSI ? 4 m`, which vim
# sends): pyte 0.8.2 fails on them; they draw nothing.
_PRIVATE_SGR = re.compile(rb"\x1b\[[>?=][0-9;]*m|\x1b\[[0-9;]*%m")


class PtyScreen:
    def __init__(
        self,
        argv: Sequence[str | Path],
        *,
        env: dict[str, str],
        columns: int = 100,
        rows: int = 40,
    ) -> None:
        self._screen = pyte.HistoryScreen(columns, rows, history=100_000, ratio=0.001)
        self._stream = pyte.ByteStream(self._screen)
        self._lock = threading.Lock()
        self.raw = bytearray()
        self._main, child = pty.openpty()
        self._size(child, columns, rows)
        self.process = subprocess.Popen(
            # util-linux setsid: a new session whose controlling terminal is this one (it execs
            # the command, so the process is the command's own).
            ["setsid", "--ctty", *(str(a) for a in argv)],
            env={**env, "TERM": "xterm-256color"},
            stdin=child,
            stdout=child,
            stderr=child,
            close_fds=True,
        )
        os.close(child)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @staticmethod
    def _size(fd: int, columns: int, rows: int) -> None:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    def _read(self) -> None:
        while True:
            ready, _, _ = select.select([self._main], [], [], 0.1)
            if not ready:
                if self.process.poll() is not None and not self._pending():
                    return
                continue
            try:
                data = os.read(self._main, 65536)
            except OSError:  # EIO: the command and its children closed the terminal
                return
            if not data:
                return
            with self._lock:
                self.raw += data
                self._stream.feed(_PRIVATE_SGR.sub(b"", data))

    def _pending(self) -> bool:
        ready, _, _ = select.select([self._main], [], [], 0)
        return bool(ready)

    def type(self, keys: str) -> None:
        os.write(self._main, keys.encode())

    def resize(self, columns: int, rows: int) -> None:
        with self._lock:
            self._screen.resize(rows, columns)
        self._size(self._main, columns, rows)

    def lines(self) -> list[str]:
        """The scrollback, then the screen, each line without trailing blanks."""
        with self._lock:
            screen = self._screen
            history = [
                "".join(line[x].data for x in range(screen.columns)).rstrip()
                for line in screen.history.top
            ]
            rows = [row.rstrip() for row in screen.display]
        while rows and not rows[-1]:
            rows.pop()
        return history + rows

    def text(self) -> str:
        return "\n".join(self.lines())

    def wait_for(self, condition: str | Callable[[str], bool], timeout: float = 30) -> str:
        """The text once it holds `condition` (a string, or a test of the text)."""
        check = condition if callable(condition) else (lambda text: condition in text)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text()
            if check(text):
                return text
            if self.process.poll() is not None:
                self._reader.join(5)
                text = self.text()
                if check(text):
                    return text
                raise AssertionError(
                    f"exited {self.process.returncode} before {condition!r}:\n{text}"
                )
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {condition!r}:\n{self.text()}")

    def wait(self, timeout: float = 60) -> int:
        code = self.process.wait(timeout)
        self._reader.join(5)
        return code

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._reader.join(5)
        os.close(self._main)

    def __enter__(self) -> PtyScreen:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
