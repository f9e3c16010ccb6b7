"""Terminal output other than the summary: kubectl's own output, notices and errors."""

from __future__ import annotations

import os
import sys
from typing import TextIO


def styled(stream: TextIO | None = None) -> bool:
    """Whether stdout (or `stream`) takes rich output: a terminal, not dumb, NO_COLOR not set."""
    return (
        (stream or sys.stdout).isatty()
        and not os.environ.get("NO_COLOR")
        and os.environ.get("TERM", "") != "dumb"
    )


def raw(stdout: str, stderr: str) -> None:
    """kubectl's own output, exactly as it printed it."""
    sys.stdout.write(stdout)
    sys.stdout.flush()
    sys.stderr.write(stderr)
    sys.stderr.flush()


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
    """One line on stderr about what vibectl did."""
    sys.stderr.write(f"{message}\n")
    sys.stderr.flush()


def error(message: str) -> None:
    """One line on stderr saying what went wrong."""
    first_line = " ".join(message.split())
    sys.stderr.write(f"vibectl: error: {first_line}\n")
    sys.stderr.flush()
