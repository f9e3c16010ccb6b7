"""Terminal output other than the summary: kubectl's own output, notices and errors.

Whatever vibectl prints here may hold text from the model or the cluster, so its control
characters are shown as escapes (`terminal_text`); kubectl's own output is written unchanged
when it goes to a file or a pipe.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from vibectl.summary.terminal_text import shown_command, without_controls


def terminal(stream: TextIO | None = None) -> bool:
    """Whether stdout (or `stream`) is a terminal that can be redrawn (not `TERM=dumb`)."""
    return (stream or sys.stdout).isatty() and os.environ.get("TERM", "") != "dumb"


def styled(stream: TextIO | None = None) -> bool:
    """Whether stdout (or `stream`) takes colour: a terminal, and NO_COLOR not set."""
    return terminal(stream) and not os.environ.get("NO_COLOR")


def _write(stream: TextIO, text: str) -> None:
    stream.write(without_controls(text))
    stream.flush()


def _escaped_on_a_terminal(stream: TextIO, text: str) -> None:
    if stream.isatty():
        _write(stream, text)
    else:
        stream.write(text)
        stream.flush()


def raw(stdout: str, stderr: str) -> None:
    """kubectl's own output: as it printed it, but escaped where a stream is a terminal."""
    for stream, text in ((sys.stdout, stdout), (sys.stderr, stderr)):
        _escaped_on_a_terminal(stream, text)


def data(text: str) -> None:
    """Text in a format programs read (TOML, JSON, CSV, a bare value) on stdout: unchanged into
    a file or a pipe, escaped on a terminal."""
    _escaped_on_a_terminal(sys.stdout, text)


def live_copy(stream: TextIO) -> Callable[[bytes], None]:
    """What writes kubectl's output to `stream` as it arrives (`get -w`, `logs -f`): bytes as
    they are to a file or a pipe; on a terminal decoded (a character cut between two chunks
    waits for its end) and escaped like `raw`. Called from the threads reading kubectl."""
    if not stream.isatty():
        fd = stream.fileno()
        return lambda data: _write_all(fd, data)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    return lambda data: _write(stream, decoder.decode(data))


def _write_all(fd: int, data: bytes) -> None:
    with contextlib.suppress(OSError):  # a closed terminal or pipe must not stop the capture
        while data:
            data = data[os.write(fd, data) :]


def out(text: str) -> None:
    """A line of vibectl's own result on stdout (it may quote the model)."""
    _write(sys.stdout, f"{text}\n")


def raw_bytes(stdout: bytes, stderr: bytes) -> None:
    """kubectl's output byte for byte, for a program to read (`-o json`)."""
    for stream, data in ((sys.stdout, stdout), (sys.stderr, stderr)):
        stream.flush()
        stream.buffer.write(data)
        stream.buffer.flush()


def summary_follows(output: str) -> None:
    """The line between kubectl's own output and the summary (`--show-raw-output`)."""
    start = "\n" if output and not output.endswith("\n") else ""
    sys.stdout.write(f"{start}--- summary ---\n")
    sys.stdout.flush()


def notice(message: str) -> None:
    """One line on stderr about what vibectl did (a newline in the model's words would let them
    pass for a line of vibectl's own, such as `Planned: …`)."""
    _write(sys.stderr, " ".join(message.split()) + "\n")


def command(label: str, argv: Sequence[str]) -> None:
    """`label: COMMAND` on one line, each word as a shell would take it back."""
    notice(f"{label}: {shown_command(argv)}")


def block(title: str, text: str) -> None:
    """A title line on stderr, then `text` indented, so none of its lines reads as vibectl's."""
    lines = [f"    {line}" for line in text.rstrip().splitlines()]
    _write(sys.stderr, "\n".join([title, *lines]) + "\n")


def error(message: str) -> None:
    """One line on stderr saying what went wrong."""
    first_line = " ".join(message.split())
    _write(sys.stderr, f"vibectl: error: {first_line}\n")
