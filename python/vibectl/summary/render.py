"""Terminal output other than the summary: kubectl's own output, notices and errors."""

from __future__ import annotations

import os
import sys


def terminal() -> bool:
    """Whether stdout is a terminal that can be redrawn (not `TERM=dumb`)."""
    return sys.stdout.isatty() and os.environ.get("TERM", "") != "dumb"


def styled() -> bool:
    """Whether stdout takes colour: a terminal, and NO_COLOR not set."""
    return terminal() and not os.environ.get("NO_COLOR")


def raw(stdout: str, stderr: str) -> None:
    """kubectl's own output, exactly as it printed it."""
    sys.stdout.write(stdout)
    sys.stdout.flush()
    sys.stderr.write(stderr)
    sys.stderr.flush()


def notice(message: str) -> None:
    """One line on stderr about what vibectl did."""
    sys.stderr.write(f"{message}\n")
    sys.stderr.flush()


def error(message: str) -> None:
    """One line on stderr saying what went wrong."""
    first_line = " ".join(message.split())
    sys.stderr.write(f"vibectl: error: {first_line}\n")
    sys.stderr.flush()
