"""The live display's keys while kubectl runs on a terminal: P pause, W wrap, F filter, S save,
E (or q) exit, as the older vibectl's live display had them. A thread reads them one at a time,
unechoed (the terminal in cbreak mode; Ctrl-C still interrupts); F and S have a line typed in
the terminal's own mode. The terminal's mode is put back however the run ends, and set again
after Ctrl-Z and `fg`. What each key does to the lines shown is `kubectl/live_view.py`'s.

POSIX only: on Windows, or when stdin or stdout is not a terminal, there are no keys.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from vibectl.summary import render

if TYPE_CHECKING:
    from vibectl.kubectl.live_view import LiveView

HINT = "Keys: P pause, W wrap, F filter, S save, E exit (as Ctrl-C)."
# How often the key thread looks whether kubectl has ended.
_POLL_SECONDS = 0.1


def available() -> bool:
    """Whether keys can be read: stdin and stdout are a terminal, on POSIX."""
    return sys.platform != "win32" and sys.stdin.isatty() and sys.stdout.isatty()


class Keys:
    """Reads the keys while open. `stop` stops kubectl, as Ctrl-C does; `exited` says whether
    E or q asked for it."""

    def __init__(self, view: LiveView, stop: Callable[[], None]) -> None:
        self.view = view
        self.exited = False
        self._stop_kubectl = stop
        self._done = threading.Event()

    @contextlib.contextmanager
    def reading(self) -> Iterator[Keys]:
        if sys.platform == "win32":  # no termios; `available` is never true there
            yield self
            return
        import termios
        import tty

        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
        render.notice(HINT)
        thread = threading.Thread(target=self._read, args=(fd, saved), daemon=True)
        try:
            tty.setcbreak(fd, termios.TCSANOW)
            thread.start()
            yield self
        finally:
            self._done.set()
            if thread.is_alive():
                thread.join()
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    def _read(self, fd: int, saved: list[Any]) -> None:
        while (key := self._key(fd)) is not None:
            if key in ("e", "q"):
                self.exited = True
                self._stop_kubectl()
                return
            if key == "p":
                self.view.toggle_pause()
            elif key == "w":
                self.view.toggle_wrap()
            elif key == "f":
                prompt = "Filter (a regular expression; empty for every line): "
                with self.view.typing():
                    typed = self._line(fd, saved, prompt)
                if typed is not None:
                    self.view.set_filter(typed.rstrip("\r\n"))
            elif key == "s":
                with self.view.typing():
                    typed = self._line(fd, saved, "Save kubectl's output so far to: ")
                    if typed is not None:
                        self.view.save(
                            typed.strip(), overwrite=lambda question: self._yes(fd, saved, question)
                        )

    def _key(self, fd: int) -> str | None:
        """The next key typed, lowercase; None once kubectl has ended or the terminal is gone."""
        while not self._done.is_set():
            _cbreak_again(fd)
            ready, _, _ = select.select([fd], [], [], _POLL_SECONDS)
            if not ready:
                continue
            try:
                data = os.read(fd, 1)
            except OSError:
                return None
            if not data:
                return None
            return data.decode("latin-1").lower()
        return None

    def _yes(self, fd: int, saved: list[Any], question: str) -> bool:
        """Whether the line typed after `question` is y or yes (default no)."""
        typed = self._line(fd, saved, question)
        return typed is not None and typed.strip().lower() in ("y", "yes")

    def _line(self, fd: int, saved: list[Any], prompt: str) -> str | None:
        """A line typed in the terminal's own mode (echoed, erasable), after `prompt` on
        stderr; None on Ctrl-D, or when kubectl ends meanwhile."""
        if sys.platform == "win32":
            return None
        import termios
        import tty

        termios.tcsetattr(fd, termios.TCSANOW, saved)
        sys.stderr.write(prompt)
        sys.stderr.flush()
        typed = b""
        try:
            while not typed.endswith(b"\n"):
                ready, _, _ = select.select([fd], [], [], _POLL_SECONDS)
                if self._done.is_set():
                    sys.stderr.write("\n")
                    return None
                if not ready:
                    continue
                data = os.read(fd, 4096)
                if not data:
                    sys.stderr.write("\n")
                    return None
                typed += data
            return typed.decode(errors="replace")
        finally:
            if not self._done.is_set():
                tty.setcbreak(fd, termios.TCSANOW)


def _cbreak_again(fd: int) -> None:
    """After Ctrl-Z and `fg` a job-control shell gives the terminal back in its own line mode:
    cbreak again, but only in the foreground (from the background, setting the mode would stop
    vibectl with SIGTTOU)."""
    if sys.platform == "win32":
        return
    import termios
    import tty

    with contextlib.suppress(OSError, termios.error):
        if os.tcgetpgrp(fd) == os.getpgrp() and termios.tcgetattr(fd)[3] & termios.ICANON:
            tty.setcbreak(fd, termios.TCSANOW)
