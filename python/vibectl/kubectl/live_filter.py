"""The live display's filter (F): a regular expression (Python's `re`) matched against each line
shown, in a child Python process, each line within a time limit.

Python's `re` backtracks: `(a+)+$` on forty a's and a `!` takes 2**40 steps, and while it runs
it holds the interpreter (kubectl's readers, the keys, Ctrl-C), with no way to stop it. In a
child the match runs in the child's main thread, where an alarm interrupts it; a filter that
took longer than the limit on a line, or a child that does not answer, is dropped.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import struct
import subprocess
import sys

# How long one line may take to match; what a real filter takes is microseconds.
MATCH_SECONDS = 0.25
# How long past that the child may take to answer before it is taken as stuck.
_GRACE_SECONDS = 2.0

# The child (started at F, never at import): reads the pattern then lines (each a 4-byte length
# and UTF-8), answers a byte for each: 1 (matches), 0 (does not) or t (took longer than the limit).
_CHILD = f"""
import re, signal, struct, sys
class Slow(Exception):
    pass
def alarm(*_):
    raise Slow
signal.signal(signal.SIGALRM, alarm)
signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for vibectl, which then closes this
read, out = sys.stdin.buffer.read, sys.stdout.buffer
def text():
    head = read(4)
    if len(head) < 4:
        sys.exit(0)
    return read(struct.unpack(">I", head)[0]).decode("utf-8", "surrogateescape")
pattern = re.compile(text())
while True:
    line = text()
    try:
        signal.setitimer(signal.ITIMER_REAL, {MATCH_SECONDS})
        answer = b"1" if pattern.search(line) else b"0"
        signal.setitimer(signal.ITIMER_REAL, 0)
    except Slow:
        answer = b"t"
    out.write(answer)
    out.flush()
"""


class TooSlowError(Exception):
    """The filter took longer than MATCH_SECONDS on a line (or its child stopped answering)."""


class LineFilter:
    """A compiled filter: `matches(line)`; `close()` ends its child."""

    def __init__(self, pattern: str) -> None:
        """Raises re.error (and RecursionError, OverflowError) for what is not a regular
        expression, as `re.compile` does, before any child starts."""
        re.compile(pattern)
        self.pattern = pattern
        self._child = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _CHILD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._send(pattern)

    def _send(self, text: str) -> None:
        data = text.encode("utf-8", "surrogateescape")
        assert self._child.stdin is not None
        self._child.stdin.write(struct.pack(">I", len(data)) + data)
        self._child.stdin.flush()

    def matches(self, line: str) -> bool:
        assert self._child.stdout is not None
        try:
            self._send(line)
            ready, _, _ = select.select(
                [self._child.stdout], [], [], MATCH_SECONDS + _GRACE_SECONDS
            )
            answer = os.read(self._child.stdout.fileno(), 1) if ready else b""
        except OSError:
            answer = b""
        if answer not in (b"0", b"1"):
            self.close()
            raise TooSlowError(self.pattern)
        return answer == b"1"

    def close(self) -> None:
        with contextlib.suppress(OSError):
            assert self._child.stdin is not None
            self._child.stdin.close()
        try:
            self._child.wait(_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            self._child.kill()
            self._child.wait()
        assert self._child.stdout is not None
        self._child.stdout.close()
