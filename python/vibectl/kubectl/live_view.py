"""What the live display shows of kubectl's output on a terminal while its keys
(`kubectl/live_keys.py`) are read: line by line, paused (lines held, shown on resume), wrapped or
cut to the terminal's width, filtered by a regular expression (the core's `LineFilter`). This is
only what is shown: everything kubectl prints is captured and summarised as it is without the keys.

Called from the threads reading kubectl (lines) and from the one reading the keys, under one lock,
so a line is never written in the middle of another or of a notice.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TextIO

from vibectl.summary import render
from vibectl.summary.terminal_text import without_controls

if TYPE_CHECKING:
    from vibectl._core import LineFilter

# Lines held while paused that are shown on resume (the rest are counted; S saves them all).
HELD_SHOWN = 1000
# A line longer than this (in characters) is shown in pieces of this length as it comes.
LONGEST_LINE = 65536


class LiveView:
    def __init__(self, collected: Callable[[], bytes]) -> None:
        #: everything kubectl printed so far, for S
        self._collected = collected
        self._lock = threading.RLock()
        self._paused = False
        self._typing = False
        self._wrap = True
        self._filter: LineFilter | None = None
        self._held: deque[tuple[TextIO, str]] = deque(maxlen=HELD_SHOWN)
        self._held_count = 0
        self._feeds: list[_Feed] = []

    def echo(self, stream: TextIO) -> Callable[[bytes], None]:
        """What takes kubectl's bytes for `stream` (its stdout or stderr) as they arrive."""
        feed = _Feed(stream, self._line)
        self._feeds.append(feed)
        return feed.take

    def finish(self) -> None:
        """kubectl ended: its last line without a newline, and what is still held, are shown."""
        with self._lock:
            for feed in self._feeds:
                feed.flush()
            self._paused = self._typing = False
            self._release("while paused")

    def toggle_pause(self) -> None:
        with self._lock:
            if self._paused:
                self._paused = False
                self._release("while paused")
                render.notice("Resumed.")
            else:
                self._paused = True
                render.notice("Paused: new lines are held (P resumes).")

    def toggle_wrap(self) -> None:
        with self._lock:
            self._wrap = not self._wrap
            render.notice(
                "Long lines wrap."
                if self._wrap
                else "Long lines are cut to the terminal's width (W wraps them)."
            )

    @contextlib.contextmanager
    def typing(self) -> Iterator[None]:
        """While a line is typed (F, S), new lines are held, so they do not run through it."""
        with self._lock:
            self._typing = True
        try:
            yield
        finally:
            with self._lock:
                self._typing = False
                if not self._paused:
                    self._release("while you typed")

    def set_filter(self, typed: str) -> None:
        """Only lines that match `typed` (a regular expression) are shown from now on; empty:
        every line. One that is not a regular expression leaves the filter as it was."""
        from vibectl import _core

        with self._lock:
            if not typed:
                self._filter = None
                render.notice("No filter: every line is shown.")
                return
            try:
                line_filter = _core.LineFilter(typed)
            except ValueError as exc:
                kept = f"still {self._filter.pattern!r}" if self._filter else "still none"
                render.error(f"{typed!r} is not a regular expression ({exc}); the filter is {kept}")
                return
            self._filter = line_filter
            render.notice(f"Filter: only lines matching {typed!r} are shown (F, then Enter: all).")

    def save(self, typed: str, *, overwrite: Callable[[str], bool]) -> None:
        """What kubectl printed so far (its output, then its errors) into the file `typed`,
        written atomically; a path that is there and is not a regular file is refused, and
        `overwrite(question)` is asked before a file is overwritten or a link written through."""
        from vibectl import _core

        if not typed:
            render.notice("Not saved.")
            return
        path = os.path.expanduser(typed)
        try:
            mode: int | None = os.stat(path).st_mode
        except (OSError, ValueError):  # not there; a NUL in it (said below)
            mode = None
        if mode is not None and not stat.S_ISREG(mode):
            render.error(f"{typed!r} is not a regular file; nothing was saved")
            return
        question = None
        if os.path.islink(path):
            pointed = os.path.realpath(path)
            question = f"{typed!r} is a link to {pointed!r}: write to {pointed!r}? [y/N] "
        elif mode is not None:
            question = f"{typed!r} exists: overwrite it? [y/N] "
        if question is not None and not overwrite(question):
            render.notice("Not saved.")
            return
        data = self._collected()
        try:
            _core.atomic_write_text(path, data.decode(errors="replace"))
        except (_core.VibectlError, ValueError) as exc:
            render.error(str(exc))
            return
        render.notice(f"Saved kubectl's output so far ({len(data):,} bytes) to {typed}.")

    def _line(self, stream: TextIO, line: str) -> None:
        with self._lock:
            if self._paused or self._typing:
                self._held.append((stream, line))
                self._held_count += 1
            else:
                self._show(stream, line)

    def _release(self, why: str) -> None:
        """The held lines, after a line saying how many there were."""
        if not self._held_count:
            return
        count, shown = self._held_count, len(self._held)
        lines = "line was" if count == 1 else "lines were"
        more = "" if shown == count else f"; the last {shown:,} follow (S saves them all)"
        render.notice(f"{count:,} {lines} held {why}{more}:")
        while self._held:
            self._show(*self._held.popleft())
        self._held_count = 0

    def _show(self, stream: TextIO, line: str) -> None:
        if self._filter is not None and not self._filter.matches(line):
            return
        text = without_controls(line)
        if not self._wrap:
            text = _cut(text, stream)
        # A closed terminal, or one that cannot show a character, must not stop the capture.
        with contextlib.suppress(OSError, ValueError):
            stream.write(text + "\n")
            stream.flush()


def _cut(text: str, stream: TextIO) -> str:
    from rich.cells import cell_len, set_cell_size

    try:
        width = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError):
        return text
    if width < 2 or cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


class _Feed:
    """One of kubectl's streams, decoded (a character cut between two chunks waits for its
    end) and handed on a line at a time; a last line without a newline waits for `flush`."""

    def __init__(self, stream: TextIO, line: Callable[[TextIO, str], None]) -> None:
        self._stream = stream
        self._line = line
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        self._partial = ""

    def take(self, data: bytes) -> None:
        *lines, self._partial = (self._partial + self._decoder.decode(data)).split("\n")
        while len(self._partial) > LONGEST_LINE:
            lines.append(self._partial[:LONGEST_LINE])
            self._partial = self._partial[LONGEST_LINE:]
        for line in lines:
            self._line(self._stream, line)

    def flush(self) -> None:
        rest = self._partial + self._decoder.decode(b"", final=True)
        self._partial = ""
        if rest:
            self._line(self._stream, rest)
