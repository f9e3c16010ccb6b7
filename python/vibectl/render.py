"""Showing results in the terminal: rich markup on a TTY, plain text when piped or NO_COLOR."""

from __future__ import annotations

import os
import sys

from vibectl.markup import strip_markup


def _styled() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def summary(text: str) -> None:
    text = text.strip()
    if _styled():
        from rich.console import Console
        from rich.errors import MarkupError

        console = Console(highlight=False)
        try:
            console.print(text)
        except MarkupError:
            console.print(text, markup=False)
    else:
        sys.stdout.write(strip_markup(text) + "\n")
    sys.stdout.flush()


def raw(stdout: str, stderr: str) -> None:
    """kubectl's own output, exactly as it printed it."""
    sys.stdout.write(stdout)
    sys.stdout.flush()
    sys.stderr.write(stderr)
    sys.stderr.flush()


def error(message: str) -> None:
    """One line on stderr saying what went wrong."""
    first_line = " ".join(message.split())
    sys.stderr.write(f"vibectl: error: {first_line}\n")
    sys.stderr.flush()
